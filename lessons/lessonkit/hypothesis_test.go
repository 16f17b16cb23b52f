package lessonkit

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// noLockdown switches the sketch's lockdown off.
var noLockdown = map[string]float64{"lockdown demand cut": 0, "identification disruption": 0}

func TestSketchStartsInEquilibrium(t *testing.T) {
	m := Sketch()
	require.Empty(t, m.CheckUnits())
	res, err := RunModel(m, sdmodel.SetAll(noLockdown))
	require.NoError(t, err)
	for _, v := range m.Variables() {
		if v.Kind != sdmodel.Stock {
			continue
		}
		s := res.Series(v.Name)
		for _, x := range s {
			require.InDelta(t, s[0], x, 1e-9*s[0], v.Name)
		}
	}
}

func TestSketchDipsAndOvershoots(t *testing.T) {
	res, err := RunModel(Sketch())
	require.NoError(t, err)
	trough, err := TroughAfter(SketchVictims, 62)(res)
	require.NoError(t, err)
	peak, err := PeakAfter(SketchVictims, 72)(res)
	require.NoError(t, err)
	assert.Less(t, trough, 900.0, "the lockdown cuts the traffickers' profit, so they recruit less")
	assert.Greater(t, peak, 1030.0, "after the lockdown the market overshoots")
}

func TestSketchLoopTypes(t *testing.T) {
	want := map[string]string{"capacity acquisition": "B", "replacement": "R", "market price": "B",
		"pool depletion": "B", "4 P response": "B", "outreach identification": "R"}
	for _, n := range SketchLoops() {
		assert.NoError(t, CheckLoopType(Sketch(), SketchLoops(), n.Name, want[n.Name]), n.Name)
		wrong := map[string]string{"R": "balancing", "B": "reinforcing"}[want[n.Name]]
		assert.ErrorContains(t, CheckLoopType(Sketch(), SketchLoops(), n.Name, wrong), "count the minus signs", n.Name)
	}
	assert.ErrorContains(t, CheckLoopType(Sketch(), SketchLoops(), "replacement", "x"), `say "R"`)
	assert.ErrorContains(t, CheckLoopType(Sketch(), SketchLoops(), "nothing", "R"), "no loop named")
}

func TestLoopStepsAddOneLoopEach(t *testing.T) {
	keep := []string{SketchVictims, "recruitment", "victim gap", "exits", "perceived profit", "profit index", SketchAtRisk,
		"identification", SketchPerceived, SketchResponse}
	steps, err := LoopSteps("sketch", Sketch(), SketchLoops(), keep)
	require.NoError(t, err)
	require.Len(t, steps, len(SketchLoops()))
	for k, s := range steps {
		assert.Equal(t, k+1, s.Shown, "step %d draws %d loops in full", k+1, k+1)
		assert.Equal(t, SketchLoops(), s.Loops, "every step is laid out with all the loops")
		assert.Equal(t, steps[0].Keep, s.Keep, "every step shows the same variables")
		assert.Subset(t, keep, s.Keep)
		assert.Equal(t, fmt.Sprintf("sketch %d: %s", k+1, SketchLoops()[k].Name), s.Title)
		_, err := s.SVG()
		require.NoError(t, err, s.Title)
	}
	withAlone, err := LoopSteps("sketch", Sketch(), SketchLoops(), append(keep, "lockdown"))
	require.NoError(t, err)
	assert.NotContains(t, withAlone[0].Keep, "lockdown", "a variable on none of the loops is left out")
	_, err = LoopSteps("sketch", Sketch(), SketchLoops(), []string{SketchVictims})
	assert.ErrorContains(t, err, `loop "capacity acquisition" passes through 1 of the variables`)
}

func TestSectorViewShowsTheMarketsFeedback(t *testing.T) {
	m := trafficking.Build()
	var add []loops.LoopName
	for _, n := range trafficking.LoopNames() {
		if n.Name == trafficking.LoopDemand || n.Name == trafficking.LoopMarketPrice {
			add = append(add, n)
		}
	}
	vars, err := SectorView(m, trafficking.LoopNames(), add, trafficking.Demand, trafficking.Price)
	require.NoError(t, err)
	assert.Subset(t, vars, []string{trafficking.Demand, trafficking.Price, "desired trafficked persons"})
	assert.NotContains(t, vars, trafficking.TraffickedPersons, "another sector's stock is not added")
	for _, v := range vars {
		assert.NotEqual(t, sdmodel.Const, m.Var(v).Kind, v)
	}
	all, err := SectorView(m, trafficking.LoopNames(), nil, trafficking.AtRiskPopulation)
	require.NoError(t, err)
	assert.True(t, slices.Contains(all, "risk onset"), "a sector's flows are always drawn")
}

func TestCheckPrediction(t *testing.T) {
	peak := PeakAfter(SketchVictims, 72)
	faster := map[string]float64{"victim adjustment time": 3}
	m := Sketch()
	right, wrong := "higher", "lower"
	if err := CheckPrediction(m, faster, peak, right); err != nil {
		right, wrong = wrong, right
	}
	assert.NoError(t, CheckPrediction(m, faster, peak, right))
	assert.ErrorContains(t, CheckPrediction(m, faster, peak, wrong), "the simulation disagrees")
	assert.ErrorContains(t, CheckPrediction(m, faster, peak, "more"), `say "higher" or "lower"`)
	assert.ErrorContains(t, CheckPrediction(m, map[string]float64{"normal victims": 1000}, peak, "higher"), "hardly moves")
}

func TestCheckHelpsMore(t *testing.T) {
	cases := map[string]map[string]float64{"no lockdown": noLockdown, "as it is": nil}
	trough := TroughAfter(SketchVictims, 0)
	// Without the lockdown the victims never dip, so the lowest trough is the lockdown's.
	assert.NoError(t, CheckHelpsMore(Sketch(), cases, trough, "as it is"))
	assert.ErrorContains(t, CheckHelpsMore(Sketch(), cases, trough, "no lockdown"), "not the one")
	assert.ErrorContains(t, CheckHelpsMore(Sketch(), cases, trough, "other"), "not one of the cases")
}

func TestCheckLoopThrough(t *testing.T) {
	assert.NoError(t, CheckLoopThrough(Sketch(), SketchLoops(), "4 P response", SketchResponse, "profit index"))
	assert.ErrorContains(t, CheckLoopThrough(Sketch(), SketchLoops(), "outreach identification", SketchResponse, "profit index"), `does not pass through "profit index"`)
	assert.ErrorContains(t, CheckLoopThrough(Sketch(), SketchLoops(), "nope"), "not one of the named loops")
}

func TestSteadily(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want string
	}{{[]float64{1, 2, 3}, "rises with every case"}, {[]float64{3, 2, 1}, "falls with every case"},
		{[]float64{926, 933, 922}, "does not move steadily one way"}, {[]float64{1}, "has a single case"}} {
		assert.Equal(t, c.want, Steadily(c.xs), c.xs)
	}
}

func TestGrowth(t *testing.T) {
	res, err := RunModel(services())
	require.NoError(t, err)
	g, err := Growth("survivors in services", 0, 12)(res)
	require.NoError(t, err)
	assert.InDelta(t, res.Series("survivors in services")[12], g, 1e-12)
	_, err = Growth("survivors in services", 0, 12.5)(res)
	assert.ErrorContains(t, err, "no saved time 12.5")
}

func TestConstValue(t *testing.T) {
	m := Sketch()
	assert.Equal(t, 6.0, ConstValue(m, "profit perception time"))
	assert.True(t, math.IsNaN(ConstValue(m, "recruitment")), "a flow is not a constant")
	assert.True(t, math.IsNaN(ConstValue(m, "no such name")))
}

func TestTroughBetween(t *testing.T) {
	res, err := RunModel(Sketch())
	require.NoError(t, err)
	before, err := TroughBetween(SketchVictims, 0, 61)(res)
	require.NoError(t, err)
	assert.InDelta(t, 1000, before, 1e-6, "no dip before the lockdown")
	during, err := TroughBetween(SketchVictims, 62, 80)(res)
	require.NoError(t, err)
	after, err := TroughAfter(SketchVictims, 62)(res)
	require.NoError(t, err)
	assert.Equal(t, after, during, "the sketch's lowest point is in the lockdown")
}
