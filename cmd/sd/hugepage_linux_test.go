package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hugeHeapChild names the environment variable that makes this test binary
// check hugeHeap at its start, as sd calls it, instead of running tests.
const hugeHeapChild = "SD_TEST_HUGE_HEAP"

func TestMain(m *testing.M) {
	if os.Getenv(hugeHeapChild) != "" {
		fmt.Print(checkHugeHeap())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// checkHugeHeap calls hugeHeap, allocates and fills 1 MB, and returns the
// flags of the mapping that holds it, or what went wrong.
func checkHugeHeap() string {
	if !hugeHeap(8 << 20) {
		return "the kernel refused the advice"
	}
	b := make([]byte, 1<<20)
	for i := range b {
		b[i] = byte(i)
	}
	for i := range b {
		if b[i] != byte(i) {
			return fmt.Sprintf("byte %d is %d", i, b[i])
		}
	}
	flags, err := vmFlags(uintptr(unsafe.Pointer(&b[0])))
	if err != nil {
		return err.Error()
	}
	return flags
}

// TestHugeHeap: in a process that has just started, as sd has when it
// calls hugeHeap, the memory allocated next lies in a mapping marked for
// huge pages ("hg" in /proc/self/smaps) and holds what is written to it.
func TestHugeHeap(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), hugeHeapChild+"=1")
	out, err := cmd.Output()
	require.NoError(t, err)
	assert.Contains(t, strings.Fields(string(out)), "hg", "VmFlags: %s", out)
}

// vmFlags returns the VmFlags of the mapping holding addr.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
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
			return strings.TrimPrefix(line, "VmFlags:"), nil
		}
	}
	if err := s.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping holds %#x", addr)
}
