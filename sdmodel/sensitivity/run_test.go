package sensitivity

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"

	"github.com/sdlessons/trafficking/sdmodel"
)

// growth is exponential growth: population(t) = initial * (1 + rate)^t with
// Euler and DT 1, so the final population is a monotone function of rate.
func growth(t *testing.T) *sdmodel.Compiled {
	t.Helper()
	m := sdmodel.New("growth")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 20, DT: 1, SavePer: 1, Units: "year"})
	m.Stock("population", "initial population", "people").In("births")
	m.Flow("births", "population * rate", "people/year")
	m.Const("rate", 0.03, "1/year")
	m.Const("initial population", 100, "people")
	m.Const("unused", 1, "dmnl")
	c, err := m.Compile()
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		t.Skip("engine not available yet")
	}
	require.NoError(t, err)
	return c
}

var growthParams = []Param{
	{Name: "rate", Dist: Uniform(0.01, 0.05)},
	{Name: "unused", Dist: Normal(1, 0.1)},
}

func TestRunDeterministicAcrossWorkers(t *testing.T) {
	c := growth(t)
	var first *Result
	for _, w := range []int{1, 3, 8} {
		res, err := Run(c, growthParams, &Settings{Runs: 37, Seed: 5, Workers: w,
			Outputs: []string{"population"}, Outcomes: []Outcome{Final("population")}})
		require.NoError(t, err)
		if first == nil {
			first = res
			continue
		}
		assert.Equal(t, first.Bands, res.Bands, "workers=%d", w)
		assert.Equal(t, first.Outcomes, res.Outcomes, "workers=%d", w)
	}
}

func TestRunBandsAndEffects(t *testing.T) {
	c := growth(t)
	res, err := Run(c, growthParams, &Settings{Runs: 400, Seed: 1,
		Outputs:  []string{"population", "births"},
		Outcomes: []Outcome{Final("population"), Max("births")}})
	require.NoError(t, err)
	require.Len(t, res.Time, 21)
	b := res.Band("Population")
	require.NotNil(t, b)
	final := len(res.Time) - 1
	// Final population is increasing in rate, so its quantiles are the model
	// at the rate's quantiles: 100 * (1 + q)^20.
	for _, p := range DefaultQuantiles {
		rate := 0.01 + 0.04*p
		want := 100 * math.Pow(1+rate, 20)
		got := b.Quantile(p)[final]
		assert.InEpsilon(t, want, got, 0.02, "p=%g", p)
	}
	assert.InDelta(t, 100, b.Min[0], 1e-9)
	assert.InDelta(t, 100, b.Max[0], 1e-9)
	assert.InEpsilon(t, 100*math.Pow(1.05, 20), b.Max[final], 0.01)
	for k := 1; k < len(b.Quantiles); k++ {
		assert.LessOrEqual(t, b.Values[k-1][final], b.Values[k][final], "bands ordered")
	}

	eff, err := res.Effects("final population")
	require.NoError(t, err)
	require.Len(t, eff, 2)
	assert.Equal(t, "rate", eff[0].Param)
	assert.InDelta(t, 1, eff[0].Spearman, 1e-12)
	assert.Less(t, math.Abs(eff[1].Spearman), 0.15)

	_, err = res.Effects("nope")
	assert.ErrorContains(t, err, "no outcome")

	var buf bytes.Buffer
	require.NoError(t, res.WriteBandsCSV(&buf))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Equal(t, "variable,time,mean,min,max,p5,p25,p50,p75,p95", lines[0])
	assert.Len(t, lines, 1+2*21)
}

// Up to Settings.Exact runs the bands are the exact sample quantiles.
func TestRunExactBands(t *testing.T) {
	c := growth(t)
	res, err := Run(c, growthParams, &Settings{Runs: 60, Seed: 2, Method: MonteCarlo,
		Outputs: []string{"population"}, Outcomes: []Outcome{Final("population"), Mean("population"), Min("births"), At("births", 10)}})
	require.NoError(t, err)
	final := slices.Clone(res.Outcome("final population"))
	slices.Sort(final)
	b := res.Band("population")
	for _, p := range DefaultQuantiles {
		assert.Equal(t, Quantile(final, p), b.Quantile(p)[20], "p=%g", p)
	}
	assert.InDelta(t, stat.Mean(res.Outcome("final population"), nil), b.Mean[20], 1e-9)
	assert.Len(t, res.Outcome("mean population"), 60)
	rates := res.Param("rate")
	for i, v := range res.Outcome("min births") {
		require.InDelta(t, 100*rates[i], v, 1e-9, "births start at 100·rate, their minimum")
	}
	assert.Nil(t, res.Outcome("nope"))

	// With a tiny exact buffer the P² estimates are close, and deterministic.
	est, err := Run(c, growthParams, &Settings{Runs: 60, Seed: 2, Method: MonteCarlo, Exact: 10, Outputs: []string{"population"}})
	require.NoError(t, err)
	for _, p := range DefaultQuantiles {
		assert.InEpsilon(t, Quantile(final, p), est.Band("population").Quantile(p)[20], 0.05, "p=%g", p)
	}
}

func TestRunOnRunOrderAndErrors(t *testing.T) {
	c := growth(t)
	var seen []int
	_, err := Run(c, growthParams, &Settings{Runs: 25, Workers: 4, OnRun: func(i int, s []float64, r *sdmodel.Results) error {
		seen = append(seen, i)
		return nil
	}})
	require.NoError(t, err)
	for i := range seen {
		require.Equal(t, i, seen[i])
	}
	require.Len(t, seen, 25)

	_, err = Run(c, []Param{{Name: "no such constant", Dist: Uniform(0, 1)}}, &Settings{Runs: 10, Workers: 4})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "run 0")

	_, err = Run(c, growthParams, &Settings{Runs: 10, OnRun: func(i int, _ []float64, _ *sdmodel.Results) error {
		if i == 6 {
			return fmt.Errorf("stop here")
		}
		return nil
	}})
	assert.ErrorContains(t, err, "run 6")

	_, err = Run(c, growthParams, &Settings{Runs: 10, Quantiles: []float64{1.5}})
	assert.ErrorContains(t, err, "not in (0, 1)")
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	assert.Equal(t, 1.0, Quantile(xs, 0))
	assert.Equal(t, 3.0, Quantile(xs, 0.5))
	assert.Equal(t, 5.0, Quantile(xs, 1))
	assert.InDelta(t, 1.2, Quantile(xs, 0.05), 1e-12)
	assert.True(t, math.IsNaN(Quantile(nil, 0.5)))
}
