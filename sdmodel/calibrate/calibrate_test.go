package calibrate

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// logistic is logistic growth; the test fits its growth rate and capacity.
func logistic(t testing.TB) *sdmodel.Compiled {
	t.Helper()
	m := sdmodel.New("logistic")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 40, DT: 0.25, SavePer: 1, Units: "year"})
	m.Stock("population", "10", "animals").In("births")
	m.Flow("births", "population * fractional growth", "animals/year")
	m.Aux("fractional growth", "r * (1 - population / capacity)", "1/year")
	m.Const("r", 0.3, "1/year")
	m.Const("capacity", 1000, "animals")
	c, err := m.Compile()
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		t.Skip("engine not available yet")
	}
	require.NoError(t, err)
	return c
}

// noisyData runs the model with the true values and adds seeded normal noise,
// leaving a few gaps.
func noisyData(t *testing.T, c *sdmodel.Compiled, sd float64) Series {
	res, err := c.Run(sdmodel.Set("r", 0.3), sdmodel.Set("capacity", 1000))
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 11))
	s := Series{Name: "population"}
	for i, tm := range res.Time() {
		if i%2 == 1 {
			continue // observations every other year
		}
		v := res.Series("population")[i] + sd*rng.NormFloat64()
		if i == 10 {
			v = math.NaN() // a gap
		}
		s.Time = append(s.Time, tm)
		s.Values = append(s.Values, v)
	}
	return s
}

func TestCalibrateRecoversParameters(t *testing.T) {
	c := logistic(t)
	data := noisyData(t, c, 10)
	p := Problem{
		Model: c,
		Params: []Param{
			{Name: "r", Min: 0.05, Max: 1},
			{Name: "capacity", Min: 200, Max: 5000},
		},
		Targets: []Target{{Variable: "population", Data: data}},
	}
	res, err := Calibrate(p, &Settings{Starts: 2, Seed: 3})
	require.NoError(t, err)
	t.Log("\n" + res.String())
	assert.InEpsilon(t, 0.3, res.Value("r"), 0.03)
	assert.InEpsilon(t, 1000, res.Value("capacity"), 0.02)
	require.Len(t, res.Fits, 1)
	f := res.Fits[0]
	assert.Equal(t, 20, f.N)
	assert.Greater(t, f.R2, 0.99)
	assert.InDelta(t, 1, f.UM+f.US+f.UC, 1e-9)
	assert.Greater(t, f.UC, 0.5, "with a good fit, the error is mostly unsystematic")
	assert.InDelta(t, 10, f.RMSE, 4, "residuals about the noise level")

	// Deterministic: the same problem gives the same numbers, with the
	// starts run in turn or at once.
	again, err := Calibrate(p, &Settings{Starts: 2, Seed: 3, Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, res.Params, again.Params)
	assert.Equal(t, res.Objective, again.Objective)

	// The estimates rerun the model.
	run, err := c.Run(res.Options()...)
	require.NoError(t, err)
	assert.Equal(t, res.Run.Series("population"), run.Series("population"))
}

func TestCalibrateBoundsAndErrors(t *testing.T) {
	c := logistic(t)
	data := noisyData(t, c, 0)
	// The true capacity lies above the allowed range: the estimate sits at the bound.
	res, err := Calibrate(Problem{Model: c,
		Params:  []Param{{Name: "capacity", Min: 200, Max: 800, Initial: 500}},
		Targets: []Target{{Variable: "population", Data: data}}}, nil)
	require.NoError(t, err)
	assert.True(t, res.Params[0].AtBound)
	assert.LessOrEqual(t, res.Params[0].Value, 800.0)
	assert.Greater(t, res.Params[0].Value, 790.0)

	// With r free as well, capacity at its bound gets no interval and r gets
	// one computed with capacity held there.
	noisy := noisyData(t, c, 10)
	res, err = Calibrate(Problem{Model: c,
		Params:  []Param{{Name: "r", Min: 0.05, Max: 1}, {Name: "capacity", Min: 200, Max: 800, Initial: 500}},
		Targets: []Target{{Variable: "population", Data: noisy}}}, nil)
	require.NoError(t, err)
	require.True(t, res.Params[1].AtBound)
	assert.True(t, math.IsNaN(res.Params[1].Low))
	assert.Less(t, res.Params[0].Low, res.Params[0].Value)
	assert.Greater(t, res.Params[0].High, res.Params[0].Value)

	late := Series{Name: "population", Time: []float64{50}, Values: []float64{1}}
	cases := []struct {
		name string
		p    Problem
		want string
	}{
		{"no params", Problem{Model: c, Targets: Targets([]Series{data})}, "no parameters"},
		{"bad bounds", Problem{Model: c, Params: []Param{{Name: "r", Min: 1, Max: 1}}, Targets: Targets([]Series{data})}, "min < max"},
		{"no targets", Problem{Model: c, Params: []Param{{Name: "r", Min: 0, Max: 1}}}, "no targets"},
		{"outside run", Problem{Model: c, Params: []Param{{Name: "r", Min: 0, Max: 1}}, Targets: Targets([]Series{late})}, "outside the run"},
		{"unknown variable", Problem{Model: c, Params: []Param{{Name: "r", Min: 0, Max: 1}}, Targets: []Target{{Variable: "popul", Data: data}}}, "popul"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Calibrate(tc.p, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
