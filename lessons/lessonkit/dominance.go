package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// LoopGroup names the part of the hypothesis a named loop of the trafficking model belongs to:
// "market" (trafficking.MarketLoops), "chain of risk" (the depletion and re-trafficking loops) or
// "4 P response" (every loop through the perception chain and the 4 P capacities).
func LoopGroup(loop string) string {
	switch {
	case slices.Contains(trafficking.MarketLoops(), loop):
		return "market"
	case loop == trafficking.LoopAtRiskDepletion || loop == trafficking.LoopSurvivalDepletion || loop == trafficking.LoopReTrafficking:
		return "chain of risk"
	}
	return "4 P response"
}

// EraSummary is what the loop dominance analysis says about one era of the run.
type EraSummary struct {
	Era     trafficking.Era
	Leaders []trafficking.LoopShare // the three named loops with the largest mean share
	Groups  map[string]float64      // each LoopGroup's part of the named loops' mean shares
	Leading string                  // the group with the largest part
}

// Eras summarises a loop dominance analysis of the trafficking model era by era
// (trafficking.Eras, trafficking.EraDominance).
func Eras(a *loops.Analysis) []EraSummary {
	var out []EraSummary
	for _, e := range trafficking.Eras() {
		shares := trafficking.EraDominance(a, e)
		s := EraSummary{Era: e, Leaders: shares[:min(3, len(shares))], Groups: map[string]float64{}}
		total := 0.0
		for _, l := range shares {
			s.Groups[LoopGroup(l.Loop)] += l.Share
			total += l.Share
		}
		best := 0.0
		for _, g := range []string{"market", "chain of risk", "4 P response"} {
			if total > 0 {
				s.Groups[g] /= total
			}
			if s.Groups[g] > best {
				best, s.Leading = s.Groups[g], g
			}
		}
		out = append(out, s)
	}
	return out
}

// EraTable is the era summaries as a Markdown table.
func EraTable(eras []EraSummary) string {
	t := NewTable("era", "leading named loops (type, mean relative score)", "market", "chain of risk", "4 P response")
	for _, s := range eras {
		var lead []string
		for _, l := range s.Leaders {
			lead = append(lead, fmt.Sprintf("%s (%s, %+.3f)", l.Loop, l.Type, l.Relative))
		}
		pc := func(g string) string { return fmt.Sprintf("%.0f %%", 100*s.Groups[g]) }
		t.Row(s.Era.Name, strings.Join(lead, "; "), pc("market"), pc("chain of risk"), pc("4 P response"))
	}
	return t.Markdown()
}

// EraConclusions says in a sentence per era which part of the hypothesis leads it, computed from
// the summaries so that the text cannot go stale.
func EraConclusions(eras []EraSummary) string {
	var b strings.Builder
	for _, s := range eras {
		name, _, _ := strings.Cut(s.Era.Name, " ")
		fmt.Fprintf(&b, "- **%s**: the %s loops take the largest part of the named loops' scores (%.0f %%); the single loop with the largest share is *%s* (%s).\n",
			name, s.Leading, 100*s.Groups[s.Leading], s.Leaders[0].Loop, typeWord(s.Leaders[0].Type))
	}
	return b.String()
}

func typeWord(t string) string {
	switch t {
	case "R":
		return "reinforcing"
	case "B":
		return "balancing"
	}
	return "polarity unknown"
}

// CheckLeadingLoop checks the answer to "which named loop leads era (an index of trafficking.Eras)
// in this scenario's loop dominance?".
func CheckLeadingLoop(scenario string, era int, answer string) error {
	eras := trafficking.Eras()
	if era < 0 || era >= len(eras) {
		return fmt.Errorf("era %d: there are %d eras, numbered from 0", era, len(eras))
	}
	a, err := trafficking.LoopDominance(scenario)
	if err != nil {
		return err
	}
	shares := trafficking.EraDominance(a, eras[era])
	if len(shares) == 0 || shares[0].Loop != answer {
		return fmt.Errorf("%q is not the named loop with the largest mean share in %s of %s: rank them with trafficking.EraDominance", answer, eras[era].Name, scenario)
	}
	return nil
}

// ShapeShare counts the runs of a sensitivity experiment that keep the shape of the reference
// behaviour: use its OnRun as sensitivity.Settings.OnRun. A run keeps the shape when reference
// behaviours 2 (the lockdown dip of transactions), 4 (their rebound) and 5 (the post-COVID
// oscillation of trafficked persons) hold (trafficking.Reference.Holds).
type ShapeShare struct {
	Runs, Dip, Rebound, Oscillation, All int
}

// OnRun measures one run.
func (s *ShapeShare) OnRun(_ int, _ []float64, res *sdmodel.Results) error {
	ref, err := trafficking.MeasureReference(res)
	if err != nil {
		return err
	}
	s.Runs++
	dip, rebound, osc := ref.Holds(2), ref.Holds(4), ref.Holds(5)
	s.Dip += b2i(dip)
	s.Rebound += b2i(rebound)
	s.Oscillation += b2i(osc)
	s.All += b2i(dip && rebound && osc)
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// String reports the shares in a sentence.
func (s ShapeShare) String() string {
	pc := func(n int) string { return fmt.Sprintf("%.0f %%", 100*float64(n)/math.Max(1, float64(s.Runs))) }
	return fmt.Sprintf("of %d runs, %s show the lockdown dip of transactions, %s their rebound before 2023, %s the post-COVID oscillation of trafficked persons, and %s all three",
		s.Runs, pc(s.Dip), pc(s.Rebound), pc(s.Oscillation), pc(s.All))
}

// CheckLargestEffect checks the answer to "which of these parameters, moved from the bottom to the
// top of its range (trafficking.Parameters), changes the outcome most?".
func CheckLargestEffect(params []string, measure Measure, answer string) error {
	if !slices.Contains(params, answer) {
		return fmt.Errorf("%q is not one of the parameters asked about", answer)
	}
	ranges := map[string]trafficking.Parameter{}
	for _, p := range trafficking.Parameters() {
		ranges[p.Name] = p
	}
	var sets []map[string]float64
	for _, name := range params {
		p, ok := ranges[name]
		if !ok || !p.Uncertain() {
			return fmt.Errorf("%q has no range in trafficking.Parameters", name)
		}
		sets = append(sets, map[string]float64{name: p.Min}, map[string]float64{name: p.Max})
	}
	values, err := measureCases(trafficking.Build(), sets, measure)
	if err != nil {
		return err
	}
	best, bestEffect := "", -1.0
	for i, name := range params {
		if e := math.Abs(values[2*i+1] - values[2*i]); e > bestEffect {
			best, bestEffect = name, e
		}
	}
	if best != answer {
		return fmt.Errorf("%q is not the one that moves it most: run each parameter at the bottom and the top of its range and compare", answer)
	}
	return nil
}

// FirstEmptying returns the smallest multiple k (1, 2, ... up to max) of the top of a parameter's
// range at which a stock of the trafficking model falls to zero or below in the baseline, or
// the run fails; 0 if none does.
func FirstEmptying(param, stock string, max int) (int, error) {
	var top float64
	for _, p := range trafficking.Parameters() {
		if p.Name == param {
			top = p.Max
		}
	}
	if top == 0 {
		return 0, fmt.Errorf("%q has no range in trafficking.Parameters", param)
	}
	c, err := trafficking.Compile()
	if err != nil {
		return 0, err
	}
	for k := 1; k <= max; k++ {
		res, err := c.Run(sdmodel.Set(param, float64(k)*top))
		if err != nil {
			return k, nil
		}
		s, err := res.Get(stock)
		if err != nil {
			return 0, err
		}
		if slices.Min(s) <= 0 {
			return k, nil
		}
	}
	return 0, nil
}

// CheckFirstEmptying checks the answer to "at which multiple of the top of its range does this
// parameter first empty this stock?" (FirstEmptying, up to 20 times; answer 0 for never).
func CheckFirstEmptying(param, stock string, answer int) error {
	k, err := FirstEmptying(param, stock, 20)
	if err != nil {
		return err
	}
	switch {
	case k == answer:
		return nil
	case k == 0:
		return errors.New("the stock never empties up to 20 times the top of the range")
	case answer < k:
		return fmt.Errorf("at %d times the top of the range the stock still holds people: go further", answer)
	}
	return fmt.Errorf("it empties before %d times the top of the range: step up one multiple at a time", answer)
}

// MarketVerdict says, from the structural experiments, whether the commodity-market part of the
// hypothesis (Biroscak's first) survives its test: do the market loops (trafficking.MarketLoops)
// take most of the named loops' scores in the 2021-2022 rebound? Computed, so that a lesson's
// conclusion follows the model.
func MarketVerdict(st trafficking.Structural) string {
	if len(st.ReboundLeaders) == 0 {
		return "no named loop scores in the rebound: the test says nothing"
	}
	lead := st.ReboundLeaders[0]
	var names []string
	for _, l := range st.ReboundLeaders {
		names = append(names, l.Loop+" ("+l.Type+")")
	}
	if len(names) > 1 {
		names[len(names)-2] += " and " + names[len(names)-1]
		names = names[:len(names)-1]
	}
	if st.ReboundMarketShare >= 0.5 {
		return fmt.Sprintf("the market loops lead the rebound (%.0f %% of the named loops' scores; led by %s), and counting the supply line fully makes the cycle %.0f %% smaller: the commodity-market hypothesis passes a test it could have failed",
			100*st.ReboundMarketShare, strings.Join(names, ", "), 100*st.SupplyLineDamping())
	}
	if LoopGroup(lead.Loop) == "market" {
		return fmt.Sprintf("a market loop, %s, leads the rebound, but the market loops together take only %.0f %% of the named loops' scores: the commodity-market hypothesis explains part of the rebound",
			lead.Loop, 100*st.ReboundMarketShare)
	}
	return fmt.Sprintf("the market loops do NOT lead the rebound (%.0f %% of the named loops' scores): %s, a %s loop, does — the commodity-market hypothesis fails this test",
		100*st.ReboundMarketShare, lead.Loop, LoopGroup(lead.Loop))
}

// ReboundConclusion says which part of the hypothesis the loop dominance of the rebound era
// (2021-2022) supports, computed from the era summaries.
func ReboundConclusion(eras []EraSummary) string {
	for _, s := range eras {
		if !strings.HasPrefix(s.Era.Name, "rebound") {
			continue
		}
		if s.Leading == "market" {
			return fmt.Sprintf("In the rebound the market loops lead (%.0f %%): the post-COVID upswing is a commodity cycle, as the first part of the hypothesis says, and as lesson 2's verdict found with its structural experiments.", 100*s.Groups["market"])
		}
		return fmt.Sprintf("In the rebound the %s loops lead (%.0f %%; the market %.0f %%): the upswing is not mainly a commodity cycle, against the first part of the hypothesis — a result to discuss with lesson 2's structural experiments.",
			s.Leading, 100*s.Groups[s.Leading], 100*s.Groups["market"])
	}
	return ""
}
