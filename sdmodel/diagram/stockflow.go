package diagram

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// StockFlow is a stock-and-flow diagram: stocks as boxes, flows as pipes with
// valves (clouds where a pipe crosses the model boundary), auxiliaries as
// circles, constants as small grey dots, graphical functions as circles with
// a curve, information links as curved arrows. The modeller's layout is
// used when the model has a view (an XMILE <views>); otherwise the diagram
// is laid out by Graphviz's dot: stock chains left to right, links routed
// around the symbols.
type StockFlow struct {
	Title string // default: the model's name
	Model *sdmodel.Model
	// Vars, when set, limits the diagram to these variables (a sector);
	// links to variables left out are not drawn, and pipes to stocks left
	// out end in clouds.
	Vars []string
	// Auto lays the diagram out automatically even when the model has a view.
	Auto bool
	// HideConstants leaves constants out (they clutter large models).
	HideConstants bool
}

// Chart draws the diagram as a chart.Chart: Save as .svg, .png or .html,
// chart.Show in a notebook. It fails on unknown variables and equations that
// do not parse.
func (s StockFlow) Chart() (*chart.Chart, error) {
	p, err := s.picture()
	if err != nil {
		return nil, err
	}
	return p.chart()
}

// SVG returns the diagram as SVG.
func (s StockFlow) SVG() ([]byte, error) {
	p, err := s.picture()
	if err != nil {
		return nil, err
	}
	return p.svg(), nil
}

func (s StockFlow) fail(format string, args ...any) error {
	name := ""
	if s.Model != nil {
		name = s.Model.Name
	}
	return fmt.Errorf("stock-and-flow diagram of model %q: %s", name, fmt.Sprintf(format, args...))
}

// selected returns the variables drawn.
func (s StockFlow) selected() ([]*sdmodel.Variable, error) {
	if s.Model == nil {
		return nil, fmt.Errorf("stock-and-flow diagram: no model")
	}
	var vars []*sdmodel.Variable
	if len(s.Vars) == 0 {
		vars = s.Model.Variables()
	} else {
		seen := map[string]bool{}
		for _, name := range s.Vars {
			v := s.Model.Var(name)
			if v == nil {
				return nil, s.fail("no variable %q", name)
			}
			if !seen[expr.Canonical(v.Name)] {
				seen[expr.Canonical(v.Name)] = true
				vars = append(vars, v)
			}
		}
	}
	if s.HideConstants {
		kept := vars[:0:0]
		for _, v := range vars {
			if v.Kind != sdmodel.Const {
				kept = append(kept, v)
			}
		}
		vars = kept
	}
	if len(vars) == 0 {
		return nil, s.fail("no variables to draw")
	}
	return vars, nil
}

func (s StockFlow) picture() (*picture, error) {
	vars, err := s.selected()
	if err != nil {
		return nil, err
	}
	title := s.Title
	if title == "" {
		title = s.Model.Name
	}
	var p *picture
	if view := s.view(); view != nil && !s.Auto {
		p = fromView(s.Model, view, vars)
	}
	if p == nil || len(p.nodes) == 0 {
		// Only a layout of our own needs the causal graph; a modeller's
		// view already says where everything goes.
		g, err := loops.Build(s.Model)
		if err != nil {
			return nil, s.fail("%v", err)
		}
		if p, err = autoStockFlow(s.Model, vars, g); err != nil {
			return nil, s.fail("%v", err)
		}
	}
	p.title, p.kind = title, "stock-flow"
	placeLabels(p)
	p.frame()
	return p, nil
}

// view is the model's main stock-and-flow view, if any.
func (s StockFlow) view() *sdmodel.View {
	for _, v := range s.Model.Views {
		if v.Name == "" {
			return v
		}
	}
	if len(s.Model.Views) > 0 {
		return s.Model.Views[0]
	}
	return nil
}

// kindOf is how a model variable is drawn.
func kindOf(v *sdmodel.Variable) nodeKind {
	switch v.Kind {
	case sdmodel.Stock:
		return stockNode
	case sdmodel.Flow:
		return flowNode
	case sdmodel.Const:
		return constNode
	case sdmodel.Graphical:
		return graphicalNode
	}
	return auxNode
}

// newNode makes the node of a variable, sized for its symbol and label.
func newNode(v *sdmodel.Variable) node {
	n := node{name: v.Name, kind: kindOf(v)}
	// XMILE names often keep underscores for blanks; tools show blanks.
	label := strings.ReplaceAll(v.Name, "_", " ")
	switch n.kind {
	case stockNode:
		n.lines, n.bold = wrap(label, 14), true
		w, h := n.labelSize()
		// In steps of 8 pixels, so that stocks of similar names have the
		// same size (and parts of a model alike in shape the same layout).
		n.w, n.h = 8*math.Ceil(math.Max(64, w+14)/8), 8*math.Ceil(math.Max(40, h+14)/8)
	case flowNode:
		n.lines, n.w, n.h = wrap(label, 18), 14, 14
	case constNode:
		n.lines, n.w, n.h = wrap(label, 18), 8, 8
	default:
		n.lines, n.w, n.h = wrap(label, 18), 16, 16
	}
	return n
}

// fromView places the selected variables as the view has them.
func fromView(m *sdmodel.Model, view *sdmodel.View, vars []*sdmodel.Variable) *picture {
	p := &picture{}
	index := map[string]int{}
	var elems []*sdmodel.ViewElement
	for _, v := range vars {
		e := view.Element(v.Name)
		if e == nil {
			continue
		}
		n := newNode(v)
		if n.kind == stockNode {
			n.w, n.h = 45, 35
			if e.Width > 0 && e.Height > 0 {
				n.w, n.h = e.Width, e.Height
			}
		}
		n.c = pt{e.X, e.Y}
		index[expr.Canonical(v.Name)] = len(p.nodes)
		p.nodes = append(p.nodes, n)
		elems = append(elems, e)
	}
	// Stella's views are drawn at its default sizes and shown at a zoom:
	// a small view is enlarged (stocks with it; other symbols and fonts keep
	// their size), so that names fit between the symbols.
	lo, hi := pt{math.Inf(1), math.Inf(1)}, pt{math.Inf(-1), math.Inf(-1)}
	for _, n := range p.nodes {
		lo = pt{math.Min(lo.X, n.c.X), math.Min(lo.Y, n.c.Y)}
		hi = pt{math.Max(hi.X, n.c.X), math.Max(hi.Y, n.c.Y)}
	}
	k := 1.0
	if span := hi.X - lo.X; span > 0 && span < 600 {
		k = math.Min(2, 600/span)
	}
	// Pipe ends are matched to stocks before scaling: a pipe ends at a
	// stock's edge, or in a cloud.
	stockAt := func(q sdmodel.Point) int {
		for i := range p.nodes {
			if n := &p.nodes[i]; n.kind == stockNode && n.symbol().grow(8).contains(pt{q.X, q.Y}) {
				return i
			}
		}
		return -1
	}
	type pipeEnds struct{ src, dst int }
	ends := make([]pipeEnds, len(elems))
	for i, e := range elems {
		if len(e.Pipe) >= 2 {
			ends[i] = pipeEnds{stockAt(e.Pipe[0]), stockAt(e.Pipe[len(e.Pipe)-1])}
		}
	}
	for i := range p.nodes {
		n := &p.nodes[i]
		n.c = n.c.scale(k)
		if n.kind == stockNode {
			n.w, n.h = n.w*k, n.h*k
		}
	}
	for i, e := range elems {
		if e.Kind != sdmodel.Flow || p.nodes[i].kind != flowNode || len(e.Pipe) < 2 {
			continue
		}
		var pts []pt
		for _, q := range e.Pipe {
			pts = append(pts, pt{q.X, q.Y}.scale(k))
		}
		last := len(pts) - 1
		for _, end := range []struct {
			stock, at, toward int
		}{{ends[i].src, 0, 1}, {ends[i].dst, last, last - 1}} {
			if end.stock >= 0 {
				pts[end.at] = clipToBox(p.nodes[end.stock].symbol(), pts[end.toward], pts[end.at])
				continue
			}
			d := unit(pts[end.at].sub(pts[end.toward]))
			p.nodes = append(p.nodes, node{kind: cloudNode, w: 30, h: 20, c: pts[end.at].add(d.scale(15))})
		}
		p.pipes = append(p.pipes, pipe{pts: pts, flow: i})
	}
	for _, c := range view.Connectors {
		fi, ok1 := index[expr.Canonical(c.From)]
		ti, ok2 := index[expr.Canonical(c.To)]
		if !ok1 || !ok2 || fi == ti {
			continue
		}
		angle := math.NaN()
		if c.HasAngle {
			angle = c.Angle
		}
		if pts := connect(&p.nodes[fi], &p.nodes[ti], angle); pts != nil {
			p.arrows = append(p.arrows, arrow{pts: pts, from: fi, to: ti, colour: linkColour, width: 1.2})
		}
	}
	return p
}

// clipToBox moves q, inside or near box r, to where the segment from
// outside to q meets the box's border.
func clipToBox(r rect, outside, q pt) pt {
	lo, hi := 0.0, 1.0
	if !r.contains(q) {
		// Aim at the box's centre from outside.
		q = pt{(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2}
		if outside.Y > r.y0 && outside.Y < r.y1 {
			q.Y = outside.Y
		}
	}
	for i := 0; i < 40; i++ {
		mid := (lo + hi) / 2
		if r.contains(lerp(outside, q, mid)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lerp(outside, q, lo)
}

// placeLabels puts each label below its symbol (stock names inside their
// box when they fit) and moves a label that would cover another label or a
// symbol to the nearest free place around its symbol.
func placeLabels(p *picture) {
	var taken []rect
	for i := range p.nodes {
		n := &p.nodes[i]
		if n.kind != varNode {
			taken = append(taken, n.symbol())
		}
	}
	for _, m := range p.markers {
		taken = append(taken, m.box())
	}
	free := func(r rect, self int) bool {
		for k, t := range taken {
			if k != self && r.grow(1).overlaps(t) {
				return false
			}
		}
		return true
	}
	order := make([]int, len(p.nodes))
	for i := range order {
		order[i] = i
	}
	// Stocks first (their names sit inside), then in model order.
	sort.SliceStable(order, func(a, b int) bool {
		return p.nodes[order[a]].kind == stockNode && p.nodes[order[b]].kind != stockNode
	})
	symbolIndex := map[int]int{}
	k := 0
	for i := range p.nodes {
		if p.nodes[i].kind != varNode {
			symbolIndex[i] = k
			k++
		}
	}
	for _, i := range order {
		n := &p.nodes[i]
		if len(n.lines) == 0 || n.kind == varNode {
			continue
		}
		w, h := n.labelSize()
		if n.kind == stockNode && w <= n.w-4 && h <= n.h-4 {
			n.label = n.c
			continue // inside its own box
		}
		s := n.symbol()
		cands := []pt{
			{n.c.X, s.y1 + 2 + h/2},          // below
			{n.c.X, s.y0 - 2 - h/2},          // above
			{s.x1 + 3 + w/2, n.c.Y},          // right
			{s.x0 - 3 - w/2, n.c.Y},          // left
			{s.x1 + 2 + w/2, s.y1 + 1 + h/2}, // below right
			{s.x0 - 2 - w/2, s.y1 + 1 + h/2}, // below left
			{s.x1 + 2 + w/2, s.y0 - 1 - h/2}, // above right
			{s.x0 - 2 - w/2, s.y0 - 1 - h/2}, // above left
		}
		if n.label != (pt{}) { // the place the layout engine found, after below and above
			cands = append(cands[:2:2], append([]pt{n.label}, cands[2:]...)...)
		}
		self := -1
		if si, ok := symbolIndex[i]; ok {
			self = si
		}
		chosen := cands[0]
		found := false
		for step := 0.0; step < 6 && !found; step++ {
			for _, c := range cands {
				// Further out on later rounds.
				c = n.c.add(c.sub(n.c).scale(1 + step*0.6))
				r := rect{c.X - w/2, c.Y - h/2, c.X + w/2, c.Y + h/2}
				if free(r, self) {
					chosen, found = c, true
					break
				}
			}
		}
		n.label = chosen
		taken = append(taken, n.labelRect())
	}
}

// frame moves the picture into view: a margin all round, room for the title
// on top.
func (p *picture) frame() {
	lo, hi := pt{math.Inf(1), math.Inf(1)}, pt{math.Inf(-1), math.Inf(-1)}
	add := func(r rect) {
		lo = pt{math.Min(lo.X, r.x0), math.Min(lo.Y, r.y0)}
		hi = pt{math.Max(hi.X, r.x1), math.Max(hi.Y, r.y1)}
	}
	for i := range p.nodes {
		n := &p.nodes[i]
		add(n.symbol())
		if len(n.lines) > 0 {
			add(n.labelRect())
		}
	}
	for _, pp := range p.pipes {
		for _, q := range pp.pts {
			add(rect{q.X - 6, q.Y - 6, q.X + 6, q.Y + 6})
		}
	}
	for i := range p.arrows {
		for _, q := range p.arrows[i].sample(8) {
			add(rect{q.X - 2, q.Y - 2, q.X + 2, q.Y + 2})
		}
		if p.arrows[i].polarity != "" {
			add(polarityRect(&p.arrows[i]))
		}
	}
	for _, m := range p.markers {
		add(m.box())
	}
	if math.IsInf(lo.X, 0) {
		lo, hi = pt{}, pt{}
	}
	const margin = 20
	top := float64(margin)
	if p.title != "" {
		top = 44
		add(rect{lo.X, lo.Y, lo.X + textWidth(p.title, titleSize, true), lo.Y})
	}
	d := pt{margin - lo.X, top - lo.Y}
	p.shift(d)
	p.w = math.Ceil(hi.X - lo.X + 2*margin)
	p.h = math.Ceil(hi.Y - lo.Y + top + margin)
}

func (p *picture) shift(d pt) {
	for i := range p.nodes {
		p.nodes[i].c = p.nodes[i].c.add(d)
		p.nodes[i].label = p.nodes[i].label.add(d)
	}
	for _, pp := range p.pipes {
		for k := range pp.pts {
			pp.pts[k] = pp.pts[k].add(d)
		}
	}
	for _, a := range p.arrows {
		for k := range a.pts {
			a.pts[k] = a.pts[k].add(d)
		}
	}
	for i := range p.markers {
		p.markers[i].c = p.markers[i].c.add(d)
	}
}
