package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sdlessons/trafficking/cmd/internal/clitest"
)

// TestWantHugeHeap: huge pages are asked for only for a model file of at
// least hugeHeapMinFile bytes, in the kernel's "madvise" mode, and never
// when GODEBUG turns them off for Go.
func TestWantHugeHeap(t *testing.T) {
	const (
		madvise = "always [madvise] never\n"
		always  = "[always] madvise never\n"
		never   = "always madvise [never]\n"
	)
	const big = hugeHeapMinFile
	for _, c := range []struct {
		size          int64
		godebug, mode string
		err           error
		want          bool
	}{
		{big, "", madvise, nil, true},
		{big - 1, "", madvise, nil, false},
		{0, "", madvise, nil, false},
		{big, "", always, nil, false},
		{big, "", never, nil, false},
		{big, "", "", errors.New("no such file"), false},
		{big, "disablethp=1", madvise, nil, false},
		{big, "gctrace=1, disablethp=1", madvise, nil, false},
		{big, "disablethp=0", madvise, nil, true},
		{big, "gctrace=1", madvise, nil, true},
	} {
		got := wantHugeHeap(c.size,
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
		assert.Equal(t, c.want, got, "size %d GODEBUG=%q mode %q", c.size, c.godebug, c.mode)
	}
}

// TestHugeHeapDocumented: the README states from what file size sd
// prepares its heap, and how much.
func TestHugeHeapDocumented(t *testing.T) {
	readme := clitest.Readme(t)
	assert.Contains(t, readme, "before it reads a model file of "+clitest.Size(hugeHeapMinFile)+" or more")
	assert.Contains(t, readme, "grows its heap by "+clitest.Size(hugeHeapBytes)+" without touching it")
}
