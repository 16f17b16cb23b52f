package calibrate

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// confidence fills in the standard errors and confidence intervals of the
// estimates (see Estimate) from the Hessian of the objective at the estimate.
func confidence(ev *evaluator, s *Settings, r *Result) error {
	nan := math.NaN()
	for i := range r.Params {
		r.Params[i].SE, r.Params[i].Low, r.Params[i].High = nan, nan, nan
	}
	level := s.Level
	if level == 0 {
		level = 0.95
	}
	if level < 0 {
		return nil
	}
	r.Level = level
	n := 0
	for _, t := range ev.p.Targets {
		for _, v := range t.Data.Values {
			if !math.IsNaN(v) {
				n++
			}
		}
	}
	p := len(r.Params)
	r.DF = n - p
	q := mathext.NormalQuantile(0.5 + float64(level/2)) // the unit normal's
	r.Sigma2 = 1
	if !s.KnownError {
		if r.DF < 1 {
			r.Sigma2 = nan
			return nil
		}
		r.Sigma2 = r.Objective / float64(r.DF)
		q = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r.DF)}.Quantile(0.5 + float64(level/2))
	}
	// Parameters at a bound get no interval; the others are measured with
	// those held at their estimates.
	var free []int
	x := make([]float64, p)
	for i, e := range r.Params {
		x[i] = e.Value
		if !e.AtBound {
			free = append(free, i)
		}
	}
	if len(free) == 0 {
		return nil
	}
	h := make([]float64, p)
	for _, i := range free {
		e := r.Params[i]
		// A step small against the range, kept two steps inside the bounds.
		h[i] = min(1e-3*(e.Max-e.Min), (e.Value-e.Min)/3, (e.Max-e.Value)/3)
	}
	f := func(dx map[int]float64) float64 {
		y := append([]float64(nil), x...)
		for i, d := range dx {
			y[i] += d
		}
		res, err := ev.run(y)
		if err != nil {
			return nan
		}
		v, err := ev.objective(res)
		if err != nil {
			return nan
		}
		return v
	}
	f0 := r.Objective
	k := len(free)
	hess := mat.NewSymDense(k, nil)
	for a, i := range free {
		fp, fm := f(map[int]float64{i: h[i]}), f(map[int]float64{i: -h[i]})
		hess.SetSym(a, a, (fp-2*f0+fm)/(h[i]*h[i]))
		for b, j := range free[:a] {
			fpp := f(map[int]float64{i: h[i], j: h[j]})
			fpm := f(map[int]float64{i: h[i], j: -h[j]})
			fmp := f(map[int]float64{i: -h[i], j: h[j]})
			fmm := f(map[int]float64{i: -h[i], j: -h[j]})
			hess.SetSym(a, b, (fpp-fpm-fmp+fmm)/(4*h[i]*h[j]))
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(hess) {
		return nil // not positive definite: the data do not identify every parameter
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil
	}
	for a, i := range free {
		v := 2 * r.Sigma2 * inv.At(a, a)
		if !(v >= 0) {
			continue
		}
		e := &r.Params[i]
		e.SE = math.Sqrt(v)
		half := float64(q * e.SE)
		e.Low = max(e.Min, e.Value-half)
		e.High = min(e.Max, e.Value+half)
	}
	return nil
}
