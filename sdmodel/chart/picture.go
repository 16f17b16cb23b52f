package chart

import (
	"strconv"
	"strings"
)

// Picture is a figure drawn by other means than this package's chart kinds
// (the stock-and-flow and causal loop diagrams of package diagram): its SVG
// and a function drawing the same picture as a PNG at PNGScale. As a *Chart
// it is saved, shown in notebooks and put on figure pages like any chart;
// its HTML form is the SVG inline, with no script.
type Picture struct {
	Title         string
	Kind          string // e.g. "stock-flow"; default "picture"
	Width, Height int    // CSS pixels
	SVG           []byte
	PNG           func() ([]byte, error)
}

// Chart wraps the picture as a chart.
func (p Picture) Chart() (*Chart, error) {
	if len(p.SVG) == 0 || p.PNG == nil {
		return nil, errorf("picture", p.Title, "no SVG or no PNG renderer")
	}
	kind := p.Kind
	if kind == "" {
		kind = "picture"
	}
	return &Chart{Title: p.Title, Kind: kind, Width: p.Width, Height: p.Height, picture: &p}, nil
}

// pictureSnippet is the HTML of a picture: its SVG inline, scaled down to
// the width of narrow pages.
func (c *Chart) pictureSnippet() string {
	svg := string(c.picture.SVG)
	if i := strings.Index(svg, "<svg"); i > 0 {
		svg = svg[i:] // no XML declaration inside HTML
	}
	w, _ := c.size()
	return `<div id="` + c.ID() + `" class="sdmodel-chart sdmodel-picture" style="max-width:` + strconv.Itoa(w) + `px;">` +
		"\n" + strings.Replace(svg, "<svg ", `<svg style="max-width:100%;height:auto;" `, 1) + "</div>\n"
}
