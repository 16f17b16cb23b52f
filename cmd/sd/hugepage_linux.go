package main

import (
	"runtime"
	"runtime/debug"
	"syscall"
	"unsafe"
)

const (
	hugePage  = 2 << 20
	heapChunk = 4 << 20 // the runtime maps its heap in chunks of this size, so aligned

	madvHugePage = 14 // MADV_HUGEPAGE
	madvCollapse = 25 // MADV_COLLAPSE (Linux 6.1)
)

// hugeHeap marks n bytes of heap, and the part of the heap in use before
// them, for transparent huge pages, so that the memory sd allocates next
// is faulted in 2 MB at a time. On the virtual machines sd is measured
// on, the first touch of each fresh 4 KB page costs 12-18 µs, and reading,
// compiling and running a 1,000-stock model touches 1,500-2,000 of them:
// more time than the simulation.
//
// The Go runtime no longer asks for huge pages itself (it stopped with Go
// 1.21.1), and its heap grows by fresh mappings that carry no advice, so
// the advice must come after the heap has grown: allocate n bytes (fresh
// memory, not touched, so not faulted in), mark them, and collect them so
// that the next allocations reuse those pages. A 2 MB block the program
// has already touched in part gets no huge page on a fault, so those are
// collapsed into huge pages now. Collecting the few objects alive at start
// takes well under a millisecond; it is the one collection sd makes in a
// short run. hugeHeap reports whether the kernel took the advice.
func hugeHeap(n int) bool {
	// Else the allocation of n bytes would start a collection of its own.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	old := uintptr(unsafe.Pointer(new([16]byte))) // among the objects allocated so far
	b := make([]byte, n)
	at := uintptr(unsafe.Pointer(&b[0]))
	from := min(old, at) &^ (heapChunk - 1)
	if at-from > heapChunk+hugePage { // not one stretch of heap: leave the older part
		from = at &^ (hugePage - 1)
	}
	to := (at + uintptr(n) + hugePage - 1) &^ (hugePage - 1)
	ok := madvise(from, to-from, madvHugePage)
	for p := from; p < at; p += hugePage {
		madvise(p, hugePage, madvCollapse) // fails harmlessly on an untouched block
	}
	runtime.KeepAlive(b) // b is garbage from here: the collection frees its pages for reuse
	runtime.GC()
	return ok
}

func madvise(addr, n, advice uintptr) bool {
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, advice)
	return errno == 0
}
