package vensim

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Vensim's builtins where they differ from the engine's (XMILE) ones are
// rewritten into engine equations here; the package documentation lists
// each choice.

func ident(name string) *expr.Ident { return &expr.Ident{Name: expr.Quote(name)} }

func num(v float64) *expr.Number {
	return &expr.Number{Value: v, Lit: strconv.FormatFloat(v, 'g', -1, 64)}
}

func call(fn string, args ...expr.Node) *expr.Call {
	return &expr.Call{Fun: &expr.Ident{Name: fn}, Args: args}
}

func paren(n expr.Node) expr.Node {
	switch n.(type) {
	case *expr.Number, *expr.Ident, *expr.Call, *expr.Paren:
		return n
	}
	return &expr.Paren{X: n}
}

func bin(op expr.Token, x, y expr.Node) expr.Node {
	return &expr.Binary{Op: op, X: paren(x), Y: paren(y)}
}

// trunc is Vensim's INTEGER: the integer part, towards zero.
func trunc(x expr.Node) expr.Node {
	x = paren(x)
	return &expr.If{Cond: bin(expr.LSS, x, num(0)),
		Then: &expr.Unary{Op: expr.SUB, X: call("INT", &expr.Unary{Op: expr.SUB, X: x})},
		Else: call("INT", x)}
}

// rewriteAll rewrites every equation's Vensim builtins.
func (p *reader) rewriteAll() {
	p.invertMatrices()
	p.specialize()
	n := len(p.defs)
	for i := 0; i < n; i++ {
		d := p.defs[i]
		d.rhs = p.rewrite(d, d.rhs)
		d.init = p.rewrite(d, d.init)
		d.initEq = p.rewrite(d, d.initEq)
	}
}

// invertMatrices computes INVERT MATRIX(m[..., a, b], n) of a constant
// array when the model is read: the equation x[..., a, b] = INVERT
// MATRIX(...) becomes the numbers of each n x n block's inverse (the last
// two subscripts; earlier ones pick the block).
func (p *reader) invertMatrices() {
	for _, d := range p.defs {
		c, ok := d.rhs.(*expr.Call)
		if !ok || c.Fun.Canonical() != "invert_matrix" || len(c.Args) != 2 || len(d.subs) < 2 {
			continue
		}
		src, ok := c.Args[0].(*expr.Index)
		if !ok || len(src.Subs) != len(d.subs) {
			continue
		}
		size, err := p.eval(c.Args[1], 0)
		ts := p.tuples(d.subs, d.except)
		n := int(size)
		if err != nil || n < 1 || float64(n) != size || len(ts)%(n*n) != 0 {
			continue
		}
		values := make([]float64, len(ts))
		for b := 0; b < len(ts); b += n * n {
			m := make([]float64, n*n)
			for k := range m {
				// The source element for this tuple: the equation's own
				// subscripts mapped onto the argument's.
				rename := map[string]string{}
				for i, s := range d.subs {
					if p.isDim(s) {
						rename[expr.Canonical(s)] = ts[b+k][i]
					}
				}
				v, err := p.eval(expr.RenameMap(src, rename), 0)
				if err != nil {
					p.errorAt(d.at, d.name, "INVERT MATRIX needs a constant matrix: %v", err)
					return
				}
				m[k] = v
			}
			inv, ok := invert(m, n)
			if !ok {
				p.errorAt(d.at, d.name, "INVERT MATRIX: the matrix is singular")
				return
			}
			copy(values[b:], inv)
		}
		d.values, d.rhs = values, nil
	}
}

// invert inverts an n x n matrix (row-major) by Gauss-Jordan elimination
// with partial pivoting; false when it is singular.
func invert(m []float64, n int) ([]float64, bool) {
	a := append([]float64(nil), m...)
	inv := make([]float64, n*n)
	for i := 0; i < n; i++ {
		inv[i*n+i] = 1
	}
	for col := 0; col < n; col++ {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r*n+col]) > math.Abs(a[piv*n+col]) {
				piv = r
			}
		}
		if a[piv*n+col] == 0 {
			return nil, false
		}
		for k := 0; k < n; k++ {
			a[col*n+k], a[piv*n+k] = a[piv*n+k], a[col*n+k]
			inv[col*n+k], inv[piv*n+k] = inv[piv*n+k], inv[col*n+k]
		}
		f := a[col*n+col]
		for k := 0; k < n; k++ {
			a[col*n+k] /= f
			inv[col*n+k] /= f
		}
		for r := 0; r < n; r++ {
			if r == col || a[r*n+col] == 0 {
				continue
			}
			g := a[r*n+col]
			for k := 0; k < n; k++ {
				a[r*n+k] -= float64(g * a[col*n+k])
				inv[r*n+k] -= float64(g * inv[col*n+k])
			}
		}
	}
	return inv, true
}

// specialize splits an array equation into one equation per element when
// a DELAY N in it has a delay time that differs by element: Vensim lowers
// each element's order to its delay / DT, and the order is fixed per
// equation.
func (p *reader) specialize() {
	var out []*def // nil while no equation is split
	for i, d := range p.defs {
		if len(d.subs) == 0 || d.values != nil || d.gfs != nil || !p.needsSpecializing(d.rhs) {
			if out != nil {
				out = append(out, d)
			}
			continue
		}
		if out == nil {
			out = append(make([]*def, 0, len(p.defs)), p.defs[:i]...)
		}
		for _, t := range p.tuples(d.subs, d.except) {
			rename := map[string]string{}
			for i, s := range d.subs {
				if p.isDim(s) {
					rename[expr.Canonical(s)] = t[i]
				}
			}
			nd := *d
			nd.subs, nd.except = t, nil
			nd.rhs, nd.init, nd.initEq = expr.RenameMap(d.rhs, rename), expr.RenameMap(d.init, rename), expr.RenameMap(d.initEq, rename)
			out = append(out, &nd)
		}
	}
	if out != nil {
		p.defs = out
	}
}

// needsSpecializing reports whether n calls DELAY N with a subscripted
// delay time.
func (p *reader) needsSpecializing(n expr.Node) bool {
	found := false
	expr.Inspect(n, func(x expr.Node) bool {
		if c, ok := x.(*expr.Call); ok && c.Fun.Canonical() == "delay_n" && len(c.Args) == 4 {
			expr.Inspect(c.Args[1], func(y expr.Node) bool {
				if _, ok := y.(*expr.Index); ok {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// rewrite returns n with Vensim builtins replaced by engine equations;
// helper variables it needs are added to p.defs.
func (p *reader) rewrite(d *def, n expr.Node) expr.Node {
	if n == nil {
		return nil
	}
	switch x := n.(type) {
	case *expr.Paren:
		x.X = p.rewrite(d, x.X)
	case *expr.Unary:
		x.X = p.rewrite(d, x.X)
	case *expr.Binary:
		x.X = p.rewrite(d, x.X)
		x.Y = p.rewrite(d, x.Y)
	case *expr.If:
		x.Cond = p.rewrite(d, x.Cond)
		x.Then = p.rewrite(d, x.Then)
		x.Else = p.rewrite(d, x.Else)
	case *expr.Call:
		for i, a := range x.Args {
			x.Args[i] = p.rewrite(d, a)
		}
		return p.builtin(d, x)
	}
	return n
}

// builtin rewrites one call.
func (p *reader) builtin(d *def, c *expr.Call) expr.Node {
	a := c.Args
	switch c.Fun.Canonical() {
	case "integer":
		if len(a) == 1 {
			return trunc(a[0])
		}
	case "modulo":
		// Vensim: a - b * INTEGER(a / b): the sign of the dividend.
		if len(a) == 2 {
			return &expr.Paren{X: bin(expr.SUB, a[0], bin(expr.MUL, a[1], trunc(bin(expr.QUO, a[0], a[1]))))}
		}
	case "quantum":
		// QUANTUM(a, q) = q * INTEGER(a / q); a itself when q <= 0.
		if len(a) == 2 {
			return &expr.If{Cond: bin(expr.LEQ, a[1], num(0)), Then: a[0],
				Else: bin(expr.MUL, a[1], trunc(bin(expr.QUO, a[0], a[1])))}
		}
	case "pulse":
		// Vensim: PULSE(start, width) is 1 from start for width (at least
		// one DT), 0 otherwise.
		if len(a) == 2 {
			t := ident("TIME")
			end := bin(expr.ADD, a[0], call("MAX", ident("DT"), a[1]))
			return &expr.If{Cond: bin(expr.AND, bin(expr.GEQ, t, a[0]), bin(expr.LSS, t, end)), Then: num(1), Else: num(0)}
		}
	case "delay_fixed":
		// Vensim delays by at least one time step: a delay time of 0 at
		// the start still returns the initial value first.
		if len(a) == 3 {
			a[1] = call("MAX", a[1], ident("DT"))
		}
	case "delay_n", "smooth_n":
		// The order may be a constant variable; Vensim also lowers a
		// DELAY N's order so that each stage holds at least one time step.
		if len(a) == 4 {
			order, err := p.eval(a[3], 0)
			if err != nil {
				return c
			}
			if c.Fun.Canonical() == "delay_n" {
				if d, err := p.eval(a[1], 0); err == nil && p.time.DT > 0 {
					order = math.Min(order, math.Max(1, math.Floor(d/p.time.DT+1e-9)))
				}
			}
			a[3] = num(order)
		}
	case "game":
		if len(a) == 1 {
			return a[0]
		}
	case "sample_if_true":
		if len(a) == 3 {
			return p.sampleIfTrue(d, a[0], a[1], a[2])
		}
	case "random_0_1":
		if len(a) == 0 {
			return call("RANDOM_UNIFORM", num(0), num(1), num(0))
		}
	case "lookup_invert":
		// The x at which the table reaches y: the table read the other
		// way, when its y values are monotonic.
		if len(a) == 2 {
			if id, ok := a[0].(*expr.Ident); ok {
				if t := p.byKey[id.Canonical()]; t != nil && t.gf != nil && monotonic(t.gf.Y) {
					return call(expr.Quote(p.tableVariant(t, "lookup_invert")), a[1])
				}
			}
		}
	case "lookup_extrapolate", "lookup_backward", "lookup_forward":
		if len(a) == 2 {
			if id, ok := a[0].(*expr.Ident); ok {
				if t := p.byKey[id.Canonical()]; t != nil && t.gf != nil {
					return call(expr.Quote(p.tableVariant(t, c.Fun.Canonical())), a[1])
				}
			}
		}
	}
	return c
}

// tableVariant returns the name of a copy of lookup t read another way
// (LOOKUP EXTRAPOLATE, LOOKUP BACKWARD, LOOKUP FORWARD), adding it once.
func (p *reader) tableVariant(t *def, fn string) string {
	suffix := strings.TrimPrefix(fn, "lookup_")
	name := t.name + " " + suffix
	if v := p.byKey[expr.Canonical(name)]; v != nil && v.kind == dLookup {
		return v.name
	}
	name = p.fresh(name)
	gf := &sdmodel.GF{X: t.gf.X, Y: t.gf.Y}
	switch suffix {
	case "extrapolate":
		gf.Type = "extrapolate"
	case "backward":
		gf.Type = "discrete"
	case "forward":
		// y of the next point at or after x: a step table whose steps start
		// just after each point.
		forward(gf)
	case "invert":
		gf.X, gf.Y = append([]float64(nil), t.gf.Y...), append([]float64(nil), t.gf.X...)
		if len(gf.X) > 1 && gf.X[0] > gf.X[len(gf.X)-1] {
			slices.Reverse(gf.X)
			slices.Reverse(gf.Y)
		}
		gf.Type = "continuous"
	}
	v := &def{name: name, key: expr.Canonical(name), kind: dLookup, gf: gf, units: t.units, at: t.at, group: t.group,
		doc: "LOOKUP " + strings.ToUpper(suffix) + " of " + t.name}
	p.byKey[v.key] = v
	p.defs = append(p.defs, v)
	return name
}

// monotonic reports whether ys never decrease or never increase.
func monotonic(ys []float64) bool {
	up, down := true, true
	for i := 1; i < len(ys); i++ {
		up = up && ys[i] >= ys[i-1]
		down = down && ys[i] <= ys[i-1]
	}
	return up || down
}

// sampleIfTrue adds the variables behind SAMPLE IF TRUE(condition, input,
// initial): the sample (input while the condition holds, else its value of
// the previous time step) and a stock holding that previous value.
func (p *reader) sampleIfTrue(d *def, cond, input, initial expr.Node) expr.Node {
	name := p.fresh(d.name + " sample")
	last := p.fresh(name + " last")
	update := p.fresh(name + " update")
	// In an array the helpers have the caller's subscripts.
	ref := func(n string) expr.Node {
		if len(d.subs) == 0 {
			return ident(n)
		}
		x := &expr.Index{X: ident(n)}
		for _, s := range d.subs {
			x.Subs = append(x.Subs, ident(s))
		}
		return x
	}
	s := &def{name: name, kind: dAux, at: d.at, group: d.group, units: d.units,
		rhs: &expr.If{Cond: cond, Then: input, Else: ref(last)}, doc: "SAMPLE IF TRUE in " + d.name}
	l := &def{name: last, kind: dStock, at: d.at, group: d.group, units: d.units, init: initial,
		inflows: []string{update}, doc: "the value of " + name + " one time step before"}
	u := &def{name: update, kind: dFlow, at: d.at, group: d.group,
		rhs: bin(expr.QUO, bin(expr.SUB, ref(name), ref(last)), ident("DT")), doc: "moves " + last + " to " + name}
	for _, v := range []*def{s, l, u} {
		v.key = expr.Canonical(v.name)
		v.subs, v.except = d.subs, d.except
		p.byKey[v.key] = v
		p.defs = append(p.defs, v)
	}
	return ref(name)
}
