package sdmodel

import (
	"math"
	"math/rand/v2"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Random builtins. Each call site draws one number per time step (RK4
// stages share it) from a stream seeded by the run's seed (WithSeed), the
// call site and the call's own seed argument.
var randomBuiltins = []*builtin{
	randomFn(fixed("RANDOM_NORMAL", 5, "RANDOM_NORMAL(min, max, mean, standard deviation, seed)"),
		func(s []int32) randomSite {
			return randomSite{normal: true, min: s[0], max: s[1], mean: s[2], sd: s[3], seed: s[4]}
		}),
	randomFn(fixed("RANDOM_UNIFORM", 3, "RANDOM_UNIFORM(min, max, seed)"),
		func(s []int32) randomSite { return randomSite{min: s[0], max: s[1], mean: -1, sd: -1, seed: s[2]} }),
	randomFn(args("NORMAL", 2, 3, "NORMAL(mean, standard deviation[, seed])"),
		func(s []int32) randomSite {
			return randomSite{normal: true, min: -1, max: -1, mean: s[0], sd: s[1], seed: s[2]}
		}),
	randomFn(args("UNIFORM", 2, 3, "UNIFORM(min, max[, seed])"),
		func(s []int32) randomSite { return randomSite{min: s[0], max: s[1], mean: -1, sd: -1, seed: s[2]} }),
}

// randomFn is a random builtin: its arguments' slots (-1 when absent) make
// a call site, which the instruction names.
func randomFn(b *builtin, site func(slots []int32) randomSite) *builtin {
	b.timeDep, b.random = true, true
	b.emit = func(g *gen, a []expr.Node, dst int32) {
		slots := []int32{-1, -1, -1, -1, -1}
		for i := range a {
			slots[i] = g.expr(a[i])
		}
		idx := len(g.c.prog.randoms)
		g.c.prog.randoms = append(g.c.prog.randoms, site(slots))
		g.emit(instr{op: opRandom, dst: dst, a: int32(idx)})
	}
	return b
}

type randomSite struct {
	normal                   bool
	min, max, mean, sd, seed int32 // argument slots (-1 when absent)
}

type randState struct {
	rng  *rand.Rand
	step int
	val  float64
}

// random draws the value of a random builtin call site for the current time
// step: one draw per step, whatever the integration method.
func (m *machine) random(site int) float64 {
	st := &m.rand[site]
	if st.step == m.step {
		return st.val
	}
	r := m.p.randoms[site]
	v := m.v
	if st.rng == nil {
		var s uint64
		if r.seed >= 0 {
			s = math.Float64bits(v[r.seed])
		}
		st.rng = rand.New(rand.NewPCG(m.seed^0x9e3779b97f4a7c15, uint64(site)<<32^s))
	}
	var x float64
	if r.normal {
		mean, sd := v[r.mean], v[r.sd]
		lo, hi := math.Inf(-1), math.Inf(1)
		if r.min >= 0 {
			lo, hi = v[r.min], v[r.max]
		}
		// Truncate by redrawing, with a bound so that bad bounds cannot hang a run.
		for k := 0; k < 1000; k++ {
			x = mean + sd*st.rng.NormFloat64()
			if x >= lo && x <= hi {
				break
			}
			x = math.Min(math.Max(x, lo), hi)
		}
	} else {
		lo, hi := v[r.min], v[r.max]
		x = lo + (hi-lo)*st.rng.Float64()
	}
	st.step, st.val = m.step, x
	return x
}
