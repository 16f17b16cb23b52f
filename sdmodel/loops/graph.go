// Package loops finds the feedback loops of a system dynamics model and
// measures which of them drive its behaviour over time.
//
// Build reads the causal graph from the model's equations: a link from each
// variable an equation references to the variable it defines, and from each
// flow to its stock (positive for inflows, negative for outflows). Loops
// enumerates every feedback loop (Johnson's elementary circuits, via gonum's
// graph/topo), each with its polarity, R (reinforcing) or B (balancing), and
// a stable id (R1, R2, ..., B1, ...). Analyze runs the model and scores the
// loops over time with the Loops That Matter method (Schoenberg, Davidsen and
// Eberlein 2020; flow-to-stock links as corrected by Schoenberg, Hayward and
// Eberlein 2023), telling which loop dominates when.
//
//	g, err := loops.Build(m)
//	for _, l := range g.Loops() {
//		fmt.Println(l) // R1: population → births → population
//	}
//	a, err := loops.Analyze(m, nil)
//	for _, p := range a.Periods() {
//		fmt.Printf("%g-%g: %s\n", p.Start, p.End, p.Loop)
//	}
//	g.WriteDOT(os.Stdout, true) // causal loop diagram for Graphviz
package loops

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Evaluator evaluates one variable's own equation at time t, with every
// variable it references taken from lookup (by display name). Link scores
// need it to change one input of an equation at a time; *sdmodel.Compiled
// is one.
type Evaluator interface {
	EvalVar(name string, t float64, lookup func(name string) float64) (float64, error)
}

// Polarity is the sign of a link or a loop.
type Polarity int

// Polarities. A link is Positive when an increase in its cause increases its
// effect (other things equal), Negative when it decreases it, and Unknown when
// the sign cannot be told or changes. A loop is Positive (reinforcing) when
// the product of its links' polarities is positive, Negative (balancing) when
// negative.
const (
	Unknown  Polarity = 0
	Positive Polarity = 1
	Negative Polarity = -1
)

// String gives "+", "-" or "?".
func (p Polarity) String() string {
	switch p {
	case Positive:
		return "+"
	case Negative:
		return "-"
	}
	return "?"
}

// LoopType gives R (reinforcing), B (balancing) or U (undetermined).
func (p Polarity) LoopType() string {
	switch p {
	case Positive:
		return "R"
	case Negative:
		return "B"
	}
	return "U"
}

// LinkKind tells how a link arises.
type LinkKind int

// Link kinds.
const (
	Info    LinkKind = iota // the effect's equation references the cause
	Inflow                  // the cause is an inflow of the effect (a stock)
	Outflow                 // the cause is an outflow of the effect (a stock)
)

func (k LinkKind) String() string {
	switch k {
	case Inflow:
		return "inflow"
	case Outflow:
		return "outflow"
	}
	return "info"
}

// Node is a variable of the causal graph.
type Node struct {
	ID   int64 // position in the model's variables
	Name string
	Kind sdmodel.Kind
}

// Link is a causal link of the graph.
type Link struct {
	From, To string // display names
	Kind     LinkKind
	// Polarity is the link's sign from the equation (see Build); flow links
	// are + for inflows and - for outflows.
	Polarity Polarity
}

// Graph is a model's causal structure.
type Graph struct {
	Model string
	Nodes []Node // in model order
	Links []Link // ordered by effect (model order), then cause

	model    *sdmodel.Model
	g        *simple.DirectedGraph
	id       map[string]int64 // canonical name -> node id
	byName   map[string]int64 // display name -> node id (the fast path of lookups)
	link     map[[2]int64]int // (from, to) -> index in Links
	cycles   [][]int64        // the elementary circuits, found by Build
	loops    []Loop           // cached by Loops
	names    map[string]string
	internal map[int64]bool // variables made by expanding builtins
}

// markInternal records which variables are not in the original model (made
// by Expand).
func (g *Graph) markInternal(orig *sdmodel.Model) {
	g.internal = map[int64]bool{}
	for _, n := range g.Nodes {
		if orig.Var(n.Name) == nil {
			g.internal[n.ID] = true
		}
	}
	g.loops = nil
}

// Build reads the causal graph of a model from its equations. The polarity
// of each information link comes from analysing the equation symbolically
// under the usual reading of a causal loop diagram: every variable is taken
// to be positive, and a link is + (or -) when the equation increases (or
// decreases) with the cause whatever the other inputs; products, quotients,
// sums, powers with constant exponents, MIN, MAX, EXP, LN, SQRT, smoothing
// and delay functions, IF THEN ELSE with a condition not depending on the
// cause, and graphical functions whose table is monotone are understood;
// anything else gives Unknown. Analyze also reports the polarity each loop
// shows in a run (the sign of its loop score).
//
// A stock's initial-value equation creates no links (it acts only at the
// start). References inside stateful builtins (SMTH1, DELAY3, ...) link the
// builtin's inputs directly to the variable; build from m.Expand() to see
// their internal stocks and flows (Analyze does).
//
// Arrays and macros are flattened first (sdmodel.Model.Flatten): each
// element of an arrayed variable is a node of its own.
func Build(m *sdmodel.Model) (*Graph, error) {
	m, err := m.Flatten()
	if err != nil {
		return nil, err
	}
	g := &Graph{Model: m.Name, model: m, g: simple.NewDirectedGraph(), id: map[string]int64{}, byName: map[string]int64{}, link: map[[2]int64]int{}}
	vars := m.Variables()
	for i, v := range vars {
		id := int64(i)
		g.Nodes = append(g.Nodes, Node{ID: id, Name: v.Name, Kind: v.Kind})
		g.id[expr.Canonical(v.Name)] = id
		g.byName[v.Name] = id
		g.g.AddNode(simple.Node(id))
	}
	var errs sdmodel.ErrorList
	for i, v := range vars {
		to := int64(i)
		if v.Kind == sdmodel.Stock {
			for _, fl := range [...]struct {
				names []string
				kind  LinkKind
				pol   Polarity
			}{{v.Inflows, Inflow, Positive}, {v.Outflows, Outflow, Negative}} {
				for _, f := range fl.names {
					from, ok := g.id[expr.Canonical(f)]
					if !ok {
						errs = append(errs, &sdmodel.Error{Model: m.Name, Variable: v.Name, Msg: fmt.Sprintf("%s %q is not a variable", fl.kind, f)})
						continue
					}
					g.add(from, to, fl.kind, fl.pol)
				}
			}
			continue
		}
		if strings.TrimSpace(v.Equation) == "" {
			continue
		}
		node, err := expr.Parse(v.Equation)
		if err != nil {
			e := &sdmodel.Error{Model: m.Name, Variable: v.Name, Msg: err.Error()}
			if pe, ok := err.(*expr.Error); ok {
				pos := pe.Pos
				e.Pos, e.Msg = &pos, pe.Msg
			}
			errs = append(errs, e)
			continue
		}
		refs := references(node, g.id)
		for _, from := range refs {
			if from == to {
				continue // a variable cannot cause itself within a time step
			}
			pol := linkPolarity(m, node, vars[from].Name)
			if v.Kind == sdmodel.Graphical {
				pol = mulPol(pol, gfSlope(v.GF))
			}
			g.add(from, to, Info, pol)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	slices.SortStableFunc(g.Links, func(a, b Link) int {
		ia, ib := g.id[expr.Canonical(a.To)], g.id[expr.Canonical(b.To)]
		if ia != ib {
			return int(ia - ib)
		}
		return int(g.id[expr.Canonical(a.From)] - g.id[expr.Canonical(b.From)])
	})
	for i, l := range g.Links {
		g.link[[2]int64{g.id[expr.Canonical(l.From)], g.id[expr.Canonical(l.To)]}] = i
	}
	if err := g.findLoops(); err != nil {
		return nil, err
	}
	return g, nil
}

// add records a link; a second link between the same pair (a flow that is
// also referenced) keeps the first.
func (g *Graph) add(from, to int64, kind LinkKind, pol Polarity) {
	key := [2]int64{from, to}
	if _, ok := g.link[key]; ok {
		return
	}
	g.link[key] = len(g.Links)
	g.Links = append(g.Links, Link{From: g.Nodes[from].Name, To: g.Nodes[to].Name, Kind: kind, Polarity: pol})
	g.g.SetEdge(simple.Edge{F: simple.Node(from), T: simple.Node(to)})
}

// initialArg returns the position of the initial-value argument of a
// stateful builtin; INIT's only argument is one. Such arguments act only
// at the start, so they make no causal link. The tables of this package
// are switches rather than maps: a map literal is built by code at every
// start of a program that links the package.
func initialArg(key string) (int, bool) {
	switch key {
	case "init", "initial":
		return 0, true
	case "smth1", "smooth", "smth3", "smooth3", "smoothi", "smooth3i", "delay1", "delay1i",
		"delay3", "delay3i", "delay", "delay_fixed", "trend":
		return 2, true
	case "smthn", "smooth_n", "delayn", "delay_n", "forecast":
		return 3, true
	}
	return 0, false
}

// references returns the ids of the model variables an equation references,
// in order of first appearance. The table argument of LOOKUP is a function
// name, not a reference, and initial-value arguments (see initialArg) are
// left out.
func references(n expr.Node, ids map[string]int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	expr.Inspect(n, func(n expr.Node) bool {
		switch x := n.(type) {
		case *expr.Call:
			name := x.Fun.Canonical()
			skip := -1
			if name == "lookup" && len(x.Args) == 2 {
				skip = 0
			} else if i, ok := initialArg(name); ok {
				skip = i
			}
			if skip < 0 {
				return true
			}
			for i, a := range x.Args {
				if i == skip {
					continue
				}
				for _, id := range references(a, ids) {
					if !seen[id] {
						seen[id] = true
						out = append(out, id)
					}
				}
			}
			return false
		case *expr.Ident:
			if id, ok := ids[x.Canonical()]; ok && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		return true
	})
	return out
}

// lookupID finds a node by display name, or by any spelling of it.
func (g *Graph) lookupID(name string) (int64, bool) {
	if id, ok := g.byName[name]; ok {
		return id, true
	}
	id, ok := g.id[expr.Canonical(name)]
	return id, ok
}

// Node returns the node of a variable, and whether it exists.
func (g *Graph) Node(name string) (Node, bool) {
	id, ok := g.id[expr.Canonical(name)]
	if !ok {
		return Node{}, false
	}
	return g.Nodes[id], true
}

// Link returns the link from one variable to another, and whether it exists.
func (g *Graph) Link(from, to string) (Link, bool) {
	f, ok1 := g.id[expr.Canonical(from)]
	t, ok2 := g.id[expr.Canonical(to)]
	if !ok1 || !ok2 {
		return Link{}, false
	}
	i, ok := g.link[[2]int64{f, t}]
	if !ok {
		return Link{}, false
	}
	return g.Links[i], true
}

// Directed returns the gonum graph (node ids are positions in Nodes), for
// further analysis with gonum's graph packages. Do not modify it.
func (g *Graph) Directed() *simple.DirectedGraph { return g.g }
