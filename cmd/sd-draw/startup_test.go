package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sdlessons/trafficking/cmd/internal/clitest"
)

// Bounds on sd-draw's package initialisation, per package and in total, in
// bytes allocated: its 109 package inits allocate about 200 KiB, the
// largest (encoding/gob, through GoNB) about 28 KiB. Upstream gonum/plot's
// font collection parsed at init (184 KB) exceeds them, and so would
// Graphviz's WebAssembly module instantiated at init
// (TestGraphvizLoadsOnFirstLayout).
const (
	maxInitBytes      = 64 << 10
	maxInitBytesTotal = 1 << 20
)

func TestStartupInits(t *testing.T) {
	dir := t.TempDir()
	clitest.Build(t, dir, ".")
	clitest.CheckInits(t, filepath.Join(dir, "sd-draw"), maxInitBytes, maxInitBytesTotal, 50)
}

// TestStartupBoundsDocumented: the README states the bounds the test applies.
func TestStartupBoundsDocumented(t *testing.T) {
	assert.Contains(t, clitest.Readme(t), "in `sd-draw`, which links the diagrams and charts, "+
		clitest.Size(maxInitBytes)+" and "+clitest.Size(maxInitBytesTotal))
}
