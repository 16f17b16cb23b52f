package chart

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
)

// Bands is a sensitivity chart: percentile envelopes of one variable over
// many runs (e.g. a Monte Carlo experiment), around the median. Percentile
// series are paired from the outside in (p5 with p95, p25 with p75) and
// shaded, darker towards the middle; the median (p50) is drawn as a line.
type Bands struct {
	Title    string
	Subtitle string
	Var      string // the variable summarised, for the legend and the y axis
	YLabel   string // y axis title, with units; default Var
	XLabel   string // default "Time (<time units>)" or "Date"

	Time []float64
	// Percentiles holds one series per percentile, named "p5", "p25",
	// "p50", "p75", "p95" (any "pN" or "pN.N"; "median" is p50).
	Percentiles map[string][]float64

	DateOrigin string // "YYYY-MM" of time 0, for dates on the x axis
	TimeUnits  string

	Runs []Run   // optional runs drawn on top, e.g. the baseline
	Data []Point // reference data

	Width, Height int
}

// percentile is one named percentile series.
type percentile struct {
	name   string
	p      float64
	values []float64
}

func parsePercentile(name string) (float64, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "median" {
		return 50, nil
	}
	if !strings.HasPrefix(n, "p") {
		return 0, fmt.Errorf("percentile series %q: name it pN, e.g. p5 or p97.5", name)
	}
	p, err := strconv.ParseFloat(n[1:], 64)
	if err != nil || p < 0 || p > 100 {
		return 0, fmt.Errorf("percentile series %q: name it pN with N from 0 to 100", name)
	}
	return p, nil
}

// Chart builds the chart. It fails on percentile names it cannot read and on
// series whose length differs from Time.
func (b Bands) Chart() (*Chart, error) {
	fail := func(format string, args ...any) (*Chart, error) {
		return nil, errorf("bands", b.Title, format, args...)
	}
	if len(b.Time) == 0 || len(b.Percentiles) == 0 {
		return fail("no data: set Time and Percentiles")
	}
	var ps []percentile
	for name, v := range b.Percentiles {
		p, err := parsePercentile(name)
		if err != nil {
			return fail("%v", err)
		}
		if len(v) != len(b.Time) {
			return fail("percentile series %q has %d values for %d times", name, len(v), len(b.Time))
		}
		ps = append(ps, percentile{name: name, p: p, values: v})
	}
	// Map order is random: sort for a stable chart.
	sort.Slice(ps, func(i, j int) bool { return ps[i].p < ps[j].p || ps[i].p == ps[j].p && ps[i].name < ps[j].name })

	axis, err := newTimeAxis(b.DateOrigin, b.TimeUnits)
	if err != nil {
		return fail("%v", err)
	}
	if len(b.Runs) > 0 {
		if _, err := runsAxis(b.Runs); err != nil {
			return fail("%v", err)
		}
		if b.Runs[0].Results.DateOrigin != b.DateOrigin {
			return fail("runs have date origin %q, the bands %q", b.Runs[0].Results.DateOrigin, b.DateOrigin)
		}
	}
	p := &xyPlot{title: b.Title, subtitle: b.Subtitle, xLabel: b.XLabel, yLabel: b.YLabel, axis: axis, timeX: true}
	if p.xLabel == "" {
		p.xLabel = axis.label()
	}
	if p.yLabel == "" {
		p.yLabel = b.Var
	}
	const base = "#0072B2"
	pairs := len(ps) / 2
	for i := 0; i < pairs; i++ {
		lo, hi := ps[i], ps[len(ps)-1-i]
		p.bands = append(p.bands, xyBand{
			name: fmt.Sprintf("%s–%s", pctName(lo.p), pctName(hi.p)),
			x:    b.Time, lo: lo.values, hi: hi.values,
			colour: base, opacity: 0.18 + 0.12*float64(i),
		})
	}
	if len(ps)%2 == 1 {
		mid := ps[pairs]
		name := pctName(mid.p)
		if mid.p == 50 {
			name = "median"
		}
		if b.Var != "" {
			name = b.Var + ", " + name
		}
		p.lines = append(p.lines, xyLine{name: name, x: b.Time, y: mid.values, colour: base})
	}
	for i, r := range b.Runs {
		y, err := r.Results.Get(b.Var)
		if err != nil {
			return fail("run %q: %v", r.Label, err)
		}
		p.lines = append(p.lines, xyLine{name: r.Label, x: r.Results.Time(), y: y, colour: colour(1 + i), dash: 1})
	}
	if p.points, err = referencePoints(b.Data, axis); err != nil {
		return fail("%v", err)
	}
	return xyChart("bands", p, b.Width, b.Height)
}

func pctName(p float64) string { return "p" + strconv.FormatFloat(p, 'f', -1, 64) }

// Percentiles summarises one variable over many runs: for each saved time,
// the given percentiles (0-100) of the variable's values across the runs,
// named as Bands expects ("p5", "p50", ...). All runs must have the same
// saved times. Percentiles interpolate linearly between order statistics
// (Hyndman and Fan's type 7, the default of R and NumPy), so p50 of an odd
// number of runs is the middle run.
func Percentiles(runs []*sdmodel.Results, name string, ps ...float64) (time []float64, series map[string][]float64, err error) {
	if len(runs) == 0 {
		return nil, nil, fmt.Errorf("percentiles of %q: no runs", name)
	}
	if len(ps) == 0 {
		ps = []float64{5, 25, 50, 75, 95}
	}
	time = runs[0].Time()
	cols := make([][]float64, len(runs))
	for i, r := range runs {
		if r == nil {
			return nil, nil, fmt.Errorf("percentiles of %q: run %d has no results", name, i+1)
		}
		if len(r.Time()) != len(time) {
			return nil, nil, fmt.Errorf("percentiles of %q: run %d has %d saved times, run 1 has %d", name, i+1, len(r.Time()), len(time))
		}
		if cols[i], err = r.Get(name); err != nil {
			return nil, nil, fmt.Errorf("percentiles of %q: run %d: %w", name, i+1, err)
		}
	}
	series = map[string][]float64{}
	for _, p := range ps {
		if p < 0 || p > 100 || math.IsNaN(p) {
			return nil, nil, fmt.Errorf("percentiles of %q: %g is not between 0 and 100", name, p)
		}
		series[pctName(p)] = make([]float64, len(time))
	}
	vals := make([]float64, len(runs))
	for t := range time {
		for i := range runs {
			vals[i] = cols[i][t]
		}
		sort.Float64s(vals)
		for _, p := range ps {
			series[pctName(p)][t] = sensitivity.Quantile(vals, p/100)
		}
	}
	return time, series, nil
}
