package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiagramCommand(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args   []string
		file   string
		prefix string
	}{
		{[]string{"diagram", "testdata/teacup.xmile"}, "", "<svg "},
		{[]string{"diagram", "-kind", "loops", "-o", "cld.png", "testdata/logistic.xmile"}, "cld.png", "\x89PNG"},
		{[]string{"diagram", "-kind", "dominance", "-o", "dom.html", "testdata/logistic.xmile"}, "dom.html", "<!DOCTYPE html>"},
		{[]string{"diagram", "-format", "html", "-vars", "population,births", "-o", "sector.out", "testdata/logistic.xmile"}, "sector.out", "<!DOCTYPE html>"},
	} {
		var out, errb bytes.Buffer
		args := append([]string(nil), c.args...)
		for i, a := range args {
			if i > 0 && args[i-1] == "-o" {
				args[i] = filepath.Join(dir, a)
			}
		}
		require.Equal(t, exitOK, sd(args, &out, &errb), "%v: %s", c.args, errb.String())
		got := out.Bytes()
		if c.file != "" {
			var err error
			got, err = os.ReadFile(filepath.Join(dir, c.file))
			require.NoError(t, err)
		}
		assert.True(t, bytes.HasPrefix(got, []byte(c.prefix)), "%v", c.args)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"diagram", "-kind", "nothing", "testdata/teacup.xmile"}, `unknown kind "nothing"`},
		{[]string{"diagram", "-format", "pdf", "testdata/teacup.xmile"}, `unknown format "pdf"`},
		{[]string{"diagram", "-vars", "nothing", "testdata/teacup.xmile"}, `no variable "nothing"`},
		{[]string{"diagram", "-kind", "loops", "-loops", "R9", "testdata/logistic.xmile"}, `no loop "R9"`},
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, exitProblem, sd(c.args, &out, &errb), "%v", c.args)
		assert.Contains(t, errb.String(), c.want)
	}
}
