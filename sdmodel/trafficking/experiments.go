package trafficking

import (
	"fmt"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Counterfactuals returns the names of the scenarios that remove part of the
// world (the pandemic, the 4 P, their response) rather than add a policy.
func Counterfactuals() []string { return []string{"no-covid", "no-4p", "no-4p-response"} }

// Policies returns the policy scenarios: every scenario but the baseline and
// the counterfactuals, in the order of Scenarios.
func Policies() []Scenario {
	var out []Scenario
	for _, s := range Scenarios() {
		if s.Name != Baseline && !slices.Contains(Counterfactuals(), s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// ThreeSiblingsParts returns the three parts of scenario three-siblings, each
// alone: protection expansion, prevention expansion and upstream support.
func ThreeSiblingsParts() []Scenario {
	var out []Scenario
	for _, name := range []string{"protection-expansion", "upstream-prevention"} {
		s, err := FindScenario(name)
		if err == nil {
			out = append(out, s)
		}
	}
	return append(out, PreventionPart())
}

// Expected returns the result the design of each policy experiment expects
// (to be shown, not assumed), by scenario name; PolicyChecks tests each.
func Expected() map[string]string {
	return map[string]string{
		"no-covid":                  "stays near equilibrium",
		"no-4p":                     "more trafficking: victim-months 2020-2030 at least 10 % higher",
		"no-4p-response":            "reported, not assumed",
		"information-feedback":      "expected a smaller post-COVID overshoot and oscillation and an earlier 4 P response; reported, not assumed",
		"information-feedback-2019": "a smaller COVID-era misperception, dip and rebound",
		"end-demand":                "fewer transactions and victims, lower profits",
		"raise-trafficker-risk":     "higher risk cost and price, lower demand",
		"supply-side-only":          "policy resistance: price and profit rise, recruitment refills; a smaller lasting effect than `end-demand` (Kovari and Pruyt 2012 found supply-side measures alone counter-productive)",
		"upstream-prevention":       "a slow but lasting fall",
		"protection-expansion":      "less re-trafficking",
		"partnership":               "more identification and referral",
		"services-open-in-pandemic": "a smaller detection dip, a smaller rebound",
		"three-siblings":            "the best combined result",
	}
}

// Comparison is the scenario comparison: every scenario of Scenarios, and
// PreventionPart, run with the same options and measured.
type Comparison struct {
	Runs     Runs
	Outcomes map[string]Outcome
}

// Compare runs every scenario (and PreventionPart) with the given options and
// measures each run.
func Compare(c *sdmodel.Compiled, opts ...sdmodel.RunOption) (*Comparison, error) {
	runs, err := RunAll(c, opts...)
	if err != nil {
		return nil, err
	}
	cmp := &Comparison{Runs: runs, Outcomes: map[string]Outcome{}}
	for name, res := range runs {
		if cmp.Outcomes[name], err = Measure(name, res); err != nil {
			return nil, fmt.Errorf("scenario %s: %w", name, err)
		}
	}
	return cmp, nil
}

// Change returns a scenario's change against the baseline, in percent, of
// cumulative victim-months and transactions 2023-2030.
func (c *Comparison) Change(name string) (victimMonths, transactions float64) {
	o, b := c.Outcomes[name], c.Outcomes[Baseline]
	return Change(o.VictimMonths, b.VictimMonths), Change(o.Transactions, b.Transactions)
}

// Change2020 is Change from January 2020.
func (c *Comparison) Change2020(name string) (victimMonths, transactions float64) {
	o, b := c.Outcomes[name], c.Outcomes[Baseline]
	return Change(o.VictimMonths2020, b.VictimMonths2020), Change(o.Transactions2020, b.Transactions2020)
}

// PartChange is one part of three-siblings alone: its change of
// victim-months 2023-2030 against the baseline, in percent.
type PartChange struct {
	Scenario string
	Change   float64
}

// SumOfParts compares three-siblings with the sum of its parts.
type SumOfParts struct {
	Together float64 // three-siblings' change of victim-months 2023-2030, percent
	Parts    []PartChange
	Sum      float64 // the sum of the parts' changes
}

// ThreeSiblings compares three-siblings with the sum of its parts
// (ThreeSiblingsParts), each against the baseline.
func (c *Comparison) ThreeSiblings() SumOfParts {
	var s SumOfParts
	s.Together, _ = c.Change("three-siblings")
	for _, p := range ThreeSiblingsParts() {
		vm, _ := c.Change(p.Name)
		s.Parts = append(s.Parts, PartChange{p.Name, vm})
		s.Sum += vm
	}
	return s
}
