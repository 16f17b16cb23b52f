package sdmodel

import "github.com/sdlessons/trafficking/sdmodel/expr"

// Graphical functions (lookups) and the conditional.
func tableBuiltins() []*builtin {
	return []*builtin{
		{name: "LOOKUP", aliases: []string{"lookup"}, min: 2, max: 2, signature: "LOOKUP(graphical function, x)",
			emit: func(g *gen, a []expr.Node, dst int32) {
				id := a[0].(*expr.Ident) // checked by resolve
				gv := g.c.vars[g.c.index[id.Canonical()]]
				g.lookupInto(gv.gf, a[1], dst)
			}},
		{name: "IF THEN ELSE", aliases: []string{"if_then_else"}, min: 3, max: 3, signature: "IF THEN ELSE(condition, then, else)",
			emit: func(g *gen, a []expr.Node, dst int32) { g.cond(a[0], a[1], a[2], dst) }},
	}
}

// table is a graphical function prepared for lookups.
type table struct {
	x, y []float64
	kind uint8
}

const (
	continuous uint8 = iota
	extrapolate
	discrete
)

func newTable(g *GF) *table {
	t := &table{x: append([]float64(nil), g.X...), y: append([]float64(nil), g.Y...)}
	switch g.Type {
	case "extrapolate":
		t.kind = extrapolate
	case "discrete":
		t.kind = discrete
	}
	return t
}

// lookup reads a graphical function's table at x: linear interpolation
// between points; beyond the ends the end values (continuous, discrete) or
// the end segments extended (extrapolate); discrete tables hold each y from
// its x up to the next x.
func lookup(g *table, x float64) float64 {
	xs, ys := g.x, g.y
	n := len(xs)
	if x <= xs[0] {
		if g.kind == extrapolate && n > 1 && x < xs[0] && xs[1] != xs[0] {
			return ys[0] + (x-xs[0])*(ys[1]-ys[0])/(xs[1]-xs[0])
		}
		return ys[0]
	}
	if x >= xs[n-1] {
		if g.kind == extrapolate && n > 1 && x > xs[n-1] && xs[n-1] != xs[n-2] {
			return ys[n-1] + (x-xs[n-1])*(ys[n-1]-ys[n-2])/(xs[n-1]-xs[n-2])
		}
		return ys[n-1]
	}
	if x != x { // NaN
		return x
	}
	// Find lo with xs[lo] <= x < xs[lo+1].
	lo := 0
	if n <= 16 {
		for lo < n-2 && xs[lo+1] <= x {
			lo++
		}
	} else {
		hi := n - 1
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if xs[mid] <= x {
				lo = mid
			} else {
				hi = mid
			}
		}
	}
	if g.kind == discrete {
		return ys[lo]
	}
	x0, x1 := xs[lo], xs[lo+1]
	if x1 == x0 {
		return ys[lo+1]
	}
	return ys[lo] + (x-x0)*(ys[lo+1]-ys[lo])/(x1-x0)
}
