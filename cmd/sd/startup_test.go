package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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

// Bounds on the package initialisation every start of sd pays, per package
// and in total, in bytes allocated: counts that the machine's load does not
// change, unlike times. A workbook library's init (1.3 MB) or a font
// collection parsed at init (gonum/plot's, 184 KB) exceeds them.
const (
	maxInitBytes      = 64 << 10
	maxInitBytesTotal = 1 << 20
)

// TestStartupInits runs `sd help` (the test binary links sd's packages)
// with GODEBUG=inittrace=1 and bounds what the package inits allocate:
// they run before every command, so a costly one slows `sd run` as much
// as `sd help`.
func TestStartupInits(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHelp$", "-test.count", "1")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	total, n := 0, 0
	for _, line := range strings.Split(string(out), "\n") {
		// init gonum.org/v1/plot @28 ms, 0.052 ms clock, 24 bytes, 2 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		b, err := strconv.Atoi(f[7])
		require.NoError(t, err, line)
		assert.LessOrEqual(t, b, maxInitBytes, "package %s allocates at init: make it lazy (%s)", f[1], line)
		total += b
		n++
	}
	require.Greater(t, n, 50, "inittrace lines found:\n%s", out)
	assert.LessOrEqual(t, total, maxInitBytesTotal, "bytes allocated by %d package inits", n)
}

// TestStartupBoundsDocumented: the README states the bounds the test applies.
func TestStartupBoundsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(readme)), " ")
	assert.Contains(t, text, "each package's initialisation allocates ("+strconv.Itoa(maxInitBytes>>10)+
		" KiB) and their total ("+strconv.Itoa(maxInitBytesTotal>>20)+" MiB)")
}
