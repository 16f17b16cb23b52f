package trafficking

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/modeltest"
)

// The extreme values that make sense for each kind of constant. Pushing
// every constant to 0 and 10 times its value (modeltest's default) also
// tries inputs that mean nothing: a switch at 10, a fraction of 4, a
// reference level of zero that the 2015 calibration divides by.
var (
	// Switches are 0 or 1.
	extremeSwitches = []string{"covid switch", "hold inputs at 2015 values", "capacity response switch",
		"remove provisioning sectors", "end demand switch", "trafficker risk switch", "supply side switch",
		"upstream support switch", "protection expansion switch", "prevention expansion switch",
		"partnership switch", "surveillance switch", "services open switch"}
	// Fractions and shares lie in [0, 1]: tested at both bounds.
	extremeFractions = []string{"pandemic isolation effect", "survival sex share of recruits",
		"bare identification share", "pandemic identification disruption", "normal referral fraction",
		"lockdown demand reduction", "buyer focus", "partnership in 2015", "prevention pandemic disruption",
		"protection pandemic disruption", "prosecution pandemic disruption", "partnership pandemic disruption",
		"online grooming effect"} // a fractional rise: 0 and 1 (a doubling of recruitment) are its meaningful extremes
	// Reference shares that the model divides by (arrests relative to 2015,
	// utilisation from the smooth minimum) lie strictly inside (0, 1).
	extremeOpenFractions = []string{"normal utilisation", "buyer focus in 2015"}
	// Scales of the 2015 market and of the 4 P must be positive: tested at a
	// tenth and 10 times. Below, two of them keep a profitable 2015 market
	// (price above unit cost), which the calibration assumes.
	extremeScales = map[string][2]float64{
		"normal transactions per victim":  {0.1, 10},
		"normal anti-trafficking funding": {0.1, 10},
		"service slots in 2015":           {0.1, 10},
		"reference price":                 {0.5, 10}, // at 0.1 price is below the operating cost
		"operating cost per transaction":  {0, 3},    // at 10 cost is above the price
		"utilisation curvature":           {1.0 / 3, 10},
	}
	// Calendar dates, not time constants: tested at their own extremes.
	extremeDates = map[string][2]float64{
		"sector removal time":     {0, StopTime},
		"last pre-pandemic month": {0, StopTime},
	}
	// Policy effect sizes act only with their policy on: tested with it.
	extremePolicyParams = map[string][]string{
		"end demand multiplier":          {"end demand switch"},
		"end demand phase-in time":       {"end demand switch"},
		"penalty multiplier":             {"trafficker risk switch"},
		"trafficker arrest multiplier":   {"trafficker risk switch"},
		"upstream support effect":        {"upstream support switch"},
		"service capacity multiplier":    {"protection expansion switch"},
		"prevention capacity multiplier": {"prevention expansion switch"},
		"partnership target boost":       {"partnership switch"},
		"weight of measured prevalence":  {"surveillance switch"},
		"surveillance information delay": {"surveillance switch"},
		"surveillance start time":        {"surveillance switch"},
		"sector removal time":            {"remove provisioning sectors"},
		"policy start time":              policySwitches,
		"policy phase-in time":           policySwitches,
	}
	// The fractions among the policy effect sizes.
	extremePolicyFractions = map[string]bool{"end demand multiplier": true, "upstream support effect": true,
		"weight of measured prevalence": true, "partnership target boost": true}
	policySwitches = []string{"end demand switch", "trafficker risk switch", "upstream support switch",
		"protection expansion switch", "prevention expansion switch", "partnership switch", "surveillance switch"}
)

// ShortestTimeConstant is the shortest residence or adjustment time the
// extreme-conditions test gives any time constant: a month, the model's
// reporting period. Shorter ones mean nothing in a monthly model (and with
// several outflows sharing a stock they would need DT-based guards).
const ShortestTimeConstant = 1.0

// ExtremeCases returns the model's extreme conditions: every constant of
// Parameters at the extremes that make sense for its kind (switches at 0
// and 1; fractions at 0 and 1; reference shares near 0 and 1; scales at a
// tenth and 10 times; calendar dates at the start and the end of the run;
// policy effect sizes with their policy on; time constants at a tenth, but
// no less than ShortestTimeConstant, and 10 times; every other constant —
// elasticities, effect sizes, costs, reference levels of the chain — at 0
// and twice the top of its range), and a few combined conditions.
func ExtremeCases() []modeltest.Case {
	var cases []modeltest.Case
	set := func(name string, values map[string]float64) {
		cases = append(cases, modeltest.Case{Name: name, Set: values})
	}
	at := func(p string, v float64) { set(fmt.Sprintf("%s = %g", p, v), map[string]float64{p: v}) }
	switches := map[string]bool{}
	for _, p := range extremeSwitches {
		switches[p] = true
	}
	fractions := map[string]bool{}
	for _, p := range extremeFractions {
		fractions[p] = true
	}
	open := map[string]bool{}
	for _, p := range extremeOpenFractions {
		open[p] = true
	}
	for _, p := range Parameters() {
		switch {
		case switches[p.Name] || fractions[p.Name]:
			at(p.Name, 0)
			at(p.Name, 1)
		case open[p.Name]:
			at(p.Name, 0.01)
			at(p.Name, 0.99)
		case extremePolicyParams[p.Name] != nil:
			values := []float64{0, 10 * p.Value}
			if p.Name == "surveillance information delay" { // a time constant
				values = []float64{math.Max(ShortestTimeConstant, p.Value/10), 10 * p.Value}
			}
			if extremePolicyFractions[p.Name] {
				values = []float64{0, 1}
			}
			for _, v := range values {
				s := map[string]float64{p.Name: v}
				for _, sw := range extremePolicyParams[p.Name] {
					s[sw] = 1
				}
				set(fmt.Sprintf("%s = %g, policy on", p.Name, v), s)
			}
		case extremeDates[p.Name] != [2]float64{}:
			for _, v := range extremeDates[p.Name] {
				at(p.Name, v)
			}
		case p.Units == "month":
			at(p.Name, math.Max(ShortestTimeConstant, p.Value/10))
			at(p.Name, 10*p.Value)
		default:
			if f, ok := extremeScales[p.Name]; ok {
				for _, k := range f {
					at(p.Name, k*p.Value)
				}
				continue
			}
			at(p.Name, 0)
			at(p.Name, 2*p.Max)
		}
	}

	every := func(names []string, v float64, extra map[string]float64) map[string]float64 {
		s := map[string]float64{}
		for _, n := range names {
			s[n] = v
		}
		for k, x := range extra {
			s[k] = x
		}
		return s
	}
	set("every policy at once", every(append([]string{"supply side switch"}, policySwitches...), 1, nil))
	set("every policy at once, in force at once", every(append([]string{"supply side switch"}, policySwitches...), 1,
		map[string]float64{"policy phase-in time": 0, "end demand phase-in time": 0}))
	set("no vulnerable people and no trafficking in 2015", every(ChainLevels(), 0, nil))
	set("no 4 P from the start", map[string]float64{"remove provisioning sectors": 1, "sector removal time": 0})
	set("the pandemic stops demand, identification, exits and the 4 P", every([]string{"lockdown demand reduction",
		"pandemic identification disruption", "pandemic isolation effect", "prevention pandemic disruption",
		"protection pandemic disruption", "prosecution pandemic disruption", "partnership pandemic disruption"}, 1, nil))
	set("fast perception", map[string]float64{"normal information delay": ShortestTimeConstant,
		"profit perception time": ShortestTimeConstant, "loss perception time": ShortestTimeConstant,
		"stress onset time": ShortestTimeConstant, "stress recovery time": ShortestTimeConstant})
	return cases
}

// ChainLevels are the reference levels of the chain of risk in 2015: the
// at-risk population, survival sex trading and trafficked persons.
func ChainLevels() []string {
	return []string{"at-risk population in 2015", "survival sex trading in 2015", "trafficked persons in 2015"}
}

// ExtremeChecks are invariants that must hold in every run, however extreme
// the inputs: no transactions beyond what the victims can provide (none
// without victims), no stock losing more than it holds in a time step, no
// negative flow of people, fractions in [0, 1], and a positive price.
func ExtremeChecks(m *sdmodel.Model) []modeltest.Check {
	dt := m.Time.DT
	type drain struct {
		stock string
		outs  []string
	}
	var drains []drain
	for _, v := range m.Variables() {
		if v.Kind == sdmodel.Stock && len(v.Outflows) > 0 {
			drains = append(drains, drain{v.Name, v.Outflows})
		}
	}
	// Every flow of people is one-way; the adjustment flows ("change in
	// ...") of the market, will, funding and capacities are biflows.
	var peopleFlows []string
	for _, v := range m.Variables() {
		if v.Kind == sdmodel.Flow && v.Units == "persons/month" && !strings.HasPrefix(v.Name, "change in") {
			peopleFlows = append(peopleFlows, v.Name)
		}
	}
	sort.Strings(peopleFlows)
	fractions := []string{"utilisation", "referral fraction", PandemicRestrictions, Partnership, "policy phase",
		"surveillance in place", "pandemic identification factor"}
	tol := func(x float64) float64 { return float64(1e-9 * math.Max(1, math.Abs(x))) }
	at := func(r *sdmodel.Results, i int) string { return Date(r.Time()[i]) }
	return []modeltest.Check{
		{Name: "transactions within supply capacity (none without trafficked persons)", Check: func(r *sdmodel.Results) error {
			tr, cap, tp := r.Series(Transactions), r.Series("supply capacity"), r.Series(TraffickedPersons)
			for i := range tr {
				if tr[i] > cap[i]+tol(cap[i]) || tp[i] == 0 && tr[i] != 0 {
					return fmt.Errorf("%.4g transactions, capacity %.4g, %.4g victims in %s", tr[i], cap[i], tp[i], at(r, i))
				}
			}
			return nil
		}},
		{Name: "no stock loses more than it holds in a time step", Check: func(r *sdmodel.Results) error {
			for _, d := range drains {
				s := r.Series(d.stock)
				for i := range s {
					out := 0.0
					for _, f := range d.outs {
						out += r.Series(f)[i]
					}
					if float64(out*dt) > s[i]+tol(s[i]) {
						return fmt.Errorf("%s: outflows %.4g per month from %.4g in %s", d.stock, out, s[i], at(r, i))
					}
				}
			}
			return nil
		}},
		{Name: "flows of people never negative", Check: func(r *sdmodel.Results) error {
			for _, f := range peopleFlows {
				for i, x := range r.Series(f) {
					if x < -1e-9 {
						return fmt.Errorf("%s = %.4g in %s", f, x, at(r, i))
					}
				}
			}
			return nil
		}},
		{Name: "fractions in [0, 1]", Check: func(r *sdmodel.Results) error {
			for _, f := range fractions {
				for i, x := range r.Series(f) {
					if x < 0 || x > 1+1e-12 {
						return fmt.Errorf("%s = %.4g in %s", f, x, at(r, i))
					}
				}
			}
			return nil
		}},
		{Name: "price positive", Check: func(r *sdmodel.Results) error {
			for i, x := range r.Series(Price) {
				if !(x > 0) {
					return fmt.Errorf("price %.4g in %s", x, at(r, i))
				}
			}
			return nil
		}},
	}
}

// ExtremeSettings returns the settings of the model's extreme-conditions
// test (modeltest.ExtremeConditions): the cases of ExtremeCases instead of
// the blanket defaults, every stock non-negative, and ExtremeChecks.
func ExtremeSettings(m *sdmodel.Model) *modeltest.ExtremeSettings {
	return &modeltest.ExtremeSettings{
		Params: []string{}, // every case is listed explicitly
		Cases:  ExtremeCases(),
		Checks: ExtremeChecks(m),
	}
}
