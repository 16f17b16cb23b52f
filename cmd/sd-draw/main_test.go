package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

// The models are sd's test models.
const teacup = "../sd/testdata/teacup.xmile"

// drawTest runs the command line in-process and returns its exit status and outputs.
func drawTest(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := sdDraw(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := drawTest("help")
	assert.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "usage: sd-draw COMMAND")
	for _, c := range []string{"diagram", "web"} {
		assert.Contains(t, out, "  "+c+" ")
	}
	code, out, _ = drawTest("help", "diagram")
	assert.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "usage: sd diagram [flags] MODEL")
	assert.Contains(t, out, "-kind")
	code, _, errs := drawTest("run", teacup)
	assert.Equal(t, cli.ExitUsage, code, "sd's own commands are not sd-draw's")
	assert.Contains(t, errs, `sd-draw: unknown command "run"`)
}

// TestDrawWarnings: the drawing commands report what the model's reader
// recovered from, as sd's commands do.
func TestDrawWarnings(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"diagram", "-o", filepath.Join(dir, "d.svg"), "../sd/testdata/unclosed.xmile"},
		{"web", "-o", filepath.Join(dir, "w.html"), "../sd/testdata/unclosed.xmile"},
	} {
		code, _, errs := drawTest(args...)
		assert.Equal(t, cli.ExitOK, code, "%v: %s", args, errs)
		assert.Contains(t, errs, "unclosed.xmile: warning: line 6", args)
	}
}

// TestGraphvizLoadsOnFirstLayout: starting sd-draw does not instantiate Graphviz's
// WebAssembly module (about 90 ms, and a compilation cache written to
// $TMPDIR/go-graphviz); the first diagram does. The test binary links the same
// packages as sd-draw, so it reruns itself with a fresh TMPDIR and looks there.
func TestGraphvizLoadsOnFirstLayout(t *testing.T) {
	for _, c := range []struct {
		test   string
		loaded bool
	}{
		{"^TestHelp$", false},
		{"^TestDiagramCommand$", true},
	} {
		tmp := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run", c.test, "-test.count", "1")
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		_, err = os.Stat(filepath.Join(tmp, "go-graphviz"))
		assert.Equal(t, c.loaded, err == nil, "%s: Graphviz's module instantiated", c.test)
	}
}
