package chart

// Phase is a phase plot: one variable against another, one trajectory per
// run, with a dot at the start of each trajectory.
type Phase struct {
	Title    string
	Subtitle string
	Runs     []Run
	X, Y     string // variable names
	XLabel   string // default X
	YLabel   string // default Y
	Width    int
	Height   int
}

// Chart builds the chart. It fails when a run lacks X or Y.
func (ph Phase) Chart() (*Chart, error) {
	fail := func(format string, args ...any) (*Chart, error) {
		return nil, errorf("phase", ph.Title, format, args...)
	}
	if len(ph.Runs) == 0 {
		return fail("no runs to draw")
	}
	if ph.X == "" || ph.Y == "" {
		return fail("set both X and Y variables")
	}
	p := &xyPlot{title: ph.Title, subtitle: ph.Subtitle, xLabel: ph.XLabel, yLabel: ph.YLabel, tooltipItem: true}
	if p.xLabel == "" {
		p.xLabel = ph.X
	}
	if p.yLabel == "" {
		p.yLabel = ph.Y
	}
	for i, r := range ph.Runs {
		if r.Results == nil {
			return fail("run %d (%q) has no results", i+1, r.Label)
		}
		x, err := r.Results.Get(ph.X)
		if err != nil {
			return fail("run %q: %v", r.Label, err)
		}
		y, err := r.Results.Get(ph.Y)
		if err != nil {
			return fail("run %q: %v", r.Label, err)
		}
		p.lines = append(p.lines, xyLine{name: r.Label, x: x, y: y, colour: colour(i), start: true})
	}
	return xyChart("phase", p, ph.Width, ph.Height)
}
