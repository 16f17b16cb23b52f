package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGraphvizLoadsOnFirstLayout: starting sd does not instantiate Graphviz's
// WebAssembly module (about 90 ms, and a compilation cache written to
// $TMPDIR/go-graphviz); the first diagram does. The test binary links the same
// packages as sd, so it reruns itself with a fresh TMPDIR and looks there.
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
