package loops

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Loop is a feedback loop: a closed chain of causal links.
type Loop struct {
	// ID is R1, R2, ... for reinforcing loops, B1, ... for balancing and U1,
	// ... for loops whose polarity is unknown, numbered in a stable order:
	// shorter loops first, then by the model order of their variables.
	ID string
	// Name is a descriptive name given with Graph.Name (empty otherwise).
	Name string
	// Variables are the loop's variables in causal order, starting from its
	// first stock in model order (or its first variable when it has no
	// stock); the last links back to the first.
	Variables []string
	Polarity  Polarity
	Links     []Link // Links[i] goes from Variables[i] to Variables[i+1 mod n]
	// Internal is true for a loop made only of the stocks and flows of an
	// expanded builtin, such as the adjustment loop inside SMTH1 (Analyze).
	Internal bool

	ids []int64
}

// Label is the name when given, otherwise the id.
func (l *Loop) Label() string {
	if l.Name != "" {
		return l.Name
	}
	return l.ID
}

// Stocks returns the loop's stocks.
func (l *Loop) Stocks(g *Graph) []string {
	var out []string
	for _, id := range l.ids {
		if g.Nodes[id].Kind == sdmodel.Stock {
			out = append(out, g.Nodes[id].Name)
		}
	}
	return out
}

// String prints the loop as "R1 (name): a → b → c → a".
func (l Loop) String() string {
	var b strings.Builder
	b.WriteString(l.ID)
	if l.Name != "" {
		b.WriteString(" (" + l.Name + ")")
	}
	b.WriteString(": ")
	for _, v := range l.Variables {
		b.WriteString(v)
		b.WriteString(" → ")
	}
	if len(l.Variables) > 0 {
		b.WriteString(l.Variables[0])
	}
	return b.String()
}

// MaxLoops is the most feedback loops Build enumerates. The number of loops
// grows exponentially with the density of a model's links (a dozen stocks
// all linked to each other have over a hundred million); beyond this, Build
// returns an error instead of running out of time and memory.
const MaxLoops = 100_000

// Loops returns every feedback loop of the graph (its elementary circuits,
// found by Build with Johnson's algorithm), in id order: reinforcing loops
// R1, R2, ..., then balancing B1, ..., then undetermined U1, ....
func (g *Graph) Loops() []Loop {
	if g.loops != nil {
		return g.loops
	}
	out := make([]Loop, 0, len(g.cycles))
	for _, ids := range g.cycles {
		out = append(out, g.makeLoop(ids))
	}
	// Stable order: length, then the rotated id sequences.
	slices.SortFunc(out, func(a, b Loop) int {
		if len(a.ids) != len(b.ids) {
			return len(a.ids) - len(b.ids)
		}
		return slices.Compare(a.ids, b.ids)
	})
	count := map[string]int{}
	for _, typ := range []string{"R", "B", "U"} {
		for i := range out {
			if out[i].Polarity.LoopType() == typ {
				count[typ]++
				out[i].ID = typ + strconv.Itoa(count[typ])
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Loop) int {
		ta, tb := strings.Index("RBU", a.ID[:1]), strings.Index("RBU", b.ID[:1])
		if ta != tb {
			return ta - tb
		}
		na, _ := strconv.Atoi(a.ID[1:])
		nb, _ := strconv.Atoi(b.ID[1:])
		return na - nb
	})
	for i := range out {
		if n, ok := g.names[out[i].ID]; ok {
			out[i].Name = n
		}
	}
	g.loops = out
	return out
}

// findLoops enumerates the elementary circuits (Build calls it once).
func (g *Graph) findLoops() error {
	cycles, ok := circuits(g.g, MaxLoops)
	if !ok {
		return &sdmodel.Error{Model: g.Model, Msg: fmt.Sprintf("more than %d feedback loops: the variables are too densely linked to list every loop; analyse a part of the model, or fewer links", MaxLoops)}
	}
	g.cycles = cycles
	return nil
}

// circuits lists the elementary circuits of a directed graph with Johnson's
// algorithm ("Finding all the elementary circuits of a directed graph",
// SIAM J. Comput. 4(1), 1975), each once, starting at its smallest node id,
// in deterministic order. The time between two circuits found is linear in
// the graph's size, so the limit bounds the work: it reports false when
// there are more than limit circuits.
func circuits(dg *simple.DirectedGraph, limit int) ([][]int64, bool) {
	var ids []int64
	for nodes := dg.Nodes(); nodes.Next(); {
		ids = append(ids, nodes.Node().ID())
	}
	slices.Sort(ids)
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	n := len(ids)
	adj := make([][]int, n)
	radj := make([][]int, n)
	for i, id := range ids {
		for to := dg.From(id); to.Next(); {
			j := pos[to.Node().ID()]
			adj[i] = append(adj[i], j)
			radj[j] = append(radj[j], i)
		}
		slices.Sort(adj[i])
	}
	var out [][]int64
	blocked := make([]bool, n)
	bset := make([][]int, n)
	in := make([]bool, n) // in the strongly connected part of s among nodes >= s
	var stack []int
	var unblock func(u int)
	unblock = func(u int) {
		blocked[u] = false
		for _, w := range bset[u] {
			if blocked[w] {
				unblock(w)
			}
		}
		bset[u] = bset[u][:0]
	}
	reach := func(s int, next [][]int) []bool {
		seen := make([]bool, n)
		seen[s] = true
		queue := []int{s}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, w := range next[u] {
				if w > s && !seen[w] {
					seen[w] = true
					queue = append(queue, w)
				}
			}
		}
		return seen
	}
	var s int
	var circuit func(v int) (bool, bool)
	circuit = func(v int) (found, ok bool) {
		stack = append(stack, v)
		blocked[v] = true
		for _, w := range adj[v] {
			if w < s || !in[w] {
				continue
			}
			if w == s {
				c := make([]int64, len(stack))
				for k, x := range stack {
					c[k] = ids[x]
				}
				out = append(out, c)
				if len(out) > limit {
					return true, false
				}
				found = true
			} else if !blocked[w] {
				f, ok := circuit(w)
				if !ok {
					return true, false
				}
				found = found || f
			}
		}
		if found {
			unblock(v)
		} else {
			for _, w := range adj[v] {
				if w >= s && in[w] && !slices.Contains(bset[w], v) {
					bset[w] = append(bset[w], v)
				}
			}
		}
		stack = stack[:len(stack)-1]
		return found, true
	}
	for s = 0; s < n; s++ {
		fwd, back := reach(s, adj), reach(s, radj)
		for i := range in {
			in[i] = fwd[i] && back[i]
			blocked[i] = false
			bset[i] = bset[i][:0]
		}
		if _, ok := circuit(s); !ok {
			return nil, false
		}
	}
	return out, true
}

// makeLoop rotates a cycle to its canonical start and fills in its links.
func (g *Graph) makeLoop(ids []int64) Loop {
	start := 0
	for i, id := range ids {
		si, sb := g.Nodes[id].Kind == sdmodel.Stock, g.Nodes[ids[start]].Kind == sdmodel.Stock
		if (si && !sb) || (si == sb && id < ids[start]) {
			start = i
		}
	}
	rot := append(append([]int64(nil), ids[start:]...), ids[:start]...)
	l := Loop{ids: rot, Polarity: Positive, Internal: len(g.internal) > 0}
	for i, id := range rot {
		l.Variables = append(l.Variables, g.Nodes[id].Name)
		l.Internal = l.Internal && g.internal[id]
		link := g.Links[g.link[[2]int64{id, rot[(i+1)%len(rot)]}]]
		l.Links = append(l.Links, link)
		l.Polarity *= link.Polarity
	}
	return l
}

// Loop returns the loop with that id or name, or nil.
func (g *Graph) Loop(idOrName string) *Loop {
	ls := g.Loops()
	for i := range ls {
		if ls[i].ID == idOrName || (ls[i].Name != "" && ls[i].Name == idOrName) {
			return &ls[i]
		}
	}
	return nil
}

// Find returns the loop through exactly the given variables (in any order),
// or else the shortest loop through all of them; it is an error when there is
// none or when several shortest loops tie.
func (g *Graph) Find(variables ...string) (*Loop, error) {
	if len(variables) == 0 {
		return nil, fmt.Errorf("loops: model %q: no variables to find a loop by", g.Model)
	}
	want := map[int64]bool{}
	for _, v := range variables {
		id, ok := g.id[expr.Canonical(v)]
		if !ok {
			return nil, fmt.Errorf("loops: model %q has no variable %q", g.Model, v)
		}
		want[id] = true
	}
	ls := g.Loops()
	var best []int
	for i := range ls {
		all := true
		for id := range want {
			all = all && slices.Contains(ls[i].ids, id)
		}
		if !all {
			continue
		}
		if len(ls[i].ids) == len(want) {
			return &ls[i], nil
		}
		switch {
		case len(best) == 0 || len(ls[i].ids) < len(ls[best[0]].ids):
			best = []int{i}
		case len(ls[i].ids) == len(ls[best[0]].ids):
			best = append(best, i)
		}
	}
	switch len(best) {
	case 0:
		return nil, fmt.Errorf("loops: model %q has no loop through %s", g.Model, strings.Join(variables, ", "))
	case 1:
		return &ls[best[0]], nil
	}
	var ids []string
	for _, i := range best {
		ids = append(ids, ls[i].ID)
	}
	return nil, fmt.Errorf("loops: model %q: several loops through %s (%s); name more variables", g.Model, strings.Join(variables, ", "), strings.Join(ids, ", "))
}

// Name gives a descriptive name to the loop found by Find(variables...), for
// example g.Name("recruitment", "victims", "recruiters"). Names appear in
// Loop.Name, Label, String, the DOT output and dominance reports.
func (g *Graph) Name(name string, variables ...string) error {
	l, err := g.Find(variables...)
	if err != nil {
		return err
	}
	for i := range g.loops {
		if g.loops[i].Name == name && g.loops[i].ID != l.ID {
			return fmt.Errorf("loops: model %q: the name %q is already given to %s", g.Model, name, g.loops[i].ID)
		}
	}
	if g.names == nil {
		g.names = map[string]string{}
	}
	g.names[l.ID] = name
	l.Name = name
	return nil
}
