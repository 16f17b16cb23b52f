package lessonkit

import (
	"fmt"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/diagram"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// LoopVariables returns the variables of each named loop, found as the causal loop diagram and
// loops.Analyze find them (on the model with its stateful builtins expanded), keeping only the
// model's own variables.
func LoopVariables(m *sdmodel.Model, names []loops.LoopName) (map[string][]string, error) {
	em, err := m.Expand()
	if err != nil {
		return nil, err
	}
	g, err := loops.Build(em)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, n := range names {
		if err := g.Name(n.Name, n.Through...); err != nil {
			return nil, fmt.Errorf("model %q, loop %q: %w", m.Name, n.Name, err)
		}
		for _, v := range g.Loop(n.Name).Variables {
			if m.Var(v) != nil {
				out[n.Name] = append(out[n.Name], v)
			}
		}
	}
	return out, nil
}

// LoopSteps builds a causal loop diagram up loop by loop, as a hypothesis is told: step k, titled
// "<title> k: <loop name>" (title "Step" gives "Step 1: capacity acquisition"), draws the first k
// loops of names in full over the variables of keep, and the loops still to come faint
// (diagram.CLD.Steps), so that every variable keeps its place from step to step. Each loop must
// pass through two variables of keep; variables of keep on none of the loops are left out.
func LoopSteps(title string, m *sdmodel.Model, names []loops.LoopName, keep []string) ([]diagram.CLD, error) {
	vars, err := LoopVariables(m, names)
	if err != nil {
		return nil, err
	}
	on := map[string]bool{}
	for _, n := range names {
		count := 0
		for _, v := range vars[n.Name] {
			if slices.Contains(keep, v) {
				on[v] = true
				count++
			}
		}
		if count < 2 {
			return nil, fmt.Errorf("model %q, loop %q passes through %d of the variables to show; it needs 2", m.Name, n.Name, count)
		}
	}
	// A variable on none of the loops would stand alone.
	var shown []string
	for _, v := range keep {
		if on[v] {
			shown = append(shown, v)
		}
	}
	return diagram.CLD{Model: m, Loops: names, Keep: shown}.Steps(title), nil
}

// SectorView returns the variables of a sector diagram that shows the feedback structure rather than
// every detail: the sector's stocks and flows (diagram.Sector) and, of the variables that drive them,
// only those on one of the named loops, plus the auxiliaries of the loops in add (a sector whose
// decisions close loops through other sectors, such as the market's supply response). Constants,
// and variables linked to nothing else drawn, are left out.
func SectorView(m *sdmodel.Model, named, add []loops.LoopName, stocks ...string) ([]string, error) {
	sector, err := diagram.Sector(m, stocks...)
	if err != nil {
		return nil, err
	}
	vars, err := LoopVariables(m, append(append([]loops.LoopName{}, named...), add...))
	if err != nil {
		return nil, err
	}
	on := map[string]bool{}
	for _, n := range named {
		for _, v := range vars[n.Name] {
			on[v] = true
		}
	}
	keep := map[string]bool{}
	for _, name := range sector {
		v := m.Var(name)
		keep[v.Name] = v.Kind == sdmodel.Stock || v.Kind == sdmodel.Flow || on[v.Name]
	}
	for _, n := range add {
		for _, v := range vars[n.Name] {
			keep[v] = keep[v] || m.Var(v).Kind == sdmodel.Aux
		}
	}
	// A variable linked to nothing else drawn says nothing about the sector.
	linked := map[string]bool{}
	for _, s := range stocks {
		linked[s] = true
	}
	for name, k := range keep {
		refs, err := m.References(name)
		if err != nil || !k {
			continue
		}
		for _, r := range refs {
			if v := m.Var(r); v != nil && keep[v.Name] && v.Name != name {
				linked[name], linked[v.Name] = true, true
			}
		}
	}
	for _, name := range stocks {
		for _, f := range append(append([]string{}, m.Var(name).Inflows...), m.Var(name).Outflows...) {
			linked[f] = true
		}
	}
	var out []string
	for _, v := range m.Variables() {
		if keep[v.Name] && linked[v.Name] && v.Kind != sdmodel.Const {
			out = append(out, v.Name)
		}
	}
	return out, nil
}
