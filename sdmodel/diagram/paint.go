package diagram

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"

	plot "github.com/sdlessons/trafficking/third_party/gonum-plot"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/font"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg"
	"github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgimg"
)

// PNGScale is how many image pixels a PNG has per CSS pixel of the diagram
// (the charts' scale: sharp on high-density screens and in print).
const PNGScale = 2

// fontFamily names Liberation Sans (gonum/plot's bundled font, used for the
// PNG and for measuring text) and its metric-compatible stand-ins, so that
// an SVG viewer lays text out at the widths measured here.
const fontFamily = "Liberation Sans, Arial, Helvetica, sans-serif"

// face returns the font used to measure and draw text of a size in CSS
// pixels. Sizes are passed as points: the widths come out in pixels.
func face(size float64, bold bool) *font.Face {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Length(size)}
	if bold {
		f.Weight = xfont.WeightBold
	}
	fc := plot.DefaultTextHandler.Cache().Lookup(f, vg.Length(size))
	return &fc
}

// textWidth is the width of s in CSS pixels.
func textWidth(s string, size float64, bold bool) float64 {
	return float64(face(size, bold).Width(s))
}

// pt is a point in diagram coordinates (CSS pixels, y downwards).
type pt struct{ X, Y float64 }

func (p pt) add(q pt) pt            { return pt{p.X + q.X, p.Y + q.Y} }
func (p pt) sub(q pt) pt            { return pt{p.X - q.X, p.Y - q.Y} }
func (p pt) scale(k float64) pt     { return pt{p.X * k, p.Y * k} }
func lerp(p, q pt, t float64) pt    { return pt{p.X + (q.X-p.X)*t, p.Y + (q.Y-p.Y)*t} }
func (p pt) dist(q pt) float64      { return hypot(p.X-q.X, p.Y-q.Y) }
func (p pt) String() string         { return num(p.X) + "," + num(p.Y) }
func (r rect) contains(p pt) bool   { return p.X > r.x0 && p.X < r.x1 && p.Y > r.y0 && p.Y < r.y1 }
func (r rect) overlaps(o rect) bool { return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1 }

// rect is an axis-aligned box.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) grow(d float64) rect { return rect{r.x0 - d, r.y0 - d, r.x1 + d, r.y1 + d} }

// seg is one piece of a path: a move, a line or a cubic Bézier curve to the
// last of its points.
type seg struct {
	op  byte // 'M', 'L' or 'C'
	pts []pt
}

// style is how a shape is stroked and filled; empty colours are "none".
type style struct {
	fill, stroke string
	width        float64
	dash         []float64
}

// text is a line of text: at x, baseline y, anchored start, middle or end.
type text struct {
	x, y   float64
	size   float64
	anchor string
	bold   bool
	colour string
	s      string
}

// painter draws shapes. The SVG and PNG outputs both draw through it, so the
// two show the same picture.
type painter interface {
	path(segs []seg, st style)
	circle(c pt, r float64, st style)
	text(t text)
}

// rectPath is the path of a box.
func rectPath(r rect) []seg {
	return []seg{{'M', []pt{{r.x0, r.y0}}}, {'L', []pt{{r.x1, r.y0}}}, {'L', []pt{{r.x1, r.y1}}}, {'L', []pt{{r.x0, r.y1}}}, {'Z', nil}}
}

// num formats a coordinate with at most two decimals, so the SVG is small
// and its bytes do not depend on the last bits of a computation.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// svgPainter writes SVG elements.
type svgPainter struct{ b *bytes.Buffer }

func (p svgPainter) attrs(st style) string {
	var b strings.Builder
	fill, stroke := st.fill, st.stroke
	if fill == "" {
		fill = "none"
	}
	b.WriteString(` fill="` + fill + `"`)
	if stroke != "" {
		b.WriteString(` stroke="` + stroke + `" stroke-width="` + num(st.width) + `"`)
		if len(st.dash) > 0 {
			d := make([]string, len(st.dash))
			for i, x := range st.dash {
				d[i] = num(x)
			}
			b.WriteString(` stroke-dasharray="` + strings.Join(d, " ") + `"`)
		}
	}
	return b.String()
}

func (p svgPainter) path(segs []seg, st style) {
	var d strings.Builder
	for _, s := range segs {
		d.WriteByte(s.op)
		for i, q := range s.pts {
			if i > 0 {
				d.WriteByte(' ')
			}
			d.WriteString(q.String())
		}
	}
	fmt.Fprintf(p.b, `<path d="%s"%s/>`+"\n", d.String(), p.attrs(st))
}

func (p svgPainter) circle(c pt, r float64, st style) {
	fmt.Fprintf(p.b, `<circle cx="%s" cy="%s" r="%s"%s/>`+"\n", num(c.X), num(c.Y), num(r), p.attrs(st))
}

func (p svgPainter) text(t text) {
	weight := ""
	if t.bold {
		weight = ` font-weight="bold"`
	}
	fmt.Fprintf(p.b, `<text x="%s" y="%s" font-size="%s" text-anchor="%s"%s fill="%s">%s</text>`+"\n",
		num(t.x), num(t.y), num(t.size), t.anchor, weight, t.colour, xmlEscape(t.s))
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// imgPainter draws on a gonum/plot canvas (points, y upwards) for the PNG.
type imgPainter struct {
	c vg.Canvas
	h float64 // height in CSS pixels, to flip y
}

// at converts a diagram point to canvas coordinates: 96 CSS pixels per inch.
func (p imgPainter) at(q pt) vg.Point {
	return vg.Point{X: vg.Length(q.X * 0.75), Y: vg.Length((p.h - q.Y) * 0.75)}
}

func parseColour(s string) color.Color {
	if len(s) == 7 && s[0] == '#' {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
		}
	}
	return color.Black
}

func (p imgPainter) vgPath(segs []seg) vg.Path {
	var vp vg.Path
	for _, s := range segs {
		switch s.op {
		case 'M':
			vp.Move(p.at(s.pts[0]))
		case 'L':
			vp.Line(p.at(s.pts[0]))
		case 'C':
			vp.CubeTo(p.at(s.pts[0]), p.at(s.pts[1]), p.at(s.pts[2]))
		case 'Z':
			vp.Close()
		}
	}
	return vp
}

func (p imgPainter) draw(vp vg.Path, st style) {
	if st.fill != "" {
		p.c.SetColor(parseColour(st.fill))
		p.c.Fill(vp)
	}
	if st.stroke != "" {
		p.c.SetColor(parseColour(st.stroke))
		p.c.SetLineWidth(vg.Length(st.width * 0.75))
		dash := make([]vg.Length, len(st.dash))
		for i, d := range st.dash {
			dash[i] = vg.Length(d * 0.75)
		}
		p.c.SetLineDash(dash, 0)
		p.c.Stroke(vp)
	}
}

func (p imgPainter) path(segs []seg, st style) { p.draw(p.vgPath(segs), st) }

func (p imgPainter) circle(c pt, r float64, st style) {
	var vp vg.Path
	at := p.at(c)
	vp.Move(vg.Point{X: at.X + vg.Length(r*0.75), Y: at.Y})
	vp.Arc(at, vg.Length(r*0.75), 0, 2*3.141592653589793)
	vp.Close()
	p.draw(vp, st)
}

func (p imgPainter) text(t text) {
	f := face(t.size*0.75, t.bold)
	x := t.x
	w := float64(f.Width(t.s)) / 0.75
	switch t.anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	p.c.SetColor(parseColour(t.colour))
	p.c.FillString(*f, p.at(pt{x, t.y}), t.s)
}

// MaxPNGPixels bounds a PNG's image pixels (width × height). The image is
// held whole in memory, four bytes a pixel, before it is encoded: the
// automatic layout of a 1,000-stock model is 23,048 × 13,988 CSS pixels,
// which at PNGScale would take more than 5 GB. Its SVG is 2 MB.
const MaxPNGPixels = 40_000_000

// renderPNG draws a picture of size w×h CSS pixels as a PNG on white, or
// says it is too large for one.
func renderPNG(title string, w, h float64, draw func(painter)) ([]byte, error) {
	if pw, ph := math.Ceil(w*PNGScale), math.Ceil(h*PNGScale); pw*ph > MaxPNGPixels {
		return nil, fmt.Errorf("diagram of %q: a PNG of it would be %.0f × %.0f pixels, more than %d million (%.0f × %.0f CSS pixels at scale %d); write it as SVG instead, or draw part of the model (Options.Vars; sd diagram -vars)",
			title, pw, ph, MaxPNGPixels/1_000_000, w, h, PNGScale)
	}
	cv := vgimg.NewWith(vgimg.UseWH(vg.Length(w*0.75), vg.Length(h*0.75)), vgimg.UseDPI(96*PNGScale),
		vgimg.UseBackgroundColor(color.White))
	draw(imgPainter{c: cv, h: h})
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderSVG draws a picture of size w×h CSS pixels as an SVG document.
func renderSVG(w, h float64, title string, draw func(painter)) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s">`+"\n",
		num(w), num(h), num(w), num(h), fontFamily)
	fmt.Fprintf(&b, "<title>%s</title>\n", xmlEscape(title))
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="#ffffff"/>`+"\n", num(w), num(h))
	draw(svgPainter{&b})
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func hypot(x, y float64) float64 { return math.Hypot(x, y) }
