package diagram

import (
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/chart"
)

// Colours: the charts' Okabe-Ito palette, dark enough for thin lines.
const (
	inkColour    = "#222222"
	stockFill    = "#dceaf7"
	stockStroke  = "#0b4f8a"
	pipeColour   = "#4d4d4d"
	linkColour   = "#b03a2e" // information links, as Stella draws connectors
	auxColour    = "#00785a"
	constColour  = "#8c8c8c"
	cloudColour  = "#9aa5b1"
	cldColour    = "#333333"
	reinforceCol = "#0072B2"
	balanceCol   = "#D55E00"
)

// Text sizes in CSS pixels: legible on a slide at the picture's size.
const (
	titleSize  = 16
	labelSize  = 12
	markerSize = 13
	lineHeight = 1.2
)

// nodeKind is how a node is drawn.
type nodeKind int

const (
	stockNode nodeKind = iota
	flowNode           // a valve on a pipe
	auxNode
	constNode
	graphicalNode
	cloudNode  // the model boundary at the end of a pipe
	varNode    // a causal loop diagram's variable: its name alone
	markerNode // a loop marker
)

// node is a drawn element: a symbol centred at c and its label.
type node struct {
	name  string
	kind  nodeKind
	c     pt
	w, h  float64  // symbol size (a circle's diameter)
	lines []string // label lines
	label pt       // centre of the label block
	bold  bool
	ghost bool // a second drawing of a variable drawn elsewhere (grey)
}

func (n *node) symbol() rect {
	return rect{n.c.X - n.w/2, n.c.Y - n.h/2, n.c.X + n.w/2, n.c.Y + n.h/2}
}

// labelSize is the width and height of the label block.
func (n *node) labelSize() (w, h float64) {
	for _, l := range n.lines {
		w = math.Max(w, textWidth(l, labelSize, n.bold))
	}
	return w, float64(len(n.lines)) * labelSize * lineHeight
}

// labelRect is the box the label's text covers.
func (n *node) labelRect() rect {
	w, h := n.labelSize()
	return rect{n.label.X - w/2, n.label.Y - h/2, n.label.X + w/2, n.label.Y + h/2}
}

// hit tells whether p is inside the node as an end of links.
func (n *node) hit(p pt) bool {
	switch n.kind {
	case varNode:
		return n.labelRect().grow(3).contains(p)
	case stockNode, cloudNode:
		return n.symbol().grow(1).contains(p)
	}
	return p.dist(n.c) < n.w/2+2
}

// pipe is a flow's pipe: a polyline from source to sink through its valve.
type pipe struct {
	pts  []pt
	flow int // the valve's node
}

// arrow is a link drawn as a chain of cubic Bézier curves
// (p0 c c p1 c c p2 ...), with an arrowhead at its end.
type arrow struct {
	pts      []pt
	from, to int    // nodes
	polarity string // "+", "−" or "" (not shown)
	delay    bool   // the link passes through a stock or a delay
	// signRight puts the polarity sign on the right of the direction of
	// travel instead of the left, where it would cover another label.
	signRight bool
	colour    string
	width     float64
}

// marker is a loop marker: a circular arrow around the loop's id, its
// name below.
type marker struct {
	c          pt
	id, name   string
	reinforces bool
}

const markerRadius = 15

// markerLines splits a marker's name into lines.
func (m *marker) nameLines() []string {
	if m.name == "" {
		return nil
	}
	return wrap(m.name, 14)
}

func (m *marker) box() rect {
	lines := m.nameLines()
	w := 2.0 * markerRadius
	for _, l := range lines {
		w = math.Max(w, textWidth(l, labelSize, false))
	}
	h := float64(len(lines)) * labelSize * lineHeight
	return rect{m.c.X - w/2, m.c.Y - markerRadius, m.c.X + w/2, m.c.Y + markerRadius + 2 + h}
}

// picture is a laid-out diagram.
type picture struct {
	title   string
	kind    string
	nodes   []node
	pipes   []pipe
	arrows  []arrow
	markers []marker
	w, h    float64
}

// wrap splits a name into lines of about width characters at blanks.
func wrap(s string, width int) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// chart wraps the picture as a chart.Chart: SVG, PNG, HTML page and notebook
// display.
func (p *picture) chart() (*chart.Chart, error) {
	svg := p.svg()
	return chart.Picture{Title: p.title, Kind: p.kind, Width: int(math.Ceil(p.w)), Height: int(math.Ceil(p.h)),
		SVG: svg, PNG: func() ([]byte, error) { return renderPNG(p.title, p.w, p.h, p.draw) }}.Chart()
}

func (p *picture) svg() []byte { return renderSVG(p.w, p.h, p.title, p.draw) }
