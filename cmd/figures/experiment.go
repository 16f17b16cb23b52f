package main

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// The sensitivity experiment: a Latin hypercube over every uncertain
// parameter, uniform over its stated range, with a fixed seed. The same
// samples are run for the baseline and for every policy, so each policy's
// effect is measured against the baseline with the same parameters.
const (
	sensitivityRuns = 100
	sensitivitySeed = 20250101
)

// counterfactuals are the scenarios that remove part of the world rather than
// add a policy; every other scenario but the baseline is a policy.
func counterfactuals() []string { return []string{"no-covid", "no-4p", "no-4p-response"} }

// experiment holds every run the figures draw.
type experiment struct {
	model     *sdmodel.Model
	compiled  *sdmodel.Compiled
	scenarios []trafficking.Scenario
	policies  []trafficking.Scenario
	counter   []trafficking.Scenario
	runs      map[string]*sdmodel.Results
	outcomes  map[string]trafficking.Outcome
	ref       trafficking.Reference

	params []sensitivity.Param
	// bandRuns are the baseline's sensitivity runs that succeeded;
	// effects[policy] are the changes of cumulative victim-months 2023-2030
	// against the baseline with the same sample (percent), one per sample
	// where both runs succeeded, transEffects the same for transactions.
	bandRuns     []*sdmodel.Results
	effects      map[string][]float64
	transEffects map[string][]float64
	// failed counts the runs of each scenario the engine stopped; failures
	// describes them.
	failed   map[string]int
	failures []string
}

// bandVars are the variables summarised as sensitivity bands.
func bandVars() []string {
	return []string{trafficking.TraffickedPersons, trafficking.Transactions, trafficking.IdentifiedVictims}
}

func runExperiment() (*experiment, error) {
	e := &experiment{model: trafficking.Build(), scenarios: trafficking.Scenarios(),
		runs: map[string]*sdmodel.Results{}, outcomes: map[string]trafficking.Outcome{}}
	var err error
	if e.compiled, err = e.model.Compile(); err != nil {
		return nil, err
	}
	for _, s := range e.scenarios {
		res, err := trafficking.Run(e.compiled, s)
		if err != nil {
			return nil, err
		}
		e.runs[s.Name] = res
		if e.outcomes[s.Name], err = trafficking.Measure(s.Name, res); err != nil {
			return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
		switch {
		case s.Name == trafficking.Baseline:
		case slices.Contains(counterfactuals(), s.Name):
			e.counter = append(e.counter, s)
		default:
			e.policies = append(e.policies, s)
		}
	}
	// The prevention part of three-siblings alone, to compare that scenario
	// with the sum of its parts.
	part := trafficking.PreventionPart()
	res, err := trafficking.Run(e.compiled, part)
	if err != nil {
		return nil, err
	}
	e.runs[part.Name] = res
	if e.outcomes[part.Name], err = trafficking.Measure(part.Name, res); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", part.Name, err)
	}
	base, ok := e.runs[trafficking.Baseline]
	if !ok {
		return nil, fmt.Errorf("no %q scenario", trafficking.Baseline)
	}
	if e.ref, err = trafficking.MeasureReference(base); err != nil {
		return nil, err
	}
	return e, e.sensitivity()
}

// sensitivity runs the Latin hypercube for the baseline and every policy.
// Runs the engine stops (a NaN, say, at an extreme corner of the ranges) are
// left out and counted rather than stopping the figures: a sample is used for
// a policy only when both the baseline and the policy run succeed with it.
func (e *experiment) sensitivity() error {
	e.params = trafficking.UncertainParams()
	samples, err := sensitivity.Sample(e.params, sensitivityRuns, sensitivity.LatinHypercube, sensitivitySeed)
	if err != nil {
		return err
	}
	keep := append([]string{trafficking.CumVictimMonths, trafficking.CumTransactions}, bandVars()...)
	base, baseErrs := e.runSamples(trafficking.Scenario{Name: trafficking.Baseline}, samples, keep)
	e.failed = map[string]int{}
	for i, err := range baseErrs {
		if err != nil {
			e.failed[trafficking.Baseline]++
			e.failures = append(e.failures, fmt.Sprintf("%s, sample %d: %v", trafficking.Baseline, i, err))
			continue
		}
		e.bandRuns = append(e.bandRuns, base[i])
	}
	if len(e.bandRuns) == 0 {
		return fmt.Errorf("every sensitivity run of the baseline failed; the first: %v", baseErrs[0])
	}
	e.effects, e.transEffects = map[string][]float64{}, map[string][]float64{}
	for _, p := range e.policies {
		runs, errs := e.runSamples(p, samples, keep[:3])
		for i := range runs {
			if errs[i] != nil {
				e.failed[p.Name]++
				e.failures = append(e.failures, fmt.Sprintf("%s, sample %d: %v", p.Name, i, errs[i]))
			}
			if errs[i] != nil || baseErrs[i] != nil {
				continue
			}
			o, err := trafficking.Measure(p.Name, runs[i])
			if err != nil {
				return err
			}
			b, err := trafficking.Measure(trafficking.Baseline, base[i])
			if err != nil {
				return err
			}
			e.effects[p.Name] = append(e.effects[p.Name], trafficking.Change(o.VictimMonths, b.VictimMonths))
			e.transEffects[p.Name] = append(e.transEffects[p.Name], trafficking.Change(o.Transactions, b.Transactions))
		}
	}
	return nil
}

// runSamples runs a scenario once per sample on all cores; results and
// errors are indexed by sample, so they do not depend on scheduling.
func (e *experiment) runSamples(s trafficking.Scenario, samples [][]float64, keep []string) ([]*sdmodel.Results, []error) {
	res := make([]*sdmodel.Results, len(samples))
	errs := make([]error, len(samples))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				opts := []sdmodel.RunOption{sdmodel.Keep(keep...)}
				for j, p := range e.params {
					opts = append(opts, sdmodel.Set(p.Name, samples[i][j]))
				}
				res[i], errs[i] = trafficking.Run(e.compiled, s, opts...)
			}
		}()
	}
	for i := range samples {
		next <- i
	}
	close(next)
	wg.Wait()
	return res, errs
}

// change is a scenario's change against the baseline, in percent, of
// cumulative victim-months and transactions 2023-2030.
func (e *experiment) change(name string) (victimMonths, transactions float64) {
	o, b := e.outcomes[name], e.outcomes[trafficking.Baseline]
	return trafficking.Change(o.VictimMonths, b.VictimMonths), trafficking.Change(o.Transactions, b.Transactions)
}

// change2020 is the same from January 2020.
func (e *experiment) change2020(name string) (victimMonths, transactions float64) {
	o, b := e.outcomes[name], e.outcomes[trafficking.Baseline]
	return trafficking.Change(o.VictimMonths2020, b.VictimMonths2020), trafficking.Change(o.Transactions2020, b.Transactions2020)
}
