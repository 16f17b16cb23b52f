package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAssetsUpToDate rebuilds the engine and requires the committed assets
// to be that build: the WebAssembly comes from this repository's code, and
// a change to the engine without `make wasm` fails here.
func TestAssetsUpToDate(t *testing.T) {
	assets := filepath.Join("..", "..", "assets")
	b, err := build(assets)
	require.NoError(t, err)
	require.NoError(t, compare(assets, b))
	assert.Equal(t, []byte("\x00asm"), b.wasm[:4], "a WebAssembly module")

	t.Run("a second build gives the same bytes", func(t *testing.T) {
		again, err := build(assets)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(b.wasm, again.wasm))
		assert.True(t, bytes.Equal(b.gz, again.gz), "gzip with no name or time in its header")
	})

	t.Run("stale assets are reported", func(t *testing.T) {
		dir := t.TempDir()
		for _, f := range []string{toolchainFile, execFile} {
			data, err := os.ReadFile(filepath.Join(assets, f))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
		}
		gz, err := gzipBytes(append(bytes.Clone(b.wasm), 0))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, engineFile), gz, 0o644))
		err = compare(dir, b)
		require.ErrorIs(t, err, errStale)
		assert.Contains(t, err.Error(), engineFile)
		assert.Contains(t, err.Error(), "make wasm")
	})
}

func TestToolchainFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, toolchainFile), []byte("latest\n"), 0o644))
	_, err := build(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `want a toolchain such as go1.26.8, found "latest"`)
}
