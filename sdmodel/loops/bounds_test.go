package loops

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/sdlessons/trafficking/sdmodel"
)

// dense is n stocks, each filled by a flow that depends on every stock: its
// causal graph is a complete directed graph on the stocks, with
// sum over k of C(n, k)·(k-1)! feedback loops.
func dense(n int) *sdmodel.Model {
	m := sdmodel.New("dense")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 2, DT: 1})
	var all []string
	for i := range n {
		all = append(all, fmt.Sprintf("s%d", i))
	}
	for i := range n {
		m.Stock(all[i], "1", "").In(fmt.Sprintf("f%d", i))
		m.Flow(fmt.Sprintf("f%d", i), "0.001 * ("+strings.Join(all, " + ")+")", "")
	}
	return m
}

func TestLoopCountsAndLimit(t *testing.T) {
	for _, tc := range []struct {
		n     int
		loops int
	}{{1, 1}, {2, 3}, {3, 8}, {4, 24}, {5, 89}, {6, 415}} {
		g, err := Build(dense(tc.n))
		require.NoError(t, err)
		assert.Len(t, g.Loops(), tc.loops, "n = %d", tc.n)
		assert.Len(t, topo.DirectedCyclesIn(g.Directed()), tc.loops, "gonum finds the same number")
	}
	start := time.Now()
	_, err := Build(dense(12))
	require.Error(t, err)
	assert.Equal(t, `model "dense": more than 100000 feedback loops: the variables are too densely linked to list every loop; analyse a part of the model, or fewer links`, err.Error())
	assert.Less(t, time.Since(start), time.Minute, "bounded work")
	_, err = Analyze(dense(12), nil)
	require.Error(t, err)
}

func TestEmptyModelHasNoLoops(t *testing.T) {
	a, err := Analyze(sdmodel.New("empty"), nil)
	require.NoError(t, err)
	assert.Empty(t, a.Loops)
}
