package sdmodel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKernelsMatchPortable checks the division, Euler and move runs, the
// portable loops and the assembly on amd64, against their definitions
// (one slot at a time) bit for bit: runs of every length from 0 to
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
	// Each kernel, portable and as dispatched (the assembly on amd64),
	// against its definition one slot at a time.
	check := func(name string, ref, portable, dispatched func(v []float64)) []float64 {
		t.Helper()
		want, got, gotGo := append([]float64(nil), v...), append([]float64(nil), v...), append([]float64(nil), v...)
		ref(want)
		portable(gotGo)
		dispatched(got)
		require.Equal(t, bits(want), bits(gotGo), "%s, portable", name)
		require.Equal(t, bits(want), bits(got), name)
		return got
	}
	got := check("division runs", func(v []float64) { divideRunsRef(v, rs) },
		func(v []float64) { divideRunsGo(v, rs) }, func(v []float64) { divideRuns(v, rs) })
	require.NotEqual(t, bits(v), bits(got), "the runs wrote something")
	got = check("division runs with sums", func(v []float64) { divideSumRunsRef(v, ds) },
		func(v []float64) { divideSumRunsGo(v, ds) }, func(v []float64) { divideSumRuns(v, ds) })
	require.NotEqual(t, bits(v[390:]), bits(got[390:]), "the sums were written")
	dts := []float64{0.125, 1.0 / 3, -0.7}
	got = check("Euler runs", func(v []float64) {
		for _, dt := range dts {
			eulerUpdateRunsRef(v, rs, dt)
		}
	}, func(v []float64) {
		for _, dt := range dts {
			eulerUpdateRunsGo(v, rs, dt)
		}
	}, func(v []float64) {
		for _, dt := range dts {
			eulerUpdateRuns(v, rs, dt)
		}
	})
	require.NotEqual(t, bits(v), bits(got), "the Euler runs moved something")
	got = check("move runs", func(v []float64) { moveSlotRunsRef(v, rs) },
		func(v []float64) { moveSlotRunsGo(v, rs) }, func(v []float64) { moveSlotRuns(v, rs) })
	require.NotEqual(t, bits(v), bits(got), "the move runs moved something")
}

// The kernels' definitions, one slot at a time.

func divideRunsRef(v []float64, rs []run) {
	for _, r := range rs {
		for i := range r.n {
			v[r.dst+i] = v[r.a+i] / v[r.b+i*r.bstep]
		}
	}
}

func divideSumRunsRef(v []float64, rs []divSum) {
	for _, r := range rs {
		sum := 0.0
		for i := range r.n {
			v[r.dst+i] = v[r.a+i] / v[r.b+i*r.bstep]
			sum += v[r.a+i]
		}
		if r.sum >= 0 {
			v[r.sum] = sum
		}
	}
}

func eulerUpdateRunsRef(v []float64, rs []run, dt float64) {
	for _, r := range rs {
		for i := range r.n {
			v[r.dst+i] += float64(dt * (v[r.a+i] - v[r.b+i]))
		}
	}
}

func moveSlotRunsRef(v []float64, rs []run) {
	for _, r := range rs {
		for i := range r.n {
			v[r.dst+i] = v[r.a+i]
		}
	}
}
