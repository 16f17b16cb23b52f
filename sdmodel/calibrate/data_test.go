package calibrate

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCSV(t *testing.T) {
	in := "\ufefftime, infected ,recovered\n0,1,0\n1,,NA\n2.5,4,#N/A\n\n4,8,3\n"
	s, err := ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, s, 2)
	assert.Equal(t, "infected", s[0].Name)
	assert.Equal(t, "recovered", s[1].Name)
	assert.Equal(t, []float64{0, 1, 2.5, 4}, s[0].Time)
	assert.Equal(t, 1.0, s[0].Values[0])
	assert.True(t, math.IsNaN(s[0].Values[1]))
	assert.Equal(t, 8.0, s[0].Values[3])
	assert.True(t, math.IsNaN(s[1].Values[1]))
	assert.True(t, math.IsNaN(s[1].Values[2]))
	assert.Equal(t, 3.0, s[1].Values[3])

	tsv, err := ReadCSV(strings.NewReader("month\tsales\n1\t10\n2\t\n"))
	require.NoError(t, err)
	assert.Equal(t, "sales", tsv[0].Name)
	assert.True(t, math.IsNaN(tsv[0].Values[1]))

	short, err := ReadCSV(strings.NewReader("t,a,b\n1,2\n"))
	require.NoError(t, err)
	assert.True(t, math.IsNaN(short[1].Values[0]), "missing trailing cells are gaps")
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"time,a\n", "header row and at least one row"},
		{"time\n1\n", "at least one value column"},
		{"time,a,a\n1,2,3\n", `"a" appears twice`},
		{"time,,b\n1,2,3\n", "column 2 has no name"},
		{"time,a\nx,1\n", `line 2: time "x" is not a number`},
		{"time,a\n1,1\n1,2\n", "line 3: time 1 does not increase"},
		{"time,a\n1,abc\n", `line 2, column "a": "abc" is not a number`},
		{"time,a\n1,2,3\n", "line 2 has 3 cells"},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in))
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.want, c.in)
	}
}

func TestCompareTheil(t *testing.T) {
	a := []float64{1, 3, 2, 5, 4, 6}
	shift := make([]float64, len(a))
	scale := make([]float64, len(a))
	for i, v := range a {
		shift[i] = v + 2           // pure bias
		scale[i] = 3.5 + 2*(v-3.5) // same mean and perfectly correlated, double spread
	}
	rev := []float64{6, 4, 5, 2, 3, 1} // same mean and spread, anticorrelated

	cases := []struct {
		name       string
		sim        []float64
		um, us, uc float64
		r2, mse    float64
	}{
		{"bias", shift, 1, 0, 0, 1, 4},
		{"variation", scale, 0, 1, 0, 1, 17.5 / 6},
		{"covariation", rev, 0, 0, 1, 1, 70.0 / 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Compare(c.sim, a)
			assert.Equal(t, len(a), f.N)
			assert.InDelta(t, c.um, f.UM, 1e-12)
			assert.InDelta(t, c.us, f.US, 1e-12)
			assert.InDelta(t, c.uc, f.UC, 1e-12)
			assert.InDelta(t, 1, f.UM+f.US+f.UC, 1e-12)
			assert.InDelta(t, c.mse, f.MSE, 1e-12)
			assert.InDelta(t, math.Sqrt(c.mse), f.RMSE, 1e-12)
		})
	}
	// A general case: the three parts still sum to 1.
	f := Compare([]float64{1.5, 2.5, 2.2, 6, 3, 7}, a)
	assert.InDelta(t, 1, f.UM+f.US+f.UC, 1e-12)
	assert.Greater(t, f.UM, 0.0)
	assert.Greater(t, f.US, 0.0)
	assert.Greater(t, f.UC, 0.0)

	// MAPE skips zero observations; gaps are skipped.
	g := Compare([]float64{11, 5, 18, 7}, []float64{10, 0, 20, math.NaN()})
	assert.Equal(t, 3, g.N)
	assert.InDelta(t, 10, g.MAPE, 1e-12) // (10% + 10%) / 2
	assert.InDelta(t, (1+5+2)/3.0, g.MAE, 1e-12)

	perfect := Compare(a, a)
	assert.Equal(t, 0.0, perfect.MSE)
	assert.InDelta(t, 1, perfect.R2, 1e-12)
	assert.True(t, math.IsNaN(perfect.UM), "no error to decompose")
}
