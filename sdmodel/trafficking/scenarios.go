package trafficking

import (
	"fmt"
	"strings"
)

// Scenario is a named experiment: constant overrides applied to one run with
// sdmodel.Set. Policies are switched on by constants that the equations phase
// in from the policy start time (January 2023) over the phase-in time.
type Scenario struct {
	Name        string
	Description string
	Set         map[string]float64
}

// Baseline is the name of the reference scenario.
const Baseline = "baseline"

// Scenarios returns every scenario, baseline first (a
// fresh copy each call).
func Scenarios() []Scenario {
	return []Scenario{
		{Baseline, "nothing changes: the reference behaviour", nil},
		{"no-covid", "covid switch off: no restrictions, unemployment stays on its pre-pandemic path",
			map[string]float64{"covid switch": 0}},
		{"no-4p", "the 4 P sectors removed from March 2020 (no prevention, services, prosecution or partnership)",
			map[string]float64{"remove provisioning sectors": 1}},
		{"no-4p-response", "4 P capacities frozen at their 2015 levels (no endogenous response to perceived prevalence)",
			map[string]float64{"capacity response switch": 0}},
		{"information-feedback", "stakeholders also see measured prevalence (surveillance); information delay falls from 12 to 3 months",
			map[string]float64{"surveillance switch": 1}},
		{"information-feedback-2019", "the same surveillance already in place from January 2019",
			map[string]float64{"surveillance switch": 1, "surveillance start time": 48}},
		{"end-demand", "buying sex criminalised (Nordic model): demand multiplier falls to 0.6 over 2 years",
			map[string]float64{"end demand switch": 1}},
		{"raise-trafficker-risk", "penalties x3 and trafficker arrest probability x2 (Kara)",
			map[string]float64{"trafficker risk switch": 1}},
		{"supply-side-only", "trafficker arrests x2 with no demand measures",
			map[string]float64{"supply side switch": 1}},
		{"upstream-prevention", "economic and housing support: risk onset and survival-sex entry -30 %",
			map[string]float64{"upstream support switch": 1}},
		{"protection-expansion", "service capacity x2",
			map[string]float64{"protection expansion switch": 1}},
		{"partnership", "partnership target raised by 0.3",
			map[string]float64{"partnership switch": 1}},
		{"services-open-in-pandemic", "the pandemic does not disrupt protection or identification",
			map[string]float64{"services open switch": 1}},
		{"three-siblings", "protection, prevention and upstream support together (the three siblings parable of primary prevention)",
			map[string]float64{"protection expansion switch": 1, "prevention expansion switch": 1, "upstream support switch": 1}},
	}
}

// ScenarioNames returns the scenario names in order.
func ScenarioNames() []string {
	var names []string
	for _, s := range Scenarios() {
		names = append(names, s.Name)
	}
	return names
}

// FindScenario returns the scenario of that name; the error lists the valid names.
func FindScenario(name string) (Scenario, error) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, nil
		}
	}
	return Scenario{}, fmt.Errorf("unknown scenario %q; valid scenarios: %s", name, strings.Join(ScenarioNames(), ", "))
}

// Equilibrium returns the settings of the equilibrium test: no COVID and the
// exogenous inputs held at their January 2015 values.
func Equilibrium() Scenario {
	return Scenario{"equilibrium", "no COVID, inputs held at their 2015 values",
		map[string]float64{"covid switch": 0, HoldInputs: 1}}
}

// PreventionPart is the prevention component of three-siblings alone, used to
// compare that scenario with the sum of its parts.
func PreventionPart() Scenario {
	return Scenario{"prevention-expansion", "prevention capacity x2 (the prevention part of three-siblings)",
		map[string]float64{"prevention expansion switch": 1}}
}
