package diagram

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// SectorReach is how many links back from a sector's flows Sector goes.
const SectorReach = 2

// Sector returns the variables of a model's sector, named by its stocks, for
// StockFlow.Vars: the stocks, their flows, and the variables those flows
// depend on up to SectorReach links back (stopping at stocks, which are
// included), in model order: the structure that drives the sector's flows,
// small enough to read on a slide.
func Sector(m *sdmodel.Model, stocks ...string) ([]string, error) {
	g, err := loops.Build(m)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	type item struct {
		name  string
		depth int
	}
	var queue []item
	add := func(name string, depth int) {
		k := expr.Canonical(name)
		if !in[k] {
			in[k] = true
			queue = append(queue, item{name, depth})
		}
	}
	for _, s := range stocks {
		v := m.Var(s)
		if v == nil || v.Kind != sdmodel.Stock {
			return nil, fmt.Errorf("sector of model %q: no stock %q", m.Name, s)
		}
		add(v.Name, SectorReach)
		for _, f := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
			add(f, 0)
		}
	}
	causes := map[string][]string{}
	for _, l := range g.Links {
		if l.Kind == loops.Info {
			causes[expr.Canonical(l.To)] = append(causes[expr.Canonical(l.To)], l.From)
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		v := m.Var(it.name)
		if v == nil || v.Kind == sdmodel.Stock || it.depth >= SectorReach {
			continue // the chain stops at stocks
		}
		for _, c := range causes[expr.Canonical(it.name)] {
			add(c, it.depth+1)
		}
	}
	var out []string
	for _, v := range m.Variables() {
		if in[expr.Canonical(v.Name)] {
			out = append(out, v.Name)
		}
	}
	return out, nil
}
