package vensim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"unsafe"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// control reads INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER into the
// model's time specs and removes them from the definitions (equations use
// them through the builtins TIME STEP, INITIAL TIME, FINAL TIME; SAVEPER
// stays a constant when an equation refers to it).
func (p *reader) control(m *sdmodel.Model) {
	t := sdmodel.Time{Start: 0, Stop: 100, DT: 1}
	get := func(key string, into *float64) *def {
		d := p.byKey[key]
		if d == nil {
			return nil
		}
		if d.kind != dAux || d.rhs == nil {
			p.errorAt(d.at, d.name, "%s must be a number or an expression of constants", d.name)
			return d
		}
		v, err := p.eval(d.rhs, 0)
		if err != nil {
			p.errorAt(d.at, d.name, "%s: %v", d.name, err)
			return d
		}
		*into = v
		return d
	}
	var saveper float64
	start := get("initial_time", &t.Start)
	stop := get("final_time", &t.Stop)
	step := get("time_step", &t.DT)
	save := get("saveper", &saveper)
	if save != nil {
		t.SavePer = saveper
	}
	for _, d := range []*def{stop, step, start} {
		if d != nil && d.units != "" {
			t.Units = d.units
			break
		}
	}
	if !(t.DT > 0) || math.IsInf(t.DT, 0) {
		p.errorAt(p.defAt(step), "TIME STEP", "TIME STEP must be positive, found %g", t.DT)
	}
	if !(t.Stop >= t.Start) || math.IsInf(t.Stop-t.Start, 0) {
		p.errorAt(p.defAt(stop), "FINAL TIME", "FINAL TIME (%g) must not be before INITIAL TIME (%g)", t.Stop, t.Start)
	} else if t.DT > 0 && (t.Stop-t.Start)/t.DT > 1e9 {
		p.errorAt(p.defAt(step), "TIME STEP", "the run would take more than 1e9 time steps")
	}
	if t.SavePer < 0 || math.IsNaN(t.SavePer) {
		p.errorAt(p.defAt(save), "SAVEPER", "SAVEPER must not be negative, found %g", t.SavePer)
	}
	m.SetTime(t)
	p.time = t
	// Drop the control definitions; keep SAVEPER if an equation uses it.
	usesSaveper := false
	for _, d := range p.defs {
		if d == save {
			continue
		}
		for _, n := range []expr.Node{d.rhs, d.init} {
			expr.Inspect(n, func(x expr.Node) bool {
				if id, ok := x.(*expr.Ident); ok && id.Canonical() == "saveper" {
					usesSaveper = true
				}
				return true
			})
		}
	}
	out := p.defs[:0]
	for _, d := range p.defs {
		if d == start || d == stop || d == step || (d == save && !usesSaveper) {
			delete(p.byKey, d.key)
			continue
		}
		if d == save {
			d.rhs = &expr.Number{Value: saveper, Lit: strconv.FormatFloat(saveper, 'g', -1, 64)}
		}
		out = append(out, d)
	}
	p.defs = out
}

func (p *reader) defAt(d *def) int {
	if d == nil {
		return -1
	}
	return d.at
}

// eval evaluates a constant expression (numbers, arithmetic and other
// constants), as the control section needs.
func (p *reader) eval(n expr.Node, depth int) (float64, error) {
	if depth > 100 {
		return 0, fmt.Errorf("constants defined in a circle")
	}
	switch x := n.(type) {
	case *expr.Number:
		return x.Value, nil
	case *expr.Paren:
		return p.eval(x.X, depth+1)
	case *expr.Unary:
		v, err := p.eval(x.X, depth+1)
		if x.Op == expr.SUB {
			v = -v
		}
		return v, err
	case *expr.Binary:
		a, err := p.eval(x.X, depth+1)
		if err != nil {
			return 0, err
		}
		b, err := p.eval(x.Y, depth+1)
		if err != nil {
			return 0, err
		}
		switch x.Op {
		case expr.ADD:
			return a + b, nil
		case expr.SUB:
			return a - b, nil
		case expr.MUL:
			return a * b, nil
		case expr.QUO:
			return a / b, nil
		case expr.POW:
			return math.Pow(a, b), nil
		}
	case *expr.Call:
		// STEP at the initial time: orders of SMOOTH N and DELAY N are
		// fixed when the run starts.
		if x.Fun.Canonical() == "step" && len(x.Args) == 2 {
			h, err := p.eval(x.Args[0], depth+1)
			if err != nil {
				return 0, err
			}
			at, err := p.eval(x.Args[1], depth+1)
			if err != nil || p.time.Start < at {
				return 0, err
			}
			return h, nil
		}
	case *expr.Index:
		return p.evalElement(x, depth)
	case *expr.Ident:
		d := p.byKey[x.Canonical()]
		if d != nil && d.kind == dAux && d.rhs != nil {
			return p.eval(d.rhs, depth+1)
		}
		switch x.Canonical() {
		case "time_step", "dt":
			return p.time.DT, nil
		case "initial_time":
			return p.time.Start, nil
		case "final_time":
			return p.time.Stop, nil
		}
		return 0, fmt.Errorf("%s is not a constant", x.Name)
	}
	return 0, fmt.Errorf("%s is not a constant expression", expr.Format(n))
}

// evalElement evaluates one element of a constant array: x[a, b] with
// element names.
func (p *reader) evalElement(x *expr.Index, depth int) (float64, error) {
	var want []string
	for _, s := range x.Subs {
		id, ok := s.(*expr.Ident)
		if !ok || p.isDim(id.Name) {
			return 0, fmt.Errorf("%s is not one element", expr.Format(x))
		}
		want = append(want, expr.Canonical(id.Name))
	}
	key := x.X.Canonical()
	for _, d := range p.defs {
		if d.key != key || len(d.subs) != len(want) {
			continue
		}
		for i, t := range p.tuples(d.subs, d.except) {
			match := true
			for k, e := range t {
				match = match && expr.Canonical(e) == want[k]
			}
			if !match {
				continue
			}
			if d.values != nil && i < len(d.values) {
				return d.values[i], nil
			}
			if d.kind == dAux && d.rhs != nil {
				return p.eval(d.rhs, depth+1)
			}
		}
	}
	return 0, fmt.Errorf("%s is not a constant", expr.Format(x))
}

// decideFlows makes each stock's rate into inflows and outflows: when the
// rate is a sum and difference of distinct auxiliaries, those become the
// stock's flows (as Vensim draws them); otherwise the reader adds one flow,
// "<stock> net flow", holding the rate.
func (p *reader) decideFlows() {
	var extra []*def
	netFlow := map[string]string{} // stock key -> its net flow's name
	arrayFlows := p.arrayFlows()
	var terms []signedTerm // one stock's at a time
	for _, d := range p.defs {
		if d.kind != dStock || d.inflows != nil {
			continue
		}
		if terms, ok := arrayFlows[d.key]; ok {
			for _, t := range terms {
				if t.neg {
					d.outflows = append(d.outflows, p.byKey[t.key].name)
				} else {
					d.inflows = append(d.inflows, p.byKey[t.key].name)
				}
			}
			continue
		}
		terms = terms[:0]
		if len(d.subs) > 0 || !collectTerms(d.rhs, false, &terms) || !p.flowTerms(terms) {
			name, ok := netFlow[d.key]
			if !ok {
				name = p.fresh(d.name + " net flow")
				netFlow[d.key] = name
			}
			f := &def{name: name, key: expr.Canonical(name), kind: dFlow, rhs: d.rhs, at: d.at, group: d.group,
				subs: d.subs, except: d.except}
			if _, ok := p.byKey[f.key]; !ok {
				p.byKey[f.key] = f
			}
			extra = append(extra, f)
			d.inflows = []string{name}
			continue
		}
		for _, t := range terms {
			fd := p.byKey[t.key]
			fd.kind = dFlow
			if t.neg {
				d.outflows = append(d.outflows, fd.name)
			} else {
				d.inflows = append(d.inflows, fd.name)
			}
		}
	}
	p.defs = append(p.defs, extra...)
}

// arrayFlows finds the arrayed stocks whose rate, in every definition, is
// a sum and difference of arrayed auxiliaries subscripted exactly like the
// stock (INTEG(inflow[d] - outflow[d], ...)) over the same ranges; those
// auxiliaries become flows. It returns the signed flows by stock key.
func (p *reader) arrayFlows() map[string][]signedTerm {
	if !slices.ContainsFunc(p.defs, func(d *def) bool { return d.kind == dStock && len(d.subs) > 0 }) {
		return nil // no arrayed stock
	}
	parts := map[string][]*def{}
	for _, d := range p.defs {
		parts[d.key] = append(parts[d.key], d)
	}
	out := map[string][]signedTerm{}
	for key, ds := range parts {
		if ds[0].kind != dStock || len(ds[0].subs) == 0 || ds[0].inflows != nil {
			continue
		}
		var terms []signedTerm
		ok := true
		for i, d := range ds {
			var ts []signedTerm
			if d.kind != dStock || d.inflows != nil || !collectArrayTerms(d.rhs, false, d.subs, &ts) {
				ok = false
				break
			}
			if i == 0 {
				terms = ts
				continue
			}
			if len(ts) != len(terms) {
				ok = false
				break
			}
			for k := range ts {
				ok = ok && ts[k] == terms[k]
			}
		}
		if !ok || len(terms) == 0 {
			continue
		}
		stockDims, okDims := p.quietDims(ds)
		seen := map[string]bool{}
		for _, t := range terms {
			fs := parts[t.key]
			if seen[t.key] || len(fs) == 0 || !okDims {
				ok = false
				break
			}
			seen[t.key] = true
			for _, f := range fs {
				ok = ok && (f.kind == dAux || f.kind == dFlow) && len(f.subs) > 0 && f.initEq == nil
			}
			fd, okf := p.quietDims(fs)
			ok = ok && okf && expr.SameNames(fd, stockDims)
		}
		if !ok {
			continue
		}
		for _, t := range terms {
			for _, f := range parts[t.key] {
				f.kind = dFlow
			}
		}
		out[key] = terms
	}
	return out
}

// quietDims is arrayDims without reporting problems (emit reports them).
func (p *reader) quietDims(defs []*def) ([]string, bool) {
	n := len(p.errs)
	dims, ok := p.arrayDims(defs)
	p.errs = p.errs[:n]
	return dims, ok
}

// collectArrayTerms is collectTerms for an arrayed stock: each term is a
// variable subscripted exactly with the stock's subscripts.
func collectArrayTerms(n expr.Node, neg bool, subs []string, out *[]signedTerm) bool {
	switch x := n.(type) {
	case *expr.Index:
		if len(x.Subs) != len(subs) {
			return false
		}
		for i, s := range x.Subs {
			id, ok := s.(*expr.Ident)
			if !ok || id.Canonical() != expr.Canonical(subs[i]) {
				return false
			}
		}
		*out = append(*out, signedTerm{x.X.Canonical(), neg})
		return true
	case *expr.Paren:
		return collectArrayTerms(x.X, neg, subs, out)
	case *expr.Unary:
		if x.Op == expr.SUB || x.Op == expr.ADD {
			return collectArrayTerms(x.X, neg != (x.Op == expr.SUB), subs, out)
		}
	case *expr.Binary:
		if x.Op == expr.ADD || x.Op == expr.SUB {
			return collectArrayTerms(x.X, neg, subs, out) && collectArrayTerms(x.Y, neg != (x.Op == expr.SUB), subs, out)
		}
	}
	return false
}

type signedTerm struct {
	key string
	neg bool
}

// collectTerms lists the terms of a sum of names; false when the rate is
// anything else.
func collectTerms(n expr.Node, neg bool, out *[]signedTerm) bool {
	switch x := n.(type) {
	case *expr.Ident:
		*out = append(*out, signedTerm{x.Canonical(), neg})
		return true
	case *expr.Paren:
		return collectTerms(x.X, neg, out)
	case *expr.Unary:
		if x.Op == expr.SUB {
			return collectTerms(x.X, !neg, out)
		}
		if x.Op == expr.ADD {
			return collectTerms(x.X, neg, out)
		}
	case *expr.Binary:
		if x.Op == expr.ADD || x.Op == expr.SUB {
			return collectTerms(x.X, neg, out) && collectTerms(x.Y, neg != (x.Op == expr.SUB), out)
		}
	}
	return false
}

// flowTerms reports whether every term names a distinct auxiliary (or flow
// of another stock) that can be a flow.
func (p *reader) flowTerms(terms []signedTerm) bool {
	for i, t := range terms {
		d := p.byKey[t.key]
		if d == nil || (d.kind != dAux && d.kind != dFlow) || len(d.subs) > 0 {
			return false
		}
		for _, u := range terms[:i] { // a rate has a few terms: no map
			if u.key == t.key {
				return false
			}
		}
	}
	return len(terms) > 0
}

// fresh returns name, or name with a number appended, unused by any definition.
func (p *reader) fresh(name string) string {
	cand := name
	for k := 2; p.byKey[expr.Canonical(cand)] != nil; k++ {
		cand = name + " " + strconv.Itoa(k)
	}
	return cand
}

// emit adds the definitions to the model, the parts of an array together.
//
// Only arrays have parts: a name without subscripts is defined once (add
// reports a second definition, and the names the reader makes are fresh),
// so scalars are added as they come and only arrays are grouped.
func (p *reader) emit(m *sdmodel.Model) {
	m.Grow(len(p.defs))
	var parts map[string][]*def
	for _, d := range p.defs {
		if len(d.subs) > 0 {
			if parts == nil {
				parts = map[string][]*def{}
			}
			parts[d.key] = append(parts[d.key], d)
		}
	}
	for _, d := range p.defs {
		if len(d.subs) == 0 {
			v := p.emitScalar(m, d)
			v.Doc = d.doc
			if d.initEq != nil {
				v.InitEquation = p.format(d.initEq)
			}
			continue
		}
		if defs := parts[d.key]; defs[0] == d {
			p.emitArray(m, defs)
		}
	}
}

// emitScalar adds a variable without subscripts. It makes what
// Model.Stock, Flow, Graphical, Const and Aux make, from blocks: the
// variables, their tables and their equations' text come from a few
// allocations for the whole model rather than a few each.
func (p *reader) emitScalar(m *sdmodel.Model, d *def) *sdmodel.Variable {
	v := p.slabs.variable(len(p.defs))
	*v = sdmodel.Variable{Name: d.name, Kind: sdmodel.Aux, Units: d.units}
	switch d.kind {
	case dStock:
		v.Kind, v.Equation = sdmodel.Stock, p.format(d.init)
		if len(d.inflows) > 0 {
			v.Inflows = d.inflows // the reader's own, used nowhere else
		}
		if len(d.outflows) > 0 {
			v.Outflows = d.outflows
		}
	case dFlow:
		v.Kind, v.Equation = sdmodel.Flow, p.format(d.rhs)
	case dLookup, dGraphical:
		v.Kind = sdmodel.Graphical
		if d.kind == dGraphical {
			v.Equation = p.format(d.rhs)
		}
		gf := p.slabs.gf(len(p.defs))
		*gf = sdmodel.GF{X: p.slabs.floats(d.gf.X), Y: p.slabs.floats(d.gf.Y), Type: d.gf.Type}
		v.GF = gf
	default:
		if num, ok := constant(d.rhs); ok {
			v.Kind = sdmodel.Const
			p.fmtBuf = strconv.AppendFloat(p.fmtBuf[:0], num, 'g', -1, 64)
			v.Equation = p.slabs.text(p.fmtBuf)
		} else {
			v.Equation = p.format(d.rhs)
		}
	}
	return m.Add(v)
}

// emitArray adds an arrayed variable: one equation for all elements when a
// single definition covers its ranges, else an equation per element block.
func (p *reader) emitArray(m *sdmodel.Model, defs []*def) {
	d := defs[0]
	dims, ok := p.arrayDims(defs)
	if !ok {
		return
	}
	size := 1
	for _, dim := range dims {
		size *= len(p.expand(dim))
		if size > maxElements {
			p.errorAt(d.at, d.name, "%s has more than %d elements", d.name, maxElements)
			return
		}
	}
	kind := sdmodel.Aux
	switch d.kind {
	case dStock:
		kind = sdmodel.Stock
	case dFlow:
		kind = sdmodel.Flow
	case dLookup, dGraphical:
		kind = sdmodel.Graphical
	}
	// Data read for some elements beside constants for others: every
	// element becomes a table of TIME (a constant is a one-point table).
	mixed := false
	for _, x := range defs {
		if x.kind == dGraphical && d.kind != dGraphical || x.kind != dGraphical && d.kind == dGraphical {
			mixed = true
			kind = sdmodel.Graphical
		}
	}
	v := &sdmodel.Variable{Name: d.name, Kind: kind, Units: d.units, Doc: d.doc, Inflows: d.inflows, Outflows: d.outflows}
	for _, x := range defs {
		if _, isConst := constant(x.rhs); mixed && (x.kind == dGraphical || x.values != nil || isConst && x.kind == dAux) {
			continue
		}
		if x.kind != d.kind && !(isAuxLike(x.kind) && isAuxLike(d.kind)) || mixed {
			p.errorAt(x.at, x.name, "%s is defined as a %s here and as a %s elsewhere", x.name, kindName(x.kind), kindName(d.kind))
			return
		}
		if len(x.inflows) > 0 && len(v.Inflows) == 0 {
			v.Inflows, v.Outflows = x.inflows, x.outflows
		}
	}
	v.Over(dims...)
	single := len(defs) == 1 && d.values == nil && d.gfs == nil && len(d.except) == 0
	for i, s := range d.subs {
		single = single && expr.Canonical(s) == expr.Canonical(dims[i])
	}
	eqn := func(x *def) string {
		switch x.kind {
		case dStock:
			return p.format(x.init)
		case dLookup:
			return ""
		}
		return p.format(x.rhs)
	}
	if single {
		v.Equation = eqn(d)
		if d.initEq != nil {
			v.InitEquation = p.format(d.initEq)
		}
		if d.gf != nil {
			v.GF = d.gf
		}
		m.Add(v)
		return
	}
	// Vensim: elements no equation defines are 0.
	switch {
	case kind != sdmodel.Graphical:
		v.Equation = "0"
	case d.kind == dLookup:
		v.GF = constGF(0)
	default:
		v.Equation, v.GF = "TIME", constGF(0)
	}
	for _, x := range defs {
		before := len(v.Elements)
		switch {
		case x.values != nil:
			ts := p.tuples(x.subs, x.except)
			if len(ts) != len(x.values) {
				p.errorAt(x.at, x.name, "%s has %d numbers for %d elements", x.name, len(x.values), len(ts))
				return
			}
			for i, t := range ts {
				if mixed {
					v.ElementGF("TIME", constGF(x.values[i]), t...)
					continue
				}
				v.Element(strconv.FormatFloat(x.values[i], 'g', -1, 64), t...)
			}
		case x.gfs != nil:
			ts := p.tuples(x.subs, x.except)
			if len(ts) != len(x.gfs) {
				p.errorAt(x.at, x.name, "%s has %d tables for %d elements", x.name, len(x.gfs), len(ts))
				return
			}
			for i, t := range ts {
				v.ElementGF(eqn(x), x.gfs[i], t...)
			}
		case len(x.except) > 0:
			ts := p.tuples(x.subs, x.except)
			if ts == nil && len(x.except) == 0 {
				p.errorAt(x.at, x.name, "%s has more than %d elements", x.name, maxElements)
				return
			}
			for _, t := range ts {
				if x.gf != nil {
					v.ElementGF(eqn(x), x.gf, t...)
				} else {
					v.Element(eqn(x), t...)
				}
			}
		case x.gf != nil:
			v.ElementGF(eqn(x), x.gf, x.subs...)
		case mixed:
			c, _ := constant(x.rhs)
			for _, t := range p.tuples(x.subs, x.except) {
				v.ElementGF("TIME", constGF(c), t...)
			}
		default:
			v.Element(eqn(x), x.subs...)
		}
		if x.initEq != nil {
			// ACTIVE INITIAL on these elements: their own initial equation.
			for k := before; k < len(v.Elements); k++ {
				v.Elements[k].InitEquation = p.format(x.initEq)
			}
		}
	}
	m.Add(v)
}

// format is expr.Format through one buffer for the whole read, so that
// each equation costs one string of its length.
func (p *reader) format(n expr.Node) string {
	p.fmtBuf = expr.AppendFormat(p.fmtBuf[:0], n)
	return p.slabs.text(p.fmtBuf)
}

// emitSlabs hand out the model's variables, tables and equations' text
// in blocks. What they hand out is never written again by the reader,
// and each piece has its own room (a table's slice has no capacity past
// its end), so the model's variables are as independent as Model's
// builder methods make them.
type emitSlabs struct {
	vars  []sdmodel.Variable
	gfs   []sdmodel.GF
	nums  []float64
	chars []byte
}

// variable returns room for one variable; n is the number of variables
// still to come, at most.
func (s *emitSlabs) variable(n int) *sdmodel.Variable {
	if len(s.vars) == cap(s.vars) {
		s.vars = make([]sdmodel.Variable, 0, min(max(n, 16), 4096))
	}
	s.vars = s.vars[:len(s.vars)+1]
	return &s.vars[len(s.vars)-1]
}

// gf returns room for one table.
func (s *emitSlabs) gf(n int) *sdmodel.GF {
	if len(s.gfs) == cap(s.gfs) {
		s.gfs = make([]sdmodel.GF, 0, min(max(n, 16), 1024))
	}
	s.gfs = s.gfs[:len(s.gfs)+1]
	return &s.gfs[len(s.gfs)-1]
}

// floats returns a copy of xs (nil for none, as append to nil gives).
func (s *emitSlabs) floats(xs []float64) []float64 {
	if len(xs) == 0 {
		return nil
	}
	if cap(s.nums)-len(s.nums) < len(xs) {
		s.nums = make([]float64, 0, max(len(xs), 4096))
	}
	i := len(s.nums)
	s.nums = append(s.nums, xs...)
	return s.nums[i:len(s.nums):len(s.nums)]
}

// text returns b as a string.
func (s *emitSlabs) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(s.chars)-len(s.chars) < len(b) {
		s.chars = make([]byte, 0, max(len(b), 16<<10))
	}
	i := len(s.chars)
	s.chars = append(s.chars, b...)
	// These bytes are not written again: the string shares them.
	return unsafe.String(&s.chars[i], len(b))
}

// constGF is a table that is c everywhere.
func constGF(c float64) *sdmodel.GF {
	return &sdmodel.GF{X: []float64{0}, Y: []float64{c}, Type: "continuous"}
}

func isAuxLike(k defKind) bool { return k == dAux || k == dFlow }

func kindName(k defKind) string {
	switch k {
	case dStock:
		return "stock"
	case dLookup:
		return "lookup"
	case dGraphical:
		return "WITH LOOKUP"
	}
	return "auxiliary"
}

// constant reports whether an equation is a number (possibly negative).
func constant(n expr.Node) (float64, bool) {
	switch x := n.(type) {
	case *expr.Number:
		return x.Value, true
	case *expr.Paren:
		return constant(x.X)
	case *expr.Unary:
		if v, ok := constant(x.X); ok && x.Op == expr.SUB {
			return -v, true
		}
	}
	return 0, false
}
