package main

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel"
)

// column is a derived series to draw: one value per saved time of a run.
type column struct {
	name, units string
	values      []float64
}

// derived returns results holding the given columns at the saved times of
// base, with its date origin, so that chart.Line can draw series computed
// from a run (indices, yearly means) under names of their own. The results
// come from a small model whose variables are graphical functions of TIME,
// one point per saved time, read exactly at those times.
func derived(base *sdmodel.Results, cols ...column) (*sdmodel.Results, error) {
	return window(base, 0, len(base.Time()), cols...)
}

// window is derived for the saved times from index from to index to
// (excluded): a chart of a few years of a long run.
func window(base *sdmodel.Results, from, to int, cols ...column) (*sdmodel.Results, error) {
	t := base.Time()
	if from < 0 || to > len(t) || to-from < 2 {
		return nil, fmt.Errorf("derived series: saved times %d to %d of %d", from, to, len(t))
	}
	step := t[from+1] - t[from]
	m := sdmodel.New("derived from " + base.Model)
	m.DateOrigin = base.DateOrigin
	m.SetTime(sdmodel.Time{Start: t[from], Stop: t[to-1], DT: step, SavePer: step, Units: base.TimeUnits, Method: sdmodel.Euler})
	for _, c := range cols {
		if len(c.values) != len(t) {
			return nil, fmt.Errorf("derived series %q: %d values for %d saved times", c.name, len(c.values), len(t))
		}
		m.Graphical(c.name, "TIME", t[from:to], c.values[from:to], c.units)
	}
	comp, err := m.Compile()
	if err != nil {
		return nil, err
	}
	return comp.Run()
}

// renamed returns a run's variables under new names (for short legends).
func renamed(base *sdmodel.Results, names ...[2]string) (*sdmodel.Results, error) {
	var cols []column
	for _, n := range names {
		s, err := base.Get(n[0])
		if err != nil {
			return nil, err
		}
		cols = append(cols, column{name: n[1], units: "", values: s})
	}
	return derived(base, cols...)
}

// index returns s relative to ref, times 100.
func index(s []float64, ref float64) []float64 {
	out := make([]float64, len(s))
	for i, x := range s {
		out[i] = 100 * x / ref
	}
	return out
}

// mean of s[from:to].
func mean(s []float64, from, to int) float64 {
	sum := 0.0
	for _, x := range s[from:to] {
		sum += x
	}
	return sum / float64(to-from)
}

// yearlyMeans returns, at each monthly saved time, the mean of s over that
// calendar year (the run starts in January); a year the run covers only in
// part gets the mean of the months it has.
func yearlyMeans(s []float64) []float64 {
	out := make([]float64, len(s))
	for i := range s {
		from := i - i%12
		out[i] = mean(s, from, min(from+12, len(s)))
	}
	return out
}
