package inittrace

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	out := `init internal/bytealg @0.005 ms, 0 ms clock, 0 bytes, 0 allocs
init runtime @0.036 ms, 0.052 ms clock, 0 bytes, 0 allocs
usage: sd COMMAND [flags] MODEL
init gonum.org/v1/gonum/mat @0.42 ms, 0.012 ms clock, 7264 bytes, 9 allocs
init encoding/xml @0.5 ms, 0.1 ms clock, 18776 bytes, 6 allocs
`
	inits, err := Parse(out)
	require.NoError(t, err)
	assert.Equal(t, []Init{
		{"internal/bytealg", 0, 0},
		{"runtime", 0, 0},
		{"gonum.org/v1/gonum/mat", 7264, 9},
		{"encoding/xml", 18776, 6},
	}, inits)

	_, err = Parse("init x @1 ms, 1 ms clock, many bytes, 9 allocs")
	assert.ErrorContains(t, err, "cannot read")
}
