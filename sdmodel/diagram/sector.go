package diagram

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// Sector returns the variables of a model's sector, named by its stocks, for
// StockFlow.Vars: the stocks, their flows, and every variable those flows
// depend on back to the nearest stocks (those stocks included), in model
// order. The sector's structure is then drawn whole: a market sector shows
// the price and profit chains that drive its flows, not only its stocks.
func Sector(m *sdmodel.Model, stocks ...string) ([]string, error) {
	g, err := loops.Build(m)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	var queue []string
	add := func(name string) {
		k := expr.Canonical(name)
		if !in[k] {
			in[k] = true
			queue = append(queue, name)
		}
	}
	for _, s := range stocks {
		v := m.Var(s)
		if v == nil || v.Kind != sdmodel.Stock {
			return nil, fmt.Errorf("sector of model %q: no stock %q", m.Name, s)
		}
		add(v.Name)
		for _, f := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
			add(f)
		}
	}
	causes := map[string][]string{}
	for _, l := range g.Links {
		if l.Kind == loops.Info {
			causes[expr.Canonical(l.To)] = append(causes[expr.Canonical(l.To)], l.From)
		}
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		v := m.Var(name)
		if v == nil || v.Kind == sdmodel.Stock {
			continue // the chain stops at stocks
		}
		for _, c := range causes[expr.Canonical(name)] {
			add(c)
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
