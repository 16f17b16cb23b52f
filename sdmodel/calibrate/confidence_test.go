package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sdlessons/trafficking/sdmodel"
)

// A straight line y = a + b·t is linear in its parameters, so the intervals
// from the Hessian must equal the textbook ones of ordinary least squares.
func TestConfidenceIntervalsOfALine(t *testing.T) {
	m := sdmodel.New("line")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 10, DT: 1, SavePer: 1, Units: "year"})
	m.Aux("y", "a + b * TIME", "widgets")
	m.Const("a", 1, "widgets")
	m.Const("b", 1, "widgets/year")
	c, err := m.Compile()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	data := Series{Name: "y"}
	for tm := 0.0; tm <= 10; tm++ {
		data.Time = append(data.Time, tm)
		data.Values = append(data.Values, 2+0.5*tm+0.3*rng.NormFloat64())
	}
	p := Problem{Model: c, Params: []Param{{Name: "a", Min: -10, Max: 10}, {Name: "b", Min: -5, Max: 5}},
		Targets: []Target{{Variable: "y", Data: data}}}
	res, err := Calibrate(p, &Settings{Starts: 1, Seed: 1})
	require.NoError(t, err)

	// Ordinary least squares by hand.
	n := float64(len(data.Time))
	var mt, my, stt, sty float64
	for i, tm := range data.Time {
		mt += tm / n
		my += data.Values[i] / n
	}
	for i, tm := range data.Time {
		stt += (tm - mt) * (tm - mt)
		sty += (tm - mt) * (data.Values[i] - my)
	}
	b := sty / stt
	a := my - b*mt
	var sse float64
	for i, tm := range data.Time {
		r := data.Values[i] - a - b*tm
		sse += r * r
	}
	s2 := sse / (n - 2)
	seB := math.Sqrt(s2 / stt)
	seA := math.Sqrt(s2 * (1/n + mt*mt/stt))
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 2}.Quantile(0.975)

	assert.InDelta(t, a, res.Value("a"), 1e-4)
	assert.InDelta(t, b, res.Value("b"), 1e-4)
	assert.Equal(t, 9, res.DF)
	assert.InEpsilon(t, s2, res.Sigma2, 1e-4)
	for _, e := range res.Params {
		se := map[string]float64{"a": seA, "b": seB}[e.Name]
		assert.InEpsilon(t, se, e.SE, 1e-3, e.Name)
		assert.InDelta(t, e.Value-q*se, e.Low, 1e-3*se, e.Name)
		assert.InDelta(t, e.Value+q*se, e.High, 1e-3*se, e.Name)
	}
	assert.Contains(t, res.String(), "95% CI")

	// With the error variance known (weight 1/σ²), the intervals use it and
	// the normal quantile.
	p.Targets[0].Weight = 1 / (0.3 * 0.3)
	known, err := Calibrate(p, &Settings{Starts: 1, Seed: 1, KnownError: true, Level: 0.9})
	require.NoError(t, err)
	assert.Equal(t, 1.0, known.Sigma2)
	seKnown := 0.3 / math.Sqrt(stt)
	assert.InEpsilon(t, seKnown, known.Params[1].SE, 1e-3)
	assert.InDelta(t, known.Params[1].Value+1.6449*seKnown, known.Params[1].High, 1e-3*seKnown)

	// No intervals when asked for none, and an error for a level of 1 or more.
	none, err := Calibrate(p, &Settings{Level: -1})
	require.NoError(t, err)
	assert.True(t, math.IsNaN(none.Params[0].Low))
	_, err = Calibrate(p, &Settings{Level: 1})
	require.ErrorContains(t, err, "confidence level")
}

// A parameter the data cannot identify (it has no effect) gets no interval;
// nor does one with more parameters than observations allow.
func TestConfidenceUnidentified(t *testing.T) {
	m := sdmodel.New("flat")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 4, DT: 1, SavePer: 1, Units: "year"})
	m.Aux("y", "a + 0 * b", "widgets")
	m.Const("a", 1, "widgets")
	m.Const("b", 1, "widgets")
	c, err := m.Compile()
	require.NoError(t, err)
	data := Series{Name: "y", Time: []float64{0, 1, 2, 3}, Values: []float64{1, 1.2, 0.9, 1.1}}
	res, err := Calibrate(Problem{Model: c, Params: []Param{{Name: "a", Min: -10, Max: 10}, {Name: "b", Min: -5, Max: 5}},
		Targets: []Target{{Variable: "y", Data: data}}}, nil)
	require.NoError(t, err)
	assert.InDelta(t, 1.05, res.Value("a"), 1e-3)
	for _, e := range res.Params {
		assert.True(t, math.IsNaN(e.SE), e.Name)
	}
	one := Series{Name: "y", Time: []float64{0}, Values: []float64{1}}
	res, err = Calibrate(Problem{Model: c, Params: []Param{{Name: "a", Min: -10, Max: 10}},
		Targets: []Target{{Variable: "y", Data: one}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, res.DF)
	assert.True(t, math.IsNaN(res.Params[0].Low))
}

// Measure fits a derived quantity: here the mean of y over the run.
func TestTargetMeasure(t *testing.T) {
	c := logistic(t)
	data := noisyData(t, c, 0)
	mean := Series{Name: "mean population", Time: []float64{40}, Values: []float64{0}}
	res, err := c.Run()
	require.NoError(t, err)
	var sum float64
	for _, v := range res.Series("population") {
		sum += v
	}
	mean.Values[0] = sum / float64(len(res.Time()))
	measure := func(r *sdmodel.Results, times []float64) ([]float64, error) {
		var s float64
		for _, v := range r.Series("population") {
			s += v
		}
		return []float64{s / float64(len(r.Time()))}, nil
	}
	out, err := Calibrate(Problem{Model: c, Params: []Param{{Name: "capacity", Min: 200, Max: 5000}},
		Targets: []Target{{Variable: "population", Data: data}, {Variable: "mean population", Data: mean, Measure: measure}}}, &Settings{Level: -1})
	require.NoError(t, err)
	require.Len(t, out.Fits, 2)
	assert.Equal(t, "mean population", out.Fits[1].Variable)
	assert.InEpsilon(t, 1000, out.Value("capacity"), 1e-3)
	bad := func(*sdmodel.Results, []float64) ([]float64, error) { return nil, nil }
	_, err = Calibrate(Problem{Model: c, Params: []Param{{Name: "capacity", Min: 200, Max: 5000}},
		Targets: []Target{{Variable: "mean population", Data: mean, Measure: bad}}}, nil)
	require.ErrorContains(t, err, "gave 0 values for 1 times")
}
