package diagram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/third_party/go-graphviz"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// dotGraph is a graph handed to Graphviz: nodes with their sizes (in
// points, which are taken as CSS pixels) and edges with attributes.
type dotGraph struct {
	attrs string // graph attributes, DOT syntax
	nodes []dotNode
	edges []dotEdge
}

type dotNode struct {
	w, h   float64
	shape  string // box, circle, ellipse or plaintext
	xlabel []string
	attrs  string
}

type dotEdge struct {
	from, to int
	attrs    string
}

// laidOut is what Graphviz returns: node centres, external label centres
// (zero when none) and each edge's spline, y downwards.
type laidOut struct {
	centre, xlabel []pt
	splines        [][]pt
}

func quote(s string) string { return strconv.Quote(s) }

func (g *dotGraph) dot() []byte {
	var b bytes.Buffer
	b.WriteString("digraph G {\n" + g.attrs + "\n")
	b.WriteString("node [fixedsize=true, label=\"\", fontname=\"Helvetica\", fontsize=" + strconv.Itoa(labelSize) + "];\n")
	for i, n := range g.nodes {
		fmt.Fprintf(&b, "n%d [shape=%s, width=%s, height=%s", i, n.shape, num(n.w/72), num(n.h/72))
		if len(n.xlabel) > 0 {
			fmt.Fprintf(&b, ", xlabel=%s", quote(strings.Join(n.xlabel, "\n")))
		}
		if n.attrs != "" {
			b.WriteString(", " + n.attrs)
		}
		b.WriteString("];\n")
	}
	for _, e := range g.edges {
		fmt.Fprintf(&b, "n%d -> n%d", e.from, e.to)
		if e.attrs != "" {
			b.WriteString(" [" + e.attrs + "]")
		}
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// layout runs a Graphviz layout engine (dot, neato, ...) on the graph.
// Graphviz runs in pure Go (WebAssembly, github.com/goccy/go-graphviz), so
// this needs no installed program and gives the same result everywhere.
//
// Unconnected parts of the graph are laid out one by one and packed in
// rows, left to right in the order of their first node: Graphviz's time
// grows faster than the size of a graph, and a model of many independent
// chains then reads like a page rather than one long strip.
func (g *dotGraph) layout(engine string) (*laidOut, error) {
	ctx := context.Background()
	parts := g.components()
	if len(parts) == 1 {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("graphviz: %w", err)
		}
		defer gv.Close()
		return g.layoutWith(ctx, gv, engine)
	}
	out := &laidOut{centre: make([]pt, len(g.nodes)), xlabel: make([]pt, len(g.nodes)), splines: make([][]pt, len(g.edges))}
	type placed struct {
		sub   *laidOut
		nodes []int
		edges []int
		box   rect
	}
	ps := make([]placed, len(parts))
	subs := make([]*dotGraph, len(parts))
	for pi, nodes := range parts {
		sub := &dotGraph{attrs: g.attrs}
		local := map[int]int{}
		for _, i := range nodes {
			local[i] = len(sub.nodes)
			sub.nodes = append(sub.nodes, g.nodes[i])
		}
		var edges []int
		for k, e := range g.edges {
			if _, ok := local[e.from]; ok {
				edges = append(edges, k)
				sub.edges = append(sub.edges, dotEdge{local[e.from], local[e.to], e.attrs})
			}
		}
		subs[pi] = sub
		ps[pi] = placed{nodes: nodes, edges: edges}
	}
	// Parts alike in shape (the chains of a large model) are laid out
	// once: a Graphviz call costs up to a tenth of a second.
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer gv.Close()
	done := map[string]*laidOut{}
	errs := make([]error, len(parts))
	for pi, sub := range subs {
		sig := sub.signature()
		if lo, ok := done[sig]; ok {
			ps[pi].sub = lo
			continue
		}
		ps[pi].sub, errs[pi] = sub.layoutWith(ctx, gv, engine)
		done[sig] = ps[pi].sub
	}
	area := 0.0
	for pi := range ps {
		if errs[pi] != nil {
			return nil, errs[pi]
		}
		sub, lo := subs[pi], ps[pi].sub
		box := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		grow := func(r rect) {
			box = rect{math.Min(box.x0, r.x0), math.Min(box.y0, r.y0), math.Max(box.x1, r.x1), math.Max(box.y1, r.y1)}
		}
		for j, n := range sub.nodes {
			c := lo.centre[j]
			grow(rect{c.X - n.w/2, c.Y - n.h/2, c.X + n.w/2, c.Y + n.h/2})
			if len(n.xlabel) > 0 {
				w, h := 0.0, float64(len(n.xlabel))*labelSize*lineHeight
				for _, l := range n.xlabel {
					w = math.Max(w, textWidth(l, labelSize, false))
				}
				// The label may end up below its symbol.
				grow(rect{c.X - w/2 - 4, c.Y - n.h/2 - h - 4, c.X + w/2 + 4, c.Y + n.h/2 + h + 4})
			}
		}
		for _, sp := range lo.splines {
			for _, q := range sp {
				grow(rect{q.X, q.Y, q.X, q.Y})
			}
		}
		area += (box.x1 - box.x0 + 30) * (box.y1 - box.y0 + 30)
		ps[pi].box = box
	}
	// Shelves about as wide as the whole is tall.
	width := math.Max(900, 1.4*math.Sqrt(area))
	x, y, rowH := 0.0, 0.0, 0.0
	for _, p := range ps {
		w, h := p.box.x1-p.box.x0, p.box.y1-p.box.y0
		if x > 0 && x+w > width {
			x, y, rowH = 0, y+rowH+30, 0
		}
		d := pt{x - p.box.x0, y - p.box.y0}
		for j, i := range p.nodes {
			out.centre[i] = p.sub.centre[j].add(d)
			if p.sub.xlabel[j] != (pt{}) {
				out.xlabel[i] = p.sub.xlabel[j].add(d)
			}
		}
		for j, k := range p.edges {
			for _, q := range p.sub.splines[j] {
				out.splines[k] = append(out.splines[k], q.add(d))
			}
		}
		x += w + 30
		rowH = math.Max(rowH, h)
	}
	return out, nil
}

// components returns the connected parts of the graph (edges taken both
// ways), each as its nodes in order, ordered by their first node.
func (g *dotGraph) components() [][]int {
	parent := make([]int, len(g.nodes))
	for i := range parent {
		parent[i] = i
	}
	var find func(i int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, e := range g.edges {
		a, b := find(e.from), find(e.to)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	index := map[int]int{}
	var parts [][]int
	for i := range g.nodes {
		r := find(i)
		k, ok := index[r]
		if !ok {
			k = len(parts)
			index[r] = k
			parts = append(parts, nil)
		}
		parts[k] = append(parts[k], i)
	}
	return parts
}

// signature is the graph's DOT text with each external label replaced by
// its size in 10-pixel steps: graphs with the same signature get the same
// layout.
func (g *dotGraph) signature() string {
	c := *g
	c.nodes = make([]dotNode, len(g.nodes))
	for i, n := range g.nodes {
		if len(n.xlabel) > 0 {
			w := 0.0
			for _, l := range n.xlabel {
				w = math.Max(w, textWidth(l, labelSize, false))
			}
			n.xlabel = []string{strconv.Itoa(int(math.Ceil(w/10))) + "x" + strconv.Itoa(len(n.xlabel))}
		}
		c.nodes[i] = n
	}
	// Group names only need to differ within the graph.
	groups := map[string]string{}
	return groupName.ReplaceAllStringFunc(string(c.dot()), func(g string) string {
		if _, ok := groups[g]; !ok {
			groups[g] = `group="` + strconv.Itoa(len(groups)) + `"`
		}
		return groups[g]
	})
}

var groupName = regexp.MustCompile(`group="[^"]*"`)

// layoutWith lays the graph out as one piece.
func (g *dotGraph) layoutWith(ctx context.Context, gv *graphviz.Graphviz, engine string) (*laidOut, error) {
	graph, err := graphviz.ParseBytes(g.dot())
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer graph.Close()
	gv.SetLayout(graphviz.Layout(engine))
	var out bytes.Buffer
	if err := gv.Render(ctx, graph, graphviz.Format("json"), &out); err != nil {
		return nil, fmt.Errorf("graphviz %s layout: %w", engine, err)
	}

	var res struct {
		BB      string `json:"bb"`
		Objects []struct {
			Name string `json:"name"`
			Pos  string `json:"pos"`
			XLP  string `json:"xlp"`
		} `json:"objects"`
		Edges []struct {
			Tail int    `json:"tail"`
			Head int    `json:"head"`
			Pos  string `json:"pos"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("graphviz output: %w", err)
	}
	bb := parsePoints(res.BB)
	height := 0.0
	if len(bb) == 2 {
		height = bb[1].Y
	}
	flip := func(q pt) pt { return pt{q.X, height - q.Y} }
	l := &laidOut{centre: make([]pt, len(g.nodes)), xlabel: make([]pt, len(g.nodes)), splines: make([][]pt, len(g.edges))}
	for _, o := range res.Objects {
		i, err := strconv.Atoi(strings.TrimPrefix(o.Name, "n"))
		if err != nil || i < 0 || i >= len(g.nodes) {
			continue
		}
		if p := parsePoints(o.Pos); len(p) == 1 {
			l.centre[i] = flip(p[0])
		}
		if p := parsePoints(o.XLP); len(p) == 1 {
			l.xlabel[i] = flip(p[0])
		}
	}
	if len(res.Edges) != len(g.edges) {
		return nil, fmt.Errorf("graphviz returned %d edges for %d", len(res.Edges), len(g.edges))
	}
	for k, e := range res.Edges {
		// "e,x,y p1 p2 ... pn": a B-spline of n = 1+3m points, and the
		// arrow's tip at (x, y).
		var tip *pt
		var pts []pt
		for _, f := range strings.Fields(e.Pos) {
			if strings.HasPrefix(f, "e,") {
				if p := parsePoints(f[2:]); len(p) == 1 {
					q := flip(p[0])
					tip = &q
				}
				continue
			}
			if strings.HasPrefix(f, "s,") {
				continue
			}
			if p := parsePoints(f); len(p) == 1 {
				pts = append(pts, flip(p[0]))
			}
		}
		if tip != nil && len(pts) >= 4 {
			pts[len(pts)-1] = *tip
		}
		if len(pts) >= 4 && (len(pts)-1)%3 == 0 {
			l.splines[k] = pts
		}
	}
	return l, nil
}

// parsePoints reads "x,y" or "x0,y0,x1,y1" (Graphviz's pos and bb).
func parsePoints(s string) []pt {
	f := strings.Split(strings.TrimSpace(s), ",")
	if len(f) < 2 || len(f)%2 != 0 {
		return nil
	}
	var out []pt
	for i := 0; i+1 < len(f); i += 2 {
		x, err1 := strconv.ParseFloat(f[i], 64)
		y, err2 := strconv.ParseFloat(f[i+1], 64)
		if err1 != nil || err2 != nil {
			return nil
		}
		out = append(out, pt{x, y})
	}
	return out
}

// autoStockFlow lays a stock-and-flow diagram out with dot, left to right:
// stocks and their flows in chains (pipes weigh more than information links
// and are kept straight), clouds at the ends of pipes that leave the drawn
// variables, information links as splines routed around the symbols.
func autoStockFlow(m *sdmodel.Model, vars []*sdmodel.Variable, g *loops.Graph) (*picture, error) {
	p := &picture{}
	dg := &dotGraph{attrs: "rankdir=LR; splines=true; nodesep=0.3; ranksep=0.45; forcelabels=true; outputorder=edgesfirst;"}
	index := map[string]int{}
	for _, v := range vars {
		n := newNode(v)
		index[expr.Canonical(v.Name)] = len(p.nodes)
		p.nodes = append(p.nodes, n)
		dg.nodes = append(dg.nodes, block(&n))
	}
	// Pipes: source → valve → sink, through clouds where the stock is not drawn.
	var pipes [][3]int // source, valve, sink node
	cloud := func() int {
		p.nodes = append(p.nodes, node{kind: cloudNode, w: 30, h: 20})
		dg.nodes = append(dg.nodes, dotNode{w: 30, h: 20, shape: "box"})
		return len(p.nodes) - 1
	}
	from, to := map[string]int{}, map[string]int{} // flow -> its stocks
	for j, s := range vars {
		if s.Kind != sdmodel.Stock {
			continue
		}
		for _, f := range s.Outflows {
			if _, ok := from[expr.Canonical(f)]; !ok {
				from[expr.Canonical(f)] = j
			}
		}
		for _, f := range s.Inflows {
			if _, ok := to[expr.Canonical(f)]; !ok {
				to[expr.Canonical(f)] = j
			}
		}
	}
	for i, v := range vars {
		if v.Kind != sdmodel.Flow {
			continue
		}
		src, dst := -1, -1
		if j, ok := from[expr.Canonical(v.Name)]; ok {
			src = j
		}
		if j, ok := to[expr.Canonical(v.Name)]; ok {
			dst = j
		}
		if src < 0 {
			src = cloud()
		}
		if dst < 0 {
			dst = cloud()
		}
		pipes = append(pipes, [3]int{src, i, dst})
		group := "group=" + quote("g"+strconv.Itoa(i))
		dg.nodes[i].attrs = group
		dg.edges = append(dg.edges, dotEdge{src, i, "weight=20, arrowhead=none, minlen=1"},
			dotEdge{i, dst, "weight=20, arrowhead=none, minlen=1"})
	}
	var infos [][2]int
	outdeg := make([]int, len(p.nodes))
	for _, l := range g.Links {
		if l.Kind != loops.Info {
			continue
		}
		fi, ok1 := index[expr.Canonical(l.From)]
		ti, ok2 := index[expr.Canonical(l.To)]
		if !ok1 || !ok2 || fi == ti {
			continue
		}
		infos = append(infos, [2]int{fi, ti})
		outdeg[fi]++
	}
	infos = ghostHubs(p, dg, infos, outdeg)
	firstInfo := len(dg.edges)
	for _, e := range infos {
		dg.edges = append(dg.edges, dotEdge{e[0], e[1], "weight=1, arrowsize=0.6"})
	}
	lo, err := dg.layout("dot")
	if err != nil {
		return nil, err
	}
	for i := range p.nodes {
		n := &p.nodes[i]
		sym, label := blockOffsets(n)
		n.c = lo.centre[i].add(pt{0, sym})
		n.label = lo.centre[i].add(pt{0, label})
	}
	for _, pp := range pipes {
		src, valve, dst := &p.nodes[pp[0]], &p.nodes[pp[1]], &p.nodes[pp[2]]
		a := edgePoint(src, valve.c)
		b := edgePoint(dst, valve.c)
		p.pipes = append(p.pipes, pipe{pts: []pt{a, valve.c, b}, flow: pp[1]})
	}
	for k, e := range infos {
		pts := lo.splines[firstInfo+k]
		if pts == nil {
			pts = connect(&p.nodes[e[0]], &p.nodes[e[1]], math.NaN())
		}
		if pts != nil {
			p.arrows = append(p.arrows, arrow{pts: pts, from: e[0], to: e[1], colour: linkColour, width: 1.1})
		}
	}
	return p, nil
}

// edgePoint is where a straight pipe from toward meets the node's border.
func edgePoint(n *node, toward pt) pt {
	switch n.kind {
	case stockNode, cloudNode:
		return clipToBox(n.symbol(), toward, n.c)
	}
	return n.c
}

// ghostHubs keeps the parts of a diagram apart: a constant, or a variable
// used in many places, that links otherwise unconnected parts (the chains
// of a large model, say) is drawn once in each part, as the ghosts (shadow
// variables, <name>) SD tools draw. It returns the links, re-pointed at the
// ghosts. A variable whose every use is ghosted gives its place to its
// first ghost.
func ghostHubs(p *picture, dg *dotGraph, infos [][2]int, outdeg []int) [][2]int {
	parent := make([]int, len(p.nodes))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	for _, e := range dg.edges {
		union(e.from, e.to)
	}
	hub := func(i int) bool { return p.nodes[i].kind == constNode || outdeg[i] > 8 }
	for _, e := range infos {
		if !hub(e[0]) {
			union(e[0], e[1])
		}
	}
	// A hub stays where most of its uses are; elsewhere it gets ghosts.
	home := map[int]int{}
	for i := range p.nodes {
		if !hub(i) {
			continue
		}
		if hasOwn := find(i) != i || func() bool {
			for _, e := range dg.edges {
				if e.from == i || e.to == i {
					return true
				}
			}
			return false
		}(); hasOwn {
			home[i] = find(i)
			continue
		}
		count := map[int]int{}
		best, bestN := -1, 0
		for _, e := range infos {
			if e[0] == i {
				r := find(e[1])
				count[r]++
				if count[r] > bestN || count[r] == bestN && r < best {
					best, bestN = r, count[r]
				}
			}
		}
		home[i] = best
	}
	ghosts := map[[2]int]int{}
	out := make([][2]int, len(infos))
	homeUsed := map[int]bool{}
	for k, e := range infos {
		out[k] = e
		src := e[0]
		if !hub(src) {
			continue
		}
		r := find(e[1])
		if h, ok := home[src]; !ok || h == r || h == -1 {
			homeUsed[src] = true
			if h == -1 {
				home[src] = r
			}
			union(src, e[1])
			continue
		}
		key := [2]int{src, r}
		gi, ok := ghosts[key]
		if !ok {
			n := p.nodes[src]
			n.ghost = true
			n.lines = wrap("<"+strings.ReplaceAll(n.name, "_", " ")+">", 18)
			gi = len(p.nodes)
			p.nodes = append(p.nodes, n)
			dg.nodes = append(dg.nodes, block(&n))
			ghosts[key] = gi
		}
		out[k][0] = gi
	}
	return out
}

// block is the node Graphviz places for a variable: its symbol with its
// name below (a flow's valve in the middle, with as much room above as the
// name takes below, so that pipes stay straight), in steps of 10 pixels so
// that alike parts of a model get alike layouts. Links then run around the
// names as well as the symbols.
func block(n *node) dotNode {
	if n.kind == stockNode || n.kind == cloudNode {
		return dotNode{w: n.w, h: n.h, shape: "box"}
	}
	lw, lh := n.labelSize()
	w := 10 * math.Ceil((math.Max(n.w, lw)+4)/10)
	h := n.h + 2 + lh
	if n.kind == flowNode {
		h = n.h + 2*(2+lh)
	}
	return dotNode{w: w, h: 10 * math.Ceil(h/10), shape: "box"}
}

// blockOffsets are where a block's symbol and name sit, down from its centre.
func blockOffsets(n *node) (symbol, label float64) {
	if n.kind == stockNode || n.kind == cloudNode {
		return 0, 0
	}
	_, lh := n.labelSize()
	b := block(n)
	if n.kind == flowNode {
		return 0, n.h/2 + 2 + lh/2
	}
	top := -b.h / 2
	return top + n.h/2, top + n.h + 2 + lh/2
}
