package chart

// Areas is a stacked area chart over time: at each time the series' positive
// values are stacked upwards from zero and their negative values downwards,
// in the order given, so the height of each band is the series' value. Loop
// dominance charts draw relative loop scores this way (reinforcing loops
// above zero, balancing below), as Stella's loop panel does.
type Areas struct {
	Title    string
	Subtitle string
	YLabel   string
	XLabel   string // default "Time (<time units>)" or "Date"

	Time   []float64
	Series []AreaSeries

	DateOrigin string // "YYYY-MM" of time 0, for dates on the x axis
	TimeUnits  string

	Width, Height int
}

// AreaSeries is one stacked series.
type AreaSeries struct {
	Name   string
	Values []float64 // one per time
	Colour string    // "#rrggbb"; default the palette's next colour
}

// Chart builds the chart. It fails on series whose length differs from Time.
func (a Areas) Chart() (*Chart, error) {
	if len(a.Time) == 0 || len(a.Series) == 0 {
		return nil, errorf("areas", a.Title, "no data: set Time and Series")
	}
	axis, err := newTimeAxis(a.DateOrigin, a.TimeUnits)
	if err != nil {
		return nil, errorf("areas", a.Title, "%v", err)
	}
	p := &xyPlot{title: a.Title, subtitle: a.Subtitle, xLabel: a.XLabel, yLabel: a.YLabel, axis: axis, timeX: true}
	if p.xLabel == "" {
		p.xLabel = axis.label()
	}
	up := make([]float64, len(a.Time))
	down := make([]float64, len(a.Time))
	for i, s := range a.Series {
		if len(s.Values) != len(a.Time) {
			return nil, errorf("areas", a.Title, "series %q has %d values for %d times", s.Name, len(s.Values), len(a.Time))
		}
		lo, hi := make([]float64, len(a.Time)), make([]float64, len(a.Time))
		for k, v := range s.Values {
			if v >= 0 {
				lo[k], hi[k] = up[k], up[k]+v
				up[k] = hi[k]
			} else {
				lo[k], hi[k] = down[k]+v, down[k]
				down[k] = lo[k]
			}
		}
		c := s.Colour
		if c == "" {
			c = colour(i)
		}
		p.bands = append(p.bands, xyBand{name: s.Name, x: a.Time, lo: lo, hi: hi, colour: c, opacity: 0.8})
	}
	return xyChart("areas", p, a.Width, a.Height)
}
