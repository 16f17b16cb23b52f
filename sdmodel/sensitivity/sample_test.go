package sensitivity

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestSampleDeterministic(t *testing.T) {
	params := []Param{
		{Name: "a", Dist: Uniform(0, 1)},
		{Name: "b", Dist: Normal(10, 2)},
		{Name: "c", Dist: Triangular(1, 2, 5)},
		{Name: "d", Dist: LogNormal(0, 0.5)},
	}
	for _, m := range []Method{LatinHypercube, MonteCarlo} {
		t.Run(m.String(), func(t *testing.T) {
			s1, err := Sample(params, 50, m, 7)
			require.NoError(t, err)
			s2, err := Sample(params, 50, m, 7)
			require.NoError(t, err)
			s3, err := Sample(params, 50, m, 8)
			require.NoError(t, err)
			assert.Equal(t, s1, s2, "same seed, same samples")
			assert.NotEqual(t, s1, s3, "another seed, other samples")
			require.Len(t, s1, 50)
			for _, row := range s1 {
				require.Len(t, row, 4)
				assert.True(t, row[0] >= 0 && row[0] <= 1)
				assert.True(t, row[2] >= 1 && row[2] <= 5)
				assert.Greater(t, row[3], 0.0)
			}
		})
	}
}

// Latin hypercube: each parameter has exactly one value in each of the n
// equal-probability strata.
func TestLatinHypercubeStrata(t *testing.T) {
	params := []Param{
		{Name: "u", Dist: Uniform(-3, 5)},
		{Name: "n", Dist: Normal(0, 1)},
	}
	dists := []interface{ CDF(float64) float64 }{distuv.Uniform{Min: -3, Max: 5}, distuv.Normal{Mu: 0, Sigma: 1}}
	const n = 40
	s, err := Sample(params, n, LatinHypercube, 1)
	require.NoError(t, err)
	for j, d := range dists {
		seen := make([]int, n)
		for _, row := range s {
			k := int(d.CDF(row[j]) * n)
			require.True(t, k >= 0 && k < n)
			seen[k]++
		}
		for k, c := range seen {
			assert.Equal(t, 1, c, "param %d stratum %d", j, k)
		}
	}
}

func TestMonteCarloMoments(t *testing.T) {
	s, err := Sample([]Param{{Name: "x", Dist: Normal(3, 2)}}, 4000, MonteCarlo, 42)
	require.NoError(t, err)
	x := make([]float64, len(s))
	for i, r := range s {
		x[i] = r[0]
	}
	mean, sd := stat.MeanStdDev(x, nil)
	assert.InDelta(t, 3, mean, 0.1)
	assert.InDelta(t, 2, sd, 0.1)
}

func TestSampleErrors(t *testing.T) {
	cases := []struct {
		name   string
		params []Param
		n      int
		method Method
		want   string
	}{
		{"no params", nil, 10, LatinHypercube, "no parameters"},
		{"no name", []Param{{Dist: Uniform(0, 1)}}, 10, LatinHypercube, "no name"},
		{"no dist", []Param{{Name: "a"}}, 10, LatinHypercube, `"a" has no distribution`},
		{"duplicate", []Param{{Name: "a", Dist: Fixed(1)}, {Name: "a", Dist: Fixed(2)}}, 10, LatinHypercube, "twice"},
		{"bad uniform", []Param{{Name: "a", Dist: Uniform(2, 1)}}, 10, LatinHypercube, "uniform"},
		{"bad triangle", []Param{{Name: "a", Dist: Triangular(0, 3, 2)}}, 10, LatinHypercube, "triangular"},
		{"bad normal", []Param{{Name: "a", Dist: Normal(0, -1)}}, 10, LatinHypercube, "normal"},
		{"bad lognormal", []Param{{Name: "a", Dist: LogNormal(0, 0)}}, 10, LatinHypercube, "log-normal"},
		{"zero n", []Param{{Name: "a", Dist: Fixed(1)}}, 0, LatinHypercube, "positive"},
		{"bad method", []Param{{Name: "a", Dist: Fixed(1)}}, 3, Method(9), "unknown sampling method"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Sample(c.params, c.n, c.method, 1)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestP2Quantile(t *testing.T) {
	// Few observations: exact (type 7).
	e := NewP2Quantile(0.5)
	assert.True(t, math.IsNaN(e.Value()))
	for _, x := range []float64{5, 1, 3} {
		e.Add(x)
	}
	assert.Equal(t, 3.0, e.Value())
	e.Add(math.NaN())
	assert.Equal(t, 3, e.Count())

	// Many observations from known distributions: close to the exact sample quantile.
	src := distuv.Normal{Mu: 10, Sigma: 3}
	s, err := Sample([]Param{{Name: "x", Dist: src}}, 2000, MonteCarlo, 3)
	require.NoError(t, err)
	for _, p := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
		e := NewP2Quantile(p)
		x := make([]float64, 0, len(s))
		for _, r := range s {
			e.Add(r[0])
			x = append(x, r[0])
		}
		slices.Sort(x)
		exact := stat.Quantile(p, stat.Empirical, x, nil)
		assert.InDelta(t, exact, e.Value(), 0.1*3, "p=%g", p) // within 0.1 sd
		assert.InDelta(t, src.Quantile(p), e.Value(), 0.15*3, "p=%g", p)
	}
}

func TestSpearmanAndRanks(t *testing.T) {
	assert.Equal(t, []float64{1, 2.5, 2.5, 4}, Ranks([]float64{1, 5, 5, 9}))
	assert.Equal(t, []float64{3, 1, 2}, Ranks([]float64{30, -1, 0}))
	x := []float64{1, 2, 3, 4, 5}
	assert.InDelta(t, 1, Spearman(x, []float64{1, 8, 27, 64, 125}), 1e-12, "monotone, not linear")
	assert.InDelta(t, -1, Spearman(x, []float64{5, 4, 3, 2, 1}), 1e-12)
	// Textbook example: d² = 0+1+1+1+1 -> rho = 1 - 6*4/(5*24) = 0.8.
	assert.InDelta(t, 0.8, Spearman(x, []float64{1, 3, 2, 5, 4}), 1e-12)
	assert.True(t, math.IsNaN(Spearman(x, []float64{2, 2, 2, 2, 2})))
}
