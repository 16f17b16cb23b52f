package sensitivity

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Runner runs a model once; *sdmodel.Compiled is one.
type Runner interface {
	Run(opts ...sdmodel.RunOption) (*sdmodel.Results, error)
}

// Outcome is a scalar summary of one run, such as a final value or a peak,
// used to rank parameters by effect (Result.Effects).
type Outcome struct {
	Name string
	Of   func(*sdmodel.Results) (float64, error)
}

// Final is the outcome "final <variable>": the variable's last saved value.
func Final(variable string) Outcome {
	return seriesOutcome("final "+variable, variable, func(s []float64) float64 { return s[len(s)-1] })
}

// Max is the outcome "max <variable>": the variable's largest saved value.
func Max(variable string) Outcome {
	return seriesOutcome("max "+variable, variable, func(s []float64) float64 {
		m := math.Inf(-1)
		for _, v := range s {
			m = max(m, v)
		}
		return m
	})
}

// Min is the outcome "min <variable>": the variable's smallest saved value.
func Min(variable string) Outcome {
	return seriesOutcome("min "+variable, variable, func(s []float64) float64 {
		m := math.Inf(1)
		for _, v := range s {
			m = min(m, v)
		}
		return m
	})
}

// Mean is the outcome "mean <variable>": the mean of the variable's saved values.
func Mean(variable string) Outcome {
	return seriesOutcome("mean "+variable, variable, func(s []float64) float64 {
		var t float64
		for _, v := range s {
			t += v
		}
		return t / float64(len(s))
	})
}

// At is the outcome "<variable> at <t>": the value at the saved time nearest t.
func At(variable string, t float64) Outcome {
	return Outcome{Name: variable + " at " + strconv.FormatFloat(t, 'g', -1, 64), Of: func(r *sdmodel.Results) (float64, error) {
		if _, err := r.Get(variable); err != nil {
			return 0, err
		}
		return r.At(variable, t), nil
	}}
}

func seriesOutcome(name, variable string, f func([]float64) float64) Outcome {
	return Outcome{Name: name, Of: func(r *sdmodel.Results) (float64, error) {
		s, err := r.Get(variable)
		if err != nil {
			return 0, err
		}
		if len(s) == 0 {
			return math.NaN(), nil
		}
		return f(s), nil
	}}
}

// DefaultQuantiles are the probabilities of the bands when Settings.Quantiles
// is empty: the 5-95 and 25-75 ranges and the median.
var DefaultQuantiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// Settings control an experiment, in the manner of gonum/optimize.Settings:
// the zero value of each field means its default.
type Settings struct {
	Runs    int    // number of samples and runs (default 100); RunSamples ignores it
	Seed    uint64 // seed of the sampler and of the runs' random builtins
	Method  Method // LatinHypercube (default) or MonteCarlo
	Workers int    // concurrent runs (default runtime.GOMAXPROCS(0)); results do not depend on it

	// Outputs are the variables summarised as bands over time.
	Outputs []string
	// Quantiles are the probabilities of the bands, each in (0, 1)
	// (default DefaultQuantiles).
	Quantiles []float64
	// Exact is the number of runs up to which the band quantiles are exact
	// (default 256; negative: none). Beyond, they are P² estimates
	// warm-started from the exact quantiles of the first Exact runs. Memory
	// for the bands is Exact values per output and saved time, whatever the
	// number of runs.
	Exact int
	// Outcomes are scalar summaries recorded for every run.
	Outcomes []Outcome

	// RunOptions apply to every run, before the sample's constants (for
	// example sdmodel.WithDT, sdmodel.Keep to save memory, or Set for
	// scenario constants).
	RunOptions []sdmodel.RunOption
	// CommonNoise gives every run the same seed (Seed) for the model's random
	// builtins (common random numbers), so that differences between runs
	// come from the parameters only. Otherwise run i gets a seed derived from
	// Seed and i.
	CommonNoise bool
	// OnRun, when set, is called with every run's results in sample order
	// (never concurrently), for summaries of one's own. An error stops the
	// experiment.
	OnRun func(i int, sample []float64, res *sdmodel.Results) error
}

// Band is the distribution over runs of one output variable at each saved
// time: quantiles (exact up to Settings.Exact runs, streaming P² estimates
// beyond) plus the exact mean, minimum and maximum. NaN values are left out
// and counted.
type Band struct {
	Variable  string
	Quantiles []float64   // the probabilities
	Values    [][]float64 // Values[k][t]: the Quantiles[k] quantile at Time[t]
	Mean      []float64
	Min, Max  []float64
	NaN       []int // number of runs whose value was NaN, per time
}

// Quantile returns the series of the band with probability p (nil when the
// band does not have it).
func (b *Band) Quantile(p float64) []float64 {
	for k, q := range b.Quantiles {
		if math.Abs(q-p) < 1e-12 {
			return b.Values[k]
		}
	}
	return nil
}

// Result is the outcome of an experiment.
type Result struct {
	Params  []Param
	Samples [][]float64 // Samples[i][j]: parameter j in run i
	Time    []float64   // the saved times
	Bands   []Band      // one per Settings.Outputs, in that order
	// Outcomes[k][i] is Settings.Outcomes[k] in run i.
	OutcomeNames []string
	Outcomes     [][]float64
}

// Band returns the band of a variable (matched like model names), or nil.
func (r *Result) Band(variable string) *Band {
	key := expr.Canonical(variable)
	for i := range r.Bands {
		if expr.Canonical(r.Bands[i].Variable) == key {
			return &r.Bands[i]
		}
	}
	return nil
}

// Outcome returns the values of a named outcome, one per run, or nil.
func (r *Result) Outcome(name string) []float64 {
	for k, n := range r.OutcomeNames {
		if n == name {
			return r.Outcomes[k]
		}
	}
	return nil
}

// Param returns the sampled values of a parameter, one per run, or nil.
func (r *Result) Param(name string) []float64 {
	key := expr.Canonical(name)
	for j, p := range r.Params {
		if expr.Canonical(p.Name) == key {
			col := make([]float64, len(r.Samples))
			for i, s := range r.Samples {
				col[i] = s[j]
			}
			return col
		}
	}
	return nil
}

// Run draws s.Runs samples of params (Sample with s.Method and s.Seed) and
// runs the model on each; see RunSamples.
func Run(m Runner, params []Param, s *Settings) (*Result, error) {
	if s == nil {
		s = &Settings{}
	}
	n := s.Runs
	if n == 0 {
		n = 100
	}
	samples, err := Sample(params, n, s.Method, s.Seed)
	if err != nil {
		return nil, err
	}
	return RunSamples(m, params, samples, s)
}

// RunSamples runs the model once per sample (row i sets params[j].Name to
// samples[i][j]), on s.Workers goroutines, and folds the results into bands
// and outcomes in sample order, so the numbers do not depend on the number of
// workers. Memory for the bands does not grow with the number of runs; at
// most a few runs per worker are held at once. The first failing run (in
// sample order) stops the experiment and its error is returned.
func RunSamples(m Runner, params []Param, samples [][]float64, s *Settings) (*Result, error) {
	if s == nil {
		s = &Settings{}
	}
	if err := checkParams(params); err != nil {
		return nil, err
	}
	if len(samples) == 0 {
		return nil, errors.New("sensitivity: no samples")
	}
	for i, row := range samples {
		if len(row) != len(params) {
			return nil, fmt.Errorf("sensitivity: sample %d has %d values for %d parameters", i, len(row), len(params))
		}
	}
	qs := s.Quantiles
	if len(qs) == 0 {
		qs = DefaultQuantiles
	}
	for _, q := range qs {
		if !(q > 0 && q < 1) {
			return nil, fmt.Errorf("sensitivity: quantile probability %g is not in (0, 1)", q)
		}
	}
	for k, o := range s.Outcomes {
		if o.Of == nil {
			return nil, fmt.Errorf("sensitivity: outcome %d (%q) has no function", k, o.Name)
		}
	}

	n := len(samples)
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)

	agg := &aggregator{
		res: &Result{Params: params, Samples: samples, Outcomes: make([][]float64, len(s.Outcomes))},
		qs:  qs, s: s, exact: s.Exact,
	}
	if agg.exact == 0 {
		agg.exact = 256
	}
	agg.exact = max(agg.exact, 0)
	for k, o := range s.Outcomes {
		agg.res.OutcomeNames = append(agg.res.OutcomeNames, o.Name)
		agg.res.Outcomes[k] = make([]float64, n)
	}

	runOne := func(i int) (*sdmodel.Results, error) {
		opts := make([]sdmodel.RunOption, 0, len(s.RunOptions)+len(params)+1)
		opts = append(opts, s.RunOptions...)
		seed := s.Seed
		if !s.CommonNoise {
			seed = runSeed(s.Seed, i)
		}
		opts = append(opts, sdmodel.WithSeed(seed))
		for j, p := range params {
			opts = append(opts, sdmodel.Set(p.Name, samples[i][j]))
		}
		return m.Run(opts...)
	}

	type done struct {
		i   int
		res *sdmodel.Results
		err error
	}
	// A window of in-flight runs bounds memory: run i+window is not started
	// before run i has been folded in.
	window := 4 * workers
	jobs := make(chan int)
	out := make(chan done, window)
	slots := make(chan struct{}, window)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res, err := runOne(i)
				out <- done{i, res, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case jobs <- i:
			case <-stop:
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	pending := make(map[int]done, window)
	next := 0
	var firstErr error
	for d := range out {
		if firstErr != nil {
			continue // drain the workers
		}
		pending[d.i] = d
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			err := p.err
			if err == nil {
				err = agg.add(next, p.res)
			}
			if err != nil {
				firstErr = fmt.Errorf("sensitivity: run %d (%s): %w", next, describeSample(params, samples[next]), err)
				close(stop)
				break
			}
			next++
			<-slots
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	agg.finish()
	return agg.res, nil
}

func describeSample(params []Param, row []float64) string {
	var b []byte
	for j, p := range params {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p.Name...)
		b = append(b, " = "...)
		b = strconv.AppendFloat(b, row[j], 'g', 6, 64)
	}
	return string(b)
}

// runSeed derives run i's seed from the experiment's (SplitMix64 finaliser).
func runSeed(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// aggregator folds runs into bands and outcomes, in sample order.
type aggregator struct {
	res   *Result
	qs    []float64
	s     *Settings
	exact int
	est   [][]quantileStream // est[v][t]
	sums  [][]float64        // running sums for the means
	cnt   [][]int            // non-NaN counts
}

// quantileStream estimates several quantiles of one stream: exactly while
// it holds at most exact values, then with P² estimators warm-started from
// the exact quantiles of those values.
type quantileStream struct {
	buf []float64
	p2  []P2Quantile
}

func (q *quantileStream) add(x float64, qs []float64, exact int) {
	if q.p2 == nil {
		if len(q.buf) < exact {
			q.buf = append(q.buf, x)
			return
		}
		slices.Sort(q.buf)
		q.p2 = make([]P2Quantile, len(qs))
		for k, p := range qs {
			q.p2[k].init(p)
			q.p2[k].warmStart(q.buf)
		}
		q.buf = nil
	}
	for k := range q.p2 {
		q.p2[k].Add(x)
	}
}

func (q *quantileStream) value(k int, p float64) float64 {
	if q.p2 != nil {
		return q.p2[k].Value()
	}
	if len(q.buf) == 0 {
		return math.NaN()
	}
	s := slices.Clone(q.buf)
	slices.Sort(s)
	return Quantile(s, p)
}

func (a *aggregator) add(i int, r *sdmodel.Results) error {
	if r == nil {
		return errors.New("no results")
	}
	t := r.Time()
	if a.res.Time == nil {
		a.res.Time = append([]float64(nil), t...)
		a.start()
	} else if len(t) != len(a.res.Time) {
		return fmt.Errorf("%d saved times, but earlier runs had %d", len(t), len(a.res.Time))
	}
	for v := range a.res.Bands {
		b := &a.res.Bands[v]
		series, err := r.Get(b.Variable)
		if err != nil {
			return err
		}
		est := a.est[v]
		for ti, x := range series {
			if math.IsNaN(x) {
				b.NaN[ti]++
				continue
			}
			est[ti].add(x, a.qs, a.exact)
			a.sums[v][ti] += x
			a.cnt[v][ti]++
			b.Min[ti] = min(b.Min[ti], x)
			b.Max[ti] = max(b.Max[ti], x)
		}
	}
	for k, o := range a.s.Outcomes {
		y, err := o.Of(r)
		if err != nil {
			return fmt.Errorf("outcome %q: %w", o.Name, err)
		}
		a.res.Outcomes[k][i] = y
	}
	if a.s.OnRun != nil {
		return a.s.OnRun(i, a.res.Samples[i], r)
	}
	return nil
}

func (a *aggregator) start() {
	nt, nq := len(a.res.Time), len(a.qs)
	for _, name := range a.s.Outputs {
		b := Band{Variable: name, Quantiles: append([]float64(nil), a.qs...),
			Values: make([][]float64, nq), Mean: make([]float64, nt),
			Min: make([]float64, nt), Max: make([]float64, nt), NaN: make([]int, nt)}
		for ti := range nt {
			b.Min[ti], b.Max[ti] = math.Inf(1), math.Inf(-1)
		}
		est := make([]quantileStream, nt)
		a.res.Bands = append(a.res.Bands, b)
		a.est = append(a.est, est)
		a.sums = append(a.sums, make([]float64, nt))
		a.cnt = append(a.cnt, make([]int, nt))
	}
}

func (a *aggregator) finish() {
	nq := len(a.qs)
	for v := range a.res.Bands {
		b := &a.res.Bands[v]
		nt := len(b.Mean)
		for k := range nq {
			b.Values[k] = make([]float64, nt)
			for ti := range nt {
				b.Values[k][ti] = a.est[v][ti].value(k, a.qs[k])
			}
		}
		for ti := range nt {
			if c := a.cnt[v][ti]; c > 0 {
				b.Mean[ti] = a.sums[v][ti] / float64(c)
			} else {
				b.Mean[ti], b.Min[ti], b.Max[ti] = math.NaN(), math.NaN(), math.NaN()
			}
		}
	}
	a.est, a.sums, a.cnt = nil, nil, nil
}

// WriteBandsCSV writes the bands in long form, one row per variable and saved
// time: variable, time, mean, min, max, then one column per quantile named
// p5, p25, p50, ... (percent).
func (r *Result) WriteBandsCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if len(r.Bands) == 0 {
		return errors.New("sensitivity: no bands (Settings.Outputs was empty)")
	}
	bw.WriteString("variable,time,mean,min,max")
	for _, q := range r.Bands[0].Quantiles {
		bw.WriteString(",p")
		bw.WriteString(strconv.FormatFloat(q*100, 'g', -1, 64))
	}
	bw.WriteByte('\n')
	num := func(x float64) {
		bw.WriteByte(',')
		bw.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	}
	for _, b := range r.Bands {
		for ti, t := range r.Time {
			bw.WriteString(csvField(b.Variable))
			num(t)
			num(b.Mean[ti])
			num(b.Min[ti])
			num(b.Max[ti])
			for k := range b.Quantiles {
				num(b.Values[k][ti])
			}
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}

func csvField(s string) string {
	for _, c := range s {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}
