package trafficking

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
)

// The ensemble is the robustness experiment: parameter sets drawn by Latin
// hypercube over the stated ranges of the uncertain parameters
// (UncertainParams), every scenario run with each set, and each set judged by
// the reference behaviour (ReferenceChecks). The sets that reproduce the
// reference behaviour are the ensemble consistent with the data; policies are
// judged on it and, beside it, on the full ranges.
//
// Each sample runs its scenarios together because the reference checks
// compare scenarios of one parameter set (no-4p and no-covid against the
// baseline); sensitivity.RunSamples runs one scenario over many samples, so
// the ensemble spreads samples, not runs, over its workers. Beyond the
// full-range sample, a set is first run with the reference scenarios only,
// and the other scenarios run only if it reproduces the reference behaviour:
// most sets do not, and their other runs would be thrown away.

// EnsembleSettings control RunEnsemble; the zero value gives the defaults.
type EnsembleSettings struct {
	// Accept is the number of accepted sets to reach (default 200): Latin
	// hypercubes of Batch samples are drawn, batch b with seed Seed+b, until
	// that many sets pass or MaxSamples have been drawn.
	Accept     int
	Batch      int // samples per Latin hypercube (default 500)
	MaxSamples int // upper bound on the samples drawn (default 10000)
	// FullRange is how many of the first samples run every scenario whether
	// or not they reproduce the reference behaviour: the full-range
	// comparison (default Batch, the first hypercube).
	FullRange int
	Seed      uint64
	Workers   int // concurrent samples (default runtime.GOMAXPROCS(0)); results do not depend on it
	// RunOptions apply to every run before the sample's constants (a method, DT).
	RunOptions []sdmodel.RunOption
	// Progress, when set, is called after each sample with the samples done
	// and accepted so far (never concurrently).
	Progress func(done, accepted int)
}

// Member is one parameter set of the ensemble.
type Member struct {
	Values []float64 // one per Ensemble.Params
	// Err is the first run of the set the engine stopped (a NaN at an extreme
	// corner of the ranges, say); such a set is neither accepted nor counted
	// in the full-range results.
	Err error
	// Reference[k] says whether reference check k (Ensemble.Reference) holds;
	// Policy[k] whether policy check k (Ensemble.PolicyChecks) holds.
	Reference, Policy []bool
	// Outcomes are the measured outcomes, one per Ensemble.Scenarios.
	Outcomes []Outcome
	// Screened says that only the reference scenarios were run: the set
	// lies beyond the full-range sample and fails a reference behaviour, so
	// it has no Policy checks or Outcomes.
	Screened bool
}

// Accepted reports whether the set reproduces every reference behaviour.
func (m Member) Accepted() bool {
	if m.Err != nil {
		return false
	}
	for _, ok := range m.Reference {
		if !ok {
			return false
		}
	}
	return true
}

// Ensemble is the result of RunEnsemble.
type Ensemble struct {
	Params       []sensitivity.Param
	Scenarios    []string // Scenarios and PreventionPart, in that order
	Reference    []string // IDs of the reference checks
	PolicyChecks []string // IDs of the policy checks
	Members      []Member // in sample order
	Seed         uint64
	Batches      int
	FullRange    int // the first FullRange members ran every scenario
}

// RunEnsemble draws parameter sets and runs every scenario with each; see
// EnsembleSettings. The result depends on the seed only, not on the number of
// workers: each sample is run and judged alone and stored at its index.
func RunEnsemble(c *sdmodel.Compiled, s *EnsembleSettings) (*Ensemble, error) {
	if s == nil {
		s = &EnsembleSettings{}
	}
	accept, batch, maxN := s.Accept, s.Batch, s.MaxSamples
	if accept == 0 {
		accept = 200
	}
	if batch == 0 {
		batch = 500
	}
	if maxN == 0 {
		maxN = 10000
	}
	if accept < 0 || batch < 2 || maxN < batch || s.FullRange < 0 {
		return nil, fmt.Errorf("ensemble: need Accept >= 0, Batch >= 2, MaxSamples >= Batch and FullRange >= 0, got %d, %d, %d, %d", accept, batch, maxN, s.FullRange)
	}
	e := &Ensemble{Params: UncertainParams(), Seed: s.Seed, FullRange: s.FullRange}
	if e.FullRange == 0 {
		e.FullRange = batch
	}
	for _, sc := range append(Scenarios(), PreventionPart()) {
		e.Scenarios = append(e.Scenarios, sc.Name)
	}
	if err := e.checkIDs(c, s); err != nil {
		return nil, err
	}
	accepted := 0
	for len(e.Members)+batch <= maxN && (accepted < accept || len(e.Members) == 0) {
		samples, err := sensitivity.Sample(e.Params, batch, sensitivity.LatinHypercube, s.Seed+uint64(e.Batches))
		if err != nil {
			return nil, fmt.Errorf("ensemble: %w", err)
		}
		members, err := e.runBatch(c, s, samples, len(e.Members), accepted)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if m.Accepted() {
				accepted++
			}
		}
		e.Members = append(e.Members, members...)
		e.Batches++
	}
	return e, nil
}

// runBatch runs one hypercube; done and accepted count earlier batches for
// the progress report.
func (e *Ensemble) runBatch(c *sdmodel.Compiled, s *EnsembleSettings, samples [][]float64, done, accepted int) ([]Member, error) {
	members := make([]Member, len(samples))
	first := done // the index of samples[0] in the ensemble
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	jobs := make(chan int)
	finished := make(chan int)
	var setupErr error
	var once sync.Once
	for range min(workers, len(samples)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				var err error
				members[i], err = e.judge(c, s, samples[i], first+i >= e.FullRange)
				if err != nil {
					once.Do(func() { setupErr = err })
				}
				finished <- i
			}
		}()
	}
	go func() {
		for i := range samples {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(finished)
	}()
	for i := range finished {
		done++
		if members[i].Accepted() {
			accepted++
		}
		if s.Progress != nil {
			s.Progress(done, accepted)
		}
	}
	return members, setupErr
}

// judge runs every scenario with one parameter set and evaluates the checks;
// with screen, it stops after the reference scenarios when a reference
// check fails. A run the engine stops makes the member fail; an error
// returned is a problem of the experiment itself (a check that cannot be
// evaluated).
func (e *Ensemble) judge(c *sdmodel.Compiled, s *EnsembleSettings, values []float64, screen bool) (Member, error) {
	m := Member{Values: values}
	opts := append([]sdmodel.RunOption(nil), s.RunOptions...)
	for j, p := range e.Params {
		opts = append(opts, sdmodel.Set(p.Name, values[j]))
	}
	all := append(Scenarios(), PreventionPart())
	runs := Runs{}
	runOf := func(reference bool) error {
		for _, sc := range all {
			if isReferenceScenario(sc.Name) != reference {
				continue
			}
			res, err := Run(c, sc, opts...)
			if err != nil {
				return err
			}
			runs[sc.Name] = res
		}
		return nil
	}
	if err := runOf(true); err != nil {
		m.Err = err
		return m, nil
	}
	ref, err := ReferenceChecks(runs)
	if err != nil {
		return m, err
	}
	if screen {
		for _, ch := range ref {
			if !ch.Pass {
				for _, ch := range ref {
					m.Reference = append(m.Reference, ch.Pass)
				}
				m.Screened = true
				return m, nil
			}
		}
	}
	if err := runOf(false); err != nil {
		m.Err = err
		return m, nil
	}
	pol, err := PolicyChecks(runs)
	if err != nil {
		return m, err
	}
	for _, ch := range ref {
		m.Reference = append(m.Reference, ch.Pass)
	}
	for _, ch := range pol {
		m.Policy = append(m.Policy, ch.Pass)
	}
	for _, name := range e.Scenarios {
		o, err := Measure(name, runs[name])
		if err != nil {
			return m, err
		}
		m.Outcomes = append(m.Outcomes, o)
	}
	if len(m.Reference) != len(e.Reference) || len(m.Policy) != len(e.PolicyChecks) {
		return m, errors.New("ensemble: the number of checks depends on the parameters")
	}
	return m, nil
}

// checkIDs records the IDs of the checks, from a run at the central values
// (which also shows that the experiment can be evaluated at all).
func (e *Ensemble) checkIDs(c *sdmodel.Compiled, s *EnsembleSettings) error {
	runs, err := RunAll(c, s.RunOptions...)
	if err != nil {
		return fmt.Errorf("ensemble: central values: %w", err)
	}
	ref, err := ReferenceChecks(runs)
	if err != nil {
		return err
	}
	pol, err := PolicyChecks(runs)
	if err != nil {
		return err
	}
	for _, ch := range ref {
		e.Reference = append(e.Reference, ch.ID)
	}
	for _, ch := range pol {
		e.PolicyChecks = append(e.PolicyChecks, ch.ID)
	}
	return nil
}

// Accepted returns the indexes of the accepted members.
func (e *Ensemble) Accepted() []int {
	var out []int
	for i, m := range e.Members {
		if m.Accepted() {
			out = append(out, i)
		}
	}
	return out
}

// Ran returns the indexes of the members that ran every scenario without
// error among the first FullRange: the full-range ensemble.
func (e *Ensemble) Ran() []int {
	var out []int
	for i, m := range e.Members {
		if m.Err == nil && !m.Screened && i < e.FullRange {
			out = append(out, i)
		}
	}
	return out
}

// Runs is the number of scenario runs the ensemble made (a screened member
// ran only the reference scenarios; a failed one counts as if it ran all).
func (e *Ensemble) Runs() int {
	n, ref := 0, 0
	for _, sc := range e.Scenarios {
		if isReferenceScenario(sc) {
			ref++
		}
	}
	for _, m := range e.Members {
		if m.Screened {
			n += ref
		} else {
			n += len(e.Scenarios)
		}
	}
	return n
}

// Failed is the number of members whose runs the engine stopped.
func (e *Ensemble) Failed() int {
	n := 0
	for _, m := range e.Members {
		if m.Err != nil {
			n++
		}
	}
	return n
}

// AcceptanceRate is the share of the drawn sets that reproduce every
// reference behaviour (sets whose runs failed count as not reproducing it).
func (e *Ensemble) AcceptanceRate() float64 {
	if len(e.Members) == 0 {
		return math.NaN()
	}
	return float64(len(e.Accepted())) / float64(len(e.Members))
}

// ReferenceRates returns, per reference check, the share of the sets whose
// reference runs succeeded in which it holds.
func (e *Ensemble) ReferenceRates() []float64 {
	var ran []int
	for i, m := range e.Members {
		if m.Err == nil {
			ran = append(ran, i)
		}
	}
	out := make([]float64, len(e.Reference))
	for _, i := range ran {
		for k, ok := range e.Members[i].Reference {
			if ok {
				out[k]++
			}
		}
	}
	for k := range out {
		out[k] /= float64(len(ran))
	}
	return out
}

func (e *Ensemble) scenarioIndex(name string) int {
	for k, n := range e.Scenarios {
		if n == name {
			return k
		}
	}
	return -1
}

// PolicyEffect summarises one scenario against the baseline of the same
// parameter set over a subset of the ensemble.
type PolicyEffect struct {
	Policy  string
	Samples int
	// Lowers is the share of sets in which the scenario lowers cumulative
	// victim-months 2023-2030 against the baseline; P5, P50, P95 are
	// percentiles of that change (percent).
	Lowers       float64
	P5, P50, P95 float64
	// LowersTransactions and TransactionsP50: the same for transactions.
	LowersTransactions float64
	TransactionsP50    float64
	// AsExpected is the share of sets in which the scenario's policy check
	// (PolicyChecks) holds; NaN when it has none.
	AsExpected float64
}

// Effects returns the effect of every scenario but the baseline (and
// PreventionPart) over the members with the given indexes (Accepted or Ran).
func (e *Ensemble) Effects(members []int) []PolicyEffect {
	b := e.scenarioIndex(Baseline)
	var out []PolicyEffect
	for k, name := range e.Scenarios {
		if name == Baseline || name == PreventionPart().Name {
			continue
		}
		eff, tx := e.changes(members, k, b)
		pe := PolicyEffect{Policy: name, Samples: len(members), AsExpected: math.NaN()}
		for i := range eff {
			pe.Lowers += b2f(eff[i] < 0)
			pe.LowersTransactions += b2f(tx[i] < 0)
		}
		n := float64(len(eff))
		pe.Lowers /= n
		pe.LowersTransactions /= n
		sort.Float64s(eff)
		sort.Float64s(tx)
		pe.P5, pe.P50, pe.P95 = sensitivity.Quantile(eff, 0.05), sensitivity.Quantile(eff, 0.5), sensitivity.Quantile(eff, 0.95)
		pe.TransactionsP50 = sensitivity.Quantile(tx, 0.5)
		for c, id := range e.PolicyChecks {
			if id != name {
				continue
			}
			pe.AsExpected = 0
			for _, i := range members {
				pe.AsExpected += b2f(e.Members[i].Policy[c])
			}
			pe.AsExpected /= n
		}
		out = append(out, pe)
	}
	return out
}

// changes returns scenario k's change of victim-months and transactions
// 2023-2030 against scenario b, in percent, one per member (in order).
func (e *Ensemble) changes(members []int, k, b int) (vm, tx []float64) {
	for _, i := range members {
		o, base := e.Members[i].Outcomes[k], e.Members[i].Outcomes[b]
		vm = append(vm, Change(o.VictimMonths, base.VictimMonths))
		tx = append(tx, Change(o.Transactions, base.Transactions))
	}
	return vm, tx
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Decider is an uncertain parameter's association with a policy's effect on
// a subset of the ensemble.
type Decider struct {
	Param string
	// Spearman is the rank correlation of the parameter with the change of
	// victim-months 2023-2030 (positive: larger values make the policy do
	// less good).
	Spearman float64
	// Box is a one-parameter PRIM-style box: the half of the parameter's
	// sampled values (below or above its median within the subset) in which
	// the policy helps more often, and how often it helps there and in the
	// other half.
	Box               string // "below" or "above"
	Median            float64
	HelpsIn, HelpsOut float64
}

// Deciders ranks the uncertain parameters by |Spearman| with a policy's effect
// over the members with the given indexes and returns the first n (all when
// n <= 0).
func (e *Ensemble) Deciders(policy string, members []int, n int) ([]Decider, error) {
	k := e.scenarioIndex(policy)
	if k < 0 {
		return nil, fmt.Errorf("ensemble: no scenario %q", policy)
	}
	if len(members) < 3 {
		return nil, errors.New("ensemble: need at least 3 members to rank parameters")
	}
	eff, _ := e.changes(members, k, e.scenarioIndex(Baseline))
	var out []Decider
	x := make([]float64, len(members))
	for j, p := range e.Params {
		for a, i := range members {
			x[a] = e.Members[i].Values[j]
		}
		d := Decider{Param: p.Name, Spearman: sensitivity.Spearman(x, eff)}
		sorted := append([]float64(nil), x...)
		sort.Float64s(sorted)
		d.Median = sensitivity.Quantile(sorted, 0.5)
		var lo, hi, nlo, nhi float64
		for a := range x {
			if x[a] <= d.Median {
				nlo++
				lo += b2f(eff[a] < 0)
			} else {
				nhi++
				hi += b2f(eff[a] < 0)
			}
		}
		lo, hi = lo/max(nlo, 1), hi/max(nhi, 1)
		d.Box, d.HelpsIn, d.HelpsOut = "below", lo, hi
		if hi > lo {
			d.Box, d.HelpsIn, d.HelpsOut = "above", hi, lo
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(a, b int) bool { return absNaN(out[a].Spearman) > absNaN(out[b].Spearman) })
	if n > 0 && n < len(out) {
		out = out[:n]
	}
	return out, nil
}

func absNaN(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return math.Abs(x)
}

// DefaultEnsemble returns the settings of the project's robustness
// experiment (`trafficking sensitivity` without flags, the figures, lesson
// 5): Latin hypercubes of 500 samples from seed 1 until 200 sets reproduce
// the reference behaviour.
func DefaultEnsemble() *EnsembleSettings {
	return &EnsembleSettings{Accept: 200, Batch: 500, MaxSamples: 10000, Seed: 1}
}
