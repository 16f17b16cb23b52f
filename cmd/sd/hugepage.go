package main

import (
	"os"
	"strings"
)

// hugeHeapBytes is how much heap sd prepares for 2 MB pages. Reading,
// compiling and running a 1,000-stock model allocates about 7 MB; a
// bigger model goes on in ordinary pages past this.
const hugeHeapBytes = 32 << 20

// hugeHeapMinFile is the smallest model file for which sd asks for huge
// pages. Preparing them costs a garbage collection, about 4 ms at start
// (mostly the collector's own first-touched memory); on the 1,000-stock
// model (a 365 KB XMILE file) they save about 17 ms of page faults, so a
// file of about a quarter of that size breaks even.
const hugeHeapMinFile = 128 << 10

// thpPath holds the kernel's transparent huge page mode.
const thpPath = "/sys/kernel/mm/transparent_hugepage/enabled"

// wantHugeHeap reports whether sd should ask for huge pages before it
// reads a model file of the given size: only for a file of at least
// hugeHeapMinFile bytes, when the kernel gives them to regions that ask
// (mode "madvise"; with "always" the heap has them already, with "never"
// asking does nothing), and when the user has not turned them off for Go
// with GODEBUG=disablethp=1.
func wantHugeHeap(size int64, getenv func(string) string, readFile func(string) ([]byte, error)) bool {
	if size < hugeHeapMinFile {
		return false
	}
	for _, kv := range strings.Split(getenv("GODEBUG"), ",") {
		if k, v, _ := strings.Cut(strings.TrimSpace(kv), "="); k == "disablethp" && v != "0" {
			return false
		}
	}
	mode, err := readFile(thpPath)
	return err == nil && strings.Contains(string(mode), "[madvise]")
}

// setMemory sets sd's memory up to read and run a model file of the given
// size: huge pages for the heap when wantHugeHeap says so, then the
// collector for a short run (tuneGC). In that order: hugeHeap's collection
// would end tuneGC's setting. sd calls it once, before it reads a model.
func setMemory(size int64) {
	if wantHugeHeap(size, os.Getenv, os.ReadFile) {
		hugeHeap(hugeHeapBytes)
	}
	tuneGC(os.Getenv)
}
