package diagram

import (
	"fmt"
	"math"

	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// Dominance is a loop dominance chart: the relative loop scores (Loops That
// Matter, package loops) of chosen loops over time as stacked areas,
// reinforcing action above zero and balancing action below, with all other
// loops together as one grey area, as Stella's loop panel shows them. At
// each time the areas add up to 1 in absolute value: the share of the
// model's behaviour each loop explains.
type Dominance struct {
	Title    string
	Subtitle string
	Analysis *loops.Analysis
	// Loops are ids or names; default: the seven named loops (or, in a
	// model without names, loops) with the largest mean share, one colour
	// each.
	Loops []string
	// Points bounds the points per series: scores (saved every DT for the
	// analysis) are averaged over equal stretches of time; default 240.
	Points int
	// Every, when set, averages the scores over stretches of this much time
	// instead (e.g. 1 for monthly means in a model counted in months): the
	// stretch k holds the times in (start + (k-1)·Every, start + k·Every].
	Every float64
	// NumberAs, when set, is the Loops of a causal loop diagram: the chart
	// labels those loops with that diagram's numbers (R1, B1, ...), so both
	// figures name a loop alike, instead of by the analysis's ids.
	NumberAs      []loops.LoopName
	Width, Height int
}

// Chart builds the chart (interactive HTML, SVG and PNG, notebook display).
func (d Dominance) Chart() (*chart.Chart, error) {
	a := d.Analysis
	if a == nil || len(a.Time) == 0 {
		return nil, fmt.Errorf("loop dominance chart %q: no analysis", d.Title)
	}
	var idx []int
	if len(d.Loops) > 0 {
		for _, name := range d.Loops {
			i := -1
			for k := range a.Loops {
				if a.Loops[k].ID == name || a.Loops[k].Name == name {
					i = k
					break
				}
			}
			if i < 0 {
				return nil, fmt.Errorf("loop dominance chart %q: no loop %q", d.Title, name)
			}
			idx = append(idx, i)
		}
	} else {
		named := false
		for k := range a.Loops {
			named = named || a.Loops[k].Name != ""
		}
		for _, s := range a.Ranking() {
			if len(idx) < 7 && (!named || s.Loop.Name != "") {
				idx = append(idx, s.Index)
			}
		}
	}
	points := d.Points
	if points <= 0 {
		points = 240
	}
	// Each saved time goes to a stretch; a series is the mean over each.
	bins := make([]int, len(a.Time))
	if d.Every > 0 {
		for k, t := range a.Time {
			bins[k] = max(0, int(math.Ceil((t-a.Time[0])/d.Every-1e-9)))
		}
	} else {
		per := int(math.Ceil(float64(len(a.Time)) / float64(points)))
		for k := range a.Time {
			bins[k] = k / per
		}
	}
	nb := bins[len(bins)-1] + 1
	var times []float64
	for k, b := range bins {
		if b >= len(times) {
			times = append(times, make([]float64, b+1-len(times))...)
		}
		times[b] = a.Time[k] // the end of the stretch
	}
	if d.Every > 0 {
		for b := range times {
			times[b] = a.Time[0] + float64(b)*d.Every
		}
	}
	bin := func(v []float64) []float64 {
		sum, n := make([]float64, nb), make([]float64, nb)
		for k, x := range v {
			sum[bins[k]] += x
			n[bins[k]]++
		}
		for b := range sum {
			if n[b] > 0 {
				sum[b] /= n[b]
			}
		}
		return sum
	}
	label := map[int]string{}
	if len(d.NumberAs) > 0 {
		var ls []*loops.Loop
		var at []int
		for _, ln := range d.NumberAs {
			name := ln.Name
			k := -1
			for j := range a.Loops {
				if a.Loops[j].Name == name {
					k = j
					break
				}
			}
			if k < 0 {
				return nil, fmt.Errorf("loop dominance chart %q: no loop named %q to number", d.Title, name)
			}
			ls, at = append(ls, &a.Loops[k]), append(at, k)
		}
		for n, id := range markerIDs(ls) {
			label[at[n]] = id
		}
	}
	chosen := map[int]bool{}
	var series []chart.AreaSeries
	for _, i := range idx {
		chosen[i] = true
		l := a.Loops[i]
		id, ok := label[i]
		if !ok {
			id = l.ID
		}
		series = append(series, chart.AreaSeries{Name: id + " " + l.Name, Values: bin(a.Relative[i])})
	}
	// Everything else, split by sign so that its area stacks like the rest.
	otherUp, otherDown := make([]float64, len(a.Time)), make([]float64, len(a.Time))
	for i := range a.Loops {
		if chosen[i] {
			continue
		}
		for k, v := range a.Relative[i] {
			if v > 0 {
				otherUp[k] += v
			} else {
				otherDown[k] += v
			}
		}
	}
	series = append(series,
		chart.AreaSeries{Name: "other loops (R)", Values: bin(otherUp), Colour: "#bbbbbb"},
		chart.AreaSeries{Name: "other loops (B)", Values: bin(otherDown), Colour: "#dddddd"})
	title := d.Title
	if title == "" {
		title = "Loop dominance"
	}
	var origin, units string
	if a.Results != nil {
		origin, units = a.Results.DateOrigin, a.Results.TimeUnits
	}
	w, h := d.Width, d.Height
	if w <= 0 {
		w = 900
	}
	if h <= 0 {
		h = 520
	}
	return chart.Areas{Title: title, Subtitle: d.Subtitle, YLabel: "relative loop score (+ reinforcing, − balancing)",
		Time: times, Series: series, DateOrigin: origin, TimeUnits: units, Width: w, Height: h}.Chart()
}
