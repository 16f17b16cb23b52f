package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"

	plot "github.com/sdlessons/trafficking/third_party/gonum-plot"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/font"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/plotter"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg/draw"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgimg"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgsvg"
)

// PNGScale is how many image pixels a PNG has per CSS pixel of the chart:
// 2 gives sharp text on high-density screens and in print.
const PNGScale = 2

// SVG returns the chart as a static SVG figure drawn with gonum.org/v1/plot.
func (c *Chart) SVG() ([]byte, error) {
	if c.picture != nil {
		return c.picture.SVG, nil
	}
	w, h := c.lengths()
	return c.renderStatic(vgsvg.New(w, h))
}

// PNG returns the chart as a static PNG figure drawn with gonum.org/v1/plot.
func (c *Chart) PNG() ([]byte, error) {
	if c.picture != nil {
		return c.picture.PNG()
	}
	w, h := c.lengths()
	cv := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96*PNGScale), vgimg.UseBackgroundColor(color.White))
	return c.renderStatic(vgimg.PngCanvas{Canvas: cv})
}

// lengths is the chart's size at 96 CSS pixels per inch.
func (c *Chart) lengths() (vg.Length, vg.Length) {
	w, h := c.size()
	return vg.Length(w) * vg.Inch / 96, vg.Length(h) * vg.Inch / 96
}

func (c *Chart) renderStatic(cv vg.CanvasWriterTo) ([]byte, error) {
	if c.static == nil {
		return nil, fmt.Errorf("chart %q: %s charts have no static form; use HTML", c.Title, c.Kind)
	}
	f, err := c.static()
	if err != nil {
		return nil, err
	}
	p, legend := f.plot, f.legend
	dc := draw.New(cv)
	// A white page under the legend too, not only under the plot.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	if f.entries > 0 {
		// The legend goes to the right of the plot, outside the data, so
		// it never hides a line.
		// SVG viewers without Liberation Sans substitute a wider font:
		// leave the legend some slack.
		r := legend.Rectangle(dc)
		lw := (r.Max.X-r.Min.X)*1.15 + 12
		plotArea, legendArea := dc, dc
		plotArea.Max.X -= lw
		legendArea.Min.X = plotArea.Max.X + 8
		legendArea.Max.Y -= 36 // below the title
		p.Draw(plotArea)
		legend.Draw(legendArea)
	} else {
		p.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %q: writing the figure: %w", c.Title, err)
	}
	return buf.Bytes(), nil
}

// figure is a static plot and its legend, drawn beside it.
type figure struct {
	plot    *plot.Plot
	legend  *plot.Legend
	entries int
}

func (f *figure) add(name string, thumbs ...plot.Thumbnailer) {
	f.legend.Add(name, thumbs...)
	f.entries++
}

// sans returns the sans-serif face used by static figures (Liberation Sans,
// metrically compatible with Arial and bundled with gonum/plot).
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// newPlot returns a plot with the project's fonts and labels.
func newPlot(title, subtitle, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	if subtitle != "" {
		p.Title.Text += "\n" + subtitle
	}
	p.Title.TextStyle.Font = sans(13)
	p.Title.Padding = 8
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(11)
		a.Tick.Label.Font = sans(10)
		a.Tick.Marker = niceTicks{}
	}
	return p
}

func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(10)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 22
	l.Padding = 3
	return &l
}

func rgba(hex string, alpha float64) color.RGBA {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	a := uint8(math.Round(alpha * 255))
	// color.RGBA is premultiplied by alpha.
	pre := func(c uint64) uint8 { return uint8(math.Round(float64(c) * alpha)) }
	return color.RGBA{R: pre(v >> 16 & 0xff), G: pre(v >> 8 & 0xff), B: pre(v & 0xff), A: a}
}

// finite returns the points where both x and y are numbers: NaN marks a
// missing value and gonum/plot refuses it.
func finite(x, y []float64) plotter.XYs {
	xy := make(plotter.XYs, 0, len(x))
	for i := range x {
		if i < len(y) && !math.IsNaN(x[i]) && !math.IsNaN(y[i]) && !math.IsInf(x[i], 0) && !math.IsInf(y[i], 0) {
			xy = append(xy, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	return xy
}

var dashPatterns = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(1.5), vg.Points(2.5)}}

// gonum draws the xy plot as a static figure.
func (p *xyPlot) gonum() (*figure, error) {
	pl := newPlot(p.title, p.subtitle, p.xLabel, p.yLabel)
	if p.timeX && p.axis.dated() {
		pl.X.Tick.Marker = dateTicks{p.axis}
	}
	pl.Add(plotter.NewGrid())
	f := &figure{plot: pl, legend: newLegend()}
	for _, b := range p.bands {
		outline := make(plotter.XYs, 0, 2*len(b.x))
		outline = append(outline, finite(b.x, b.hi)...)
		lower := finite(b.x, b.lo)
		for i := len(lower) - 1; i >= 0; i-- {
			outline = append(outline, lower[i])
		}
		poly, err := plotter.NewPolygon(outline)
		if err != nil {
			return nil, err
		}
		poly.Color = rgba(b.colour, b.opacity)
		poly.LineStyle.Width = 0
		pl.Add(poly)
		f.add(b.name, poly)
	}
	for _, l := range p.lines {
		xy := finite(l.x, l.y)
		ln, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		ln.LineStyle.Color = rgba(l.colour, 1)
		ln.LineStyle.Width = vg.Points(1.6)
		ln.LineStyle.Dashes = dashPatterns[l.dash%len(dashPatterns)]
		pl.Add(ln)
		f.add(l.name, ln)
		if l.start && len(xy) > 0 {
			s, err := plotter.NewScatter(xy[:1])
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: rgba(l.colour, 1), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			pl.Add(s)
		}
	}
	for _, ps := range p.points {
		xy := finite(ps.x, ps.y)
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: rgba(ps.colour, 1), Radius: vg.Points(3.5), Shape: diamondGlyph{}}
		pl.Add(s)
		f.add(ps.name, s)
		var labels plotter.XYLabels
		for i := range ps.x {
			if ps.labels[i] != "" && !math.IsNaN(ps.y[i]) {
				labels.XYs = append(labels.XYs, plotter.XY{X: ps.x[i], Y: ps.y[i]})
				labels.Labels = append(labels.Labels, ps.labels[i])
			}
		}
		if len(labels.Labels) > 0 {
			lb, err := plotter.NewLabels(labels)
			if err != nil {
				return nil, err
			}
			for i := range lb.TextStyle {
				lb.TextStyle[i].Font = sans(8)
				lb.TextStyle[i].XAlign = draw.XCenter
			}
			lb.Offset = vg.Point{Y: vg.Points(5)}
			pl.Add(lb)
		}
	}
	if !p.timeX {
		return f, nil
	}
	// Behaviour over time starts at the first saved time, without padding.
	pl.X.Min, pl.X.Max = math.Inf(1), math.Inf(-1)
	for _, l := range p.lines {
		for _, x := range l.x {
			pl.X.Min, pl.X.Max = math.Min(pl.X.Min, x), math.Max(pl.X.Max, x)
		}
	}
	for _, b := range p.bands {
		for _, x := range b.x {
			pl.X.Min, pl.X.Max = math.Min(pl.X.Min, x), math.Max(pl.X.Max, x)
		}
	}
	return f, nil
}

// diamondGlyph draws reference data as diamonds, as in the HTML charts.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	r := sty.Radius * 1.3
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}

// dateTicks labels a model-time axis with calendar months or years.
type dateTicks struct{ axis timeAxis }

func (d dateTicks) Ticks(min, max float64) []plot.Tick {
	// Work in months from the origin; pick a step that gives at most about
	// eight labels.
	toMonths, fromMonths := 1.0, 1.0
	switch d.axis.unit {
	case "year":
		toMonths, fromMonths = 12, 1.0/12
	case "week":
		toMonths, fromMonths = 7*12/365.25, 365.25/(7*12)
	case "day":
		toMonths, fromMonths = 12/365.25, 365.25/12
	}
	lo, hi := min*toMonths, max*toMonths
	span := hi - lo
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600} {
		step = s
		if span/float64(s) <= 8 {
			break
		}
	}
	// Align ticks to calendar boundaries: month numbers divisible by the step
	// (January for yearly steps).
	originMonth := d.axis.origin.Year()*12 + int(d.axis.origin.Month()) - 1
	first := int(math.Ceil(lo - 1e-9))
	var ticks []plot.Tick
	for m := first; float64(m) <= hi+1e-9; m++ {
		abs := originMonth + m
		if ((abs%step)+step)%step != 0 {
			continue
		}
		label := fmt.Sprintf("%04d-%02d", abs/12, abs%12+1)
		if step >= 12 {
			label = strconv.Itoa(abs / 12)
		}
		ticks = append(ticks, plot.Tick{Value: float64(m) * fromMonths, Label: label})
	}
	return ticks
}

// niceTicks labels about five to eight round values (steps of 1, 2, 2.5 or 5
// times a power of ten), with minor ticks between; gonum's default often
// labels only two or three.
type niceTicks struct{}

func (niceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	raw := (max - min) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ticks []plot.Tick
	minor := step / 2
	for v := math.Ceil(min/minor) * minor; v <= max+minor*1e-9; v += minor {
		// Round away floating-point noise: 0.30000000000000004 -> 0.3.
		v = math.Round(v/minor) * minor
		t := plot.Tick{Value: v}
		if k := v / step; math.Abs(k-math.Round(k)) < 1e-9 {
			t.Label = strconv.FormatFloat(v, 'g', 10, 64)
			if v == 0 {
				t.Label = "0"
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}
