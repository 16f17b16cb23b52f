package trafficking

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel"
)

// MarketLoops are the named loops of the trafficking market: price, demand,
// capacity acquisition, its supply line, the replacement of losses, expansion
// and release.
func MarketLoops() []string {
	return []string{LoopMarketPrice, LoopDemand, LoopCapacity, LoopSupplyLine, LoopReplacement, LoopExpansion, LoopRelease}
}

// LockdownRecruitmentMultipliers are the constants through which the
// pandemic acts on recruitment directly (set to 0 to switch them off).
func LockdownRecruitmentMultipliers() []string { return []string{"online grooming effect"} }

// Structural holds the structural experiments that test whether the
// hypothesised feedback structure generates the post-COVID behaviour.
type Structural struct {
	// Loop dominance in the rebound (2021-2022): the three leading named
	// loops, and the market loops' part of all named loops' mean absolute
	// relative scores.
	ReboundLeaders     []LoopShare
	ReboundMarketShare float64
	// The post-COVID cycle against the no-COVID path: baseline, with full
	// supply-line accounting (supply line weight 1), and with every lockdown
	// multiplier on recruitment switched off.
	Baseline, FullSupplyLine, NoLockdownMultiplier Cycle
	// Reference behaviour 4 and 5 without the lockdown multipliers.
	NoLockdownMultiplierRef Reference
	// The 4 P response: victim-months 2020-2030 of no-4p-response and
	// 2023-2030 of information-feedback against the baseline, in percent.
	FrozenResponse, InformationFeedback float64
}

// SupplyLineDamping is the fractional fall of the cycle's amplitude with
// full supply-line accounting.
func (s Structural) SupplyLineDamping() float64 {
	return 1 - s.FullSupplyLine.Amplitude()/s.Baseline.Amplitude()
}

// StructuralExperiments runs the structural experiments on the central
// parameters: three pairs of runs (with and without COVID), the baseline
// loop analysis and two scenario runs, about a second.
func StructuralExperiments() (Structural, error) {
	var st Structural
	c, err := Compile()
	if err != nil {
		return st, err
	}
	run := func(s Scenario, set map[string]float64) (*sdmodel.Results, error) {
		var opts []sdmodel.RunOption
		if len(set) > 0 {
			opts = append(opts, sdmodel.SetAll(set))
		}
		return Run(c, s, opts...)
	}
	noCovid, _ := FindScenario("no-covid")
	base, _ := FindScenario(Baseline)
	cycle := func(set map[string]float64) (Cycle, *sdmodel.Results, error) {
		b, err := run(base, set)
		if err != nil {
			return Cycle{}, nil, err
		}
		nc, err := run(noCovid, set)
		if err != nil {
			return Cycle{}, nil, err
		}
		cy, err := MeasureCycle(b, nc)
		return cy, b, err
	}
	var b0 *sdmodel.Results
	if st.Baseline, b0, err = cycle(nil); err != nil {
		return st, err
	}
	if st.FullSupplyLine, _, err = cycle(map[string]float64{"supply line weight": 1}); err != nil {
		return st, err
	}
	off := map[string]float64{}
	for _, p := range LockdownRecruitmentMultipliers() {
		off[p] = 0
	}
	var res *sdmodel.Results
	if st.NoLockdownMultiplier, res, err = cycle(off); err != nil {
		return st, err
	}
	if st.NoLockdownMultiplierRef, err = MeasureReference(res); err != nil {
		return st, err
	}

	a, err := LoopDominance(Baseline)
	if err != nil {
		return st, err
	}
	rebound := EraDominance(a, Eras()[2])
	market := map[string]bool{}
	for _, l := range MarketLoops() {
		market[l] = true
	}
	total, mkt := 0.0, 0.0
	for _, l := range rebound {
		total += l.Share
		if market[l.Loop] {
			mkt += l.Share
		}
	}
	st.ReboundLeaders = rebound[:3]
	st.ReboundMarketShare = mkt / total

	measure := func(name string) (Outcome, error) {
		s, err := FindScenario(name)
		if err != nil {
			return Outcome{}, err
		}
		r, err := run(s, nil)
		if err != nil {
			return Outcome{}, err
		}
		return Measure(name, r)
	}
	bo, err := Measure(Baseline, b0) // the baseline cycle's run
	if err != nil {
		return st, err
	}
	fr, err := measure("no-4p-response")
	if err != nil {
		return st, err
	}
	inf, err := measure("information-feedback")
	if err != nil {
		return st, err
	}
	st.FrozenResponse = Change(fr.VictimMonths2020, bo.VictimMonths2020)
	st.InformationFeedback = Change(inf.VictimMonths, bo.VictimMonths)
	return st, nil
}

// String reports the experiments, one line each.
func (s Structural) String() string {
	pc := func(x float64) string { return fmt.Sprintf("%+.1f %%", 100*x) }
	out := "rebound 2021-2022, leading named loops:"
	for _, l := range s.ReboundLeaders {
		out += fmt.Sprintf(" %s (%s) %+.3f;", l.Loop, l.Type, l.Relative)
	}
	out += fmt.Sprintf(" market loops %.0f %% of the named loops' scores\n", 100*s.ReboundMarketShare)
	out += fmt.Sprintf("cycle against the no-COVID path: overshoot %s (%s), undershoot %s (%s)\n",
		pc(s.Baseline.Overshoot), Date(s.Baseline.OvershootTime), pc(s.Baseline.Undershoot), Date(s.Baseline.UndershootTime))
	out += fmt.Sprintf("full supply-line accounting: overshoot %s, undershoot %s; amplitude %.0f %% smaller\n",
		pc(s.FullSupplyLine.Overshoot), pc(s.FullSupplyLine.Undershoot), 100*s.SupplyLineDamping())
	r := s.NoLockdownMultiplierRef
	out += fmt.Sprintf("lockdown multipliers on recruitment off: overshoot %s (%s), undershoot %s; peak %.0f vs %.0f in February 2020; identified victims 2022 %+.1f %% on 2019\n",
		pc(s.NoLockdownMultiplier.Overshoot), Date(s.NoLockdownMultiplier.OvershootTime), pc(s.NoLockdownMultiplier.Undershoot), r.Peak, r.PreCovid, 100*(r.Identified2022-1))
	out += fmt.Sprintf("4 P: frozen capacities (no-4p-response) victim-months 2020-2030 %+.1f %%; information-feedback 2023-2030 %+.1f %%",
		s.FrozenResponse, s.InformationFeedback)
	return out
}
