package diagram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-graphviz"

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
func (g *dotGraph) layout(engine string) (*laidOut, error) {
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer gv.Close()
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
	if len(vars) > 400 {
		// Large models: fewer crossing-reduction passes keep the layout to
		// seconds.
		dg.attrs += " mclimit=0.05; nslimit=1; nslimit1=1; searchsize=10; remincross=false;"
	}
	index := map[string]int{}
	for _, v := range vars {
		n := newNode(v)
		index[expr.Canonical(v.Name)] = len(p.nodes)
		p.nodes = append(p.nodes, n)
		dn := dotNode{w: n.w, h: n.h, shape: "circle"}
		switch n.kind {
		case stockNode:
			dn.shape = "box"
		case flowNode:
			dn.w, dn.h = n.w+6, n.h+6
		}
		if n.kind != stockNode {
			dn.xlabel = n.lines
		}
		dg.nodes = append(dg.nodes, dn)
	}
	// Pipes: source → valve → sink, through clouds where the stock is not drawn.
	var pipes [][3]int // source, valve, sink node
	cloud := func() int {
		p.nodes = append(p.nodes, node{kind: cloudNode, w: 30, h: 20})
		dg.nodes = append(dg.nodes, dotNode{w: 30, h: 20, shape: "box"})
		return len(p.nodes) - 1
	}
	for i, v := range vars {
		if v.Kind != sdmodel.Flow {
			continue
		}
		src, dst := -1, -1
		for j, s := range vars {
			if s.Kind != sdmodel.Stock {
				continue
			}
			for _, f := range s.Outflows {
				if expr.Canonical(f) == expr.Canonical(v.Name) && src < 0 {
					src = j
				}
			}
			for _, f := range s.Inflows {
				if expr.Canonical(f) == expr.Canonical(v.Name) && dst < 0 {
					dst = j
				}
			}
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
	firstInfo := len(dg.edges)
	var infos [][2]int
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
		dg.edges = append(dg.edges, dotEdge{fi, ti, "weight=1, arrowsize=0.6"})
	}
	lo, err := dg.layout("dot")
	if err != nil {
		return nil, err
	}
	for i := range p.nodes {
		p.nodes[i].c = lo.centre[i]
		p.nodes[i].label = lo.xlabel[i]
	}
	for _, pp := range pipes {
		src, valve, dst := &p.nodes[pp[0]], &p.nodes[pp[1]], &p.nodes[pp[2]]
		a := edgePoint(src, valve.c)
		b := edgePoint(dst, valve.c)
		p.pipes = append(p.pipes, pipe{pts: []pt{a, valve.c, b}})
	}
	for k, e := range infos {
		pts := lo.splines[firstInfo+k]
		if pts == nil {
			pts = connect(&p.nodes[e[0]], &p.nodes[e[1]], math.NaN())
		}
		if pts != nil {
			p.arrows = append(p.arrows, arrow{pts: pts, colour: linkColour, width: 1.1})
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
