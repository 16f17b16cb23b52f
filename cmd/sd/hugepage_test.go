package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sdlessons/trafficking/cmd/internal/clitest"
)

// TestWantHugeHeap: huge pages are asked for only in the kernel's
// "madvise" mode, and never when GODEBUG turns them off for Go.
func TestWantHugeHeap(t *testing.T) {
	const (
		madvise = "always [madvise] never\n"
		always  = "[always] madvise never\n"
		never   = "always madvise [never]\n"
	)
	for _, c := range []struct {
		godebug, mode string
		err           error
		want          bool
	}{
		{"", madvise, nil, true},
		{"", always, nil, false},
		{"", never, nil, false},
		{"", "", errors.New("no such file"), false},
		{"disablethp=1", madvise, nil, false},
		{"gctrace=1, disablethp=1", madvise, nil, false},
		{"disablethp=0", madvise, nil, true},
		{"gctrace=1", madvise, nil, true},
	} {
		got := wantHugeHeap(
			func(k string) string {
				if k == "GODEBUG" {
					return c.godebug
				}
				return ""
			},
			func(path string) ([]byte, error) {
				assert.Equal(t, thpPath, path)
				return []byte(c.mode), c.err
			})
		assert.Equal(t, c.want, got, "GODEBUG=%q mode %q", c.godebug, c.mode)
	}
}

// TestHugeHeapDocumented: the README states how much heap sd prepares.
func TestHugeHeapDocumented(t *testing.T) {
	assert.Contains(t, clitest.Readme(t), "grows its heap by "+clitest.Size(hugeHeapBytes)+" without touching it")
}
