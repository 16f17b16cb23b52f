package diagram

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// CLD is a causal loop diagram of chosen feedback loops: the variables
// where the loops meet, causal links with their polarity (+ or −, from
// package loops), delay marks (‖) on links that pass through a stock or a
// delay, and a marker for each loop (R1, B1 with the loop's name) inside it.
//
// Loops are found on the model with its stateful builtins expanded (as
// loops.Analyze does), so names and variable sets of a loops.LoopName work
// as they do for loop dominance. Each loop is collapsed to its key
// variables: those the loops share most, the stocks, and the variables named
// in its LoopName, up to MaxVariables in all; a link of the diagram stands
// for the chain of links between two key variables, its polarity the product
// of theirs.
type CLD struct {
	Title string
	Model *sdmodel.Model
	Loops []loops.LoopName // the loops drawn, in this order
	// Analysis, when set, gives the graph (its link polarities settled by
	// the run, its loops named) instead of one built from Model.
	Analysis *loops.Analysis
	// Keep, when set, are the variables shown; otherwise they are chosen.
	Keep []string
	// MaxVariables bounds the variables chosen (default 12); each loop keeps
	// at least two, so many loops may need more.
	MaxVariables int
	// Shown, when between 1 and len(Loops)-1, draws only the first Shown
	// loops in full and the others faint, laid out as if all were drawn, so
	// that the steps of a story told loop by loop keep every variable in
	// its place (see Steps).
	Shown int
}

// Chart draws the diagram as a chart.Chart (SVG, PNG, HTML, notebook).
func (c CLD) Chart() (*chart.Chart, error) {
	p, err := c.picture()
	if err != nil {
		return nil, err
	}
	return p.chart()
}

// SVG returns the diagram as SVG.
func (c CLD) SVG() ([]byte, error) {
	p, err := c.picture()
	if err != nil {
		return nil, err
	}
	return p.svg(), nil
}

func (c CLD) fail(format string, args ...any) error {
	name := ""
	if c.Model != nil {
		name = c.Model.Name
	}
	return fmt.Errorf("causal loop diagram of model %q: %s", name, fmt.Sprintf(format, args...))
}

// cldLink is a link of the collapsed diagram.
type cldLink struct {
	from, to string
	polarity loops.Polarity
	delay    bool
	path     string // the variables between, to tell paths apart
}

// collapse walks a loop from kept variable to kept variable.
func collapse(g *loops.Graph, l *loops.Loop, kept map[string]bool) []cldLink {
	n := len(l.Variables)
	start := -1
	for i, v := range l.Variables {
		if kept[v] {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	var out []cldLink
	cur := cldLink{from: l.Variables[start], polarity: loops.Positive}
	var between []string
	for k := 0; k < n; k++ {
		i := (start + k) % n
		link := l.Links[i]
		cur.polarity *= link.Polarity
		next := l.Variables[(i+1)%n]
		if kept[next] {
			cur.to, cur.path = next, strings.Join(between, "→")
			out = append(out, cur)
			cur, between = cldLink{from: next, polarity: loops.Positive}, nil
			continue
		}
		between = append(between, next)
		if node, ok := g.Node(next); ok && node.Kind == sdmodel.Stock {
			cur.delay = true // accumulation inside the collapsed link
		}
		if strings.Contains(strings.ToUpper(link.To), "DELAY") {
			cur.delay = true
		}
	}
	return out
}

// choose picks the key variables of the loops.
func (c CLD) choose(m *sdmodel.Model, g *loops.Graph, ls []*loops.Loop) map[string]bool {
	kept := map[string]bool{}
	if len(c.Keep) > 0 {
		for _, name := range c.Keep {
			if n, ok := g.Node(name); ok {
				kept[n.Name] = true
			}
		}
		return kept
	}
	max := c.MaxVariables
	if max <= 0 {
		max = 12
	}
	score := map[string]float64{}
	order := map[string]int{}
	for li, l := range ls {
		named := map[string]bool{}
		for _, v := range c.Loops[li].Through {
			if n, ok := g.Node(v); ok {
				named[n.Name] = true
			}
		}
		for _, v := range l.Variables {
			if m.Var(v) == nil { // inside an expanded builtin
				continue
			}
			score[v]++
			if named[v] {
				score[v] += 0.5
			}
			if n, ok := g.Node(v); ok {
				if n.Kind == sdmodel.Stock {
					score[v] += 0.75
				}
				order[v] = int(n.ID)
			}
		}
	}
	better := func(a, b string) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return order[a] < order[b]
	}
	best := func(vars []string) string {
		pick := ""
		for _, v := range vars {
			if _, ok := score[v]; ok && !kept[v] && (pick == "" || better(v, pick)) {
				pick = v
			}
		}
		return pick
	}
	count := func(l *loops.Loop) int {
		k := 0
		for _, v := range l.Variables {
			if kept[v] {
				k++
			}
		}
		return k
	}
	// Every loop needs two variables to be seen as a loop.
	for _, l := range ls {
		for count(l) < 2 {
			v := best(l.Variables)
			if v == "" {
				break
			}
			kept[v] = true
		}
	}
	all := make([]string, 0, len(score))
	for v := range score {
		all = append(all, v)
	}
	sort.Slice(all, func(i, j int) bool { return better(all[i], all[j]) })
	for _, v := range all {
		if len(kept) >= max {
			break
		}
		kept[v] = true
	}
	// Two different chains between the same pair of variables (with
	// different signs or through different variables) would read as one
	// link: keep a variable of one chain to tell them apart.
	for round := 0; round < 8; round++ {
		seen := map[[2]string]cldLink{}
		var split []string
		for _, l := range ls {
			for _, cl := range collapse(g, l, kept) {
				key := [2]string{cl.from, cl.to}
				if old, ok := seen[key]; ok && old.polarity != cl.polarity {
					split = append(split, strings.Split(cl.path, "→")...)
					break
				}
				seen[key] = cl
			}
		}
		v := best(split)
		if v == "" {
			break
		}
		kept[v] = true
	}
	return kept
}

func (c CLD) picture() (*picture, error) {
	if c.Model == nil {
		return nil, fmt.Errorf("causal loop diagram: no model")
	}
	if len(c.Loops) == 0 {
		return nil, c.fail("no loops chosen")
	}
	g, err := c.graph()
	if err != nil {
		return nil, c.fail("%v", err)
	}
	var ls []*loops.Loop
	for _, ln := range c.Loops {
		if g.Loop(ln.Name) != nil {
			continue // named by the analysis
		}
		if err := g.Name(ln.Name, ln.Through...); err != nil {
			return nil, c.fail("loop %q: %v", ln.Name, err)
		}
	}
	for _, ln := range c.Loops {
		l := g.Loop(ln.Name)
		if l == nil {
			return nil, c.fail("loop %q not found", ln.Name)
		}
		ls = append(ls, l)
	}
	for _, name := range c.Keep {
		if _, ok := g.Node(name); !ok {
			return nil, c.fail("no variable %q", name)
		}
	}
	kept := c.choose(c.Model, g, ls)
	ids := markerIDs(ls)

	// Variables in model order, links in loop order (each pair once).
	var names []string
	for _, n := range g.Nodes {
		if kept[n.Name] {
			names = append(names, n.Name)
		}
	}
	index := map[string]int{}
	p := &picture{kind: "causal-loop"}
	dg := &dotGraph{attrs: "splines=true; overlap=false; sep=\"+10\"; esep=\"+4\"; mode=major; start=1; epsilon=0.0001;"}
	for _, name := range names {
		n := node{name: name, kind: varNode, lines: wrap(name, 16)}
		w, h := n.labelSize()
		n.w, n.h = w+10, h+8
		index[name] = len(p.nodes)
		p.nodes = append(p.nodes, n)
		dg.nodes = append(dg.nodes, dotNode{w: n.w, h: n.h, shape: "box"})
	}
	var links []cldLink
	var linkLoop []int // the first loop through each link
	nodeLoop := make([]int, len(p.nodes))
	for i := range nodeLoop {
		nodeLoop[i] = len(ls)
	}
	seen := map[[2]string]int{}
	loopVars := make([][]int, len(ls))
	for li, l := range ls {
		for _, cl := range collapse(g, l, kept) {
			loopVars[li] = append(loopVars[li], index[cl.from])
			nodeLoop[index[cl.from]] = min(nodeLoop[index[cl.from]], li)
			key := [2]string{cl.from, cl.to}
			if k, ok := seen[key]; ok {
				if links[k].polarity != cl.polarity {
					links[k].polarity = loops.Unknown
				}
				links[k].delay = links[k].delay || cl.delay
				continue
			}
			seen[key] = len(links)
			links = append(links, cl)
			linkLoop = append(linkLoop, li)
		}
	}
	for _, l := range links {
		dg.edges = append(dg.edges, dotEdge{index[l.from], index[l.to], "len=1.6"})
	}
	lo, err := dg.layout("neato")
	if err != nil {
		return nil, c.fail("%v", err)
	}
	for i := range p.nodes {
		p.nodes[i].c = lo.centre[i]
		p.nodes[i].label = lo.centre[i]
	}
	var arrowLoop []int
	for k, l := range links {
		pts := lo.splines[k]
		if _, back := seen[[2]string{l.to, l.from}]; back || pts == nil {
			// Links both ways between two variables: two arcs bowed apart
			// rather than Graphviz's two lines on top of each other.
			pts = connect(&p.nodes[index[l.from]], &p.nodes[index[l.to]], math.NaN())
		}
		if pts == nil {
			continue
		}
		a := arrow{pts: pts, from: index[l.from], to: index[l.to], colour: cldColour, width: 1.4, delay: l.delay, polarity: "+"}
		switch l.polarity {
		case loops.Negative:
			a.polarity = "−"
		case loops.Unknown:
			a.polarity = "?"
		}
		p.arrows = append(p.arrows, a)
		arrowLoop = append(arrowLoop, linkLoop[k])
	}
	p.separateSigns()
	for li, l := range ls {
		mk := marker{id: ids[li], name: l.Name, reinforces: l.Polarity == loops.Positive}
		if l.Name == "" || l.Name == l.ID {
			mk.id, mk.name = l.ID, "" // an unnamed loop keeps the id the loop listing gives it
		}
		p.markers = append(p.markers, mk)
		p.placeMarker(li, loopVars[li])
	}
	p.title = c.Title
	if p.title == "" {
		p.title = "Feedback loops of " + c.Model.Name
	}
	p.frame()
	if c.Shown > 0 && c.Shown < len(ls) {
		p.fadeLoops(c.Shown, arrowLoop, nodeLoop)
	}
	return p, nil
}

// graph is the causal graph of the expanded model with link polarities
// settled by a run (as loops.Analyze does), or the analysis' graph.
func (c CLD) graph() (*loops.Graph, error) {
	if c.Analysis != nil {
		return c.Analysis.Graph, nil
	}
	return loops.BuildResolved(c.Model, nil)
}

// separateSigns moves a polarity sign that would cover a variable's name or
// an earlier sign to the other side of its link, when that side is clear.
func (p *picture) separateSigns() {
	var labels []rect
	for i := range p.nodes {
		labels = append(labels, p.nodes[i].labelRect())
	}
	clear := func(i int) bool {
		r := polarityRect(&p.arrows[i])
		for _, l := range labels {
			if r.overlaps(l) {
				return false
			}
		}
		for k := 0; k < i; k++ {
			if r.overlaps(polarityRect(&p.arrows[k])) {
				return false
			}
		}
		return true
	}
	for i := range p.arrows {
		if clear(i) {
			continue
		}
		p.arrows[i].signRight = true
		if !clear(i) {
			p.arrows[i].signRight = false
		}
	}
}

// placeMarker puts loop marker li inside its loop: at the free place nearest
// the centre of the loop's variables, clear of variables, other markers and
// polarity signs, crossing as few links as it can.
func (p *picture) placeMarker(li int, vars []int) {
	m := &p.markers[li]
	var c pt
	for _, v := range vars {
		c = c.add(p.nodes[v].c)
	}
	if len(vars) > 0 {
		c = c.scale(1 / float64(len(vars)))
	}
	var blocked []rect
	for i := range p.nodes {
		blocked = append(blocked, p.nodes[i].labelRect().grow(4))
	}
	for k := 0; k < li; k++ {
		blocked = append(blocked, p.markers[k].box().grow(4))
	}
	for i := range p.arrows {
		blocked = append(blocked, polarityRect(&p.arrows[i]))
	}
	var curve []pt
	for i := range p.arrows {
		curve = append(curve, p.arrows[i].sample(24)...)
	}
	best, bestCost := c, math.Inf(1)
	// A spiral around the centre.
	for k := 0; k < 900; k++ {
		r := 3.0 * math.Sqrt(float64(k))
		a := float64(k) * 2.39996 // the golden angle
		q := c.add(pt{r * math.Cos(a) * 2.5, r * math.Sin(a) * 2.5})
		m.c = q
		b := m.box()
		ok := true
		for _, o := range blocked {
			if b.overlaps(o) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		crossings := 0
		for _, s := range curve {
			if b.grow(2).contains(s) {
				crossings++
			}
		}
		cost := q.dist(c) + 40*float64(crossings)
		if cost < bestCost {
			best, bestCost = q, cost
		}
		if crossings == 0 && r > 60 {
			break
		}
	}
	m.c = best
}

// markerIDs numbers the drawn loops R1, R2, ... and B1, B2, ... in the
// order given (U1, ... for loops of unknown polarity), as a diagram's loops
// are numbered, rather than by their place among all the model's loops.
func markerIDs(ls []*loops.Loop) []string {
	count := map[string]int{}
	ids := make([]string, len(ls))
	for i, l := range ls {
		t := l.Polarity.LoopType()
		count[t]++
		ids[i] = t + strconv.Itoa(count[t])
	}
	return ids
}
