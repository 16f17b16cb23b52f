package chart_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
)

// decay is a one-stock model with monthly time from January 2020.
func decay() *sdmodel.Model {
	m := sdmodel.New("decay")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 36, DT: 0.25, SavePer: 1, Units: "months"})
	m.DateOrigin = "2020-01"
	m.Stock("victims", "500", "people").Out("exits")
	m.Flow("exits", "victims * exit fraction", "people/month")
	m.Const("exit fraction", 0.05, "1/month")
	return m
}

func runs(m *sdmodel.Model, fractions ...float64) []*sdmodel.Results {
	c, err := m.Compile()
	if err != nil {
		panic(err)
	}
	var out []*sdmodel.Results
	for _, f := range fractions {
		res, err := c.Run(sdmodel.Set("exit fraction", f))
		if err != nil {
			panic(err)
		}
		out = append(out, res)
	}
	return out
}

// Behaviour over time of two policies, with a reference data point, saved
// as an offline HTML page and as static SVG and PNG figures.
func ExampleLine() {
	res := runs(decay(), 0.05, 0.1)
	c, err := chart.Line{
		Title:  "Victims in exploitation",
		Runs:   []chart.Run{{Label: "baseline", Results: res[0]}, {Label: "twice the exits", Results: res[1]}},
		Vars:   []string{"victims"},
		YLabel: "people",
		Data:   []chart.Point{{Date: "2021-01", Value: 280, Label: "survey", Source: "illustrative"}},
	}.Chart()
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "chart")
	defer os.RemoveAll(dir)
	for _, name := range []string{"victims.html", "victims.svg", "victims.png"} {
		if err := c.Save(filepath.Join(dir, name)); err != nil {
			fmt.Println(err)
		}
	}
	// The element id is stable: derived from the title and the content.
	fmt.Println(c.Kind, strings.HasPrefix(c.ID(), "sdchart-victims-in-exploitation-"))
	// Output: line true
}

// Percentile bands of a Monte Carlo-style experiment.
func ExampleBands() {
	var fractions []float64
	for i := 0; i < 21; i++ {
		fractions = append(fractions, 0.02+0.005*float64(i))
	}
	results := runs(decay(), fractions...)
	t, pct, err := chart.Percentiles(results, "victims", 5, 25, 50, 75, 95)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := chart.Bands{
		Title: "Victims: uncertainty in the exit fraction", Var: "victims", YLabel: "people",
		Time: t, Percentiles: pct, DateOrigin: "2020-01", TimeUnits: "months",
	}.Chart()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: median after 3 years %.0f people\n", c.Kind, pct["p50"][len(t)-1])
	// Output: bands: median after 3 years 39 people
}

// Policies compared on two outcomes.
func ExampleBars() {
	c, err := chart.Bars{
		Title:  "Outcomes after three years",
		Names:  []string{"baseline", "awareness", "enforcement"},
		Series: []chart.BarSeries{{Name: "victims", Values: []float64{150, 120, 90}}, {Name: "cost (M$)", Values: []float64{0, 40, 65}}},
		YLabel: "people or M$",
	}.Chart()
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, _ := c.SVG()
	fmt.Println(c.Kind, len(svg) > 0)
	// Output: bars true
}

// In a GoNB notebook cell, Show displays a chart (loading ECharts with the
// first chart of the session); outside a notebook it only builds it.
func ExampleShow() {
	res := runs(decay(), 0.05)
	err := chart.Show(chart.Phase{
		Title: "Exits against victims",
		Runs:  []chart.Run{{Label: "baseline", Results: res[0]}},
		X:     "victims", Y: "exits",
	})
	fmt.Println(err)
	// Output: <nil>
}
