package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHugeHeap: after hugeHeap, the memory the program allocates next lies
// in a mapping marked for huge pages ("hg" in /proc/self/smaps), and it
// holds what is written to it.
func TestHugeHeap(t *testing.T) {
	require.True(t, hugeHeap(8<<20), "the kernel took the advice")
	b := make([]byte, 1<<20)
	for i := range b {
		b[i] = byte(i)
	}
	flags := vmFlags(t, uintptr(unsafe.Pointer(&b[0])))
	assert.Contains(t, strings.Fields(flags), "hg", "VmFlags %q", flags)
	for i := range b {
		if b[i] != byte(i) {
			t.Fatalf("byte %d is %d", i, b[i])
		}
	}
}

// vmFlags returns the VmFlags line of the mapping holding addr.
func vmFlags(t *testing.T, addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	require.NoError(t, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	in := false
	for s.Scan() {
		line := s.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimPrefix(line, "VmFlags:")
		}
	}
	require.NoError(t, s.Err())
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}
