package chart

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// victimsModel is a small monthly model with a date origin: people are
// recruited into exploitation and leave it at a fractional rate.
func victimsModel() *sdmodel.Model {
	m := sdmodel.New("victims")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 60, DT: 0.25, SavePer: 1, Units: "months"})
	m.DateOrigin = "2015-01"
	m.Stock("victims", "1000", "people").In("recruitment").Out("exits")
	m.Stock("survivors", "0", "people").In("exits")
	m.Flow("recruitment", "recruitment rate * effect of awareness(awareness)", "people/month")
	m.Flow("exits", "victims * exit fraction", "people/month")
	m.Aux("awareness", "MIN(1, survivors / awareness scale)", "dmnl")
	m.Const("recruitment rate", 40, "people/month")
	m.Const("exit fraction", 0.03, "1/month")
	m.Const("awareness scale", 2000, "people")
	m.Graphical("effect of awareness", "", []float64{0, 0.5, 1}, []float64{1, 0.7, 0.5}, "dmnl")
	return m
}

func run(t testing.TB, m *sdmodel.Model, opts ...sdmodel.RunOption) *sdmodel.Results {
	t.Helper()
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run(opts...)
	require.NoError(t, err)
	return res
}

// fixtureRuns are a baseline and a policy run of victimsModel.
func fixtureRuns(t testing.TB) []Run {
	m := victimsModel()
	return []Run{
		{Label: "baseline", Results: run(t, m)},
		{Label: "more exits", Results: run(t, m, sdmodel.Set("exit fraction", 0.06))},
	}
}

// fixtureCharts builds one chart of every kind from the fixture model.
func fixtureCharts(t testing.TB) map[string]*Chart {
	t.Helper()
	runs := fixtureRuns(t)
	m := victimsModel()
	var mc []*sdmodel.Results
	for i := 0; i < 20; i++ {
		mc = append(mc, run(t, m, sdmodel.Set("exit fraction", 0.02+0.003*float64(i))))
	}
	tm, pct, err := Percentiles(mc, "victims")
	require.NoError(t, err)

	specs := map[string]Spec{
		"line": Line{
			Title: "Victims and survivors", Subtitle: "baseline and a policy doubling exits",
			Runs: runs, Vars: []string{"victims", "survivors"}, YLabel: "people",
			Data: []Point{
				{Series: "reported (illustrative)", Date: "2016-01", Value: 1150, Label: "2016", Source: "illustrative figure"},
				{Series: "reported (illustrative)", Date: "2018-01", Value: 1000, Label: "2018"},
			},
		},
		"bands": Bands{
			Title: "Victims: sensitivity to the exit fraction", Var: "victims", YLabel: "victims (people)",
			Time: tm, Percentiles: pct, DateOrigin: "2015-01", TimeUnits: "months",
			Runs: runs[:1],
		},
		"phase": Phase{Title: "Survivors against victims", Runs: runs, X: "victims", Y: "survivors",
			XLabel: "victims (people)", YLabel: "survivors (people)"},
		"bars": Bars{Title: "Victims after five years", Names: []string{"baseline", "more exits", "awareness"},
			Series: []BarSeries{{Name: "victims", Values: []float64{1100, 760, 900}}, {Name: "survivors", Values: []float64{1300, 2000, 1500}}},
			YLabel: "people", XLabel: "policy"},
		"areas": Areas{Title: "Loop dominance (illustrative)", Time: []float64{0, 12, 24, 36},
			Series: []AreaSeries{{Name: "R1 recruitment", Values: []float64{0.2, 0.5, 0.3, 0.1}},
				{Name: "B1 exits", Values: []float64{-0.8, -0.5, -0.6, -0.9}}},
			DateOrigin: "2015-01", TimeUnits: "months", YLabel: "relative loop score"},
	}
	out := map[string]*Chart{}
	for kind, s := range specs {
		c, err := s.Chart()
		require.NoError(t, err, kind)
		out[kind] = c
	}
	return out
}

// option decodes a chart's ECharts option.
func option(t testing.TB, c *Chart) map[string]any {
	t.Helper()
	data, err := c.Option()
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}
