package trafficking

import (
	"fmt"
	"math"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Check is one stated check of the model: a reference behaviour of the design
// brief or a policy's expected result, with the numbers measured in a run and
// whether it holds.
type Check struct {
	ID        string // "1" to "7" for the reference behaviour, else the scenario name
	Statement string // what must hold
	Measured  string // the numbers behind the verdict
	Pass      bool
	// Reported marks a result to report, not to assume
	// (no-4p-response, information-feedback): Pass then only says the
	// experiment ran as designed.
	Reported bool
}

// Runs holds the results of every scenario of Scenarios (and PreventionPart)
// by name.
type Runs map[string]*sdmodel.Results

// RunAll runs every scenario, plus PreventionPart, with the given options.
func RunAll(c *sdmodel.Compiled, opts ...sdmodel.RunOption) (Runs, error) {
	runs := Runs{}
	for _, s := range append(Scenarios(), PreventionPart()) {
		res, err := Run(c, s, opts...)
		if err != nil {
			return nil, err
		}
		runs[s.Name] = res
	}
	return runs, nil
}

// window statistics over saved months [from, to).
func meanOf(s []float64, from, to int) float64 {
	sum := 0.0
	for _, x := range s[from:to] {
		sum += x
	}
	return sum / float64(to-from)
}

func sumOf(s []float64, from, to int) float64 {
	return float64(meanOf(s, from, to) * float64(to-from))
}

func minOf(s []float64, from, to int) float64 {
	m := math.Inf(1)
	for _, x := range s[from:to] {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(s []float64, from, to int) float64 {
	m := math.Inf(-1)
	for _, x := range s[from:to] {
		m = math.Max(m, x)
	}
	return m
}

func argmaxOf(s []float64, from, to int) int {
	k := from
	for i := from; i < to; i++ {
		if s[i] > s[k] {
			k = i
		}
	}
	return k
}

// Windows used by the policy checks: policies start in January 2023 and are
// fully phased in by January 2024.
const (
	checkFrom = 108 // January 2024
	checkTo   = Jan2031 + 1
)

func (r Runs) series(scenario, name string) ([]float64, error) {
	res, ok := r[scenario]
	if !ok {
		return nil, fmt.Errorf("no run of scenario %s", scenario)
	}
	return series(res, name)
}

// isReferenceScenario says whether ReferenceChecks needs the scenario's run.
func isReferenceScenario(name string) bool {
	return name == Baseline || name == "no-covid" || name == "no-4p"
}

// ReferenceChecks evaluates the reference behaviour 1-7
// on the baseline, no-covid and no-4p runs.
func ReferenceChecks(r Runs) ([]Check, error) {
	base, ok := r[Baseline]
	if !ok {
		return nil, fmt.Errorf("no baseline run")
	}
	ref, err := MeasureReference(base)
	if err != nil {
		return nil, err
	}
	bo, err := Measure(Baseline, base)
	if err != nil {
		return nil, err
	}
	no4p, err := r.outcome("no-4p")
	if err != nil {
		return nil, err
	}
	nc, ok := r["no-covid"]
	if !ok {
		return nil, fmt.Errorf("no run of scenario no-covid")
	}
	ncMin, ncMax, err := NoCovidRange(nc)
	if err != nil {
		return nil, err
	}
	no4pChange := Change(no4p.VictimMonths2020, bo.VictimMonths2020)
	cyc, err := MeasureCycle(base, nc)
	if err != nil {
		return nil, err
	}
	return []Check{
		{ID: "1", Statement: "equilibrium before COVID: trafficked persons within ±10 % of the initial value, January 2015 to February 2020",
			Measured: fmt.Sprintf("%.3f to %.3f of the initial value", ref.PreCovidMin, ref.PreCovidMax),
			Pass:     ref.Holds(1)},
		{ID: "2", Statement: "decline: transactions in April and May 2020 between 45 % and 80 % of February 2020",
			Measured: fmt.Sprintf("April %.1f %%, May %.1f %%", 100*ref.TransactionsApr, 100*ref.TransactionsMay),
			Pass:     ref.Holds(2)},
		{ID: "3", Statement: "detection dip: identified victims in 2020 5 % to 30 % below 2019",
			Measured: fmt.Sprintf("%+.1f %%", 100*(ref.Identified2020-1)),
			Pass:     ref.Holds(3)},
		{ID: "4", Statement: "rebound: transactions back at or above February 2020 only as restrictions ease after the winter wave, and before 2023; identified victims in 2022 10 % to 45 % above 2019",
			Measured: fmt.Sprintf("transactions back in %s (restrictions ease from %s); identified victims 2022 %+.1f %% on 2019", Date(ref.RecoveryTime), Date(WinterWaveEnd), 100*(ref.Identified2022-1)),
			Pass:     ref.Holds(4) && ref.RecoveryTime >= WinterWaveEnd},
		{ID: "5", Statement: "post-COVID oscillation: trafficked persons peak after 2021 above the pre-COVID level, fall below that peak and turn up again before 2031, both overshooting and undershooting the no-COVID path",
			Measured: fmt.Sprintf("February 2020 %.0f; peak %.0f in %s; trough %.0f in %s; then up %.0f; against the no-COVID path %+.1f %% (%s) and %+.1f %% (%s)", ref.PreCovid, ref.Peak, Date(ref.PeakTime), ref.Trough, Date(ref.TroughTime), ref.Upturn,
				100*cyc.Overshoot, Date(cyc.OvershootTime), 100*cyc.Undershoot, Date(cyc.UndershootTime)),
			Pass: ref.Holds(5) && cyc.Overshoot > 0 && cyc.Undershoot < 0},
		{ID: "6", Statement: "the 4 P keep trafficking lower: with the 4 P removed from March 2020, cumulative victim-months 2020-2030 at least 10 % higher",
			Measured: fmt.Sprintf("%+.1f %%", no4pChange),
			Pass:     FourPHolds(no4pChange)},
		{ID: "7", Statement: "without COVID the model stays near its pre-COVID path: trafficked persons within ±10 % of the initial value for the whole run",
			Measured: fmt.Sprintf("%.3f to %.3f of the initial value", ncMin, ncMax),
			Pass:     NoCovidHolds(ncMin, ncMax)},
	}, nil
}

func inRange(x, lo, hi float64) bool { return x >= lo && x <= hi }

// Holds reports whether reference behaviour n (1 to 5, measured on the
// baseline) holds with the reference numbers.
func (ref Reference) Holds(n int) bool {
	switch n {
	case 1:
		return ref.PreCovidMin >= 0.9 && ref.PreCovidMax <= 1.1
	case 2:
		return inRange(ref.TransactionsApr, 0.45, 0.8) && inRange(ref.TransactionsMay, 0.45, 0.8)
	case 3:
		return inRange(ref.Identified2020, 0.7, 0.95)
	case 4:
		return ref.RecoveryTime >= 0 && ref.RecoveryTime < Jan2023 && inRange(ref.Identified2022, 1.1, 1.45)
	case 5:
		return ref.Peak > ref.PreCovid && ref.Trough < ref.Peak && ref.TroughTime < Jan2031 && ref.Upturn > 0.005*ref.Peak
	}
	return false
}

// FourPHolds reports whether reference behaviour 6 holds: victim-months
// 2020-2030 at least 10 % higher without the 4 P (change in percent).
func FourPHolds(change float64) bool { return change >= 10 }

// NoCovidHolds reports whether reference behaviour 7 holds: without COVID,
// trafficked persons stay within ±10 % of their initial value (the lowest and
// highest values as fractions of the initial one).
func NoCovidHolds(min, max float64) bool { return min >= 0.9 && max <= 1.1 }

// NoCovidRange returns the lowest and highest trafficked persons of a run as
// fractions of the initial value (reference behaviour 7).
func NoCovidRange(res *sdmodel.Results) (min, max float64, err error) {
	v, err := series(res, TraffickedPersons)
	if err != nil {
		return 0, 0, err
	}
	return minOf(v, 0, len(v)) / v[0], maxOf(v, 0, len(v)) / v[0], nil
}

func (r Runs) outcome(scenario string) (Outcome, error) {
	res, ok := r[scenario]
	if !ok {
		return Outcome{}, fmt.Errorf("no run of scenario %s", scenario)
	}
	return Measure(scenario, res)
}

// PolicyChecks evaluates each policy's expected result (the policy
// table) against the baseline.
func PolicyChecks(r Runs) ([]Check, error) {
	bo, err := r.outcome(Baseline)
	if err != nil {
		return nil, err
	}
	out := map[string]Outcome{}
	for _, s := range append(Scenarios(), PreventionPart()) {
		o, err := r.outcome(s.Name)
		if err != nil {
			return nil, err
		}
		out[s.Name] = o
	}
	vm := func(name string) float64 { return Change(out[name].VictimMonths, bo.VictimMonths) }
	tx := func(name string) float64 { return Change(out[name].Transactions, bo.Transactions) }
	var firstErr error
	get := func(scenario, name string) []float64 {
		s, err := r.series(scenario, name)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if s == nil {
			s = make([]float64, checkTo)
		}
		return s
	}
	meanChange := func(scenario, name string) float64 {
		return Change(meanOf(get(scenario, name), checkFrom, checkTo), meanOf(get(Baseline, name), checkFrom, checkTo))
	}
	var checks []Check
	add := func(c Check) { checks = append(checks, c) }

	// no-4p-response: frozen capacities; the result is reported, whichever way it goes.
	pc := get("no-4p-response", ProtectionCapacity)
	frozen := minOf(pc, 0, checkTo) == pc[0] && maxOf(pc, 0, checkTo) == pc[0]
	add(Check{ID: "no-4p-response", Reported: true,
		Statement: "4 P capacities frozen at their 2015 levels; the effect of the delayed response is reported, not assumed",
		Measured: fmt.Sprintf("victim-months 2023-2030 %+.1f %%, 2020-2030 %+.1f %% against the baseline (negative: the frozen capacities do better than the delayed response)",
			vm("no-4p-response"), Change(out["no-4p-response"].VictimMonths2020, bo.VictimMonths2020)),
		Pass: frozen})

	// information-feedback: expected a smaller post-COVID oscillation and an
	// earlier 4 P response; reported, whichever way it goes.
	const inf = "information-feedback"
	amp := func(s string) float64 {
		v := get(s, TraffickedPersons)
		return maxOf(v, checkFrom, checkTo) - minOf(v, checkFrom, checkTo)
	}
	fundPeak := func(s string) int { return argmaxOf(get(s, "anti-trafficking funding"), Jan2023, checkTo) }
	surveillance := get(inf, "surveillance in place")
	add(Check{ID: inf, Reported: true,
		Statement: "surveillance of prevalence from 2023; expected a smaller post-COVID oscillation of trafficked persons (2024-2030) and an earlier 4 P response (funding peaks earlier): reported, not assumed",
		Measured: fmt.Sprintf("oscillation range %.0f vs %.0f persons (smaller: %s); funding peak %s vs %s (earlier: %s); victim-months %+.1f %%, transactions %+.1f %%",
			amp(inf), amp(Baseline), yesNo(amp(inf) < amp(Baseline)),
			Date(float64(fundPeak(inf))), Date(float64(fundPeak(Baseline))), yesNo(fundPeak(inf) < fundPeak(Baseline)),
			vm(inf), tx(inf)),
		Pass: surveillance[checkFrom] == 1 && maxOf(get(Baseline, "surveillance in place"), 0, checkTo) == 0})

	// information-feedback-2019: smaller COVID-era misperception and dip.
	mis := func(s string) float64 {
		p, v := get(s, PerceivedPrevalence), get(s, TraffickedPersons)
		m := math.Inf(1)
		for i := Jan2020; i < Jan2023; i++ {
			m = math.Min(m, p[i]/v[i])
		}
		return m
	}
	willDip := func(s string) float64 { return 1 - minOf(get(s, PublicWill), Jan2020, Jan2023) }
	willPeak := func(s string) (float64, int) {
		w := get(s, PublicWill)
		k := argmaxOf(w, Jan2020, checkTo)
		return w[k], k
	}
	const s19 = "information-feedback-2019"
	p19, t19 := willPeak(s19)
	pb, tb := willPeak(Baseline)
	add(Check{ID: s19,
		Statement: "a smaller COVID-era misperception (perceived / actual prevalence closer to 1) and a smaller dip of public will; fewer victim-months",
		Measured: fmt.Sprintf("lowest perceived/actual 2020-2022 %.2f vs %.2f; will dip %.2f vs %.2f; will peaks at %.2f in %s vs %.2f in %s (earlier); victim-months %+.1f %%",
			mis(s19), mis(Baseline), willDip(s19), willDip(Baseline), p19, Date(float64(t19)), pb, Date(float64(tb)), vm(s19)),
		Pass: mis(s19) > mis(Baseline) && willDip(s19) < willDip(Baseline) && vm(s19) < 0})

	// end-demand.
	add(Check{ID: "end-demand",
		Statement: "fewer transactions and victims; lower profits",
		Measured: fmt.Sprintf("victim-months %+.1f %%, transactions %+.1f %%, profit per victim %+.1f %% (2024-2030 mean)",
			vm("end-demand"), tx("end-demand"), meanChange("end-demand", ProfitPerVictim)),
		Pass: vm("end-demand") < 0 && tx("end-demand") < 0 && meanChange("end-demand", ProfitPerVictim) < 0})

	// raise-trafficker-risk.
	const rr = "raise-trafficker-risk"
	add(Check{ID: rr,
		Statement: "higher risk cost and price, lower demand",
		Measured: fmt.Sprintf("risk cost per victim %+.0f %%, price %+.1f %%, demand %+.1f %% (2024-2030 means); victim-months %+.1f %%, transactions %+.1f %%",
			meanChange(rr, RiskCostPerVictim), meanChange(rr, Price), meanChange(rr, Demand), vm(rr), tx(rr)),
		Pass: meanChange(rr, RiskCostPerVictim) > 0 && meanChange(rr, Price) > 0 && meanChange(rr, Demand) < 0})

	// supply-side-only: policy resistance.
	const ss = "supply-side-only"
	add(Check{ID: ss,
		Statement: "policy resistance: price and profit per transaction rise, recruitment refills; a smaller effect than end-demand",
		Measured: fmt.Sprintf("price %+.1f %%, profit per transaction %+.1f %%, profit per victim %+.1f %%, recruitment %+.1f %% (2024-2030 means); victim-months %+.1f %% vs end-demand %+.1f %%",
			meanChange(ss, Price), meanChange(ss, "profit per transaction"), meanChange(ss, ProfitPerVictim), meanChange(ss, RecruitmentStarts), vm(ss), vm("end-demand")),
		Pass: meanChange(ss, Price) > 0 && meanChange(ss, "profit per transaction") > 0 && meanChange(ss, RecruitmentStarts) > 0 &&
			math.Abs(vm(ss)) < math.Abs(vm("end-demand"))})

	// upstream-prevention: slow but lasting.
	gap := func(s string, t int) float64 {
		return get(s, TraffickedPersons)[t] - get(Baseline, TraffickedPersons)[t]
	}
	const up = "upstream-prevention"
	add(Check{ID: up,
		Statement: "a slow but lasting fall: fewer victims, the gap to the baseline wider in 2030 than in 2024",
		Measured: fmt.Sprintf("victim-months %+.1f %%; trafficked persons %+.0f in January 2024, %+.0f in January 2031",
			vm(up), gap(up, checkFrom), gap(up, Jan2031)),
		Pass: vm(up) < 0 && gap(up, Jan2031) < gap(up, checkFrom) && gap(up, Jan2031) < 0})

	// protection-expansion: less re-trafficking. Measured as the monthly
	// rate at which survivors are re-trafficked: more services also mean more
	// outreach, so more survivors, and the count can stay level while each
	// survivor's risk falls.
	retraf := func(s string) float64 { return sumOf(get(s, ReTrafficking), Jan2023, Jan2031) }
	survivors := func(s string) float64 {
		return sumOf(get(s, SurvivorsInServices), Jan2023, Jan2031) + sumOf(get(s, "survivors without services"), Jan2023, Jan2031)
	}
	rate := func(s string) float64 { return retraf(s) / survivors(s) }
	const pe = "protection-expansion"
	add(Check{ID: pe,
		Statement: "less re-trafficking: survivors re-trafficked at a lower monthly rate (2023-2030)",
		Measured: fmt.Sprintf("re-trafficking rate %.2f %% vs %.2f %% a month (%+.1f %%); re-trafficked %.0f vs %.0f persons (%+.1f %%); victim-months %+.1f %%",
			100*rate(pe), 100*rate(Baseline), Change(rate(pe), rate(Baseline)), retraf(pe), retraf(Baseline), Change(retraf(pe), retraf(Baseline)), vm(pe)),
		Pass: rate(pe) < rate(Baseline)})

	// partnership: more identification and referral.
	add(Check{ID: "partnership",
		Statement: "more identification and referral",
		Measured: fmt.Sprintf("identification fraction %+.1f %%, referral fraction %+.1f %% (2024-2030 means); victim-months %+.1f %%",
			meanChange("partnership", "identification fraction"), meanChange("partnership", "referral fraction"), vm("partnership")),
		Pass: meanChange("partnership", "identification fraction") > 0 && meanChange("partnership", "referral fraction") > 0})

	// services-open-in-pandemic: smaller detection dip and rebound.
	idYear := func(s string, from int) float64 { return sumOf(get(s, IdentifiedVictims), from, from+12) }
	dip := func(s string) float64 { return idYear(s, Jan2020)/idYear(s, Jan2019) - 1 }
	rebound := func(s string) float64 { return idYear(s, Jan2022)/idYear(s, Jan2020) - 1 }
	const so = "services-open-in-pandemic"
	add(Check{ID: so,
		Statement: "smaller detection dip (identified victims 2020 on 2019) and smaller rebound (2022 on 2020)",
		Measured: fmt.Sprintf("dip %+.1f %% vs %+.1f %%; rebound %+.1f %% vs %+.1f %%; victim-months %+.1f %%",
			100*dip(so), 100*dip(Baseline), 100*rebound(so), 100*rebound(Baseline), vm(so)),
		Pass: dip(so) > dip(Baseline) && rebound(so) < rebound(Baseline)})

	// three-siblings: best combined result, compared with the sum of the parts.
	sum, best := 0.0, true
	for _, p := range ThreeSiblingsParts() {
		sum += vm(p.Name)
		best = best && vm("three-siblings") < vm(p.Name)
	}
	add(Check{ID: "three-siblings",
		Statement: "the best combined result: fewer victim-months than each part; compared with the sum of the parts",
		Measured: fmt.Sprintf("victim-months %+.1f %%; parts: protection %+.1f %%, upstream %+.1f %%, prevention %+.1f %%, sum %+.1f %%",
			vm("three-siblings"), vm(pe), vm(up), vm(PreventionPart().Name), sum),
		Pass: best})
	if firstErr != nil {
		return nil, firstErr
	}
	return checks, nil
}

// WinterWaveEnd is March 2021 (t = 74), when restrictions start to ease
// after the winter wave: transactions must not recover before it.
const WinterWaveEnd = 74

// Cycle measures the post-COVID cycle of trafficked persons against the
// no-COVID path: the largest relative excess after January 2021 and the
// largest relative shortfall after that peak, with when they happen.
type Cycle struct {
	Overshoot, OvershootTime   float64 // baseline / no-COVID - 1 at its largest
	Undershoot, UndershootTime float64 // baseline / no-COVID - 1 at its smallest after the overshoot
}

// Amplitude is the overshoot less the undershoot.
func (c Cycle) Amplitude() float64 { return c.Overshoot - c.Undershoot }

// MeasureCycle compares a run's trafficked persons with a no-COVID run.
func MeasureCycle(res, noCovid *sdmodel.Results) (Cycle, error) {
	v, err := series(res, TraffickedPersons)
	if err != nil {
		return Cycle{}, err
	}
	nc, err := series(noCovid, TraffickedPersons)
	if err != nil {
		return Cycle{}, err
	}
	rel := func(i int) float64 { return v[i]/nc[i] - 1 }
	c := Cycle{Overshoot: math.Inf(-1), Undershoot: math.Inf(1)}
	pk := Jan2021
	for i := Jan2021; i <= Jan2031; i++ {
		if rel(i) > rel(pk) {
			pk = i
		}
	}
	c.Overshoot, c.OvershootTime = rel(pk), float64(pk)
	for i := pk; i <= Jan2031; i++ {
		if rel(i) < c.Undershoot {
			c.Undershoot, c.UndershootTime = rel(i), float64(i)
		}
	}
	return c, nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
