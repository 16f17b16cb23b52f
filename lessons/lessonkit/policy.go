package lessonkit

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Lesson 5's plumbing: the tables and charts of the scenario comparison and the ensemble, the
// lever panel, and the sentences whose direction the runs decide.

// ScenarioTable is the comparison of every scenario with the baseline (Markdown): harm measures
// 2023-2030 and their change, victim-months 2020-2030 and the peak of trafficked persons.
func ScenarioTable(cmp *trafficking.Comparison) string {
	t := NewTable("scenario", "what changes", "victim-months 2023-30", "vs baseline", "transactions 2023-30",
		"vs baseline", "victim-months 2020-30 vs baseline", "peak of trafficked persons")
	for _, s := range trafficking.Scenarios() {
		o := cmp.Outcomes[s.Name]
		vm, tx := cmp.Change(s.Name)
		vm20, _ := cmp.Change2020(s.Name)
		t.Row(s.Name, s.Description, fmt.Sprintf("%.0f", o.VictimMonths), fmt.Sprintf("%+.1f %%", vm),
			fmt.Sprintf("%.3g", o.Transactions), fmt.Sprintf("%+.1f %%", tx), fmt.Sprintf("%+.1f %%", vm20),
			fmt.Sprintf("%.0f (%s)", o.PeakTrafficked, o.PeakDate()))
	}
	return t.Markdown()
}

// CheckTable lists stated checks (trafficking.PolicyChecks or ReferenceChecks) with what was
// measured and the verdict the run gives: "✓ as expected", "✗ not as expected" or, for a result
// reported whichever way it goes, "reported".
func CheckTable(checks []trafficking.Check) string {
	t := NewTable("scenario", "expected", "measured", "verdict")
	for _, c := range checks {
		t.Row(c.ID, c.Statement, c.Measured, checkVerdict(c))
	}
	return t.Markdown()
}

func checkVerdict(c trafficking.Check) string {
	switch {
	case c.Reported:
		return "reported"
	case c.Pass:
		return "✓ as expected"
	}
	return "✗ **not as expected**"
}

// PolicyGroups are lesson 5's groups of scenarios, in the order the lesson discusses them.
func PolicyGroups() []struct {
	Title string
	Names []string
} {
	return []struct {
		Title string
		Names []string
	}{
		{"Context scenarios", []string{"no-covid", "no-4p", "no-4p-response"}},
		{"Market and information policies", []string{"end-demand", "raise-trafficker-risk", "supply-side-only", "information-feedback", "information-feedback-2019"}},
		{"Prevention, protection, partnership", []string{"upstream-prevention", "protection-expansion", "partnership", "services-open-in-pandemic", "three-siblings"}},
	}
}

// shortNames shortens the longest scenario names, so that every bar's name fits under it.
var shortNames = strings.NewReplacer("raise-trafficker-risk", "trafficker-risk", "information-feedback", "info-feedback",
	"upstream-prevention", "upstream", "protection-expansion", "protection", "services-open-in-pandemic", "services-open")

// ChangeBars returns a bar chart per group of PolicyGroups: each scenario's change of victim-months
// and transactions 2023-2030 against the baseline, rounded to one decimal for the bars' labels.
func ChangeBars(cmp *trafficking.Comparison) []chart.Bars {
	round := func(x float64) float64 { return math.Round(10*x) / 10 }
	var out []chart.Bars
	for _, g := range PolicyGroups() {
		var labels []string
		var vm, tx []float64
		for _, n := range g.Names {
			v, t := cmp.Change(n)
			labels, vm, tx = append(labels, shortNames.Replace(n)), append(vm, round(v)), append(tx, round(t))
		}
		out = append(out, chart.Bars{Title: g.Title + ": change against the baseline, 2023-2030", Names: labels,
			Series: []chart.BarSeries{{Name: "victim-months", Values: vm}, {Name: "transactions", Values: tx}},
			YLabel: "% change against baseline", Width: 880, Height: 340})
	}
	return out
}

// Pick returns the runs of the named scenarios of a comparison as chart runs, in the order named.
func Pick(cmp *trafficking.Comparison, names ...string) []chart.Run {
	var out []chart.Run
	for _, n := range names {
		if r, ok := cmp.Runs[n]; ok {
			out = append(out, chart.Run{Label: n, Results: r})
		}
	}
	return out
}

// EffectTable is a Markdown table of every policy's effect over some members of an ensemble: the
// share of worlds in which it lowers victim-months 2023-2030, the median and 5th-95th percentiles
// of the change, and the share in which its expected result (trafficking.Expected) holds.
func EffectTable(e *trafficking.Ensemble, members []int) string {
	t := NewTable("scenario", "worlds where it lowers victim-months", "change: median", "5th percentile",
		"95th percentile", "expected result holds")
	for _, p := range e.Effects(members) {
		expected := "no check" // no-covid and no-4p are reference behaviours, not policies
		if !math.IsNaN(p.AsExpected) {
			expected = fmt.Sprintf("%.0f %%", 100*p.AsExpected)
		}
		t.Row(p.Policy, fmt.Sprintf("%.0f %% of %d", 100*p.Lowers, p.Samples), fmt.Sprintf("%+.1f %%", p.P50),
			fmt.Sprintf("%+.1f %%", p.P5), fmt.Sprintf("%+.1f %%", p.P95), expected)
	}
	return t.Markdown()
}

// DecidersTable names, for each policy, the two uncertain parameters most associated with its effect
// over some members of an ensemble (Spearman rank correlation with the change of victim-months); with
// fewer than three members it says that they are too few to rank.
func DecidersTable(e *trafficking.Ensemble, members []int) (string, error) {
	t := NewTable("scenario", "deciding parameters")
	if len(members) < 3 { // a rank correlation needs a few sets
		return fmt.Sprintf("(%d sets: too few to rank parameters; run more)\n", len(members)), nil
	}
	for _, p := range e.Effects(members) {
		ds, err := e.Deciders(p.Policy, members, 2)
		if err != nil {
			return "", err
		}
		var cells []string
		for _, d := range ds {
			cells = append(cells, fmt.Sprintf("%s %+.2f", d.Param, d.Spearman))
		}
		t.Row(p.Policy, strings.Join(cells, ", "))
	}
	return t.Markdown(), nil
}

// EnsembleReport is lesson 5's robustness section in Markdown: how many sets reproduce the reference
// behaviour, the effect tables on those sets and on every set of the first Latin hypercube (the full
// ranges: beyond it a set runs every scenario only if it reproduces the reference behaviour), and the
// deciding parameters.
func EnsembleReport(e *trafficking.Ensemble) (string, error) {
	acc := e.Accepted()
	deciders, err := DecidersTable(e, acc)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d of %d parameter sets reproduce every reference behaviour (acceptance rate %.1f %%).\n\n"+
		"**On the sets consistent with the reference behaviour**\n\n%s\n**On every set of the first Latin hypercube (the full ranges)**\n\n%s\n"+
		"**What decides each effect** (consistent sets; Spearman rank correlation with the change of victim-months, "+
		"positive: larger values make the policy do less good)\n\n%s",
		len(acc), len(e.Members), 100*e.AcceptanceRate(), EffectTable(e, acc), EffectTable(e, e.Ran()), deciders), nil
}

// RobustnessSettings are the project's ensemble settings (trafficking.DefaultEnsemble) stopped at
// accept parameter sets that reproduce the reference behaviour or at two Latin hypercubes drawn,
// whichever comes first, so that a lesson's cell stays quick whatever the acceptance rate.
func RobustnessSettings(accept int) *trafficking.EnsembleSettings {
	s := trafficking.DefaultEnsemble()
	s.Accept = accept
	s.MaxSamples = 2 * s.Batch
	return s
}

// Robustness runs the ensemble of RobustnessSettings.
func Robustness(c *sdmodel.Compiled, accept int) (*trafficking.Ensemble, error) {
	return trafficking.RunEnsemble(c, RobustnessSettings(accept))
}

// effectOf returns a policy's effect over the accepted members of an ensemble.
func effectOf(e *trafficking.Ensemble, policy string) (trafficking.PolicyEffect, error) {
	for _, p := range e.Effects(e.Accepted()) {
		if p.Policy == policy {
			return p, nil
		}
	}
	return trafficking.PolicyEffect{}, fmt.Errorf("the ensemble has no scenario %q", policy)
}

// direction words a change of harm: negative changes lower it.
func direction(change float64) string {
	if change < 0 {
		return "lowers"
	}
	return "raises"
}

// LeverageFinding states, in words the runs decide, what a scenario does with central parameter
// values and across the worlds consistent with the reference behaviour, and whether its expected
// result (trafficking.Expected) holds there: a sentence for the prose, so that the prose follows the
// model whichever way the result goes.
func LeverageFinding(cmp *trafficking.Comparison, e *trafficking.Ensemble, policy string) (string, error) {
	p, err := effectOf(e, policy)
	if err != nil {
		return "", err
	}
	vm, _ := cmp.Change(policy)
	vm20, _ := cmp.Change2020(policy)
	s := fmt.Sprintf("`%s` %s victim-months 2023-2030 by %.1f %% with the central parameter values (2020-2030: %+.1f %%), "+
		"and lowers them in %.0f %% of the %d worlds consistent with the reference behaviour (median change %+.1f %%)",
		policy, direction(vm), math.Abs(vm), vm20, 100*p.Lowers, p.Samples, p.P50)
	expected := trafficking.Expected()[policy]
	if !math.IsNaN(p.AsExpected) && !slices.Contains(trafficking.Counterfactuals(), policy) && !strings.Contains(expected, "reported, not assumed") {
		s += fmt.Sprintf("; its expected result — %s — holds in %.0f %% of them", expected, 100*p.AsExpected)
	}
	return s + ".", nil
}

// LeverRow is one policy's place on Meadows' scale beside what the ensemble says of it.
type LeverRow struct {
	Policy, Changes, Level string
}

// MeadowsLevels places lesson 5's policies on Meadows' (1999) scale of leverage points: a
// classification of what each policy changes, not a model result.
func MeadowsLevels() []LeverRow {
	return []LeverRow{
		{"protection-expansion", "service capacity", "12 — constants, parameters"},
		{"partnership", "coordination, identification and referral rates", "12 — constants, parameters"},
		{"raise-trafficker-risk", "penalties and arrest probabilities", "12 — constants, parameters"},
		{"supply-side-only", "trafficker arrests", "12 — constants, parameters"},
		{"upstream-prevention", "the inflow to the chain of risk", "10 — stock-and-flow structure"},
		{"three-siblings", "the chain of risk and the capacities that act on it", "10-8 — stock-and-flow structure, balancing loops"},
		{"information-feedback", "who sees what, and how soon: a new information link (2023)", "6 — information flows"},
		{"information-feedback-2019", "the same information link, from 2019", "6 — information flows"},
		{"end-demand", "the rules of the market: buying sex becomes a crime", "5 — rules"},
	}
}

// LeverageTable is Meadows' scale beside the ensemble's verdict for each policy (Markdown), ordered
// from the weakest level to the strongest, so that the ranking by leverage can be compared with the
// ranking by effect.
func LeverageTable(e *trafficking.Ensemble) (string, error) {
	t := NewTable("policy", "what it changes", "Meadows' level", "median change of victim-months (consistent worlds)", "rank by median effect", "worlds where it lowers them")
	effects := map[string]trafficking.PolicyEffect{}
	var order []string
	for _, row := range MeadowsLevels() {
		p, err := effectOf(e, row.Policy)
		if err != nil {
			return "", err
		}
		effects[row.Policy] = p
		order = append(order, row.Policy)
	}
	ranked := slices.Clone(order)
	slices.SortStableFunc(ranked, func(a, b string) int { return cmpFloat(effects[a].P50, effects[b].P50) })
	for _, row := range MeadowsLevels() {
		p := effects[row.Policy]
		t.Row(row.Policy, row.Changes, row.Level, fmt.Sprintf("%+.1f %%", p.P50),
			fmt.Sprintf("%d of %d", slices.Index(ranked, row.Policy)+1, len(ranked)), fmt.Sprintf("%.0f %%", 100*p.Lowers))
	}
	return t.Markdown(), nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Ranking returns the policies (trafficking.Policies) from the one that lowers victim-months
// 2023-2030 most to the one that lowers them least (or raises them), with central parameter values.
func Ranking(cmp *trafficking.Comparison) []string {
	var names []string
	for _, p := range trafficking.Policies() {
		names = append(names, p.Name)
	}
	slices.SortStableFunc(names, func(a, b string) int {
		va, _ := cmp.Change(a)
		vb, _ := cmp.Change(b)
		return cmpFloat(va, vb)
	})
	return names
}

// LeverageReport is lesson 5's robustness and leverage section in Markdown: EnsembleReport, then
// LeverageTable, then what the ensemble says of the abstract's leverage point (information-feedback)
// and of the delayed 4 P response (no-4p-response, whose change is the cost of freezing the 4 P).
func LeverageReport(cmp *trafficking.Comparison, e *trafficking.Ensemble) (string, error) {
	report, err := EnsembleReport(e)
	if err != nil {
		return "", err
	}
	table, err := LeverageTable(e)
	if err != nil {
		return "", err
	}
	info, err := LeverageFinding(cmp, e, "information-feedback")
	if err != nil {
		return "", err
	}
	frozen, err := LeverageFinding(cmp, e, "no-4p-response")
	if err != nil {
		return "", err
	}
	vm, _ := cmp.Change("no-4p-response")
	verdict := "Freezing the 4 P raises victim-months with the central values: the delayed response does better than capacities frozen at their 2015 levels."
	if vm < 0 {
		verdict = "Freezing the 4 P lowers victim-months with the central values: capacities frozen at their 2015 levels do better than the delayed response."
	}
	return fmt.Sprintf("%s\n**Leverage points against effects** (Meadows' scale from the weakest level to the strongest)\n\n%s\n"+
		"**What the model says of the abstract's leverage point:** %s\n\n**Of the delayed 4 P response:** %s %s\n",
		report, table, info, frozen, verdict), nil
}

// LeverTable lists the policy levers (trafficking.Levers) with their index, the constant each moves,
// its range and its Off position (Markdown), for cells that set lever values by index.
func LeverTable() string {
	t := NewTable("index", "lever", "constant", "range", "off")
	for i, l := range trafficking.Levers() {
		t.Row(i, l.Label, "`"+l.Name+"`", fmt.Sprintf("%g – %g (step %g)", l.Min, l.Max, l.Step), l.Off)
	}
	return t.Markdown()
}
