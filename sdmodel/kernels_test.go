package sdmodel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKernelsMatchPortable checks the division, Euler and move runs (assembly on
// amd64) against the portable loops bit for bit: runs of every length from 0 to
// 9, a shared or a per-element divisor, with or without a sum, over values
// that include zeros of both signs, infinities, NaN and subnormals.
func TestKernelsMatchPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -1e-310, 1, -3, 1e308}
	const nslots = 400
	v := make([]float64, nslots)
	for i := range v {
		if rng.IntN(4) == 0 {
			v[i] = special[rng.IntN(len(special))]
		} else {
			v[i] = (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(12)-6))
		}
	}
	// Destinations from slot 200 on, operands below: independent records.
	var rs []run
	var ds []divSum
	dst := int32(200)
	for n := int32(0); n < 10; n++ {
		for bstep := int32(0); bstep < 2; bstep++ {
			a, b := int32(rng.IntN(100)), int32(100+rng.IntN(80))
			rs = append(rs, run{dst: dst, a: a, b: b, n: n, bstep: bstep})
			sum := int32(-1)
			if n%3 != 0 {
				sum = 390 + bstep*5 + n%5
			}
			ds = append(ds, divSum{dst: dst, a: a, b: b, n: n, bstep: bstep, sum: sum})
			dst += n
		}
	}
	require.Less(t, int(dst), 390)
	bits := func(xs []float64) []uint64 {
		out := make([]uint64, len(xs))
		for i, x := range xs {
			out[i] = math.Float64bits(x)
		}
		return out
	}
	want, got := append([]float64(nil), v...), append([]float64(nil), v...)
	divideRunsGo(want, rs)
	divideRuns(got, rs)
	require.Equal(t, bits(want), bits(got), "division runs")
	want, got = append([]float64(nil), v...), append([]float64(nil), v...)
	divideSumRunsGo(want, ds)
	divideSumRuns(got, ds)
	require.Equal(t, bits(want), bits(got), "division runs with sums")
	require.NotEqual(t, bits(v), bits(got), "the runs wrote something")
	want, got = append([]float64(nil), v...), append([]float64(nil), v...)
	for _, dt := range []float64{0.125, 1.0 / 3, -0.7} {
		eulerUpdateRunsGo(want, rs, dt)
		eulerUpdateRuns(got, rs, dt)
	}
	require.Equal(t, bits(want), bits(got), "Euler runs")
	want, got = append([]float64(nil), v...), append([]float64(nil), v...)
	moveSlotRunsGo(want, rs)
	moveSlotRuns(got, rs)
	require.Equal(t, bits(want), bits(got), "move runs")
	require.NotEqual(t, bits(v), bits(got), "the move runs moved something")
	require.NotEqual(t, bits(v), bits(got), "the Euler runs moved something")
}
