package trafficking

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// The baseline loop dominance analysis is shared by the tests (about half a
// second).
var (
	baselineLoopsOnce sync.Once
	baselineLoops     *loops.Analysis
	baselineLoopsErr  error
)

func baselineDominance(t *testing.T) *loops.Analysis {
	t.Helper()
	baselineLoopsOnce.Do(func() { baselineLoops, baselineLoopsErr = LoopDominance(Baseline) })
	require.NoError(t, baselineLoopsErr)
	return baselineLoops
}

// The structural polarity each named loop must have.
var loopTypes = map[string]string{
	LoopMarketPrice:       "B",
	LoopDemand:            "B",
	LoopCapacity:          "B",
	LoopSupplyLine:        "B",
	LoopReplacement:       "R",
	LoopExpansion:         "R",
	LoopRelease:           "B",
	LoopAtRiskDepletion:   "B",
	LoopSurvivalDepletion: "B",
	LoopReTrafficking:     "R",
	LoopPrevention:        "B",
	LoopProtection:        "B",
	LoopProtectionOffset:  "R",
	LoopProsecution:       "B",
	LoopRiskCost:          "B",
	LoopArrests:           "B",
	LoopPartnership:       "R",
	LoopOutreach:          "R",
	LoopInformation:       "B",
}

func TestLoopNamesResolve(t *testing.T) {
	a := baselineDominance(t)
	names := LoopNames()
	require.Len(t, names, len(loopTypes))
	ids := map[string]string{}
	for _, n := range names {
		t.Run(n.Name, func(t *testing.T) {
			want, ok := loopTypes[n.Name]
			require.True(t, ok, "no expected polarity for %q", n.Name)
			l, err := a.Graph.Find(n.Through...) // an error when several loops tie
			require.NoError(t, err)
			assert.Equal(t, n.Name, l.Name)
			assert.Equal(t, want, l.Polarity.LoopType(), "%s", l)
			assert.False(t, l.Internal)
			prev, dup := ids[l.ID]
			assert.False(t, dup, "%q and %q name the same loop %s", n.Name, prev, l.ID)
			ids[l.ID] = n.Name
		})
	}
}

// Every named loop but the information loop is active in the baseline and
// acts with its structural polarity; the information loop (measured
// prevalence) is silent until surveillance is switched on.
func TestLoopObservedPolarity(t *testing.T) {
	a := baselineDominance(t)
	for i, l := range a.Loops {
		if l.Name == "" {
			continue
		}
		if l.Name == LoopInformation {
			assert.Equal(t, loops.Unknown, a.Observed[i], "information loop scores in the baseline")
			continue
		}
		assert.Equal(t, loopTypes[l.Name], a.Observed[i].LoopType(), "%s", l.Name)
	}
}

func TestInformationLoopNeedsSurveillance(t *testing.T) {
	if testing.Short() {
		t.Skip("a second loop analysis")
	}
	a, err := LoopDominance("information-feedback")
	require.NoError(t, err)
	post := share(EraDominance(a, Eras()[3]), LoopInformation)
	assert.Greater(t, post.Share, 1e-4)
	assert.Less(t, post.Relative, 0.0, "acts as balancing")
	base := share(EraDominance(baselineDominance(t), Eras()[3]), LoopInformation)
	assert.Zero(t, base.Share)
}

func TestLoopDominanceCoversTheRun(t *testing.T) {
	a := baselineDominance(t)
	require.NotEmpty(t, a.Time)
	assert.Equal(t, 0.0, a.Time[0])
	assert.Equal(t, float64(StopTime), a.Time[len(a.Time)-1])
	assert.Equal(t, DT, a.Time[1]-a.Time[0], "saved every DT")
	ps := a.Periods()
	require.NotEmpty(t, ps)
	assert.Equal(t, 0.0, ps[0].Start)
	assert.Equal(t, float64(StopTime), ps[len(ps)-1].End)
	for i := 1; i < len(ps); i++ {
		assert.Equal(t, ps[i-1].End, ps[i].Start, "periods are contiguous")
	}
	eras := Eras()
	assert.Equal(t, 0.0, eras[0].Start)
	assert.Equal(t, float64(Jan2031), eras[len(eras)-1].End)
	for i := 1; i < len(eras); i++ {
		assert.Equal(t, eras[i-1].End, eras[i].Start)
	}
	for _, n := range LoopNames() {
		r := a.RelativeScore(n.Name)
		require.Len(t, r, len(a.Time), n.Name)
		for _, v := range r {
			require.True(t, v >= -1 && v <= 1, "%s: relative score %g", n.Name, v)
		}
	}
}

func share(ls []LoopShare, name string) LoopShare {
	for _, l := range ls {
		if l.Loop == name {
			return l
		}
	}
	return LoopShare{}
}

// The table in the package documentation ("Feedback loops"): the leading
// named loops of each era and their mean relative scores.
func TestDocumentedDominance(t *testing.T) {
	a := baselineDominance(t)
	cases := []struct {
		era      int
		leaders  []string  // the leading named loops, in order
		relative []float64 // their documented mean relative scores
	}{
		{0, []string{LoopProsecution, LoopRiskCost, LoopMarketPrice}, []float64{-0.068, -0.039, -0.037}},
		{1, []string{LoopDemand, LoopRelease, LoopOutreach}, []float64{-0.019, -0.012, 0.009}},
		{2, []string{LoopMarketPrice, LoopDemand, LoopExpansion}, []float64{-0.032, -0.026, 0.021}},
		{3, []string{LoopDemand, LoopMarketPrice, LoopProsecution}, []float64{-0.025, -0.021, -0.017}},
	}
	for _, c := range cases {
		e := Eras()[c.era]
		t.Run(e.Name, func(t *testing.T) {
			got := EraDominance(a, e)
			require.GreaterOrEqual(t, len(got), len(c.leaders))
			for i, name := range c.leaders {
				assert.Equal(t, name, got[i].Loop, "rank %d", i+1)
				assert.InDelta(t, c.relative[i], got[i].Relative, 0.0015, "%s", name)
			}
		})
	}
	// In the lockdown no named feedback loop matters: each explains under
	// 2 % on average (the shock comes from outside; the largest loops are
	// first-order drains and the stages of the housing delay).
	for _, l := range EraDominance(a, Eras()[1]) {
		assert.Less(t, l.Share, 0.02, "%s", l.Loop)
	}
}

// Single equations evaluate as in a run, IF THEN ELSE included: the loop
// analysis depends on it (the 4 P response loops pass through "change in
// public will").
func TestLoopEvaluator(t *testing.T) {
	x, err := Build().Expand()
	require.NoError(t, err)
	c, err := x.Compile()
	require.NoError(t, err)
	ev := c.NewEvaluator()
	vals := map[string]float64{"indicated public will": 1.2, "public will": 1, "will build time": 3, "will decay time": 24}
	lookup := func(n string) float64 { return vals[n] }
	v, err := ev.EvalVar("change in public will", 10, lookup)
	require.NoError(t, err)
	assert.InDelta(t, 0.2/vals["will build time"], v, 1e-12)
	vals["indicated public will"] = 0.8
	v, err = ev.EvalVar("change in public will", 10, lookup)
	require.NoError(t, err)
	assert.InDelta(t, -0.2/vals["will decay time"], v, 1e-12)
	v, err = ev.EvalVar("input time", 10, func(string) float64 { return 0 })
	require.NoError(t, err)
	assert.Equal(t, 10.0, v, "TIME")
	v, err = ev.EvalVar("reported prevalence", 0, func(n string) float64 {
		return map[string]float64{"identified victims": 30, "assumed identification fraction": 0.03}[n]
	})
	require.NoError(t, err)
	assert.InDelta(t, 1000, v, 1e-9)
}

func TestLoopDominanceUnknownScenario(t *testing.T) {
	_, err := LoopDominance("legalisation")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "baseline")
}
