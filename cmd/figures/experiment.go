package main

import (
	"fmt"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/calibrate"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// experiment holds every run the figures draw: the scenario comparison and
// the ensemble of trafficking.DefaultEnsemble (the same as `trafficking
// sensitivity` with its defaults).
type experiment struct {
	model     *sdmodel.Model
	compiled  *sdmodel.Compiled
	scenarios []trafficking.Scenario
	policies  []trafficking.Scenario
	counter   []trafficking.Scenario
	runs      trafficking.Runs
	outcomes  map[string]trafficking.Outcome
	cmp       *trafficking.Comparison
	ref       trafficking.Reference
	cal       *calibrate.Result // the calibration of the estimated parameters

	ens      *trafficking.Ensemble
	accepted []int // members of the ensemble consistent with the reference behaviour
	ran      []int // members whose runs all succeeded (the full ranges)
	// bands summarise the baseline over the accepted sets, by variable.
	bands map[string]*sensitivity.Band
}

// bandVars are the variables summarised as sensitivity bands.
func bandVars() []string {
	return []string{trafficking.TraffickedPersons, trafficking.Transactions, trafficking.IdentifiedVictims}
}

func runExperiment() (*experiment, error) {
	e := &experiment{model: trafficking.Build(), scenarios: trafficking.Scenarios(), policies: trafficking.Policies()}
	var err error
	if e.compiled, err = e.model.Compile(); err != nil {
		return nil, err
	}
	if e.cmp, err = trafficking.Compare(e.compiled); err != nil {
		return nil, err
	}
	e.runs, e.outcomes = e.cmp.Runs, e.cmp.Outcomes
	for _, s := range e.scenarios {
		if slices.Contains(trafficking.Counterfactuals(), s.Name) {
			e.counter = append(e.counter, s)
		}
	}
	if e.ref, err = trafficking.MeasureReference(e.base()); err != nil {
		return nil, err
	}
	if e.cal, err = trafficking.Calibrate(e.compiled); err != nil {
		return nil, err
	}
	return e, e.sensitivity()
}

// sensitivity runs the ensemble and the baseline's bands over its accepted
// sets (sensitivity.RunSamples with the accepted parameter values).
func (e *experiment) sensitivity() error {
	var err error
	if e.ens, err = trafficking.RunEnsemble(e.compiled, trafficking.DefaultEnsemble()); err != nil {
		return err
	}
	e.accepted, e.ran = e.ens.Accepted(), e.ens.Ran()
	if len(e.accepted) == 0 {
		return fmt.Errorf("no parameter set of the ensemble reproduces the reference behaviour")
	}
	samples := make([][]float64, len(e.accepted))
	for k, i := range e.accepted {
		samples[k] = e.ens.Members[i].Values
	}
	res, err := sensitivity.RunSamples(e.compiled, e.ens.Params, samples, &sensitivity.Settings{
		Outputs: bandVars(), Quantiles: []float64{0.05, 0.25, 0.5, 0.75, 0.95},
		RunOptions: []sdmodel.RunOption{sdmodel.Keep(bandVars()...)},
	})
	if err != nil {
		return err
	}
	e.bands = map[string]*sensitivity.Band{}
	for _, v := range bandVars() {
		e.bands[v] = res.Band(v)
	}
	return nil
}

// change is a scenario's change against the baseline, in percent, of
// cumulative victim-months and transactions 2023-2030.
func (e *experiment) change(name string) (victimMonths, transactions float64) {
	return e.cmp.Change(name)
}

// change2020 is the same from January 2020.
func (e *experiment) change2020(name string) (victimMonths, transactions float64) {
	return e.cmp.Change2020(name)
}
