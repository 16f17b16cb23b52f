package lessonkit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func TestErasAddUpAndConclude(t *testing.T) {
	a, err := trafficking.LoopDominance(trafficking.Baseline)
	require.NoError(t, err)
	eras := Eras(a)
	require.Len(t, eras, len(trafficking.Eras()))
	for _, e := range eras {
		sum := 0.0
		for _, g := range e.Groups {
			sum += g
		}
		assert.InDelta(t, 1, sum, 1e-9, e.Era.Name)
		assert.GreaterOrEqual(t, e.Groups[e.Leading], e.Groups["market"], e.Era.Name)
		assert.GreaterOrEqual(t, e.Groups[e.Leading], e.Groups["4 P response"], e.Era.Name)
		assert.Equal(t, trafficking.EraDominance(a, e.Era)[0], e.Leaders[0])
	}
	assert.Contains(t, EraTable(eras), "| "+eras[0].Era.Name+" | "+eras[0].Leaders[0].Loop)
	assert.Contains(t, EraConclusions(eras), "*"+eras[2].Leaders[0].Loop+"*")
	// The model's documented result (sdmodel/trafficking): the market loops lead the rebound.
	assert.Equal(t, "market", eras[2].Leading)
	assert.Contains(t, ReboundConclusion(eras), "In the rebound the market loops lead")
	assert.Contains(t, lessonText(t, "04-model-testing"), "says that in the rebound the market loops lead", "lesson 4 states the computed conclusion")
	assert.Equal(t, "market", LoopGroup(trafficking.LoopDemand))
	assert.Equal(t, "market", LoopGroup(trafficking.LoopExpansion))
	assert.Equal(t, "chain of risk", LoopGroup(trafficking.LoopReTrafficking))
	assert.Equal(t, "4 P response", LoopGroup(trafficking.LoopProsecution))
}

func TestMarketVerdict(t *testing.T) {
	st, err := trafficking.StructuralExperiments()
	require.NoError(t, err)
	assert.Contains(t, MarketVerdict(st), "the market loops lead the rebound")
	assert.Contains(t, MarketVerdict(st), "led by "+st.ReboundLeaders[0].Loop+" (")
	assert.Contains(t, lessonText(t, "02-dynamic-hypothesis"), "says the market loops lead the rebound", "lesson 2 states the computed verdict")
	lead := []trafficking.LoopShare{{Loop: trafficking.LoopProsecution, Type: "B"}}
	assert.Contains(t, MarketVerdict(trafficking.Structural{ReboundLeaders: lead, ReboundMarketShare: 0.2}), "prosecution, a 4 P response loop, does")
	lead[0].Loop = trafficking.LoopDemand
	assert.Contains(t, MarketVerdict(trafficking.Structural{ReboundLeaders: lead, ReboundMarketShare: 0.4}), "a market loop, demand, leads")
	assert.Contains(t, MarketVerdict(trafficking.Structural{}), "says nothing")
}

func TestCheckLeadingLoop(t *testing.T) {
	a, err := trafficking.LoopDominance("no-4p")
	require.NoError(t, err)
	lead := trafficking.EraDominance(a, trafficking.Eras()[2])[0].Loop
	assert.NoError(t, CheckLeadingLoop("no-4p", 2, lead))
	assert.ErrorContains(t, CheckLeadingLoop("no-4p", 2, "not a loop"), "not the named loop with the largest")
	assert.ErrorContains(t, CheckLeadingLoop("no-4p", 9, lead), "there are 4 eras")
}

func TestShapeShareCountsRuns(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	var sh ShapeShare
	_, err = sensitivity.Run(c, trafficking.UncertainParams(), &sensitivity.Settings{Runs: 8, Seed: 1, OnRun: sh.OnRun})
	require.NoError(t, err)
	assert.Equal(t, 8, sh.Runs)
	assert.LessOrEqual(t, sh.All, min(sh.Dip, sh.Rebound, sh.Oscillation))
	assert.Contains(t, sh.String(), "of 8 runs")
}

func TestCheckFirstEmptying(t *testing.T) {
	const p = "stress elasticity of survival sex entry"
	k, err := FirstEmptying(p, trafficking.AtRiskPopulation, 20)
	require.NoError(t, err)
	require.Greater(t, k, 1, "inside its range the parameter keeps the pool non-negative")
	assert.NoError(t, CheckFirstEmptying(p, trafficking.AtRiskPopulation, k))
	assert.ErrorContains(t, CheckFirstEmptying(p, trafficking.AtRiskPopulation, k-1), "still holds people")
	assert.ErrorContains(t, CheckFirstEmptying(p, trafficking.AtRiskPopulation, k+1), "empties before")
	_, err = FirstEmptying("no such parameter", trafficking.AtRiskPopulation, 3)
	assert.ErrorContains(t, err, "has no range")
}

func TestCheckLargestEffect(t *testing.T) {
	params := []string{"normal information delay", "pandemic identification disruption"}
	detections := Growth(trafficking.CumVictimMonths, trafficking.Jan2020, trafficking.Jan2031)
	right := ""
	for _, p := range params {
		if CheckLargestEffect(params, detections, p) == nil {
			right = p
		}
	}
	require.NotEmpty(t, right, "exactly one parameter moves the outcome most")
	for _, p := range params {
		if p != right {
			assert.ErrorContains(t, CheckLargestEffect(params, detections, p), "not the one that moves it most")
		}
	}
	assert.ErrorContains(t, CheckLargestEffect(params, detections, "price"), "not one of the parameters")
}
