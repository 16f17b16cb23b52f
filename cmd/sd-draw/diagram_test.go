package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

func TestDiagramCommand(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args   []string
		file   string
		prefix string
	}{
		{[]string{"diagram", "../sd/testdata/teacup.xmile"}, "", "<svg "},
		{[]string{"diagram", "-kind", "loops", "-o", "cld.png", "../sd/testdata/logistic.xmile"}, "cld.png", "\x89PNG"},
		{[]string{"diagram", "-kind", "dominance", "-o", "dom.html", "../sd/testdata/logistic.xmile"}, "dom.html", "<!DOCTYPE html>"},
		{[]string{"diagram", "-format", "html", "-vars", "population,births", "-o", "sector.out", "../sd/testdata/logistic.xmile"}, "sector.out", "<!DOCTYPE html>"},
	} {
		var out, errb bytes.Buffer
		args := append([]string(nil), c.args...)
		for i, a := range args {
			if i > 0 && args[i-1] == "-o" {
				args[i] = filepath.Join(dir, a)
			}
		}
		require.Equal(t, cli.ExitOK, sdDraw(args, &out, &errb), "%v: %s", c.args, errb.String())
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
		{[]string{"diagram", "-kind", "nothing", "../sd/testdata/teacup.xmile"}, `unknown kind "nothing"`},
		{[]string{"diagram", "-format", "pdf", "../sd/testdata/teacup.xmile"}, `unknown format "pdf"`},
		{[]string{"diagram", "-vars", "nothing", "../sd/testdata/teacup.xmile"}, `no variable "nothing"`},
		{[]string{"diagram", "-kind", "loops", "-loops", "R9", "../sd/testdata/logistic.xmile"}, `no loop "R9"`},
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, cli.ExitProblem, sdDraw(c.args, &out, &errb), "%v", c.args)
		assert.Contains(t, errb.String(), c.want)
	}
}
