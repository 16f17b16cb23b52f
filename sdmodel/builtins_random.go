package sdmodel

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Random builtins. Each call site draws one number per time step (RK4
// stages share it) from a stream seeded by the run's seed (WithSeed), the
// call site and the call's own seed argument.
//
// Vensim's family RANDOM name(min, max, parameters..., [shift, stretch,]
// seed) draws from the named distribution, returns shift + stretch * draw,
// and truncates to [min, max] by drawing again (after 1,000 draws outside,
// the bound nearest the last one); XMILE's (Stella's) functions take the
// distribution's parameters and an optional seed, and are not truncated.
// The samplers of gonum's distuv package do the drawing for the non-uniform,
// non-normal distributions.
func randomBuiltins() []*builtin {
	return []*builtin{
		randomFn(fixed("RANDOM_NORMAL", 5, "RANDOM_NORMAL(min, max, mean, standard deviation, seed)"), normal, true, 2),
		randomFn(fixed("RANDOM_UNIFORM", 3, "RANDOM_UNIFORM(min, max, seed)"), uniform, false, 2),
		randomFn(args("NORMAL", 2, 3, "NORMAL(mean, standard deviation[, seed])"), normal, false, 2),
		randomFn(args("UNIFORM", 2, 3, "UNIFORM(min, max[, seed])", "uniform", "random"), uniform, false, 2),

		randomFn(fixed("RANDOM_EXPONENTIAL", 5, "RANDOM_EXPONENTIAL(min, max, shift, stretch, seed)"), shifted(exponential), true, 2),
		randomFn(fixed("RANDOM_GAMMA", 6, "RANDOM_GAMMA(min, max, order, shift, stretch, seed)"), shifted(gamma), true, 3),
		randomFn(fixed("RANDOM_BETA", 7, "RANDOM_BETA(min, max, alpha, beta, shift, stretch, seed)"), shifted(beta), true, 4),
		randomFn(fixed("RANDOM_BINOMIAL", 7, "RANDOM_BINOMIAL(min, max, probability, count, shift, stretch, seed)"), shifted(binomial), true, 4),
		randomFn(fixed("RANDOM_NEGATIVE_BINOMIAL", 7, "RANDOM_NEGATIVE_BINOMIAL(min, max, probability, successes, shift, stretch, seed)"), shifted(negBinomial), true, 4),
		randomFn(fixed("RANDOM_POISSON", 6, "RANDOM_POISSON(min, max, mean, shift, stretch, seed)"), shifted(poisson), true, 3),
		randomFn(fixed("RANDOM_WEIBULL", 6, "RANDOM_WEIBULL(min, max, shape, shift, stretch, seed)"), shifted(weibull), true, 3),
		randomFn(fixed("RANDOM_LOGNORMAL", 5, "RANDOM_LOGNORMAL(min, max, mean, standard deviation, seed)"), lognormal, true, 2),
		randomFn(fixed("RANDOM_TRIANGULAR", 6, "RANDOM_TRIANGULAR(min, max, start, peak, end, seed)"), triangular, true, 3),
		randomLookup(),

		{name: "RANDOM PINK NOISE", aliases: []string{"random_pink_noise"}, min: 4, max: 4, timeDep: true,
			signature: "RANDOM PINK NOISE(mean, standard deviation, correlation time, seed)",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				return ref(b.pinkNoise(owner, base, a[0], a[1], a[2], a[3]))
			}},

		randomFn(args("EXPRND", 1, 2, "EXPRND(mean[, seed])"), scaled(exponential), false, 1),
		randomFn(args("POISSON", 1, 2, "POISSON(mean[, seed])"), poisson, false, 1),
		randomFn(args("LOGNORMAL", 2, 3, "LOGNORMAL(mean, standard deviation[, seed])"), lognormal, false, 2),
		randomFn(args("TRIANGULAR", 3, 4, "TRIANGULAR(lower, mode, upper[, seed])"), triangular, false, 3),
		randomFn(args("GAMMA", 1, 3, "GAMMA(shape[, scale[, seed]])"), scaledBy(gamma), false, 2),
		randomFn(args("BETA", 2, 3, "BETA(alpha, beta[, seed])"), beta, false, 2),
		randomFn(args("BINOMIAL", 2, 3, "BINOMIAL(count, probability[, seed])"), swap(binomial), false, 2),
		randomFn(args("NEGBINOMIAL", 2, 3, "NEGBINOMIAL(successes, probability[, seed])"), swap(negBinomial), false, 2),
		randomFn(args("WEIBULL", 2, 3, "WEIBULL(shape, scale[, seed])"), scaledBy(weibull), false, 2),
	}
}

// maxRandomParams bounds the parameters of a distribution (after min, max
// and before the seed).
const maxRandomParams = 5

// A distribution draws one value from its parameters p, or NaN when they
// are out of its domain (a NaN ends the run with an error naming the
// variable).
type distribution func(r *rand.Rand, src rand.Source, p []float64) float64

// randomFn is a random builtin: the first two arguments bound the draw
// when truncated (Vensim's family), the next nparams are the
// distribution's, and the one after, when given, is the seed.
func randomFn(b *builtin, draw distribution, truncated bool, nparams int) *builtin {
	b.timeDep, b.random = true, true
	b.emit = func(g *gen, a []expr.Node, dst int32) {
		site := randomSite{draw: draw, min: -1, max: -1, seed: -1, table: -1}
		first := 0
		if truncated {
			site.min, site.max, first = g.expr(a[0]), g.expr(a[1]), 2
		}
		for i := first; i < first+nparams && i < len(a); i++ {
			site.params = append(site.params, g.expr(a[i]))
		}
		if k := first + nparams; k < len(a) {
			site.seed = g.expr(a[k])
		}
		idx := len(g.c.prog.randoms)
		g.c.prog.randoms = append(g.c.prog.randoms, site)
		g.emit(instr{op: opRandom, dst: dst, a: int32(idx)})
	}
	return b
}

type randomSite struct {
	draw     distribution
	params   []int32 // slots of the distribution's parameters
	min, max int32   // slots of the truncation bounds (-1 when not truncated)
	seed     int32   // slot of the seed argument (-1 when absent)
	table    int32   // RANDOM LOOKUP's graphical function (-1 for the others)
}

type randState struct {
	src  *rand.PCG
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
	r := &m.p.randoms[site]
	v := m.v
	if st.rng == nil {
		var s uint64
		if r.seed >= 0 {
			s = math.Float64bits(v[r.seed])
		}
		st.src = rand.NewPCG(m.seed^0x9e3779b97f4a7c15, uint64(site)<<32^s)
		st.rng = rand.New(st.src)
	}
	var buf [maxRandomParams]float64
	p := buf[:len(r.params)]
	for i, s := range r.params {
		p[i] = v[s]
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if r.min >= 0 {
		lo, hi = v[r.min], v[r.max]
	}
	var x float64
	if r.table >= 0 {
		// A run may replace the table (SetGraphical): read the run's.
		x = tableQuantile(m.tables[r.table], p[0], p[1], st.rng.Float64())
		st.step, st.val = m.step, x
		return x
	}
	// Truncate by drawing again, with a bound so that bad bounds cannot hang a run.
	for k := 0; k < 1000; k++ {
		x = r.draw(st.rng, st.src, p)
		if x >= lo && x <= hi || math.IsNaN(x) {
			break
		}
		x = math.Min(math.Max(x, lo), hi)
	}
	st.step, st.val = m.step, x
	return x
}

// randomLookup is Vensim's RANDOM LOOKUP(graphical function, min, max,
// seed): a draw from the density whose shape the graphical function gives
// (its x values the values the draw can take, its y values their relative
// density), restricted to [min, max].
func randomLookup() *builtin {
	return &builtin{name: "RANDOM_LOOKUP", aliases: []string{"random_lookup"}, min: 4, max: 4, timeDep: true, random: true,
		signature: "RANDOM_LOOKUP(graphical function, min, max, seed)",
		emit: func(g *gen, a []expr.Node, dst int32) {
			id := a[0].(*expr.Ident) // checked by resolve
			gf := g.c.vars[g.c.index[id.Canonical()]].gf
			site := randomSite{params: []int32{g.expr(a[1]), g.expr(a[2])}, min: -1, max: -1, seed: g.expr(a[3]), table: int32(gf)}
			idx := len(g.c.prog.randoms)
			g.c.prog.randoms = append(g.c.prog.randoms, site)
			g.emit(instr{op: opRandom, dst: dst, a: int32(idx)})
		}}
}

// tableQuantile is the inverse distribution function of RANDOM LOOKUP at
// u in [0, 1): the density is the table's y values (negative ones count as
// 0) interpolated linearly between its x values (held from each x to the
// next for a discrete table), 0 outside them, and restricted to [lo, hi]
// (lo itself when lo = hi within the table's x values).
// NaN (a run error) when no part of [lo, hi] has a positive density or an
// argument is NaN.
func tableQuantile(t *table, lo, hi, u float64) float64 {
	xs, ys := t.x, t.y
	if len(xs) < 2 || !(lo <= hi) || math.IsNaN(u) {
		return math.NaN()
	}
	if lo == hi && lo >= xs[0] && lo <= xs[len(xs)-1] {
		return lo // the only value the bounds allow
	}
	// segment returns segment i of the density clipped to [lo, hi]: its
	// ends and the density there (ok false when nothing of it is left).
	segment := func(i int) (a, b, fa, fb float64, ok bool) {
		x0, x1 := xs[i], xs[i+1]
		y0, y1 := math.Max(ys[i], 0), math.Max(ys[i+1], 0)
		if t.kind == discrete {
			y1 = y0
		}
		a, b = math.Max(x0, lo), math.Min(x1, hi)
		if !(a < b) || !(x0 < x1) {
			return 0, 0, 0, 0, false
		}
		at := func(x float64) float64 { return y0 + (x-x0)*(y1-y0)/(x1-x0) }
		return a, b, at(a), at(b), true
	}
	mass := func(a, b, fa, fb float64) float64 { return float64((b - a) * (fa + fb) / 2) }
	total := 0.0
	for i := 0; i+1 < len(xs); i++ {
		if a, b, fa, fb, ok := segment(i); ok {
			total += mass(a, b, fa, fb)
		}
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return math.NaN()
	}
	target := u * total
	last := math.NaN()
	for i := 0; i+1 < len(xs); i++ {
		a, b, fa, fb, ok := segment(i)
		if !ok {
			continue
		}
		m := mass(a, b, fa, fb)
		if m <= 0 {
			continue
		}
		last = b
		if target > m {
			target -= m
			continue
		}
		// Solve fa*d + s/2*d^2 = target for the distance d from a, s the
		// density's slope; this form is stable whatever the sign of s.
		s := (fb - fa) / (b - a)
		root := math.Sqrt(math.Max(float64(fa*fa)+float64(2*s*target), 0))
		d := 0.0
		if den := fa + root; den > 0 {
			d = 2 * target / den
		}
		return math.Min(a+d, b)
	}
	return last // rounding left target just above the total
}

// finite reports whether every parameter is a finite number: samplers loop
// until a sum passes a parameter, which NaN never lets end.
func finite(p []float64) bool {
	for _, x := range p {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// The distributions, parameters in the order of the Vensim functions
// (after min and max).

// uniform: (min, max).
func uniform(r *rand.Rand, _ rand.Source, p []float64) float64 {
	return p[0] + float64((p[1]-p[0])*r.Float64())
}

// normal: (mean, standard deviation).
func normal(r *rand.Rand, _ rand.Source, p []float64) float64 {
	return p[0] + float64(p[1]*r.NormFloat64())
}

// exponential: mean 1.
func exponential(r *rand.Rand, _ rand.Source, _ []float64) float64 { return r.ExpFloat64() }

// gamma: (shape), scale 1.
func gamma(_ *rand.Rand, src rand.Source, p []float64) float64 {
	if !finite(p) || p[0] <= 0 {
		return math.NaN()
	}
	return distuv.Gamma{Alpha: p[0], Beta: 1, Src: src}.Rand()
}

// beta: (alpha, beta), on [0, 1].
func beta(_ *rand.Rand, src rand.Source, p []float64) float64 {
	if !finite(p) || p[0] <= 0 || p[1] <= 0 {
		return math.NaN()
	}
	return distuv.Beta{Alpha: p[0], Beta: p[1], Src: src}.Rand()
}

// binomial: (probability, count): successes in count trials.
func binomial(_ *rand.Rand, src rand.Source, p []float64) float64 {
	if !finite(p) || p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] != math.Trunc(p[1]) {
		return math.NaN()
	}
	if p[1] == 0 {
		return 0
	}
	return distuv.Binomial{N: p[1], P: p[0], Src: src}.Rand()
}

// negBinomial: (probability, successes): the failures before the given
// number of successes, each trial succeeding with the probability (mean
// successes * (1 - probability) / probability); drawn as a Poisson count
// whose mean is gamma distributed.
func negBinomial(_ *rand.Rand, src rand.Source, p []float64) float64 {
	if !finite(p) || p[0] <= 0 || p[0] > 1 || p[1] <= 0 {
		return math.NaN()
	}
	if p[0] == 1 {
		return 0
	}
	lambda := distuv.Gamma{Alpha: p[1], Beta: p[0] / (1 - p[0]), Src: src}.Rand()
	return poisson(nil, src, []float64{lambda})
}

// poisson: (mean).
func poisson(_ *rand.Rand, src rand.Source, p []float64) float64 {
	if !finite(p) || p[0] < 0 {
		return math.NaN()
	}
	if p[0] == 0 {
		return 0
	}
	return distuv.Poisson{Lambda: p[0], Src: src}.Rand()
}

// weibull: (shape), scale 1.
func weibull(_ *rand.Rand, src rand.Source, p []float64) float64 {
	if !finite(p) || p[0] <= 0 {
		return math.NaN()
	}
	return distuv.Weibull{K: p[0], Lambda: 1, Src: src}.Rand()
}

// lognormal: (mean, standard deviation) of the values themselves (not of
// their logarithm).
func lognormal(_ *rand.Rand, src rand.Source, p []float64) float64 {
	m, s := p[0], p[1]
	if !finite(p) || m <= 0 || s < 0 {
		return math.NaN()
	}
	sigma2 := math.Log1p(s * s / (m * m))
	return distuv.LogNormal{Mu: math.Log(m) - float64(sigma2/2), Sigma: math.Sqrt(sigma2), Src: src}.Rand()
}

// triangular: (start, peak, end), start <= peak <= end.
func triangular(r *rand.Rand, _ rand.Source, p []float64) float64 {
	a, c, b := p[0], p[1], p[2]
	if !finite(p) || !(a <= c && c <= b) {
		return math.NaN()
	}
	if a == b {
		return a
	}
	// The inverse of the distribution function.
	u := float64(r.Float64()) // a value of its own: the draw's scaling is not fused into 1-u
	if u < (c-a)/(b-a) {
		return a + math.Sqrt(u*(b-a)*(c-a))
	}
	return b - math.Sqrt(float64((1-u)*(b-a)*(b-c)))
}

// shifted is Vensim's shift + stretch * draw, shift and stretch being the
// last two parameters.
func shifted(d distribution) distribution {
	return func(r *rand.Rand, src rand.Source, p []float64) float64 {
		n := len(p) - 2
		return p[n] + float64(p[n+1]*d(r, src, p[:n]))
	}
}

// scaled is mean * draw, the mean the only parameter (EXPRND).
func scaled(d distribution) distribution {
	return func(r *rand.Rand, src rand.Source, p []float64) float64 { return p[0] * d(r, src, nil) }
}

// scaledBy is scale * draw(shape), for (shape[, scale]); the scale
// defaults to 1.
func scaledBy(d distribution) distribution {
	return func(r *rand.Rand, src rand.Source, p []float64) float64 {
		if len(p) < 2 {
			return d(r, src, p)
		}
		return p[1] * d(r, src, p[:1])
	}
}

// swap passes two parameters in the other order: Stella's (count,
// probability) to Vensim's (probability, count).
func swap(d distribution) distribution {
	return func(r *rand.Rand, src rand.Source, p []float64) float64 {
		return d(r, src, []float64{p[1], p[0]})
	}
}

// pinkNoise expands RANDOM PINK NOISE: white noise (normal draws, one per
// time step) smoothed by a first-order stock over the correlation time,
// starting at the mean. The white noise's standard deviation, sd *
// sqrt((2 - DT/time) * time/DT), makes the smoothed noise's standard
// deviation exactly sd under Euler integration.
func (b *compiler) pinkNoise(owner *cvar, base string, mean, sd, tau, seed expr.Node) *cvar {
	dt := &expr.Ident{Name: "DT"}
	ratio := paren(bin(expr.QUO, dt, paren(tau)))
	scale := &expr.Call{Fun: &expr.Ident{Name: "SQRT"}, Args: []expr.Node{
		bin(expr.QUO, paren(bin(expr.SUB, num(2), ratio)), ratio)}}
	draw := &expr.Call{Fun: &expr.Ident{Name: "NORMAL"}, Args: []expr.Node{num(0), num(1), seed}}
	white := b.newInternal(owner, base+".white", Aux,
		bin(expr.ADD, paren(mean), bin(expr.MUL, bin(expr.MUL, paren(sd), scale), draw)))
	pink := b.newInternal(owner, base, Stock, mean)
	change := b.newInternal(owner, base+".change", Flow, bin(expr.QUO, paren(bin(expr.SUB, ref(white), ref(pink))), paren(tau)))
	pink.setFlows([]int{b.c.index[change.key]}, nil)
	return pink
}
