// Package calibrate fits a system dynamics model's constants to observed time
// series: it finds the values within given bounds that minimise the weighted
// sum of squared errors between the model's variables and the data, using
// gonum's optimize package, and reports the fit of every series with R², MAPE
// and Theil's inequality statistics (Sterman, Business Dynamics, ch. 21).
//
//	data, err := calibrate.ReadCSVFile("observed.csv") // time,infected,recovered
//	res, err := calibrate.Calibrate(calibrate.Problem{
//		Model:   compiled,
//		Params:  []calibrate.Param{{Name: "contact rate", Min: 1, Max: 10}},
//		Targets: calibrate.Targets(data),
//	}, nil)
//	fmt.Print(res) // estimates and fit statistics
//
// Bounds are enforced by a change of variable: the optimiser works on an
// unbounded u and the model sees min + (max-min)·logistic(u), so every value
// tried lies strictly inside (min, max). The default method is Nelder-Mead,
// which needs no derivatives and copes with the kinks that IF THEN ELSE, MIN,
// MAX and graphical functions put in the error surface. Extra starting points
// (Settings.Starts) drawn by Latin hypercube over the bounds guard against
// local minima. Everything is deterministic.
package calibrate

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"gonum.org/v1/gonum/optimize"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
)

// Runner runs a model once; *sdmodel.Compiled is one.
type Runner interface {
	Run(opts ...sdmodel.RunOption) (*sdmodel.Results, error)
}

// Param is a model constant to estimate, within [Min, Max] (finite, Min < Max).
// Initial is the starting value; when it is not strictly inside (Min, Max)
// the midpoint is used.
type Param struct {
	Name     string
	Min, Max float64
	Initial  float64
}

// Target is one model variable fitted to one observed series. The model's
// saved values are interpolated linearly to the data's times, which must lie
// within the run. Weight scales the series' squared errors (0 means 1); with
// series of different magnitudes, a weight of 1/variance of each series'
// measurement error (or 1/mean² for relative errors) keeps one series from
// dominating.
//
// Measure, when set, computes the simulated values at the data's times
// itself, one per time, for a measure that is no saved variable: an index to
// a base date, a calendar-year total, a ratio of two variables. Variable
// then only names the target in reports.
type Target struct {
	Variable string
	Data     Series
	Weight   float64
	Measure  func(res *sdmodel.Results, times []float64) ([]float64, error)
}

// Problem is a calibration problem.
type Problem struct {
	Model      Runner
	Params     []Param
	Targets    []Target
	RunOptions []sdmodel.RunOption // applied to every run, before the parameters
}

// Settings control the optimisation; the zero value gives the defaults.
type Settings struct {
	// Method is the gonum optimiser (default Nelder-Mead with an initial
	// simplex of 0.5 in the transformed variables). It must not need
	// gradients.
	Method optimize.Method
	// Starts is the number of extra starting points (besides the Initial
	// values), drawn by Latin hypercube over the bounds with Seed; the best
	// result is kept.
	Starts int
	Seed   uint64
	// Workers is the number of starts run at once (default
	// runtime.GOMAXPROCS(0); 1 when Method or Converger is set, as they
	// hold state).
	// The result does not depend on it.
	Workers int
	// MajorIterations and FuncEvaluations limit each start (0: no limit on
	// iterations, 5000 evaluations). Converger decides convergence (default
	// gonum's: no improvement for 100 iterations).
	MajorIterations int
	FuncEvaluations int
	Converger       optimize.Converger
	// Level is the confidence level of the intervals (default 0.95; negative:
	// no intervals, which saves the runs they take).
	Level float64
	// KnownError says that each target's Weight is 1/σ² of its observations'
	// error, so the objective is a chi-square and σ² = 1; otherwise σ² is
	// estimated from the residuals as SSE/(n - p).
	KnownError bool
}

// Estimate is one fitted parameter.
//
// The confidence interval is the asymptotic one of nonlinear least squares
// (Seber and Wild, Nonlinear Regression, 1989, ch. 5): with H the Hessian of
// the weighted SSE at the estimate (central finite differences in the
// parameters themselves) and σ² the error variance, the covariance is
// 2σ²H⁻¹ and the interval Value ± q·SE, q the Student t quantile with n - p
// degrees of freedom (n observations, p parameters), or the normal one when
// σ² is known (Settings.KnownError). The interval is clipped to [Min, Max].
// It is NaN when it cannot be computed: the estimate at a bound (the other
// parameters' intervals then hold it fixed there), fewer
// observations than parameters plus one with σ² unknown, or a Hessian that
// is not positive definite (a parameter the data do not identify).
type Estimate struct {
	Name      string
	Value     float64
	Min, Max  float64
	AtBound   bool // within 0.1% of the range from a bound: the bound may be binding
	SE        float64
	Low, High float64 // confidence interval at Settings.Level
}

// Result is the outcome of a calibration.
type Result struct {
	Level     float64 // confidence level of the intervals (0 when none)
	Sigma2    float64 // error variance used for the intervals
	DF        int     // observations minus parameters
	Params    []Estimate
	Objective float64     // weighted sum of squared errors at the estimate
	Fits      []SeriesFit // one per target, at the estimate
	Status    optimize.Status
	Stats     optimize.Stats // summed over all starts
	Run       *sdmodel.Results
}

// Value returns the estimate of a parameter (NaN when there is none).
func (r *Result) Value(name string) float64 {
	for _, e := range r.Params {
		if e.Name == name {
			return e.Value
		}
	}
	return math.NaN()
}

// Options returns the run options that set the estimates, to rerun the
// model with them: c.Run(res.Options()...).
func (r *Result) Options() []sdmodel.RunOption {
	out := make([]sdmodel.RunOption, len(r.Params))
	for i, e := range r.Params {
		out[i] = sdmodel.Set(e.Name, e.Value)
	}
	return out
}

// String prints the estimates and the fit statistics as tables.
func (r *Result) String() string {
	var b strings.Builder
	w := len("parameter")
	for _, e := range r.Params {
		w = max(w, len(e.Name))
	}
	ci := fmt.Sprintf("%.0f%% CI", 100*r.Level)
	fmt.Fprintf(&b, "%-*s %12s %12s %27s %12s %12s\n", w, "parameter", "estimate", "SE", ci, "min", "max")
	for _, e := range r.Params {
		mark := ""
		if e.AtBound {
			mark = "  (at bound)"
		}
		interval := "-" // clipped to the bounds
		if !math.IsNaN(e.Low) {
			interval = fmt.Sprintf("[%.6g, %.6g]", e.Low, e.High)
		}
		se := "-"
		if !math.IsNaN(e.SE) {
			se = fmt.Sprintf("%.4g", e.SE)
		}
		fmt.Fprintf(&b, "%-*s %12.6g %12s %27s %12.6g %12.6g%s\n", w, e.Name, e.Value, se, interval, e.Min, e.Max, mark)
	}
	fmt.Fprintf(&b, "weighted SSE %.6g (%v, %d runs)\n", r.Objective, r.Status, r.Stats.FuncEvaluations)
	fitTable(&b, r.Fits)
	return b.String()
}

// logistic transforms between the bounded and the unbounded variables.
func toBounded(u, lo, hi float64) float64 { return lo + (hi-lo)/(1+math.Exp(-u)) }
func toUnbounded(x, lo, hi float64) float64 {
	p := (x - lo) / (hi - lo)
	return math.Log(p / (1 - p))
}

func (p *Problem) check() error {
	if p.Model == nil {
		return errors.New("calibrate: no model")
	}
	if len(p.Params) == 0 {
		return errors.New("calibrate: no parameters to estimate")
	}
	for i, q := range p.Params {
		if q.Name == "" {
			return fmt.Errorf("calibrate: parameter %d has no name", i)
		}
		if !(q.Min < q.Max) || math.IsInf(q.Min, 0) || math.IsInf(q.Max, 0) {
			return fmt.Errorf("calibrate: parameter %q needs finite bounds with min < max, got [%g, %g]", q.Name, q.Min, q.Max)
		}
	}
	if len(p.Targets) == 0 {
		return errors.New("calibrate: no targets (data series to fit)")
	}
	for _, t := range p.Targets {
		if t.Variable == "" {
			return fmt.Errorf("calibrate: target for data %q names no model variable", t.Data.Name)
		}
		if len(t.Data.Time) != len(t.Data.Values) {
			return fmt.Errorf("calibrate: data for %q has %d times and %d values", t.Variable, len(t.Data.Time), len(t.Data.Values))
		}
		if t.Weight < 0 || math.IsNaN(t.Weight) {
			return fmt.Errorf("calibrate: target %q has negative weight %g", t.Variable, t.Weight)
		}
		n := 0
		for _, v := range t.Data.Values {
			if !math.IsNaN(v) {
				n++
			}
		}
		if n == 0 {
			return fmt.Errorf("calibrate: data for %q has no observations", t.Variable)
		}
	}
	return nil
}

// evaluator runs the model at bounded parameter values and scores it.
type evaluator struct {
	p       *Problem
	lastErr error
}

func (e *evaluator) run(x []float64) (*sdmodel.Results, error) {
	opts := append([]sdmodel.RunOption(nil), e.p.RunOptions...)
	for i, q := range e.p.Params {
		opts = append(opts, sdmodel.Set(q.Name, x[i]))
	}
	return e.p.Model.Run(opts...)
}

// simulated returns the model's values at the data times of target k.
func simulated(res *sdmodel.Results, t Target) ([]float64, error) {
	if t.Measure != nil {
		out, err := t.Measure(res, t.Data.Time)
		if err == nil && len(out) != len(t.Data.Time) {
			err = fmt.Errorf("measure of %q gave %d values for %d times", t.Variable, len(out), len(t.Data.Time))
		}
		return out, err
	}
	series, err := res.Get(t.Variable)
	if err != nil {
		return nil, err
	}
	return interpolate(res.Time(), series, t.Data.Time, t.Variable)
}

// interpolate reads ys(xs) linearly at each of at.
func interpolate(xs, ys, at []float64, name string) ([]float64, error) {
	if len(xs) == 0 {
		return nil, errors.New("the run saved no values")
	}
	out := make([]float64, len(at))
	span := xs[len(xs)-1] - xs[0]
	tol := float64(1e-9 * max(1, math.Abs(span)))
	for i, t := range at {
		if t < xs[0]-tol || t > xs[len(xs)-1]+tol {
			return nil, fmt.Errorf("data for %q at time %g is outside the run (%g to %g)", name, t, xs[0], xs[len(xs)-1])
		}
		j := sort.SearchFloat64s(xs, t)
		switch {
		case j < len(xs) && math.Abs(xs[j]-t) <= tol:
			out[i] = ys[j]
		case j == 0:
			out[i] = ys[0]
		case j >= len(xs):
			out[i] = ys[len(ys)-1]
		default:
			f := (t - xs[j-1]) / (xs[j] - xs[j-1])
			out[i] = ys[j-1] + float64(f*(ys[j]-ys[j-1]))
		}
	}
	return out, nil
}

// objective is the weighted SSE of a run.
func (e *evaluator) objective(res *sdmodel.Results) (float64, error) {
	var total float64
	for _, t := range e.p.Targets {
		sim, err := simulated(res, t)
		if err != nil {
			return math.Inf(1), err
		}
		w := t.Weight
		if w == 0 {
			w = 1
		}
		var sse float64
		for i, obs := range t.Data.Values {
			if math.IsNaN(obs) {
				continue
			}
			d := sim[i] - obs
			sse += float64(d * d)
		}
		total += float64(w * sse)
	}
	if math.IsNaN(total) {
		return math.Inf(1), errors.New("the run produced NaN")
	}
	return total, nil
}

// Func is the objective in the transformed variables, for gonum.
func (e *evaluator) Func(u []float64) float64 {
	x := e.bounded(u)
	res, err := e.run(x)
	if err != nil {
		e.lastErr = err
		return math.Inf(1)
	}
	f, err := e.objective(res)
	if err != nil {
		e.lastErr = err
	}
	return f
}

func (e *evaluator) bounded(u []float64) []float64 {
	x := make([]float64, len(u))
	for i, q := range e.p.Params {
		x[i] = toBounded(u[i], q.Min, q.Max)
	}
	return x
}

// Calibrate estimates the parameters of p; s may be nil for the defaults.
func Calibrate(p Problem, s *Settings) (*Result, error) {
	if s == nil {
		s = &Settings{}
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	if s.Level >= 1 || math.IsNaN(s.Level) {
		return nil, fmt.Errorf("calibrate: confidence level %g is not below 1", s.Level)
	}
	if s.Starts < 0 {
		return nil, fmt.Errorf("calibrate: negative number of starts %d", s.Starts)
	}
	ev := &evaluator{p: &p}

	starts := [][]float64{make([]float64, len(p.Params))}
	for i, q := range p.Params {
		x := q.Initial
		if !(x > q.Min && x < q.Max) {
			x = (q.Min + q.Max) / 2
		}
		starts[0][i] = x
	}
	// The model must run, and the data lie within its time, at the start.
	res, err := ev.run(starts[0])
	if err != nil {
		return nil, fmt.Errorf("calibrate: run at the initial values: %w", err)
	}
	if _, err := ev.objective(res); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	if s.Starts > 0 {
		sp := make([]sensitivity.Param, len(p.Params))
		for i, q := range p.Params {
			sp[i] = sensitivity.Param{Name: q.Name, Dist: sensitivity.Uniform(q.Min, q.Max)}
		}
		more, err := sensitivity.Sample(sp, s.Starts, sensitivity.LatinHypercube, s.Seed)
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
		starts = append(starts, more...)
	}

	// Starts are independent: run them concurrently, each with its own
	// optimiser, and keep the best (the earliest on ties), so the result does
	// not depend on the number of workers. A user's Method holds state, so
	// with one (or a Converger) the starts run in turn.
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if s.Method != nil || s.Converger != nil {
		workers = 1
	}
	results := make([]*optimize.Result, len(starts))
	errs := make([]error, len(starts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, len(starts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = runStart(&p, s, starts[i])
			}
		}()
	}
	for i := range starts {
		next <- i
	}
	close(next)
	wg.Wait()

	best := &optimize.Result{Location: optimize.Location{F: math.Inf(1)}}
	var total optimize.Stats
	var lastErr error
	for i, r := range results {
		if r == nil {
			lastErr = errs[i]
			continue
		}
		total.MajorIterations += r.MajorIterations
		total.FuncEvaluations += r.FuncEvaluations
		total.Runtime += r.Runtime
		if r.F < best.F {
			best = r
		}
	}
	if math.IsInf(best.F, 1) {
		return nil, fmt.Errorf("calibrate: no run succeeded: %v", lastErr)
	}

	x := ev.bounded(best.X)
	out := &Result{Objective: best.F, Status: best.Status, Stats: total}
	for i, q := range p.Params {
		tol := 1e-3 * (q.Max - q.Min)
		out.Params = append(out.Params, Estimate{Name: q.Name, Value: x[i], Min: q.Min, Max: q.Max,
			AtBound: x[i]-q.Min < tol || q.Max-x[i] < tol})
	}
	out.Run, err = ev.run(x)
	if err != nil {
		return nil, fmt.Errorf("calibrate: run at the estimate: %w", err)
	}
	if err := confidence(ev, s, out); err != nil {
		return nil, err
	}
	for _, t := range p.Targets {
		sim, err := simulated(out.Run, t)
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
		f := Compare(sim, t.Data.Values)
		f.Variable = t.Variable
		out.Fits = append(out.Fits, f)
	}
	return out, nil
}

// runStart minimises from one starting point; the error explains a start
// where no run succeeded.
func runStart(p *Problem, s *Settings, x0 []float64) (*optimize.Result, error) {
	ev := &evaluator{p: p}
	u0 := make([]float64, len(x0))
	for i, q := range p.Params {
		// Keep the start off the bounds, where the transform is infinite.
		margin := float64(1e-9 * (q.Max - q.Min))
		x := min(max(x0[i], q.Min+margin), q.Max-margin)
		u0[i] = toUnbounded(x, q.Min, q.Max)
	}
	method := s.Method
	if method == nil {
		method = &optimize.NelderMead{SimplexSize: 0.5}
	}
	opt := &optimize.Settings{MajorIterations: s.MajorIterations, FuncEvaluations: s.FuncEvaluations, Converger: s.Converger}
	if opt.FuncEvaluations == 0 && opt.MajorIterations == 0 {
		opt.FuncEvaluations = 5000
	}
	r, err := optimize.Minimize(optimize.Problem{Func: ev.Func}, u0, opt, method)
	if r == nil || math.IsInf(r.F, 1) {
		if ev.lastErr != nil {
			err = ev.lastErr
		}
		return nil, err
	}
	return r, nil
}

// FitRun computes the fit statistics of a run against targets, without
// estimating anything (for example to compare a model's base run with data).
func FitRun(res *sdmodel.Results, targets []Target) ([]SeriesFit, error) {
	out := make([]SeriesFit, 0, len(targets))
	for _, t := range targets {
		sim, err := simulated(res, t)
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
		f := Compare(sim, t.Data.Values)
		f.Variable = t.Variable
		out = append(out, f)
	}
	return out, nil
}
