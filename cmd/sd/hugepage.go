package main

import (
	"os"
	"strings"
)

// hugeHeapBytes is how much heap sd prepares for 2 MB pages. Reading,
// compiling and running a 1,000-stock model allocates about 7 MB; a
// bigger model goes on in ordinary pages past this.
const hugeHeapBytes = 32 << 20

// thpPath holds the kernel's transparent huge page mode.
const thpPath = "/sys/kernel/mm/transparent_hugepage/enabled"

// wantHugeHeap reports whether sd should ask for huge pages: only when the
// kernel gives them to regions that ask (mode "madvise"; with "always" the
// heap has them already, with "never" asking does nothing) and the user
// has not turned them off for Go with GODEBUG=disablethp=1.
func wantHugeHeap(getenv func(string) string, readFile func(string) ([]byte, error)) bool {
	for _, kv := range strings.Split(getenv("GODEBUG"), ",") {
		if k, v, _ := strings.Cut(strings.TrimSpace(kv), "="); k == "disablethp" && v != "0" {
			return false
		}
	}
	mode, err := readFile(thpPath)
	return err == nil && strings.Contains(string(mode), "[madvise]")
}

// prepareHeap asks for huge pages for sd's heap when wantHugeHeap says so,
// and reports whether it did.
func prepareHeap() bool {
	if !wantHugeHeap(os.Getenv, os.ReadFile) {
		return false
	}
	return hugeHeap(hugeHeapBytes)
}
