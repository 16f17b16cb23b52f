package trafficking

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

func TestCompareAndThreeSiblings(t *testing.T) {
	c, err := Compile()
	require.NoError(t, err)
	cmp, err := Compare(c)
	require.NoError(t, err)
	require.Len(t, cmp.Outcomes, len(Scenarios())+1, "every scenario and the prevention part")
	vm, tx := cmp.Change(Baseline)
	assert.Zero(t, vm)
	assert.Zero(t, tx)
	// The comparison is the package's own measurement of each run.
	s, err := FindScenario("end-demand")
	require.NoError(t, err)
	res, err := Run(c, s)
	require.NoError(t, err)
	o, err := Measure(s.Name, res)
	require.NoError(t, err)
	assert.Equal(t, o, cmp.Outcomes[s.Name])

	sp := cmp.ThreeSiblings()
	require.Len(t, sp.Parts, 3)
	sum := 0.0
	for _, p := range sp.Parts {
		v, _ := cmp.Change(p.Scenario)
		assert.Equal(t, v, p.Change, p.Scenario)
		sum += v
	}
	assert.InDelta(t, sum, sp.Sum, 1e-12)
	together, _ := cmp.Change("three-siblings")
	assert.Equal(t, together, sp.Together)
	assert.Less(t, sp.Together, 0.0)
}

func TestPoliciesAndExpected(t *testing.T) {
	ps := Policies()
	require.Len(t, ps, len(Scenarios())-1-len(Counterfactuals()))
	for _, p := range ps {
		assert.NotEmpty(t, Expected()[p.Name], "%s has an expected result", p.Name)
	}
	for name := range Expected() {
		_, err := FindScenario(name)
		assert.NoError(t, err, "expected result of an unknown scenario")
	}
}

func TestReferenceData(t *testing.T) {
	c, err := Compile()
	require.NoError(t, err)
	res, err := Run(c, Scenarios()[0])
	require.NoError(t, err)
	ref, err := MeasureReference(res)
	require.NoError(t, err)
	series := map[string]bool{}
	for _, o := range ReferenceData() {
		series[o.Series] = true
		assert.Contains(t, ReferenceSeries(), o.Series)
		assert.NotEmpty(t, o.Source)
		assert.NotContains(t, strings.ToLower(o.Source), "brief")
		assert.True(t, o.Value > 0 && o.Time > Jan2020 && o.Time < Jan2023, o.Label)
	}
	assert.Len(t, series, len(ReferenceSeries()))
	// Simulated measures the same thing as the reference behaviour.
	apr, err := Simulated(res, SeriesMarket, Apr2020)
	require.NoError(t, err)
	assert.InDelta(t, 100*ref.TransactionsApr, apr, 1e-9)
	id20, err := Simulated(res, SeriesDetected, Jan2020+6)
	require.NoError(t, err)
	assert.InDelta(t, 100*ref.Identified2020, id20, 1e-9)
	id22, err := Simulated(res, SeriesDetected, Jan2022+11)
	require.NoError(t, err)
	assert.InDelta(t, 100*ref.Identified2022, id22, 1e-9)
	_, err = Simulated(res, "ads", 63)
	assert.ErrorContains(t, err, `no reference series "ads"`)
}

// The central values of the estimated parameters are the calibrated ones,
// each inside its range and its confidence interval, and the parameter
// table says where they come from.
func TestCalibratedCentralValues(t *testing.T) {
	cal := Calibrated()
	require.Len(t, cal, len(EstimatedParams()))
	byName := map[string]Parameter{}
	for _, p := range Parameters() {
		byName[p.Name] = p
	}
	m := Build()
	for i, v := range cal {
		assert.Equal(t, EstimatedParams()[i], v.Name)
		p := byName[v.Name]
		assert.True(t, p.Value >= p.Min && p.Value <= p.Max, v.Name)
		assert.Equal(t, v.AtBound, math.IsNaN(v.Low), "%s: an interval unless at a bound", v.Name)
		if v.AtBound {
			assert.True(t, v.Value == p.Min || v.Value == p.Max, v.Name)
			assert.Contains(t, p.Source, "estimated from the reference data (trafficking calibrate")
			assert.Contains(t, p.Source, "at the bound of the range")
			continue
		}
		assert.Equal(t, v.Value, p.Value, v.Name)
		assert.True(t, v.Low <= v.Value && v.Value <= v.High, v.Name)
		assert.Contains(t, p.Source, "estimated from the reference data")
		assert.Equal(t, strconv.FormatFloat(v.Value, 'g', -1, 64), m.Var(v.Name).Equation, "Build uses the estimate of %s", v.Name)
	}
	// The calibration problem fits every observation.
	c, err := Compile()
	require.NoError(t, err)
	p, err := CalibrationProblem(c)
	require.NoError(t, err)
	n := 0
	for _, tg := range p.Targets {
		n += len(tg.Data.Values)
	}
	assert.Equal(t, len(ReferenceData()), n)
}

func TestEnsemble(t *testing.T) {
	c, err := Compile()
	require.NoError(t, err)
	set := func(workers int) *EnsembleSettings {
		return &EnsembleSettings{Accept: 1, Batch: 12, MaxSamples: 12, Seed: 5, Workers: workers}
	}
	calls := 0
	s1 := set(1)
	s1.Progress = func(done, accepted int) {
		calls++
		assert.Equal(t, calls, done)
		assert.LessOrEqual(t, accepted, done)
	}
	one, err := RunEnsemble(c, s1)
	require.NoError(t, err)
	two, err := RunEnsemble(c, set(2))
	require.NoError(t, err)
	assert.Equal(t, 12, calls)
	require.Len(t, one.Members, 12)
	assert.Equal(t, 1, one.Batches)
	for i := range one.Members {
		assert.Equal(t, one.Members[i].Values, two.Members[i].Values)
		assert.Equal(t, one.Members[i].Reference, two.Members[i].Reference)
		assert.Equal(t, one.Members[i].Outcomes, two.Members[i].Outcomes, "same numbers on any number of workers")
	}
	require.Len(t, one.Reference, 7)
	acc := one.Accepted()
	assert.InDelta(t, float64(len(acc))/12, one.AcceptanceRate(), 1e-12)
	rates := one.ReferenceRates()
	for _, r := range rates {
		assert.GreaterOrEqual(t, r, one.AcceptanceRate())
	}

	// A member's outcomes are those of the scenario run with its values.
	m := one.Members[3]
	require.NoError(t, m.Err)
	opts := []sdmodel.RunOption{}
	for j, p := range one.Params {
		opts = append(opts, sdmodel.Set(p.Name, m.Values[j]))
	}
	s, err := FindScenario("upstream-prevention")
	require.NoError(t, err)
	res, err := Run(c, s, opts...)
	require.NoError(t, err)
	o, err := Measure(s.Name, res)
	require.NoError(t, err)
	assert.Equal(t, o, m.Outcomes[one.scenarioIndex(s.Name)])

	effects := one.Effects(one.Ran())
	require.Len(t, effects, len(Scenarios())-1)
	for _, e := range effects {
		assert.LessOrEqual(t, e.P5, e.P50, e.Policy)
		assert.LessOrEqual(t, e.P50, e.P95, e.Policy)
		assert.True(t, e.Lowers >= 0 && e.Lowers <= 1, e.Policy)
		if e.Policy == "no-covid" || e.Policy == "no-4p" {
			assert.True(t, math.IsNaN(e.AsExpected), "%s has no policy check", e.Policy)
		} else {
			assert.False(t, math.IsNaN(e.AsExpected), "%s has a policy check", e.Policy)
		}
	}
	ds, err := one.Deciders("end-demand", one.Ran(), 0)
	require.NoError(t, err)
	require.Len(t, ds, len(one.Params))
	for i := 1; i < len(ds); i++ {
		assert.GreaterOrEqual(t, math.Abs(ds[i-1].Spearman), math.Abs(ds[i].Spearman))
	}
	for _, d := range ds {
		if d.Param == "end demand multiplier" {
			assert.Greater(t, d.Spearman, 0.3, "a weaker law (a higher multiplier) does less good")
			assert.GreaterOrEqual(t, d.HelpsIn, d.HelpsOut)
		}
	}
	top, err := one.Deciders("end-demand", one.Ran(), 3)
	require.NoError(t, err)
	assert.Equal(t, ds[:3], top)
	_, err = one.Deciders("nordic", one.Ran(), 3)
	assert.ErrorContains(t, err, "no scenario")

	// Drawing until enough sets pass.
	more, err := RunEnsemble(c, &EnsembleSettings{Accept: 2, Batch: 6, MaxSamples: 60, Seed: 5})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(more.Accepted()), 2)
	assert.Equal(t, 6*more.Batches, len(more.Members))
	_, err = RunEnsemble(c, &EnsembleSettings{Batch: 1})
	assert.ErrorContains(t, err, "Batch >= 2")

	// Beyond the full-range sample, a set that fails a reference behaviour
	// runs only the reference scenarios; every other set is judged as if it
	// had run everything.
	full, err := RunEnsemble(c, &EnsembleSettings{Accept: 2, Batch: 6, MaxSamples: 60, Seed: 5, FullRange: 60})
	require.NoError(t, err)
	require.Equal(t, len(full.Members), len(more.Members))
	assert.Equal(t, 6, more.FullRange, "the first hypercube by default")
	screened := 0
	for i, m := range more.Members {
		f := full.Members[i]
		assert.Equal(t, f.Reference, m.Reference, i)
		assert.Equal(t, f.Accepted(), m.Accepted(), i)
		if m.Screened {
			screened++
			assert.GreaterOrEqual(t, i, 6, "the full-range sample is never screened")
			assert.False(t, m.Accepted())
			assert.Empty(t, m.Outcomes)
		} else {
			assert.Equal(t, f.Outcomes, m.Outcomes, i)
			assert.Equal(t, f.Policy, m.Policy, i)
		}
	}
	assert.Positive(t, screened, "some sets beyond the first hypercube fail")
	assert.Len(t, more.Ran(), 6-more.Failed())
	assert.Less(t, more.Runs(), full.Runs())
	_, err = RunEnsemble(c, &EnsembleSettings{FullRange: -1})
	assert.ErrorContains(t, err, "FullRange >= 0")
}
