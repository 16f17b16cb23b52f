package chart

import (
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/sdlessons/trafficking/third_party/gonum-plot/plotter"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg/draw"
)

// Bars is a bar chart comparing policies (or scenarios): one group of bars
// per name, one bar per series, e.g. "victims in 2030" and "cost".
type Bars struct {
	Title    string
	Subtitle string
	Names    []string    // the policies, along the x axis
	Series   []BarSeries // one or more, each with a value per name
	YLabel   string      // y axis title, with units
	XLabel   string      // x axis title, e.g. "policy"
	Width    int
	Height   int
}

// BarSeries is one set of bars: a value per policy.
type BarSeries struct {
	Name   string
	Values []float64
}

// Chart builds the chart. It fails when a series has a value count that
// differs from the number of names.
func (b Bars) Chart() (*Chart, error) {
	fail := func(format string, args ...any) (*Chart, error) {
		return nil, errorf("bars", b.Title, format, args...)
	}
	if len(b.Names) == 0 || len(b.Series) == 0 {
		return fail("no data: set Names and Series")
	}
	for _, s := range b.Series {
		if len(s.Values) != len(b.Names) {
			return fail("series %q has %d values for %d names", s.Name, len(s.Values), len(b.Names))
		}
	}
	bar := charts.NewBar()
	top := 60
	if b.Subtitle != "" {
		top = 80
	}
	bar.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: b.Title, Subtitle: b.Subtitle, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(b.Series) > 1), Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: b.XLabel, NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: b.YLabel}),
		charts.WithAnimation(false),
	)
	bar.SetXAxis(b.Names)
	for i, s := range b.Series {
		data := make([]opts.BarData, len(s.Values))
		for j, v := range s.Values {
			data[j] = opts.BarData{Value: jsonNumber(roundSignificant(v, 3))}
		}
		c := colour(i)
		bar.AddSeries(s.Name, data, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.ItemStyle = &opts.ItemStyle{Color: c}
			s.Label = &opts.Label{Show: opts.Bool(true), Position: "top", FontSize: 11}
		}))
	}
	bar.Validate()
	opt, err := generic(bar.JSON())
	if err != nil {
		return fail("%v", err)
	}
	bottom := 40
	if len(b.Series) > 1 {
		bottom = 60
	}
	opt["grid"] = map[string]any{"left": 20, "right": 40, "top": top, "bottom": bottom, "containLabel": true}
	opt["yAxis"] = []map[string]any{{"type": "value", "name": b.YLabel, "nameTextStyle": map[string]any{"align": "left"}}}
	// Every policy name is shown: ECharts would otherwise skip long ones.
	if xs, ok := opt["xAxis"].([]any); ok {
		for _, x := range xs {
			if ax, ok := x.(map[string]any); ok {
				ax["axisLabel"] = map[string]any{"interval": 0, "hideOverlap": false}
			}
		}
	}
	return &Chart{Title: b.Title, Kind: "bars", Width: b.Width, Height: b.Height, option: opt, static: b.gonum}, nil
}

// gonum draws the bars as a static figure: groups centred on each name.
func (b Bars) gonum() (*figure, error) {
	p := newPlot(b.Title, b.Subtitle, b.XLabel, b.YLabel)
	f := &figure{plot: p, legend: newLegend()}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil // categories need no vertical lines
	p.Add(grid)
	w, _ := (&Chart{Width: b.Width, Height: b.Height}).size()
	// Bars share about 70% of each group's slot.
	slot := vg.Length(w)*vg.Inch/96*0.7/vg.Length(len(b.Names)+1) - 4
	width := slot / vg.Length(len(b.Series))
	for i, s := range b.Series {
		vals := make(plotter.Values, len(s.Values))
		copy(vals, s.Values)
		bc, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, errorf("bars", b.Title, "series %q: %v", s.Name, err)
		}
		bc.Color = rgba(colour(i), 1)
		bc.LineStyle.Width = 0
		bc.Offset = (vg.Length(i) - vg.Length(len(b.Series)-1)/2) * width
		p.Add(bc)
		if len(b.Series) > 1 {
			f.add(s.Name, bc)
		}
		// Value labels above the bars, as in the HTML chart.
		var labels plotter.XYLabels
		for j, v := range s.Values {
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(j), Y: v})
			labels.Labels = append(labels.Labels, strconv.FormatFloat(v, 'g', 4, 64))
		}
		lb, err := plotter.NewLabels(labels)
		if err != nil {
			return nil, errorf("bars", b.Title, "series %q: %v", s.Name, err)
		}
		for k := range lb.TextStyle {
			lb.TextStyle[k].Font = sans(8)
			lb.TextStyle[k].XAlign = draw.XCenter
		}
		lb.Offset = vg.Point{X: bc.Offset, Y: vg.Points(3)}
		p.Add(lb)
	}
	p.NominalX(b.Names...)
	p.X.Min, p.X.Max = -0.5, float64(len(b.Names))-0.5
	p.Y.Min = math.Min(p.Y.Min, 0)        // bars start at zero
	p.Y.Max += 0.06 * (p.Y.Max - p.Y.Min) // room for the value labels
	return f, nil
}

// roundSignificant rounds x to n significant digits: bar labels show values
// as a reader compares them, not to the last bit.
func roundSignificant(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
