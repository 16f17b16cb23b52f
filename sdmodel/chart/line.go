package chart

import "fmt"

// Line is a behaviour-over-time chart: model variables against time, for one
// or several runs overlaid. With one run, each variable has its own colour;
// with several runs, each run has its own colour and variables are told apart
// by dashes. When the results have a DateOrigin (and calendar time units),
// the x axis shows dates.
type Line struct {
	Title    string
	Subtitle string
	Runs     []Run    // in legend order
	Vars     []string // variables to draw, by name (any case, spaces or underscores)
	YLabel   string   // y axis title, with units: "people", "victims (people)"
	XLabel   string   // x axis title; default "Time (<time units>)" or "Date"
	Data     []Point  // reference data, drawn as labelled points
	// Width and Height in CSS pixels (default 800 x 450).
	Width, Height int
}

// Point is one reference data point: an observation to compare the
// simulation with. Points with the same Series name share a legend entry.
type Point struct {
	Series string  // legend entry, e.g. "reported cases (UNODC)"; default "data"
	Time   float64 // model time of the observation
	Date   string  // or its date, "YYYY-MM" or "YYYY-MM-DD", when the runs have a date origin
	Value  float64
	Label  string // written next to the point
	Source string // shown in the tooltip
}

// Chart builds the chart. It fails when a run has no results, when a variable
// is missing from a run, or when runs disagree on their date origin.
func (l Line) Chart() (*Chart, error) {
	fail := func(format string, args ...any) (*Chart, error) {
		return nil, errorf("line", l.Title, format, args...)
	}
	if len(l.Runs) == 0 {
		return fail("no runs to draw")
	}
	if len(l.Vars) == 0 {
		return fail("no variables to draw: set Vars")
	}
	axis, err := runsAxis(l.Runs)
	if err != nil {
		return fail("%v", err)
	}
	p := &xyPlot{title: l.Title, subtitle: l.Subtitle, xLabel: l.XLabel, yLabel: l.YLabel, axis: axis, timeX: true}
	if p.xLabel == "" {
		p.xLabel = axis.label()
	}
	if p.yLabel == "" && len(l.Vars) == 1 {
		p.yLabel = l.Vars[0]
	}
	for ri, r := range l.Runs {
		for vi, v := range l.Vars {
			y, err := r.Results.Get(v)
			if err != nil {
				return fail("run %q: %v", r.Label, err)
			}
			ln := xyLine{x: r.Results.Time(), y: y}
			switch {
			case len(l.Runs) == 1:
				ln.name, ln.colour = v, colour(vi)
			case len(l.Vars) == 1:
				ln.name, ln.colour = r.Label, colour(ri)
			default:
				ln.name, ln.colour, ln.dash = v+" ("+r.Label+")", colour(ri), vi
			}
			p.lines = append(p.lines, ln)
		}
	}
	if p.points, err = referencePoints(l.Data, axis); err != nil {
		return fail("%v", err)
	}
	return xyChart("line", p, l.Width, l.Height)
}

// runsAxis checks the runs and returns their common time axis.
func runsAxis(runs []Run) (timeAxis, error) {
	for i, r := range runs {
		if r.Results == nil {
			return timeAxis{}, fmt.Errorf("run %d (%q) has no results", i+1, r.Label)
		}
		if r.Results.DateOrigin != runs[0].Results.DateOrigin {
			return timeAxis{}, fmt.Errorf("runs %q and %q have different date origins (%q and %q)",
				runs[0].Label, r.Label, runs[0].Results.DateOrigin, r.Results.DateOrigin)
		}
	}
	return newTimeAxis(runs[0].Results.DateOrigin, runs[0].Results.TimeUnits)
}

// referencePoints groups reference data by series, in order of appearance.
func referencePoints(data []Point, axis timeAxis) ([]xyPoints, error) {
	var sets []xyPoints
	index := map[string]int{}
	for i, d := range data {
		name := d.Series
		if name == "" {
			name = "data"
		}
		t := d.Time
		if d.Date != "" {
			var err error
			if t, err = axis.timeOf(d.Date); err != nil {
				return nil, fmt.Errorf("reference point %d: %v", i+1, err)
			}
		}
		k, ok := index[name]
		if !ok {
			k = len(sets)
			index[name] = k
			// The first set is near-black; further sets take palette colours
			// from the end, away from the runs' colours.
			c := refColour
			if k > 0 {
				c = colour(len(palette) - 1 - k)
			}
			sets = append(sets, xyPoints{name: name, colour: c})
		}
		s := &sets[k]
		s.x = append(s.x, t)
		s.y = append(s.y, d.Value)
		s.labels = append(s.labels, d.Label)
		s.sources = append(s.sources, d.Source)
	}
	return sets, nil
}

// xyChart wraps an xy plot as a Chart.
func xyChart(kind string, p *xyPlot, w, h int) (*Chart, error) {
	p.width = w
	opt, err := p.echarts()
	if err != nil {
		return nil, errorf(kind, p.title, "%v", err)
	}
	return &Chart{Title: p.title, Kind: kind, Width: w, Height: h, option: opt, static: p.gonum}, nil
}
