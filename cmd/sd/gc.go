package main

import (
	"math"
	"runtime"
	"runtime/debug"
)

// gcFreeHeap is how much memory sd uses before its first garbage
// collection.
const gcFreeHeap = 256 << 20

// tuneGC sets the garbage collector for short runs, unless the user set
// GOGC or GOMEMLIMIT. sd reads, compiles, runs and writes a model in well
// under a second; with the default (a collection each time the heap
// doubles from 4 MB) a 1,000-stock model goes through several collections
// that free little, one of them during the run. So collection is off
// until the heap reaches gcFreeHeap (a memory limit, not "off" unbounded):
// a model that needs more meets that limit, is collected, and from then on
// sd runs with Go's defaults, so a big model never runs near a limit. The
// cost is fresh memory pages instead of reused ones; GOGC=100 in the
// environment gives the default, to compare. It reports whether it
// changed anything.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcFreeHeap)
	// A cleanup runs after the first collection that finds its object
	// unreachable: the first one, as nothing refers to it.
	runtime.AddCleanup(new([64]byte), func(struct{}) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}, struct{}{})
	return true
}
