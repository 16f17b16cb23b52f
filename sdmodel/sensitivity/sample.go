// Package sensitivity runs a system dynamics model many times with uncertain
// parameters drawn from probability distributions (Monte Carlo or Latin
// hypercube sampling), summarises the outputs as percentile bands over time,
// and ranks the parameters by their effect on scalar outcomes (Spearman rank
// correlation).
//
// A typical experiment:
//
//	params := []sensitivity.Param{
//		{Name: "contact rate", Dist: sensitivity.Uniform(4, 8)},
//		{Name: "infectivity", Dist: sensitivity.Triangular(0.1, 0.25, 0.3)},
//	}
//	res, err := sensitivity.Run(compiled, params, &sensitivity.Settings{
//		Runs:     200,
//		Seed:     1,
//		Outputs:  []string{"infected"},
//		Outcomes: []sensitivity.Outcome{sensitivity.Max("infected")},
//	})
//	band := res.Band("infected")          // band.Quantile(0.5) is the median over time
//	effects, err := res.Effects("max infected")
//
// Everything is deterministic for a seed, whatever the number of workers:
// samples are drawn from one seeded generator, runs are spread over the
// workers, and their results are folded into the bands strictly in sample
// order.
package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// Quantiler is a one-dimensional probability distribution given by its
// quantile function (inverse CDF): Quantile(p) is the value below which a
// fraction p of the distribution lies, for p in (0, 1). Every gonum distuv
// distribution (distuv.Normal, distuv.Beta, distuv.Gamma, ...) is one, and so
// are the values returned by Uniform, Triangular, Normal, LogNormal and Fixed.
type Quantiler interface {
	Quantile(p float64) float64
}

// Param is an uncertain model constant: Name is the constant's name in the
// model (any case, spaces or underscores), Dist its distribution. Each run
// overrides the constant with sdmodel.Set(Name, value).
type Param struct {
	Name string
	Dist Quantiler
}

// Method is a sampling method.
type Method int

const (
	// LatinHypercube divides each parameter's probability range into n equal
	// strata and draws exactly one value in each, pairing strata across
	// parameters at random: it covers the ranges evenly with few runs.
	LatinHypercube Method = iota
	// MonteCarlo draws every value independently (simple random sampling).
	MonteCarlo
)

func (m Method) String() string {
	switch m {
	case LatinHypercube:
		return "latin hypercube"
	case MonteCarlo:
		return "monte carlo"
	}
	return fmt.Sprintf("method(%d)", int(m))
}

// invalidDist is what a distribution constructor returns for bad arguments,
// so that constructors compose in literals and Sample reports the problem.
type invalidDist struct{ err error }

func (d invalidDist) Quantile(float64) float64 { return math.NaN() }
func (d invalidDist) Err() error               { return d.err }

// Uniform is the uniform distribution on [min, max].
func Uniform(min, max float64) Quantiler {
	if !(min < max) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return invalidDist{fmt.Errorf("uniform distribution needs finite min < max, got [%g, %g]", min, max)}
	}
	return distuv.Uniform{Min: min, Max: max}
}

// Triangular is the triangular distribution on [min, max] with its peak at mode.
func Triangular(min, mode, max float64) Quantiler {
	if !(min < max) || mode < min || mode > max || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return invalidDist{fmt.Errorf("triangular distribution needs min <= mode <= max and min < max, got (%g, %g, %g)", min, mode, max)}
	}
	return distuv.NewTriangle(min, max, mode, nil)
}

// Normal is the normal distribution with that mean and standard deviation.
func Normal(mean, sd float64) Quantiler {
	if !(sd > 0) || math.IsInf(sd, 0) || math.IsNaN(mean) || math.IsInf(mean, 0) {
		return invalidDist{fmt.Errorf("normal distribution needs a finite mean and sd > 0, got mean %g, sd %g", mean, sd)}
	}
	return distuv.Normal{Mu: mean, Sigma: sd}
}

// LogNormal is the distribution of exp(X) with X normal of mean mu and
// standard deviation sigma (the parameters of the logarithm, as in gonum;
// the median is exp(mu)).
func LogNormal(mu, sigma float64) Quantiler {
	if !(sigma > 0) || math.IsInf(sigma, 0) || math.IsNaN(mu) || math.IsInf(mu, 0) {
		return invalidDist{fmt.Errorf("log-normal distribution needs a finite mu and sigma > 0, got mu %g, sigma %g", mu, sigma)}
	}
	return distuv.LogNormal{Mu: mu, Sigma: sigma}
}

// Fixed is a degenerate distribution: always v. It keeps a parameter in an
// experiment's list while holding it still.
func Fixed(v float64) Quantiler { return fixed(v) }

type fixed float64

func (f fixed) Quantile(float64) float64 { return float64(f) }

// checkParams reports the first unusable parameter.
func checkParams(params []Param) error {
	if len(params) == 0 {
		return errors.New("sensitivity: no parameters")
	}
	seen := map[string]int{}
	for i, p := range params {
		if p.Name == "" {
			return fmt.Errorf("sensitivity: parameter %d has no name", i)
		}
		if j, ok := seen[p.Name]; ok {
			return fmt.Errorf("sensitivity: parameter %q appears twice (positions %d and %d)", p.Name, j, i)
		}
		seen[p.Name] = i
		if p.Dist == nil {
			return fmt.Errorf("sensitivity: parameter %q has no distribution", p.Name)
		}
		if e, ok := p.Dist.(interface{ Err() error }); ok && e.Err() != nil {
			return fmt.Errorf("sensitivity: parameter %q: %w", p.Name, e.Err())
		}
		if m := p.Dist.Quantile(0.5); math.IsNaN(m) || math.IsInf(m, 0) {
			return fmt.Errorf("sensitivity: parameter %q: distribution median is %g", p.Name, m)
		}
	}
	return nil
}

// product is the joint distribution of independent parameters, as the
// distmv.Quantiler and distmv.Rander gonum's samplers want.
type product struct {
	params []Param
	rng    *rand.Rand // for Rand (Monte Carlo) only
}

// pEps keeps probabilities strictly inside (0, 1), where unbounded
// distributions have finite quantiles.
const pEps = 1e-15

func (d product) Quantile(x, p []float64) []float64 {
	if x == nil {
		x = make([]float64, len(p))
	}
	for j, pr := range p {
		x[j] = d.params[j].Dist.Quantile(min(max(pr, pEps), 1-pEps))
	}
	return x
}

func (d product) Rand(x []float64) []float64 {
	if x == nil {
		x = make([]float64, len(d.params))
	}
	for j := range x {
		x[j] = d.params[j].Dist.Quantile(min(max(d.rng.Float64(), pEps), 1-pEps))
	}
	return x
}

// newSource returns the seeded generator of an experiment.
func newSource(seed uint64) rand.Source { return rand.NewPCG(seed, 0x5d5e_5a3b_1e5f_a7c1) }

// Sample draws n points from the parameters' joint distribution (the
// parameters are independent): row i holds one value per parameter, in the
// order of params. The same seed gives the same samples. Latin hypercube
// sampling uses gonum's samplemv.LatinHypercube; Monte Carlo uses
// samplemv.IID. Both draw from a PCG generator seeded with seed.
func Sample(params []Param, n int, method Method, seed uint64) ([][]float64, error) {
	if err := checkParams(params); err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, fmt.Errorf("sensitivity: number of samples must be positive, got %d", n)
	}
	batch := mat.NewDense(n, len(params), nil)
	src := newSource(seed)
	switch method {
	case LatinHypercube:
		samplemv.LatinHypercube{Q: product{params: params}, Src: src}.Sample(batch)
	case MonteCarlo:
		samplemv.IID{Dist: product{params: params, rng: rand.New(src)}}.Sample(batch)
	default:
		return nil, fmt.Errorf("sensitivity: unknown sampling method %v", method)
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = append([]float64(nil), batch.RawRowView(i)...)
		for j, v := range out[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sensitivity: parameter %q: sample %d is %g", params[j].Name, i, v)
			}
		}
	}
	return out, nil
}
