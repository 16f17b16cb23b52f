package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Sizes of the figures in CSS pixels (PNGs have twice as many pixels).
const (
	lineWidth, lineHeight = 960, 520
	barsWidth, barsHeight = 1100, 560
)

// Figure is one figure of the set: a chart written as <Name>.svg, .png and
// .html, with its caption for the README.
type Figure struct {
	Name     string // file name without extension
	Caption  string // one paragraph, plain text with Markdown code spans
	Data     []chart.Point
	Chart    *chart.Chart
	HTMLOnly bool
}

// figures builds every figure from the experiment, in the order of the README.
func figures(e *experiment) ([]Figure, error) {
	builders := []func(*experiment) ([]Figure, error){
		inputFigures, referenceFigures, baselineFigures, counterfactualFigures,
		policyFigures, mechanismFigures, sensitivityFigures, diagramFigures,
	}
	var all []Figure
	for _, b := range builders {
		fs, err := b(e)
		if err != nil {
			return nil, err
		}
		all = append(all, fs...)
	}
	seen := map[string]bool{}
	for _, f := range all {
		if seen[f.Name] {
			return nil, fmt.Errorf("two figures named %q", f.Name)
		}
		seen[f.Name] = true
	}
	return all, nil
}

// build makes a figure from a chart spec.
func build(name, caption string, data []chart.Point, spec chart.Spec) (Figure, error) {
	c, err := spec.Chart()
	if err != nil {
		return Figure{}, fmt.Errorf("figure %s: %w", name, err)
	}
	return Figure{Name: name, Caption: caption, Data: data, Chart: c}, nil
}

// pct formats a percentage with its sign and a no-break space: "+12.3 %", "−4.0 %".
func pct(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if s == "-0.0" || s == "0.0" {
		return "0.0\u00a0%"
	}
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:] + "\u00a0%"
	}
	return "+" + s + "\u00a0%"
}

// round1 rounds to one decimal, so bar labels stay short.
func round1(x float64) float64 {
	r := math.Round(10*x) / 10
	if r == 0 {
		return 0 // not -0
	}
	return r
}

// num formats a number with at most one decimal.
func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func (e *experiment) base() *sdmodel.Results { return e.runs[trafficking.Baseline] }

// initialVictims is the number of trafficked persons at the start, as text.
func (e *experiment) initialVictims() string {
	v, err := e.base().Get(trafficking.TraffickedPersons)
	if err != nil || len(v) == 0 {
		return "an illustrative number of"
	}
	return strconv.FormatFloat(math.Round(v[0]), 'f', -1, 64)
}

// existing returns the named variables the model has: figures of secondary
// variables survive renamings in the model (the key outputs must exist).
func (e *experiment) existing(names ...string) []string {
	var out []string
	for _, n := range names {
		if e.model.Var(n) != nil {
			out = append(out, n)
		}
	}
	return out
}

// runsOf returns the runs of the named scenarios that exist, baseline first when named.
func (e *experiment) runsOf(names ...string) []chart.Run {
	var runs []chart.Run
	for _, n := range names {
		if r, ok := e.runs[n]; ok {
			runs = append(runs, chart.Run{Label: n, Results: r})
		}
	}
	return runs
}

func inputFigures(e *experiment) ([]Figure, error) {
	u, err := build("inputs-unemployment",
		"Exogenous input: the US unemployment rate (monthly BLS data in the model, held at its last value after August 2025), "+
			"in the baseline and in the `no-covid` counterfactual, where it stays on its pre-pandemic path after February 2020. "+
			"Diamonds: a few months of the BLS series the model reads.",
		unemploymentData(),
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Unemployment rate", Subtitle: "model input, baseline and no-covid",
			Runs: e.runsOf(trafficking.Baseline, "no-covid"), Vars: []string{trafficking.UnemploymentRate},
			YLabel: "unemployment rate (% of labour force)", Data: unemploymentData(),
		})
	if err != nil {
		return nil, err
	}
	pr, err := e.base().Get(trafficking.PandemicRestrictions)
	if err != nil {
		return nil, err
	}
	restrictions, err := window(e.base(), trafficking.Jan2019, trafficking.Jan2023+24+1,
		column{trafficking.PandemicRestrictions, "dimensionless", pr})
	if err != nil {
		return nil, err
	}
	r, err := build("inputs-restrictions",
		"Exogenous input: pandemic restrictions (0 none, 1 the April 2020 lockdown) in the baseline, 2019 to 2024; zero before and after, and always zero in `no-covid`. "+
			"Diamonds: the points of the assumed shape (after the Oxford COVID-19 Government Response Tracker's stringency index).",
		restrictionsData(),
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Pandemic restrictions", Subtitle: "model input, baseline, 2019–2024",
			Runs: []chart.Run{{Label: trafficking.Baseline, Results: restrictions}}, Vars: []string{trafficking.PandemicRestrictions},
			YLabel: "restrictions (0 none, 1 April 2020 lockdown)", Data: restrictionsData(),
		})
	if err != nil {
		return nil, err
	}
	return []Figure{u, r}, nil
}

func referenceFigures(e *experiment) ([]Figure, error) {
	b := e.base()
	tr, err := b.Get(trafficking.Transactions)
	if err != nil {
		return nil, err
	}
	tp, err := b.Get(trafficking.TraffickedPersons)
	if err != nil {
		return nil, err
	}
	id, err := b.Get(trafficking.IdentifiedVictims)
	if err != nil {
		return nil, err
	}
	feb := trafficking.Feb2020
	market, err := derived(b,
		column{trafficking.Transactions, "dimensionless", index(tr, tr[feb])},
		column{trafficking.TraffickedPersons, "dimensionless", index(tp, tp[feb])},
	)
	if err != nil {
		return nil, err
	}
	r := e.ref
	recovery := "never"
	if r.RecoveryTime >= 0 {
		recovery = trafficking.Date(r.RecoveryTime)
	}
	f1, err := build("reference-transactions",
		fmt.Sprintf("Reference behaviour of the market (baseline). Transactions and trafficked persons as indices, February 2020 = 100. "+
			"Transactions fall to %s\u00a0%% (April 2020) and %s\u00a0%% (May 2020) of February 2020 (reference behaviour 2: 45–80\u00a0%%) "+
			"and are back at the February 2020 level in %s (reference behaviour 4: before the end of 2022). "+
			"Trafficked persons peak at %s\u00a0%% of February 2020 in %s, fall to %s\u00a0%% in %s and rise again by %s persons before 2031 (reference behaviour 5: at least one damped cycle). "+
			"Diamonds: online sex-work advertising as published, the level before the pandemic = 100: women advertised in Ireland about −50\u00a0%% in the first lockdown "+
			"and back to normal levels by November 2020 (Breslin, O'Connor et al. 2020); active profiles on an international website −26.3\u00a0%% over January–May 2020 "+
			"and +9.4\u00a0%% from May to August 2020 (Callander et al. 2020). The calibration (`trafficking calibrate`) fits the lockdown demand reduction and the price elasticity of demand to them.",
			num(100*r.TransactionsApr), num(100*r.TransactionsMay), recovery,
			num(100*r.Peak/tp[feb]), trafficking.Date(r.PeakTime), num(100*r.Trough/tp[feb]), trafficking.Date(r.TroughTime), num(r.Upturn)),
		advertisingData(),
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Reference behaviour: the market around COVID-19", Subtitle: "baseline, February 2020 = 100",
			Runs:   []chart.Run{{Label: trafficking.Baseline, Results: market}},
			Vars:   []string{trafficking.Transactions, trafficking.TraffickedPersons},
			YLabel: "index (February 2020 = 100)", Data: advertisingData(),
		})
	if err != nil {
		return nil, err
	}
	ref2019 := mean(id, trafficking.Jan2019, trafficking.Jan2020)
	detect, err := derived(b,
		column{"identified victims", "dimensionless", index(id, ref2019)},
		column{"calendar-year mean", "dimensionless", index(yearlyMeans(id), ref2019)},
	)
	if err != nil {
		return nil, err
	}
	f2, err := build("reference-identified-victims",
		fmt.Sprintf("Reference behaviour of detection (baseline). Identified victims per month and their calendar-year mean, as indices with the 2019 mean = 100. "+
			"Identified victims in 2020 are %s against 2019 (reference behaviour 3: −5 to −30\u00a0%%; UNODC 2022: −11\u00a0%% for all forms, −24\u00a0%% for sexual exploitation) "+
			"and in 2022 %s (reference behaviour 4: +10 to +45\u00a0%%; UNODC 2024: +25\u00a0%%). Diamonds are placed at the middle of the year they describe; "+
			"the calibration fits the pandemic identification disruption to them, with the lockdown demand reduction and the market adaptation time.",
			pct(100*(r.Identified2020-1)), pct(100*(r.Identified2022-1))),
		detectionData(),
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Reference behaviour: identified victims", Subtitle: "baseline, 2019 = 100",
			Runs:   []chart.Run{{Label: trafficking.Baseline, Results: detect}},
			Vars:   []string{"identified victims", "calendar-year mean"},
			YLabel: "index (2019 = 100)", Data: detectionData(),
		})
	if err != nil {
		return nil, err
	}
	return []Figure{f1, f2}, nil
}

func baselineFigures(e *experiment) ([]Figure, error) {
	b := e.base()
	stocks, err := build("baseline-victims-and-survivors",
		"Baseline: people in the later stages of the chain of risk, in persons. Levels are illustrative (the model is scaled to a state of about 3.5 million "+
			"with "+e.initialVictims()+" trafficked persons in January 2015); shapes and ratios matter.",
		nil,
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Victims and survivors", Subtitle: "baseline",
			Runs:   e.runsOf(trafficking.Baseline),
			Vars:   []string{trafficking.TraffickedPersons, trafficking.GroomingPipeline, trafficking.SurvivorsInServices, "survivors without services"},
			YLabel: "persons",
		})
	if err != nil {
		return nil, err
	}
	// The 4 P capacities and what drives them, each relative to January 2015.
	var cols []column
	for _, v := range e.existing(trafficking.PublicWill, "anti-trafficking funding", trafficking.PreventionCapacity,
		trafficking.ProtectionCapacity, trafficking.ProsecutionCapacity, trafficking.Partnership) {
		s, err := b.Get(v)
		if err != nil {
			return nil, err
		}
		rel := make([]float64, len(s))
		for i, x := range s {
			rel[i] = x / s[0]
		}
		cols = append(cols, column{v, "dimensionless", rel})
	}
	rel, err := derived(b, cols...)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	response, err := build("baseline-4p-response",
		"Baseline: the 4 P response. Public will, anti-trafficking funding and the capacities of the Prevention, Protection, Prosecution and Partnership "+
			"sectors, each relative to January 2015 (= 1). Will follows perceived prevalence, funding follows will through the budget cycle, and each "+
			"capacity follows funding with its own delay; pandemic disruption of the capacities is not shown (it lowers their effective use, not the stocks).",
		nil,
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "The 4 P response", Subtitle: "baseline, relative to January 2015",
			Runs: []chart.Run{{Label: trafficking.Baseline, Results: rel}}, Vars: names,
			YLabel: "relative to January 2015 (= 1)",
		})
	if err != nil {
		return nil, err
	}
	info, err := build("baseline-perceived-prevalence",
		"Baseline: actual prevalence (trafficked persons), prevalence as reported (identified victims divided by the identification fraction "+
			"stakeholders assume) and perceived prevalence (reported prevalence through a third-order information delay), in persons. "+
			"When the pandemic lowers identification, reported and perceived prevalence fall while actual prevalence rises: the missing information feedback.",
		nil,
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Actual and perceived prevalence", Subtitle: "baseline",
			Runs: e.runsOf(trafficking.Baseline), Vars: e.existing(trafficking.TraffickedPersons, "reported prevalence", trafficking.PerceivedPrevalence),
			YLabel: "persons",
		})
	if err != nil {
		return nil, err
	}
	return []Figure{stocks, response, info}, nil
}

func counterfactualFigures(e *experiment) ([]Figure, error) {
	names := []string{trafficking.Baseline}
	var parts []string
	for _, s := range e.counter {
		names = append(names, s.Name)
		vm, _ := e.change2020(s.Name)
		parts = append(parts, fmt.Sprintf("`%s` %s", s.Name, pct(vm)))
	}
	var desc []string
	for _, s := range e.counter {
		desc = append(desc, fmt.Sprintf("`%s`: %s", s.Name, s.Description))
	}
	what := strings.Join(desc, "; ") + "."
	summary := "Cumulative victim-months 2020–2030 against the baseline: " + strings.Join(parts, ", ") +
		" (reference behaviour 6: `no-4p` at least +10\u00a0%; `no-4p-response` reported whichever way it goes)."
	var figs []Figure
	for _, v := range []struct{ name, variable, ylabel string }{
		{"counterfactuals-trafficked-persons", trafficking.TraffickedPersons, "trafficked persons (persons)"},
		{"counterfactuals-transactions", trafficking.Transactions, "transactions (transactions/month)"},
	} {
		f, err := build(v.name, "Counterfactuals against the baseline: "+v.variable+". "+what+" "+summary, nil,
			chart.Line{
				Width: lineWidth, Height: lineHeight,
				Title: "Counterfactuals: " + v.variable, Subtitle: "without COVID-19, without the 4 P, without their response",
				Runs: e.runsOf(names...), Vars: []string{v.variable}, YLabel: v.ylabel,
			})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	var labels []string
	var vms, trs []float64
	for _, s := range e.counter {
		vm, tr := e.change2020(s.Name)
		labels = append(labels, wrap(s.Name))
		vms, trs = append(vms, round1(vm)), append(trs, round1(tr))
	}
	if len(labels) > 0 {
		f, err := build("counterfactuals-bars",
			"Counterfactuals: change of cumulative victim-months and cumulative transactions from January 2020 to January 2031 against the baseline, in percent. "+what,
			nil,
			chart.Bars{
				Title: "Counterfactuals: harm 2020–2030", Subtitle: "change against the baseline",
				Names: labels, XLabel: "scenario", YLabel: "change against baseline (%)",
				Width: lineWidth, Height: lineHeight,
				Series: []chart.BarSeries{{Name: "victim-months", Values: vms}, {Name: "transactions", Values: trs}},
			})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}

func policyFigures(e *experiment) ([]Figure, error) {
	var figs []Figure
	var labels []string
	var vms, trs []float64
	for _, p := range e.policies {
		vm, tr := e.change(p.Name)
		labels = append(labels, wrap(p.Name))
		vms, trs = append(vms, round1(vm)), append(trs, round1(tr))
		caption := fmt.Sprintf("Policy `%s` against the baseline: trafficked persons. %s. Cumulative victim-months 2023–2030 %s and transactions %s against the baseline.",
			p.Name, capitalise(p.Description), pct(vm), pct(tr))
		if exp := trafficking.Expected()[p.Name]; exp != "" {
			caption += " Expected result (to be shown, not assumed): " + exp + "."
		}
		if p.Name == "three-siblings" {
			caption += " " + e.sumOfParts()
		}
		f, err := build("policy-"+p.Name, caption,
			nil,
			chart.Line{
				Width: lineWidth, Height: lineHeight,
				Title:    "Policy " + p.Name + ": trafficked persons",
				Subtitle: fmt.Sprintf("victim-months 2023–2030 %s, transactions %s against baseline", pct(vm), pct(tr)),
				Runs:     e.runsOf(trafficking.Baseline, p.Name), Vars: []string{trafficking.TraffickedPersons},
				YLabel: "trafficked persons (persons)",
			})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	if len(labels) == 0 {
		return figs, nil
	}
	var desc []string
	for _, p := range e.policies {
		desc = append(desc, fmt.Sprintf("`%s`: %s", p.Name, p.Description))
	}
	bars, err := build("policies-bars",
		"Policy comparison: change of cumulative victim-months and cumulative transactions from January 2023 to January 2031 against the baseline, "+
			"in percent (negative is better). Policies start in January 2023 with a 12-month phase-in unless their description says otherwise. "+
			strings.Join(desc, "; ")+".",
		nil,
		chart.Bars{
			Title: "Policy comparison: harm 2023–2030", Subtitle: "change against the baseline",
			Names: labels, XLabel: "policy", YLabel: "change against baseline (%)",
			Series: []chart.BarSeries{{Name: "victim-months", Values: vms}, {Name: "transactions", Values: trs}},
			Width:  barsWidth, Height: barsHeight,
		})
	if err != nil {
		return nil, err
	}
	return append(figs, bars), nil
}

// sumOfParts compares three-siblings with the sum of the changes its parts
// make alone.
func (e *experiment) sumOfParts() string {
	sp := e.cmp.ThreeSiblings()
	var each []string
	for _, p := range sp.Parts {
		each = append(each, fmt.Sprintf("`%s` %s", p.Scenario, pct(p.Change)))
	}
	return fmt.Sprintf("Its parts alone change victim-months by %s, a sum of %s, against %s for the three together.", strings.Join(each, ", "), pct(sp.Sum), pct(sp.Together))
}

func mechanismFigures(e *experiment) ([]Figure, error) {
	var figs []Figure
	market := e.runsOf(trafficking.Baseline, "end-demand", "raise-trafficker-risk", "supply-side-only")
	for _, v := range []struct{ name, variable, ylabel, caption string }{
		{"market-price", trafficking.Price, "price ($/transaction)",
			"Market response to demand- and supply-side policies: price per transaction. Raising traffickers' risk raises their costs, which they pass on in the price (Kara)."},
		{"market-profit", trafficking.ProfitPerVictim, "profit per victim ($/person/month)",
			"Market response to demand- and supply-side policies: traffickers' profit per victim per month, which drives their recruitment."},
		{"market-recruitment", trafficking.RecruitmentStarts, "recruitment starts (persons/month)",
			"Market response to demand- and supply-side policies: recruitment starts. Supply-side measures alone are expected to meet policy resistance: victims are freed, but price and profit rise and recruitment refills."},
	} {
		f, err := build(v.name, v.caption, nil, chart.Line{
			Title: "Demand- and supply-side policies: " + v.variable, Subtitle: "policies from January 2023",
			Runs: market, Vars: []string{v.variable}, YLabel: v.ylabel,
		})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	var infoRuns []chart.Run
	for _, r := range []struct{ scenario, label string }{
		{trafficking.Baseline, "baseline"}, {"information-feedback", "surveillance 2023"}, {"information-feedback-2019", "surveillance 2019"},
	} {
		run, ok := e.runs[r.scenario]
		if !ok {
			continue
		}
		res, err := renamed(run, [2]string{trafficking.TraffickedPersons, "actual"}, [2]string{trafficking.PerceivedPrevalence, "perceived"})
		if err != nil {
			return nil, err
		}
		infoRuns = append(infoRuns, chart.Run{Label: r.label, Results: res})
	}
	info, err := build("information-feedback",
		"The information feedback: actual prevalence (trafficked persons, solid) and perceived prevalence (dashed), in persons, in the baseline and with surveillance "+
			"of measured prevalence from January 2023 (`information-feedback`, \"surveillance 2023\") or from January 2019 (`information-feedback-2019`, \"surveillance 2019\").",
		nil,
		chart.Line{
			Width: lineWidth, Height: lineHeight,
			Title: "Information feedback: actual and perceived prevalence", Subtitle: "solid: actual (trafficked persons); dashed: perceived prevalence",
			Runs: infoRuns, Vars: []string{"actual", "perceived"}, YLabel: "persons",
		})
	if err != nil {
		return nil, err
	}
	return append(figs, info), nil
}

// ensembleMethod describes the ensemble for the captions.
func (e *experiment) ensembleMethod() string {
	m := fmt.Sprintf("the %d parameter sets, of %d drawn by Latin hypercube over the %d uncertain parameters (each uniform over its stated range, seed %d), "+
		"that reproduce every reference behaviour (acceptance rate %s\u00a0%%)",
		len(e.accepted), len(e.ens.Members), len(e.ens.Params), e.ens.Seed, num(100*e.ens.AcceptanceRate()))
	if n := e.ens.Failed(); n > 0 {
		m += fmt.Sprintf("; %d sets whose runs the engine stopped are left out", n)
	}
	return m
}

func sensitivityFigures(e *experiment) ([]Figure, error) {
	var figs []Figure
	for _, v := range []struct{ name, variable, ylabel string }{
		{"sensitivity-trafficked-persons", trafficking.TraffickedPersons, "trafficked persons (persons)"},
		{"sensitivity-transactions", trafficking.Transactions, "transactions (transactions/month)"},
		{"sensitivity-identified-victims", trafficking.IdentifiedVictims, "identified victims (persons/month)"},
	} {
		band := e.bands[v.variable]
		if band == nil {
			return nil, fmt.Errorf("no band of %s", v.variable)
		}
		pcts := map[string][]float64{}
		for k, q := range band.Quantiles {
			pcts[fmt.Sprintf("p%g", 100*q)] = band.Values[k]
		}
		f, err := build(v.name,
			fmt.Sprintf("Sensitivity of the baseline: %s. Shaded: the 5–95 and 25–75 percentile bands and the median over %s; dashed: the baseline run at the central values.",
				v.variable, e.ensembleMethod()),
			nil,
			chart.Bands{
				Width: lineWidth, Height: lineHeight,
				Title: "Sensitivity: " + v.variable, Subtitle: fmt.Sprintf("baseline, %d parameter sets consistent with the reference behaviour", len(e.accepted)),
				Var: v.variable, YLabel: v.ylabel, Time: e.base().Time(), Percentiles: pcts,
				DateOrigin: e.base().DateOrigin, TimeUnits: e.base().TimeUnits,
				Runs: []chart.Run{{Label: "baseline, central values", Results: e.base()}},
			})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	if len(e.policies) == 0 {
		return figs, nil
	}
	for _, part := range []struct {
		name, what string
		members    []int
	}{
		{"sensitivity-policies", "the parameter sets consistent with the reference behaviour", e.accepted},
		{"sensitivity-policies-full-range", "every parameter set of the first Latin hypercube (the full ranges)", e.ran},
	} {
		effects := map[string]trafficking.PolicyEffect{}
		for _, pe := range e.ens.Effects(part.members) {
			effects[pe.Policy] = pe
		}
		var labels []string
		series := []chart.BarSeries{{Name: "5th percentile"}, {Name: "median"}, {Name: "95th percentile"}}
		for _, p := range e.policies {
			labels = append(labels, wrap(p.Name))
			pe := effects[p.Name]
			for k, q := range []float64{pe.P5, pe.P50, pe.P95} {
				series[k].Values = append(series[k].Values, round1(q))
			}
		}
		caption := fmt.Sprintf("Change of cumulative victim-months 2023–2030 against the baseline with the same parameters, in percent, "+
			"over %s, n = %d: 5th percentile, median and 95th percentile. ", part.what, len(part.members))
		if part.name == "sensitivity-policies" {
			caption += "The sets are " + e.ensembleMethod() + ". "
		} else {
			caption += fmt.Sprintf("Beside the figure on the %d sets consistent with the reference behaviour: most of the full ranges contradict the data. ", len(e.accepted))
		}
		caption += "The table \"Robustness of the policies\" at the end of this README gives in how many sets each policy beats the baseline."
		f, err := build(part.name, caption, nil,
			chart.Bars{
				Title: "Robustness of the policies: victim-months 2023–2030", Subtitle: fmt.Sprintf("change against the baseline over %s, n = %d", part.what, len(part.members)),
				Names: labels, XLabel: "policy", YLabel: "change against baseline (%)", Series: series,
				Width: barsWidth, Height: barsHeight,
			})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// wrap breaks a scenario name over two lines at the hyphen nearest its
// middle, so that bar labels do not overlap.
func wrap(name string) string {
	best := -1
	for i, r := range name {
		if r == '-' && (best < 0 || abs(i-len(name)/2) < abs(best-len(name)/2)) {
			best = i
		}
	}
	if best < 0 || len(name) < 12 {
		return name
	}
	return name[:best+1] + "\n" + name[best+1:]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
