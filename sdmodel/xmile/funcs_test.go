package xmile

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEngineFuncsSorted: isEngineFunc finds names by binary search, which
// misses names in an unsorted list.
func TestEngineFuncsSorted(t *testing.T) {
	assert.True(t, slices.IsSorted(engineFuncs), "engineFuncs must be sorted")
	assert.Len(t, slices.Compact(slices.Clone(engineFuncs)), len(engineFuncs), "no name twice")
	for _, name := range engineFuncs {
		assert.True(t, isEngineFunc(name), name)
	}
	assert.False(t, isEngineFunc("no_such_function"))
}
