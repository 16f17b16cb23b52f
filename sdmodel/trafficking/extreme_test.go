package trafficking

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/modeltest"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
)

// The standard extreme-conditions test passes on the meaningful extremes of
// every constant: no NaN or infinity, no negative stock, and the invariants
// of ExtremeChecks in every run.
func TestExtremeConditions(t *testing.T) {
	m := Build()
	rep, err := modeltest.ExtremeConditions(m, ExtremeSettings(m))
	require.NoError(t, err)
	assert.True(t, rep.Passed(), "%s", rep)
	assert.GreaterOrEqual(t, len(rep.Cases), 2*len(Parameters()), "two extremes per constant at least")

	// Every constant is pushed to both of its extremes.
	seen := map[string]map[float64]bool{}
	for _, c := range ExtremeCases() {
		for k, v := range c.Set {
			if seen[k] == nil {
				seen[k] = map[float64]bool{}
			}
			seen[k][v] = true
		}
	}
	for _, p := range Parameters() {
		assert.GreaterOrEqual(t, len(seen[p.Name]), 2, "%s: tested at %v", p.Name, seen[p.Name])
	}
}

// The checks have teeth: far beyond the meaningful extremes (an elasticity
// of survival-sex entry to stress of 12, ten times the top of its range)
// entry outruns the at-risk population in the 2020 recession, and the checks
// report the overdrawn stock.
func TestExtremeConditionsCatchAnOverdrawnStock(t *testing.T) {
	m := Build()
	rep, err := modeltest.ExtremeConditions(m, &modeltest.ExtremeSettings{
		Params: []string{},
		Cases:  []modeltest.Case{{Name: "strong stress", Set: map[string]float64{"stress elasticity of survival sex entry": 12}}},
		Checks: ExtremeChecks(m),
	})
	require.NoError(t, err)
	require.False(t, rep.Passed())
	assert.Contains(t, rep.String(), "no stock loses more than it holds")
}

func runWith(t *testing.T, set map[string]float64) *sdmodel.Results {
	t.Helper()
	c, err := Compile()
	require.NoError(t, err)
	var opts []sdmodel.RunOption
	for k, v := range set {
		opts = append(opts, sdmodel.Set(k, v))
	}
	res, err := c.Run(opts...)
	require.NoError(t, err)
	return res
}

func assertZero(t *testing.T, res *sdmodel.Results, names ...string) {
	t.Helper()
	for _, n := range names {
		s := res.Series(n)
		require.NotNil(t, s, n)
		assert.Zero(t, maxOf(s, 0, len(s)), n)
		assert.Zero(t, minOf(s, 0, len(s)), n)
	}
}

// Nothing comes from nothing: with no vulnerable people and no victims in
// 2015, nobody is ever recruited, trafficked or identified, and there are no
// transactions, through the pandemic and after.
func TestNoTraffickingFromNothing(t *testing.T) {
	set := map[string]float64{}
	for _, n := range ChainLevels() {
		set[n] = 0
	}
	res := runWith(t, set)
	assertZero(t, res, AtRiskPopulation, SurvivalSexTrading, GroomingPipeline, TraffickedPersons, RecruitmentStarts,
		IdentifiedVictims, Transactions, SurvivorsInServices, "survivors without services", CumVictimMonths)
	assert.InDelta(t, 1, maxOf(res.Series(PublicWill), 0, StopTime+1), 1e-12, "no prevalence, no change of will")
}

// Without traffickers in 2015 the vulnerable pools still feel the pandemic,
// but nobody is trafficked and nothing is sold.
func TestNoTraffickers(t *testing.T) {
	res := runWith(t, map[string]float64{"trafficked persons in 2015": 0})
	assertZero(t, res, GroomingPipeline, TraffickedPersons, RecruitmentStarts, IdentifiedVictims, Transactions,
		SurvivorsInServices, "survivors without services")
	s := res.Series(SurvivalSexTrading)
	assert.Greater(t, maxOf(s, 0, len(s))/s[0], 1.05, "survival sex trading rises in the pandemic")
}

// The funding level is a unit: only funding relative to 2015 matters, so
// scaling it changes nothing the victims feel.
func TestFundingIsAScale(t *testing.T) {
	base := runWith(t, nil).Series(TraffickedPersons)
	scaled := runWith(t, map[string]float64{"normal anti-trafficking funding": 1e7}).Series(TraffickedPersons)
	for i := range base {
		require.InDelta(t, 1, scaled[i]/base[i], 1e-9, "month %d", i)
	}
}

// At the shortest meaningful time to identification (a month on average,
// ShortestTimeConstant), identifications far outnumber the baseline's and
// trafficked persons stay non-negative without any guard in the equations.
func TestFastIdentification(t *testing.T) {
	res := runWith(t, map[string]float64{"normal time to identification": ShortestTimeConstant})
	tp, id := res.Series(TraffickedPersons), res.Series(IdentifiedVictims)
	for i := range tp {
		require.GreaterOrEqual(t, tp[i], 0.0)
		require.LessOrEqual(t, id[i]*DT, tp[i])
	}
	base := runWith(t, nil).Series(IdentifiedVictims)
	assert.Greater(t, id[1], 10*base[1], "far more identifications")
	assert.False(t, math.IsNaN(res.Final(Price)))
}

// Every parameter set of a Latin hypercube over the uncertain parameters'
// ranges runs the baseline and the earliest policy (surveillance from 2019)
// to the end with finite, non-negative stocks:
// the goal-seeking 4 P response is bounded (maximum funding multiple), so no
// corner of the ranges makes it run away.
func TestEverySampleRuns(t *testing.T) {
	params := UncertainParams()
	samples, err := sensitivity.Sample(params, 100, sensitivity.LatinHypercube, 1)
	require.NoError(t, err)
	c, err := Compile()
	require.NoError(t, err)
	m := Build()
	for k, x := range samples {
		set := map[string]float64{}
		for i, p := range params {
			set[p.Name] = x[i]
		}
		for _, name := range []string{Baseline, "information-feedback-2019"} {
			s, err := FindScenario(name)
			require.NoError(t, err)
			res, err := Run(c, s, sdmodel.SetAll(set))
			require.NoError(t, err, "sample %d", k)
			for _, v := range m.Variables() {
				if v.Kind != sdmodel.Stock {
					continue
				}
				for _, y := range res.Series(v.Name) {
					require.False(t, math.IsNaN(y) || y < -1e-9, "sample %d, %s: %s = %g", k, s.Name, v.Name, y)
				}
			}
		}
	}
}
