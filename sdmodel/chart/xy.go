package chart

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// palette is the Okabe-Ito colour-blind-safe palette (without its yellow,
// which is unreadable on white); series take colours in this order in both
// the interactive and the static charts.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

// refColour is the colour of reference (historical) data points.
const refColour = "#222222"

func colour(i int) string { return palette[i%len(palette)] }

// Dash styles distinguish variables when colours distinguish runs.
var dashNames = []string{"solid", "dashed", "dotted"}

// xyPlot is what line, band and phase charts have in common: lines, point
// sets and shaded bands on two numeric axes. Both renderers (ECharts and
// gonum/plot) draw from it, so the HTML and the static figure agree.
type xyPlot struct {
	title, subtitle string
	xLabel, yLabel  string
	axis            timeAxis // x values are model times on this axis
	timeX           bool     // false for phase plots: x is a model variable
	tooltipItem     bool     // tooltip per item rather than along the x axis
	width           int      // chart width in CSS pixels, 0 for the default
	lines           []xyLine
	bands           []xyBand
	points          []xyPoints
}

type xyLine struct {
	name   string
	x, y   []float64
	colour string
	dash   int  // index in dashNames
	start  bool // mark the first point (phase plots)
}

// xyBand is a shaded envelope between lo and hi.
type xyBand struct {
	name    string
	x       []float64
	lo, hi  []float64
	colour  string
	opacity float64
}

type xyPoints struct {
	name    string
	x, y    []float64
	labels  []string
	sources []string
	colour  string
}

// xValue is x as shown on the ECharts x axis.
func (p *xyPlot) xValue(x float64) any {
	if p.timeX {
		return p.axis.x(x)
	}
	return jsonNumber(x)
}

// jsonNumber returns v, or "-" (ECharts' missing value) when JSON cannot
// hold it.
func jsonNumber(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return v
}

func (p *xyPlot) pairs(x, y []float64) []opts.LineData {
	data := make([]opts.LineData, len(x))
	for i := range x {
		data[i] = opts.LineData{Value: []any{p.xValue(x[i]), jsonNumber(y[i])}}
	}
	return data
}

// echarts builds the ECharts option.
func (p *xyPlot) echarts() (map[string]any, error) {
	line := charts.NewLine()
	trigger := "axis"
	if p.tooltipItem {
		trigger = "item"
	}
	xAxis := opts.XAxis{
		Type: "value", Name: p.xLabel, NameLocation: "middle", NameGap: 30,
		Min: "dataMin", Max: "dataMax",
		SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
	}
	if p.timeX {
		xAxis.Type = p.axis.echartsType()
		if p.axis.dated() {
			xAxis.AxisLabel = &opts.AxisLabel{Formatter: "{yyyy}-{MM}", HideOverlap: opts.Bool(true)}
		}
	} else {
		xAxis.Min, xAxis.Max = nil, nil
		xAxis.Scale = opts.Bool(true)
	}
	line.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: p.title, Subtitle: p.subtitle, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: trigger}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithXAxisOpts(xAxis),
		charts.WithAnimation(false),
	)
	legend := []string{}
	for i, b := range p.bands {
		// A band is drawn as two stacked series: the lower edge (invisible)
		// and the width of the band on top of it, filled.
		stack := "band" + strconv.Itoa(i)
		bandID := "sdmodel-band-" + strconv.Itoa(i)
		width := make([]float64, len(b.lo))
		for j := range width {
			width[j] = b.hi[j] - b.lo[j]
		}
		line.AddSeries(b.name, p.pairs(b.x, b.lo), charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Stack, s.ShowSymbol, s.Symbol = stack, opts.Bool(false), "none"
			s.LineStyle = &opts.LineStyle{Opacity: opts.Float(0)}
			s.Id = bandID + "-lower"
			s.Color = b.colour
		}))
		line.AddSeries(b.name, p.pairs(b.x, width), charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Stack, s.ShowSymbol, s.Symbol = stack, opts.Bool(false), "none"
			s.LineStyle = &opts.LineStyle{Opacity: opts.Float(0)}
			s.AreaStyle = &opts.AreaStyle{Color: b.colour, Opacity: opts.Float(float32(b.opacity))}
			s.Id = bandID + "-width"
			s.Color = b.colour
		}))
		legend = append(legend, b.name)
	}
	for _, l := range p.lines {
		data := p.pairs(l.x, l.y)
		showSymbol := false
		if l.start && len(data) > 0 {
			data[0].Symbol, data[0].SymbolSize = "circle", 8
			showSymbol = true
		}
		line.AddSeries(l.name, data, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.ShowSymbol, s.Symbol = opts.Bool(showSymbol), "none"
			s.LineStyle = &opts.LineStyle{Width: 2, Type: dashNames[l.dash%len(dashNames)], Color: l.colour}
			s.ItemStyle = &opts.ItemStyle{Color: l.colour}
			s.Color = l.colour
		}))
		legend = append(legend, l.name)
	}
	for _, ps := range p.points {
		sc := charts.NewScatter()
		data := make([]opts.ScatterData, len(ps.x))
		items := make([]map[string]any, len(ps.x))
		for i := range ps.x {
			data[i] = opts.ScatterData{Value: []any{p.xValue(ps.x[i]), jsonNumber(ps.y[i])}}
			item := map[string]any{"value": data[i].Value, "name": ps.labels[i]}
			tip := html.EscapeString(ps.name) + "<br/>"
			if ps.labels[i] != "" {
				tip += html.EscapeString(ps.labels[i]) + ": "
			}
			tip += strconv.FormatFloat(ps.y[i], 'g', 6, 64)
			if ps.sources[i] != "" {
				tip += "<br/>Source: " + html.EscapeString(ps.sources[i])
			}
			item["tooltip"] = map[string]any{"formatter": tip}
			items[i] = item
		}
		sc.AddSeries(ps.name, data, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Symbol, s.SymbolSize = "diamond", 9
			s.ItemStyle = &opts.ItemStyle{Color: ps.colour}
			s.Color = ps.colour
			s.Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: "{b}", FontSize: 11}
			// Per-point tooltips with the label and source need fields
			// go-echarts' ScatterData lacks.
			s.Data = items
		}))
		line.Overlap(sc)
		legend = append(legend, ps.name)
	}
	// Bands show in the legend as translucent boxes, like on the chart.
	legendData := make([]any, 0, len(legend))
	for _, name := range dedupe(legend) {
		entry := any(name)
		for _, b := range p.bands {
			if b.name == name {
				entry = map[string]any{"name": name, "icon": "rect",
					"itemStyle": map[string]any{"color": b.colour, "opacity": b.opacity + 0.1}}
			}
		}
		legendData = append(legendData, entry)
	}
	line.Legend.Data = legendData
	line.Validate()
	opt, err := generic(line.JSON())
	if err != nil {
		return nil, err
	}
	// Band series carry the band's width, not a value: keep them out of the
	// tooltip (the median and bound lines show the numbers). Reference
	// points show their own tooltip, with label and source, on hover.
	if series, ok := opt["series"].([]any); ok {
		for _, s := range series {
			s, _ := s.(map[string]any)
			if id, _ := s["id"].(string); strings.HasPrefix(id, "sdmodel-band-") {
				s["tooltip"] = map[string]any{"show": false}
				// A band's width stacks on its lower edge even when that
				// edge is negative (ECharts stacks same-sign values only
				// by default).
				s["stackStrategy"] = "all"
			}
			if s["type"] == "scatter" {
				s["tooltip"] = map[string]any{"trigger": "item"}
			}
		}
	}
	top := 40
	if p.subtitle != "" {
		top = 60
	}
	w, _ := (&Chart{Width: p.width}).size()
	opt["grid"] = map[string]any{"left": 20, "right": 40, "top": top + 20, "bottom": 45 + legendHeight(dedupe(legend), w), "containLabel": true}
	// The y axis name goes above the axis, left-aligned, so long names with
	// units stay readable; ECharts centres it on the axis by default.
	opt["yAxis"] = []map[string]any{{
		"type": "value", "name": p.yLabel, "scale": !p.timeX,
		"nameTextStyle": map[string]any{"align": "left"},
	}}
	return opt, nil
}

// generic turns a go-echarts option into plain maps and slices, so that
// options go-echarts has no field for can be added.
func generic(v any) (map[string]any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the ECharts option: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("decoding the ECharts option: %w", err)
	}
	return m, nil
}

// legendHeight estimates the height of ECharts' legend, which wraps onto
// more rows when its entries do not fit the width, so that the plot leaves
// room for it.
func legendHeight(names []string, width int) int {
	if len(names) == 0 {
		return 0
	}
	rows, used := 1, 0
	for _, n := range names {
		// Icon, gap and about 7 px per character at ECharts' 12 px font.
		w := 35 + 7*len([]rune(n))
		if used > 0 && used+w > width-20 {
			rows++
			used = 0
		}
		used += w
	}
	return 24 * rows
}

func dedupe(names []string) []string {
	seen := map[string]bool{}
	out := names[:0:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
