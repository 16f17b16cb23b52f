package trafficking

import (
	"fmt"
	"math"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// Names of the main feedback loops (LoopNames), short and stable: they head
// CSV columns and label charts.
const (
	LoopMarketPrice       = "market price"
	LoopDemand            = "demand"
	LoopCapacity          = "capacity acquisition"
	LoopSupplyLine        = "supply line"
	LoopReplacement       = "replacement"
	LoopExpansion         = "expansion"
	LoopRelease           = "release"
	LoopAtRiskDepletion   = "at-risk depletion"
	LoopSurvivalDepletion = "survival sex depletion"
	LoopReTrafficking     = "re-trafficking"
	LoopPrevention        = "prevention"
	LoopProtection        = "protection"
	LoopProsecution       = "prosecution"
	LoopProtectionOffset  = "protection offset"
	LoopRiskCost          = "risk cost"
	LoopArrests           = "arrests"
	LoopPartnership       = "partnership"
	LoopOutreach          = "outreach identification"
	LoopInformation       = "information"
)

// The chain of perception every 4 P response loop passes through: what is
// seen of trafficking (identified victims) becomes funding.
var perception = []string{IdentifiedVictims, "reported prevalence", PerceivedPrevalence, PublicWill, "anti-trafficking funding"}

func through(vars ...string) []string { return vars }

func loop(name string, vars ...string) loops.LoopName {
	return loops.LoopName{Name: name, Through: vars}
}

// LoopNames returns the model's main feedback loops, each named and
// identified by variables it passes through: with Graph.Find on the model
// expanded for loop analysis (Model.Expand, as loops.Analyze does), each set
// picks exactly one loop.
//
// Recruitment reaches the grooming pipeline by two co-flows, recruitment
// from survival sex trading and recruitment of people at risk (= recruitment
// starts minus the first), so every loop through recruitment exists three
// times: through the second co-flow alone, through the first, and through
// the first and the negative link from it to the second. The last two cancel
// exactly (equal and opposite scores), so the loop through "recruitment of
// people at risk" alone stands for the whole recruitment decision, and those
// are the loops named here.
func LoopNames() []loops.LoopName {
	recruit := "recruitment of people at risk"
	return []loops.LoopName{
		// B: more victims, more supply, lower price, less profit per victim, fewer desired victims.
		loop(LoopMarketPrice, "supply capacity", "indicated price", Price, "revenue per victim", "desired trafficked persons", recruit),
		// B: higher price, lower demand, less scarcity, lower price.
		loop(LoopDemand, Demand, "effective demand", "indicated price", Price, "indicated demand"),
		// B: traffickers close the gap between desired and actual victims, through the grooming delay.
		loop(LoopCapacity, TraffickedPersons, "desired recruitment starts", RecruitmentStarts, recruit, "recruitment completions"),
		// B: the weak correction for the grooming pipeline (supply line under-weighted).
		loop(LoopSupplyLine, GroomingPipeline, "supply line correction", "desired recruitment starts", RecruitmentStarts, recruit),
		// R: victims lost (mostly by exit without identification) are replaced.
		loop(LoopReplacement, TraffickedPersons, "exit without identification", "victim net losses", "expected victim losses", recruit),
		// B: recruitment drains the at-risk population, a smaller pool makes recruitment harder.
		loop(LoopAtRiskDepletion, AtRiskPopulation, "vulnerable pool index", "effect of pool on recruitment", RecruitmentStarts, recruit),
		// B: the same for survival sex trading.
		loop(LoopSurvivalDepletion, SurvivalSexTrading, "vulnerable pool index", "effect of pool on recruitment", RecruitmentStarts, "recruitment from survival sex trading"),
		// R: victims who leave unidentified, without services, are trafficked again.
		loop(LoopReTrafficking, TraffickedPersons, "exit without identification", "unidentified survivors", "survivors without services", "re-trafficking without services"),
		// B: 4 P response through prevention (less susceptibility to recruitment).
		loop(LoopPrevention, append(through(PreventionCapacity, "susceptibility to recruitment", recruit), perception...)...),
		// B: 4 P response through protection (service places: fewer survivors turned away, less re-trafficking).
		loop(LoopProtection, append(through(ProtectionCapacity, "service admissions", "survivors turned away", "re-trafficking without services"), perception...)...),
		// R: the same service places cut re-trafficking, so traffickers lose more victims net and recruit more to replace them.
		loop(LoopProtectionOffset, append(through(ProtectionCapacity, "service admissions", "survivors turned away", "re-trafficking without services", "victim net losses", recruit), perception...)...),
		// B: 4 P response through prosecution: buyer arrests deter demand, lower price and profit, fewer victims wanted.
		loop(LoopProsecution, append(through(ProsecutionCapacity, "buyer deterrence effect", Demand, Price, "revenue per victim", "desired trafficked persons", recruit), perception...)...),
		// B: prosecution through traffickers' risk cost: higher price, lower demand, fewer transactions per victim.
		loop(LoopRiskCost, append(through(ProsecutionCapacity, RiskCostPerVictim, "indicated demand", "transactions per victim", "revenue per victim", recruit), perception...)...),
		// B: 4 P response through prosecution: arrests free victims.
		loop(LoopArrests, append(through(ProsecutionCapacity, "victims freed by arrests"), perception...)...),
		// R: partnership raises identification, which looks like more trafficking.
		loop(LoopPartnership, append(through(Partnership, "partnership effect on identification", "identification fraction"), perception...)...),
		// R: more outreach identifies more victims, which looks like more trafficking.
		loop(LoopOutreach, append(through(ProtectionCapacity, "effective protection index", "identification fraction"), perception...)...),
		// B: the missing information feedback: measured prevalence (surveillance)
		// links actual trafficking to the response; inactive in the baseline.
		loop(LoopInformation, TraffickedPersons, "indicated prevalence", PublicWill, ProsecutionCapacity, "victims freed by arrests"),
		// R: while expected profit is above normal, exploiters want more victims the more they hold (growth).
		loop(LoopExpansion, TraffickedPersons, "desired trafficked persons", "desired recruitment starts", recruit, "recruitment completions"),
		// B: exploiters let go of victims they hold beyond their desired number.
		loop(LoopRelease, TraffickedPersons, "victims released by exploiters"),
	}
}

// LoopDominance analyses the loop dominance of one scenario's run with the
// Loops That Matter method (loops.Analyze), with the loops of LoopNames
// named. The run is saved every DT, and every one of the model's thousands
// of loops is scored at each saved time.
func LoopDominance(scenario string) (*loops.Analysis, error) {
	s, err := FindScenario(scenario)
	if err != nil {
		return nil, err
	}
	var opts []sdmodel.RunOption
	if len(s.Set) > 0 {
		opts = append(opts, sdmodel.SetAll(s.Set))
	}
	a, err := loops.Analyze(Build(), &loops.Settings{RunOptions: opts, Names: LoopNames()})
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return a, nil
}

// Era is a stretch of the run named for its behaviour.
type Era struct {
	Name       string
	Start, End float64 // model time (months since January 2015)
}

// Eras returns the periods the loop dominance is summarised over: the
// pre-COVID equilibrium, the 2020 lockdown, the 2021-22 rebound and the
// post-COVID oscillation to the end of 2030.
func Eras() []Era {
	return []Era{
		{"pre-COVID 2015-01..2020-03", 0, CovidStart},
		{"lockdown 2020-03..2021-01", CovidStart, Jan2021},
		{"rebound 2021-01..2023-01", Jan2021, Jan2023},
		{"post-COVID 2023-01..2031-01", Jan2023, Jan2031},
	}
}

// LoopShare is a named loop's part in an era.
type LoopShare struct {
	Loop     string  // name
	Type     string  // R or B, from the loop's structure
	Relative float64 // mean relative loop score over the era, in [-1, 1]
	Share    float64 // mean absolute relative loop score over the era
}

// EraDominance returns the named loops of the analysis ranked by their mean
// absolute relative score over the saved times t with e.Start < t <= e.End
// (a score measures the change from the previous saved time).
func EraDominance(a *loops.Analysis, e Era) []LoopShare {
	var out []LoopShare
	for _, l := range a.Loops {
		if l.Name == "" {
			continue
		}
		rel := a.RelativeScore(l.Name)
		ls := LoopShare{Loop: l.Name, Type: l.Polarity.LoopType()}
		n := 0
		for k, t := range a.Time {
			if t > e.Start && t <= e.End {
				ls.Relative += rel[k]
				ls.Share += math.Abs(rel[k])
				n++
			}
		}
		if n > 0 {
			ls.Relative /= float64(n)
			ls.Share /= float64(n)
		}
		out = append(out, ls)
	}
	slices.SortStableFunc(out, func(x, y LoopShare) int {
		switch {
		case x.Share > y.Share:
			return -1
		case x.Share < y.Share:
			return 1
		}
		return 0
	})
	return out
}
