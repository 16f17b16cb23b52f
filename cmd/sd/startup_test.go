package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sdlessons/trafficking/cmd/internal/clitest"
)

// Bounds on the package initialisation every start of sd pays, per package
// and in total, in bytes allocated. sd's 30 package inits allocate about
// 35 KiB, the largest (encoding/xml) about 18 KiB; the engine's own
// packages allocate nothing (TestEngineInitAllocatesNothing). A
// workbook library's init (1.3 MB), a font collection parsed at init
// (gonum/plot's, 184 KB) or the chart libraries sd-draw links exceed them.
const (
	maxInitBytes      = 32 << 10
	maxInitBytesTotal = 128 << 10
)

// TestStartupInits builds sd and bounds what the package inits of `sd help`
// allocate: they run before every command, so a costly one slows `sd run`
// as much as `sd help`.
func TestStartupInits(t *testing.T) {
	dir := t.TempDir()
	clitest.Build(t, dir, ".")
	clitest.CheckInits(t, filepath.Join(dir, "sd"), maxInitBytes, maxInitBytesTotal, 20)
}

// TestStartupBoundsDocumented: the README states the bounds the test applies.
func TestStartupBoundsDocumented(t *testing.T) {
	assert.Contains(t, clitest.Readme(t), "each package's initialisation allocates ("+clitest.Size(maxInitBytes)+
		") and their total ("+clitest.Size(maxInitBytesTotal)+")")
}
