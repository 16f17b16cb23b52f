package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/cmd/internal/clitest"
)

// heavy are the packages that belong in sd-draw, not sd: each costs every
// start of sd its initialisation and its share of a larger binary, and
// net and os/user make the go command link sd dynamically.
var heavy = []string{
	"github.com/sdlessons/trafficking/sdmodel/diagram",
	"github.com/sdlessons/trafficking/sdmodel/web",
	"github.com/sdlessons/trafficking/sdmodel/chart",
	"github.com/sdlessons/trafficking/sdmodel/sensitivity",
	"github.com/sdlessons/trafficking/third_party/go-graphviz",
	"github.com/tetratelabs/wazero",
	"github.com/janpfeifer/gonb",
	"github.com/go-echarts/go-echarts",
	"github.com/sdlessons/trafficking/third_party/gonum-plot",
	"github.com/xuri/excelize",
	"encoding/gob",
	"k8s.io/klog",
	"net",
	"os/user",
}

// TestLeanDependencies: sd links none of the heavy packages.
func TestLeanDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/sdlessons/trafficking/sdmodel", "the list is sd's")
	for _, d := range deps {
		for _, h := range heavy {
			assert.False(t, d == h || strings.HasPrefix(d, h+"/"), "sd links %s: it belongs in sd-draw", d)
		}
	}
}

type result struct {
	code        int
	out, stderr string
}

// runIn runs the program with args and PATH set to path.
func runIn(t *testing.T, program, path string, args ...string) result {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Env = append(os.Environ(), "PATH="+path)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(assert.ErrorAs(t, err, &exit) && exit.ExitCode() >= 0) {
		t.Fatalf("%s %v: %v", program, args, err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// TestDrawDispatch builds sd and sd-draw and checks that sd runs sd-draw
// for diagram and web: the same output bytes and exit statuses, found
// beside sd or on PATH, and a message saying how to install it when it is
// in neither place.
func TestDrawDispatch(t *testing.T) {
	bin := t.TempDir()
	clitest.Build(t, bin, ".", "../sd-draw")
	sdBin, drawBin := filepath.Join(bin, "sd"), filepath.Join(bin, "sd-draw")
	out := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"a diagram", []string{"diagram", teacup}, cli.ExitOK},
		{"a causal loop diagram", []string{"diagram", "-kind", "loops", "testdata/logistic.xmile", "-format", "html"}, cli.ExitOK},
		{"a page", []string{"web", teacup, "-slider", "room temperature=0:100:1"}, cli.ExitOK},
		{"to a file", []string{"diagram", "-o", filepath.Join(out, "d.svg"), teacup}, cli.ExitOK},
		{"help on a command", []string{"help", "diagram"}, cli.ExitOK},
		{"flag help", []string{"web", "-h"}, cli.ExitOK},
		{"no model file", []string{"diagram", "testdata/nothing.xmile"}, cli.ExitProblem},
		{"no such loop", []string{"diagram", "-kind", "loops", "-loops", "R9", "testdata/logistic.xmile"}, cli.ExitProblem},
		{"usage", []string{"web"}, cli.ExitUsage},
		{"bad slider", []string{"web", teacup, "-slider", "room temperature=5:1:1"}, cli.ExitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			direct := runIn(t, drawBin, "", tc.args...)
			assert.Equal(t, tc.code, direct.code, direct.stderr)
			via := runIn(t, sdBin, "", tc.args...)
			assert.Equal(t, direct, via, "sd %v is sd-draw %v", tc.args, tc.args)
		})
	}
	data, err := os.ReadFile(filepath.Join(out, "d.svg"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("<svg ")))

	t.Run("sd's help lists sd-draw's commands", func(t *testing.T) {
		sdHelp, drawHelp := runIn(t, sdBin, "", "help"), runIn(t, drawBin, "", "help")
		require.Equal(t, cli.ExitOK, sdHelp.code)
		for _, c := range []string{"diagram", "web"} {
			line := regexp.MustCompile(`(?m)^  ` + c + ` .*$`).FindString(drawHelp.out)
			require.NotEmpty(t, line, drawHelp.out)
			assert.Contains(t, sdHelp.out, line+" (runs sd-draw)\n")
		}
	})

	t.Run("sd-draw on PATH", func(t *testing.T) {
		alone := filepath.Join(t.TempDir(), "sd")
		copyExecutable(t, sdBin, alone)
		via := runIn(t, alone, bin, "diagram", teacup)
		assert.Equal(t, runIn(t, drawBin, "", "diagram", teacup), via)
	})

	t.Run("sd-draw not installed", func(t *testing.T) {
		alone := filepath.Join(t.TempDir(), "sd")
		copyExecutable(t, sdBin, alone)
		for _, tc := range []struct {
			args []string
			cmd  string
		}{{[]string{"diagram", teacup}, "diagram"}, {[]string{"web", teacup}, "web"}, {[]string{"help", "web"}, "web"}} {
			r := runIn(t, alone, "", tc.args...)
			assert.Equal(t, cli.ExitUsage, r.code, "%v", tc.args)
			assert.Empty(t, r.out)
			assert.Contains(t, r.stderr, "sd "+tc.cmd+": this command is in the program sd-draw")
			assert.Contains(t, r.stderr, "go install github.com/sdlessons/trafficking/cmd/sd-draw@latest\n")
			assert.Contains(t, r.stderr, "go install github.com/sdlessons/trafficking/cmd/sd@latest github.com/sdlessons/trafficking/cmd/sd-draw@latest\n")
		}
		r := runIn(t, alone, "", "help")
		assert.Equal(t, cli.ExitOK, r.code)
		assert.Contains(t, r.out, "  diagram ")
		assert.Equal(t, cli.ExitOK, runIn(t, alone, "", "run", teacup).code, "sd's own commands need no sd-draw")
	})
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o755))
}
