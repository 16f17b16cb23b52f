package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTuneGC: no collection until the heap reaches gcFreeHeap, Go's
// defaults after the first collection, and the user's GOGC or GOMEMLIMIT
// left alone.
func TestTuneGC(t *testing.T) {
	env := map[string]string{"GOGC": "50"}
	assert.False(t, tuneGC(func(k string) string { return env[k] }), "GOGC set")
	env = map[string]string{"GOMEMLIMIT": "1GiB"}
	assert.False(t, tuneGC(func(k string) string { return env[k] }), "GOMEMLIMIT set")

	require.True(t, tuneGC(func(string) string { return "" }))
	assert.Equal(t, -1, gcPercent(), "collection off")
	assert.Equal(t, int64(gcFreeHeap), debug.SetMemoryLimit(-1), "up to the limit")
	runtime.GC()
	require.Eventually(t, func() bool {
		return gcPercent() == 100 && debug.SetMemoryLimit(-1) == math.MaxInt64
	}, 5*time.Second, time.Millisecond, "the defaults after the first collection")
}

// gcPercent returns the GOGC setting (setting it to -1, then back).
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}
