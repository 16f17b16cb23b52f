package sdmodel

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// maxFlatVariables bounds the number of variables arrays and macros expand
// into, so that a file declaring huge dimensions fails with a message
// instead of exhausting memory.
const maxFlatVariables = 1 << 18

// needsFlatten reports whether the model has arrays, subscripts or macros
// for Flatten to expand.
func (m *Model) needsFlatten() bool {
	if len(m.dims) > 0 || len(m.macros) > 0 {
		return true
	}
	for _, v := range m.vars {
		if len(v.Dims) > 0 || len(v.Elements) > 0 || strings.ContainsRune(v.Equation, '[') {
			return true
		}
		// Builtins that Flatten writes out in terms of others.
		if mentionsFlattened(v.Equation) {
			return true
		}
	}
	return false
}

// mentionsFlattened reports whether the lower-cased equation contains one
// of loweredByLetter's names. ASCII text, nearly every equation, is
// searched as it is, without lowering a copy.
func mentionsFlattened(eq string) bool {
	for i := 0; i < len(eq); i++ {
		if eq[i] >= utf8.RuneSelf {
			lower := strings.ToLower(eq)
			for _, names := range loweredByLetter {
				for _, name := range names {
					if strings.Contains(lower, name) {
						return true
					}
				}
			}
			return false
		}
	}
	for i := 0; i < len(eq); i++ {
		c := eq[i] | 0x20
		if c < 'a' || c > 'z' {
			continue
		}
		for _, name := range loweredByLetter[c-'a'] {
			// Every name's second character is a letter: most candidates
			// stop here.
			if i+1 < len(eq) && eq[i+1]|0x20 == name[1] && hasPrefixFoldASCII(eq[i:], name) {
				return true
			}
		}
	}
	return false
}

// hasPrefixFoldASCII reports whether s starts with the lower-case ASCII
// text prefix, in any case.
func hasPrefixFoldASCII(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c, p := s[k], prefix[k]
		if c != p && !(p >= 'a' && p <= 'z' && c|0x20 == p) {
			return false
		}
	}
	return true
}

// loweredByLetter lists, by their first letter, the builtins (in lower
// case, as they start) that Flatten writes out in terms of others, or
// whose arguments it fixes. A literal, which the linker lays out as data,
// rather than a table computed at every program start.
var loweredByLetter = [26][]string{
	'a' - 'a': {"allocate"},
	'd' - 'a': {"delayn", "delay n", "delay_n"},
	'm' - 'a': {"mean"},
	'p' - 'a': {"previous", "prod"},
	's' - 'a': {"sum", "stddev", "smthn", "smooth n", "smooth_n"},
	'v' - 'a': {"vmin", "vmax", "vector"},
}

// Flatten returns a scalar copy of the model: each element of an arrayed
// variable becomes a variable of its own, named "name[e1,e2]", with its
// equation's subscripts resolved and its reductions (SUM, MEAN, ...)
// written out over the elements; each macro call becomes variables of its
// own. Compile flattens a model before compiling it; a model without
// arrays or macros comes back as a plain copy.
func (m *Model) Flatten() (*Model, error) {
	f := &flattener{m: m, dims: map[string]*fdim{}, arrays: map[string]*avar{}}
	f.out = &Model{Name: m.Name, Doc: m.Doc, Time: m.Time, DateOrigin: m.DateOrigin, UnitAliases: m.UnitAliases, index: map[string]int{}}
	f.declareDims()
	f.declareArrays()
	if len(f.errs) == 0 {
		for _, v := range m.vars {
			if len(v.Dims) == 0 {
				f.scalar(v)
			} else {
				f.array(v)
			}
			if len(f.out.vars) > maxFlatVariables {
				f.errorf(v.Name, "more than %d variables once arrays are expanded", maxFlatVariables)
				break
			}
		}
	}
	if len(f.errs) == 0 && len(m.macros) > 0 {
		f.expandMacros()
	}
	if len(f.errs) > 0 {
		return nil, f.errs
	}
	return f.out, nil
}

// fdim is a dimension as the flattener uses it.
type fdim struct {
	name  string
	elems []string       // display names
	pos   map[string]int // canonical element name -> position
	maps  []fmap
}

// fmap maps a dimension's element i onto the elements idx[i] of to: one,
// or several where Vensim maps an element onto a subrange
// ("DimB: B1, B2 -> (DimA: SubA, A3)").
type fmap struct {
	to  *fdim
	idx [][]int
}

type avar struct {
	v    *Variable
	dims []*fdim
}

type flattener struct {
	m      *Model
	out    *Model
	dims   map[string]*fdim
	arrays map[string]*avar
	errs   ErrorList
	calls  int // macro calls expanded, to stop macros that call themselves twice
	parsed map[string]parseResult
}

func (f *flattener) errorf(variable string, format string, args ...any) {
	f.errs = append(f.errs, &Error{Model: f.m.Name, Variable: variable, Msg: fmt.Sprintf(format, args...)})
}

func (f *flattener) declareDims() {
	total := 0
	for _, d := range f.m.dims {
		key := expr.Canonical(d.Name)
		if key == "" {
			f.errorf("", "a dimension has an empty name")
			continue
		}
		if _, dup := f.dims[key]; dup {
			f.errorf("", "dimension %q defined twice", d.Name)
			continue
		}
		if len(d.Elements) == 0 {
			f.errorf("", "dimension %q has no elements", d.Name)
			continue
		}
		total += len(d.Elements)
		if total > maxFlatVariables {
			f.errorf("", "dimensions with more than %d elements in all", maxFlatVariables)
			return
		}
		fd := &fdim{name: d.Name, elems: d.Elements, pos: map[string]int{}}
		for i, e := range d.Elements {
			ek := expr.Canonical(e)
			if _, dup := fd.pos[ek]; dup || ek == "" {
				f.errorf("", "dimension %q: element %q is empty or repeated", d.Name, e)
				continue
			}
			fd.pos[ek] = i
		}
		f.dims[key] = fd
	}
	for _, d := range f.m.dims {
		fd := f.dims[expr.Canonical(d.Name)]
		if fd == nil {
			continue
		}
		for _, mp := range d.Maps {
			to := f.dims[expr.Canonical(mp.To)]
			if to == nil {
				f.errorf("", "dimension %q maps onto %q, which is not a dimension", d.Name, mp.To)
				continue
			}
			idx := make([][]int, len(fd.elems))
			switch {
			case len(mp.Elements) == 0 && len(to.elems) == len(fd.elems):
				for i := range idx {
					idx[i] = []int{i}
				}
			case len(mp.Elements) == len(fd.elems):
				for i, e := range mp.Elements {
					ps, ok := f.mappedOnto(to, e)
					if !ok {
						f.errorf("", "dimension %q maps onto %q: %q is not one of its elements or a subrange of them", d.Name, mp.To, e)
					}
					idx[i] = ps
				}
			default:
				f.errorf("", "dimension %q (%d elements) cannot map onto %q (%d elements)", d.Name, len(fd.elems), mp.To, max(len(mp.Elements), len(to.elems)))
				continue
			}
			fd.maps = append(fd.maps, fmap{to: to, idx: idx})
		}
	}
}

func (f *flattener) declareArrays() {
	for _, v := range f.m.vars {
		if len(v.Dims) == 0 {
			if len(v.Elements) > 0 {
				f.errorf(v.Name, "element equations for a variable without dimensions")
			}
			continue
		}
		a := &avar{v: v}
		n := 1
		for _, d := range v.Dims {
			fd := f.dims[expr.Canonical(d)]
			if fd == nil {
				f.errorf(v.Name, "unknown dimension %q", d)
				a = nil
				break
			}
			a.dims = append(a.dims, fd)
			n *= len(fd.elems)
			if n > maxFlatVariables {
				f.errorf(v.Name, "more than %d elements", maxFlatVariables)
				a = nil
				break
			}
		}
		if a != nil {
			f.arrays[expr.Canonical(v.Name)] = a
		}
	}
}

// bound fixes a dimension to one of its elements while an equation is
// evaluated for that element (or while a reduction runs over it).
type bound struct {
	dim *fdim
	el  int
}

// elementName is the flat name of one element of an arrayed variable.
func elementName(name string, dims []*fdim, els []int) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('[')
	for j, d := range dims {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.elems[els[j]])
	}
	b.WriteByte(']')
	return b.String()
}

// into converts element el of dimension d into a position in target: the
// same element when target holds it (d a subrange of target or the
// reverse), or through a mapping between the two.
func into(d *fdim, el int, target *fdim) (int, bool) {
	if d == target {
		return el, true
	}
	if p, ok := target.pos[expr.Canonical(d.elems[el])]; ok {
		return p, true
	}
	return mapped(d, el, target)
}

// resolveDim finds the element of target that a subscript naming dimension
// d stands for under the bindings bs: d's own element when d is bound,
// otherwise the element of a bound dimension that d holds or maps from.
func resolveDim(d, target *fdim, bs []bound) (int, bool) {
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].dim == d {
			return into(d, bs[i].el, target)
		}
	}
	// A declared mapping between a bound dimension and d comes first (the
	// cohort before TEEN is CHILD even though TEEN is a cohort too), then a
	// shared element (d a subrange of the bound dimension or the reverse).
	for i := len(bs) - 1; i >= 0; i-- {
		if p, ok := mapped(bs[i].dim, bs[i].el, d); ok {
			return into(d, p, target)
		}
	}
	for i := len(bs) - 1; i >= 0; i-- {
		b := bs[i]
		if p, ok := d.pos[expr.Canonical(b.dim.elems[b.el])]; ok {
			return into(d, p, target)
		}
	}
	return 0, false
}

// mapped converts element el of d through a mapping declared between d and
// target. An element mapped onto a subrange converts one way only: each
// element of the subrange comes from it, but it stands for none of them.
func mapped(d *fdim, el int, target *fdim) (int, bool) {
	for _, mp := range d.maps {
		if mp.to == target && len(mp.idx[el]) == 1 {
			return mp.idx[el][0], true
		}
	}
	for _, mp := range target.maps {
		if mp.to == d {
			for i, js := range mp.idx {
				if slices.Contains(js, el) {
					return i, true
				}
			}
		}
	}
	return 0, false
}

// mappedOnto returns the positions in to of a mapping's element e: an
// element of to, or a subrange whose elements are all in to.
func (f *flattener) mappedOnto(to *fdim, e string) ([]int, bool) {
	if p, ok := to.pos[expr.Canonical(e)]; ok {
		return []int{p}, true
	}
	sub := f.dims[expr.Canonical(e)]
	if sub == nil {
		return nil, false
	}
	ps := make([]int, len(sub.elems))
	for i, se := range sub.elems {
		p, ok := to.pos[expr.Canonical(se)]
		if !ok {
			return nil, false
		}
		ps[i] = p
	}
	return ps, true
}

// eqn rewrites one equation of the flattener's current variable.
type eqn struct {
	f       *flattener
	src     string
	changed bool
	err     string
	errPos  expr.Pos
}

func (c *eqn) fail(pos expr.Pos, format string, args ...any) {
	if c.err == "" {
		c.err = fmt.Sprintf(format, args...)
		c.errPos = pos
	}
}

// rewrite returns src with its arrays resolved under the bindings bs,
// reporting problems against variable (display name).
func (f *flattener) rewrite(variable, src string, bs []bound) (string, bool) {
	if strings.TrimSpace(src) == "" {
		return src, true
	}
	// An arrayed variable's elements share their equation: it is parsed
	// once (subst builds new nodes where it changes the tree, and leaves
	// the parsed tree as it is).
	r, ok := f.parsed[src]
	if !ok {
		r = parseEquation(src)
		if f.parsed == nil {
			f.parsed = map[string]parseResult{}
		}
		f.parsed[src] = r
	}
	n, err := r.node, r.err
	if err != nil {
		e := &Error{Model: f.m.Name, Variable: variable, Msg: err.Error()}
		if pe, ok := err.(*expr.Error); ok {
			p := pe.Pos
			e.Pos, e.Msg = &p, pe.Msg
		}
		f.errs = append(f.errs, e)
		return "", false
	}
	c := &eqn{f: f, src: src}
	n = c.subst(n, bs)
	if c.err != "" {
		p := expr.PositionOf(src, c.errPos)
		f.errs = append(f.errs, &Error{Model: f.m.Name, Variable: variable, Pos: &p, Msg: c.err})
		return "", false
	}
	if !c.changed {
		return src, true
	}
	return expr.Format(n), true
}

func flatIdent(at expr.Pos, name string) *expr.Ident {
	return &expr.Ident{At: at, Name: expr.Quote(name)}
}

// subst replaces references to arrays by references to their elements.
func (c *eqn) subst(n expr.Node, bs []bound) expr.Node {
	switch x := n.(type) {
	case *expr.Ident:
		key := x.Canonical()
		if a := c.f.arrays[key]; a != nil {
			return c.element(x, a, nil, bs)
		}
		if _, isVar := c.f.m.index[key]; !isVar {
			if d := c.f.dims[key]; d != nil {
				// A dimension used as a value: the position of its element.
				p, ok := resolveDim(d, d, bs)
				if !ok {
					c.fail(x.At, "dimension %s is used as a value where no element of it is fixed", x.Name)
					return n
				}
				c.changed = true
				return &expr.Number{At: x.At, Value: float64(c.f.familyPos(d, p) + 1)}
			}
			if fam := c.f.family(key); fam != nil {
				// An element used as a value (IF region = south ...).
				c.changed = true
				return &expr.Number{At: x.At, Value: float64(fam.pos[key] + 1)}
			}
		}
		return n
	case *expr.Index:
		a := c.f.arrays[x.X.Canonical()]
		if a == nil {
			c.fail(x.X.At, "%s is not an array: it cannot take subscripts", x.X.Name)
			return n
		}
		return c.element(x.X, a, x.Subs, bs)
	case *expr.Star, *expr.Bang:
		c.fail(n.Pos(), "a subscript outside brackets")
		return n
	case *expr.Unary:
		return &expr.Unary{At: x.At, Op: x.Op, X: c.subst(x.X, bs)}
	case *expr.Binary:
		return &expr.Binary{OpPos: x.OpPos, Op: x.Op, X: c.subst(x.X, bs), Y: c.subst(x.Y, bs)}
	case *expr.Paren:
		return &expr.Paren{At: x.At, X: c.subst(x.X, bs)}
	case *expr.If:
		cond := c.subst(x.Cond, bs)
		if c.changed {
			// A condition on the element (IF age = 1 ...) is decided here,
			// once, instead of at every step.
			if v, ok := constFold(cond); ok {
				if v != 0 {
					return &expr.Paren{At: x.At, X: c.subst(x.Then, bs)}
				}
				return &expr.Paren{At: x.At, X: c.subst(x.Else, bs)}
			}
		}
		return &expr.If{At: x.At, Cond: cond, Then: c.subst(x.Then, bs), Else: c.subst(x.Else, bs)}
	case *expr.Call:
		return c.call(x, bs)
	}
	return n
}

// element resolves a reference to array a with subscripts subs (nil: the
// array named alone, meaning its own dimensions) to the flat element name.
func (c *eqn) element(id *expr.Ident, a *avar, subs []expr.Node, bs []bound) expr.Node {
	if subs == nil {
		subs = make([]expr.Node, len(a.dims))
		for j, d := range a.dims {
			subs[j] = &expr.Ident{At: id.At, Name: d.name}
		}
	}
	if len(subs) != len(a.dims) {
		c.fail(id.At, "%s has %d dimensions, found %d subscripts", id.Name, len(a.dims), len(subs))
		return id
	}
	els := make([]int, len(subs))
	for j, s := range subs {
		p, ok := c.subscript(id, s, a.dims[j], bs)
		if !ok {
			return id
		}
		if p < 0 {
			c.changed = true
			return &expr.Number{At: id.At, Value: 0, Lit: "0"}
		}
		els[j] = p
	}
	c.changed = true
	return flatIdent(id.At, elementName(a.v.Name, a.dims, els))
}

// subscript resolves one subscript s of array id to a position in its dimension target.
func (c *eqn) subscript(id *expr.Ident, s expr.Node, target *fdim, bs []bound) (int, bool) {
	var d *fdim
	switch x := s.(type) {
	case *expr.Star:
		d = target
	case *expr.Bang:
		d = c.f.dims[x.Dim.Canonical()]
		if d == nil {
			c.fail(x.Dim.At, "%s is not a dimension", x.Dim.Name)
			return 0, false
		}
	case *expr.Ident:
		key := x.Canonical()
		if p, ok := target.pos[key]; ok && c.f.dims[key] == nil {
			return p, true
		}
		d = c.f.dims[key]
		if _, isName := zeroArg(key); d == nil && (isName || c.f.m.Var(key) != nil) {
			return c.position(id, s, target, bs)
		}
		if d == nil {
			// dim.element, as XMILE allows.
			if i := strings.LastIndexByte(key, '.'); i > 0 {
				if dd := c.f.dims[key[:i]]; dd != nil {
					if e, has := dd.pos[key[i+1:]]; has {
						if p, ok := into(dd, e, target); ok {
							return p, true
						}
					}
				}
			}
			if p, ok := target.pos[key]; ok {
				return p, true
			}
			c.fail(x.At, "%s is neither an element of %s nor a dimension (subscript of %s)", x.Name, target.name, id.Name)
			return 0, false
		}
	case *expr.Number:
		// An element named by a number (years: pop[1990]) before a position.
		if p, ok := target.pos[expr.Canonical(x.Lit)]; ok && x.Lit != "" {
			return p, true
		}
		return c.position(id, s, target, bs)
	default:
		return c.position(id, s, target, bs)
	}
	p, ok := resolveDim(d, target, bs)
	if !ok {
		if d == target || len(bs) == 0 {
			c.fail(s.Pos(), "%s[%s]: no element of %s is fixed here (use a reduction such as SUM, or give an element)", id.Name, d.name, d.name)
		} else {
			c.fail(s.Pos(), "%s[%s]: dimension %s does not correspond to %s, the dimension of %s there", id.Name, d.name, d.name, target.name, id.Name)
		}
		return 0, false
	}
	return p, true
}

// position resolves a subscript that is a number, or an expression that is
// constant once dimension names are replaced by their elements' positions
// (x[age - 1]). A computed position outside the dimension reads 0, so that
// IF age > 1 THEN x[age - 1] ELSE 0 works for the first element too.
func (c *eqn) position(id *expr.Ident, s expr.Node, target *fdim, bs []bound) (int, bool) {
	v, ok := constFold(c.subst(s, bs))
	if !ok {
		c.fail(s.Pos(), "the subscript of %s must be an element, a dimension or a constant position; subscripts that change during a run are not supported", id.Name)
		return 0, false
	}
	if v != math.Trunc(v) || v < 1 || v > float64(len(target.elems)) {
		if _, literal := s.(*expr.Number); literal {
			c.fail(s.Pos(), "position %g is outside %s (1 to %d)", v, target.name, len(target.elems))
			return 0, false
		}
		return -1, true
	}
	return int(v) - 1, true
}

// family returns the largest dimension that holds the element key (the
// first declared among equals), or nil: elements are numbered within it,
// so an element of a subrange has the same number as in its parent.
func (f *flattener) family(key string) *fdim {
	var best *fdim
	for _, d := range f.m.dims {
		fd := f.dims[expr.Canonical(d.Name)]
		if fd == nil {
			continue
		}
		if _, ok := fd.pos[key]; ok && (best == nil || len(fd.elems) > len(best.elems)) {
			best = fd
		}
	}
	return best
}

// familyPos is the position of element p of d in its family (see family).
func (f *flattener) familyPos(d *fdim, p int) int {
	key := expr.Canonical(d.elems[p])
	if fam := f.family(key); fam != nil {
		return fam.pos[key]
	}
	return p
}

// reduction returns, for a function that combines the elements of an
// array, its canonical name.
func reduction(key string) (string, bool) {
	switch key {
	case "sum":
		return "SUM", true
	case "prod", "product":
		return "PROD", true
	case "mean":
		return "MEAN", true
	case "min", "vmin":
		return "MIN", true
	case "max", "vmax":
		return "MAX", true
	case "size", "elmcount":
		return "SIZE", true
	case "stddev":
		return "STDDEV", true
	}
	return "", false
}

func (c *eqn) call(x *expr.Call, bs []bound) expr.Node {
	key := x.Fun.Canonical()
	fun := x.Fun
	if x.Subs != nil {
		// An arrayed graphical function applied: f[a](x).
		a := c.f.arrays[key]
		if a == nil {
			c.fail(x.Fun.At, "%s is not an array: it cannot take subscripts", x.Fun.Name)
			return x
		}
		id, ok := c.element(x.Fun, a, x.Subs, bs).(*expr.Ident)
		if !ok || c.err != "" {
			return x
		}
		fun = id
	} else if a := c.f.arrays[key]; a != nil && a.v.Kind == Graphical {
		fun = c.element(x.Fun, a, nil, bs).(*expr.Ident)
	}
	if gv := c.f.m.Var(x.Fun.Name); (gv == nil || gv.Kind != Graphical) && x.Subs == nil {
		switch key {
		case "previous":
			return c.previous(x, bs)
		case "vector_select":
			return c.vectorSelect(x, bs)
		case "allocate_by_priority":
			return c.allocateByPriority(x, bs)
		case "allocate_available":
			return c.allocateAvailable(x, bs)
		case "vector_elm_map":
			return c.vectorElmMap(x, bs)
		case "vector_rank", "vector_sort_order", "vector_reorder":
			return c.vectorOrder(x, bs, key)
		case "delayn", "smthn":
			x = c.constOrder(x, 2)
		case "delay_n", "smooth_n":
			x = c.constOrder(x, 3)
		}
	}
	red, isRed := reduction(key)
	if gv := c.f.m.Var(x.Fun.Name); !isRed || x.Subs != nil || gv != nil && gv.Kind == Graphical {
		args := make([]expr.Node, len(x.Args))
		for i, a := range x.Args {
			args[i] = c.subst(a, bs)
		}
		return &expr.Call{Fun: fun, Args: args}
	}
	var parts []expr.Node
	arrayed := false
	for _, arg := range x.Args {
		if id, ok := arg.(*expr.Ident); ok && red == "SIZE" && c.f.dims[id.Canonical()] != nil {
			c.changed = true
			return &expr.Number{At: x.Fun.At, Value: float64(len(c.f.dims[id.Canonical()].elems))}
		}
		free := c.free(arg, bs)
		if len(free) == 0 {
			parts = append(parts, c.subst(arg, bs))
			continue
		}
		arrayed = true
		for _, p := range c.over(free, bs, arg) {
			parts = append(parts, p[0])
		}
		if c.err != "" {
			return x
		}
	}
	if !arrayed && (red == "MIN" || red == "MAX") {
		return &expr.Call{Fun: fun, Args: parts}
	}
	if len(parts) == 0 {
		c.fail(x.Fun.At, "%s needs an argument", x.Fun.Name)
		return x
	}
	c.changed = true
	at := x.Fun.At
	join := func(op expr.Token, ps []expr.Node) expr.Node { return combine(at, op, ps) }
	count := &expr.Number{At: at, Value: float64(len(parts)), Lit: strconv.Itoa(len(parts))}
	switch red {
	case "SUM":
		return join(expr.ADD, parts)
	case "PROD":
		return join(expr.MUL, parts)
	case "MEAN":
		return &expr.Paren{At: at, X: &expr.Binary{OpPos: at, Op: expr.QUO, X: join(expr.ADD, parts), Y: count}}
	case "MIN", "MAX":
		return &expr.Call{Fun: &expr.Ident{At: at, Name: red}, Args: parts}
	case "SIZE":
		return count
	case "STDDEV":
		// The population standard deviation: sqrt(sum((x - mean)^2) / n).
		mean := &expr.Paren{At: at, X: &expr.Binary{OpPos: at, Op: expr.QUO, X: join(expr.ADD, parts), Y: count}}
		sq := make([]expr.Node, len(parts))
		for i, p := range parts {
			sq[i] = &expr.Binary{OpPos: at, Op: expr.POW, X: &expr.Paren{At: at, X: &expr.Binary{OpPos: at, Op: expr.SUB, X: parenthesize(p), Y: mean}}, Y: &expr.Number{At: at, Value: 2, Lit: "2"}}
		}
		return &expr.Call{Fun: &expr.Ident{At: at, Name: "SQRT"}, Args: []expr.Node{&expr.Binary{OpPos: at, Op: expr.QUO, X: join(expr.ADD, sq), Y: count}}}
	}
	return x
}

// over substitutes args for every combination of the elements of the
// free dimensions (the last fastest), returning one row of args per
// combination.
func (c *eqn) over(free []*fdim, bs []bound, args ...expr.Node) [][]expr.Node {
	var rows [][]expr.Node
	els := make([]int, len(free))
	for {
		inner := append([]bound(nil), bs...)
		for j, d := range free {
			inner = append(inner, bound{d, els[j]})
		}
		row := make([]expr.Node, len(args))
		for i, a := range args {
			row[i] = c.subst(a, inner)
		}
		rows = append(rows, row)
		if c.err != "" || len(rows) > maxFlatVariables {
			if c.err == "" {
				c.fail(args[0].Pos(), "more than %d elements to combine", maxFlatVariables)
			}
			return nil
		}
		j := len(free) - 1
		for ; j >= 0; j-- {
			els[j]++
			if els[j] < len(free[j].elems) {
				break
			}
			els[j] = 0
		}
		if j < 0 {
			return rows
		}
	}
}

// previous lowers PREVIOUS(x[, initial]), the value x had one DT before
// (initial, or x's initial value, at the start), to a fixed delay of one DT.
func (c *eqn) previous(x *expr.Call, bs []bound) expr.Node {
	if len(x.Args) < 1 || len(x.Args) > 2 {
		c.fail(x.Fun.At, "PREVIOUS takes 1 or 2 arguments (value[, initial value]), found %d", len(x.Args))
		return x
	}
	c.changed = true
	args := []expr.Node{c.subst(x.Args[0], bs), &expr.Ident{At: x.Fun.At, Name: "DT"}}
	if len(x.Args) == 2 {
		args = append(args, c.subst(x.Args[1], bs))
	}
	return &expr.Call{Fun: &expr.Ident{At: x.Fun.At, Name: "DELAY_FIXED"}, Args: args}
}

// constOrder replaces the order argument (argument i) of DELAYN or SMTHN
// by its value when it names a constant, so that the order can be a model
// constant as well as a number; it is read when the model is compiled.
func (c *eqn) constOrder(x *expr.Call, i int) *expr.Call {
	if len(x.Args) <= i {
		return x
	}
	id, ok := x.Args[i].(*expr.Ident)
	if !ok || c.f.arrays[id.Canonical()] != nil {
		return x
	}
	v := c.f.m.Var(id.Name)
	if v == nil || (v.Kind != Const && v.Kind != Aux) {
		return x
	}
	val, err := strconv.ParseFloat(strings.TrimSpace(v.Equation), 64)
	if err != nil {
		return x
	}
	args := append([]expr.Node(nil), x.Args...)
	args[i] = &expr.Number{At: id.At, Value: val, Lit: strings.TrimSpace(v.Equation)}
	c.changed = true
	return &expr.Call{Fun: x.Fun, Subs: x.Subs, Args: args}
}

// arrayArg reads an array argument, written x or x[subscripts]: the array
// and one subscript per dimension (the dimensions themselves when none are
// written). A nil array means the problem was reported (notArray when the
// argument is not an array).
func (c *eqn) arrayArg(arg expr.Node, notArray string) (*expr.Ident, *avar, []expr.Node) {
	var id *expr.Ident
	var subs []expr.Node
	switch v := arg.(type) {
	case *expr.Index:
		id, subs = v.X, v.Subs
	case *expr.Ident:
		id = v
	}
	var a *avar
	if id != nil {
		a = c.f.arrays[id.Canonical()]
	}
	if a == nil {
		c.fail(arg.Pos(), "%s", notArray)
		return id, nil, nil
	}
	if subs == nil {
		for _, d := range a.dims {
			subs = append(subs, &expr.Ident{At: id.At, Name: d.name})
		}
	}
	if len(subs) != len(a.dims) {
		c.fail(id.At, "%s has %d dimensions, found %d subscripts", id.Name, len(a.dims), len(subs))
		return id, nil, nil
	}
	return id, a, subs
}

// maxVectorOrder bounds the length of what VECTOR RANK, VECTOR SORT ORDER
// and VECTOR REORDER order: they are written out as comparisons of every
// pair of elements.
const maxVectorOrder = 64

// vectorOrder writes out Vensim's VECTOR RANK(values, direction) (the
// 1-based rank of the element), VECTOR SORT ORDER(values, direction) (the
// 0-based position of the element that sorts into this place) and VECTOR
// REORDER(values, order) (the value at position order) along the last
// subscript of values; direction 1 is ascending, 0 descending, and equal
// values keep their order.
func (c *eqn) vectorOrder(x *expr.Call, bs []bound, key string) expr.Node {
	if len(x.Args) != 2 {
		c.fail(x.Fun.At, "%s takes 2 arguments, found %d", strings.ToUpper(x.Fun.Name), len(x.Args))
		return x
	}
	id, a, subs := c.arrayArg(x.Args[0], "the first argument of "+strings.ToUpper(x.Fun.Name)+" must be an array")
	if a == nil {
		return x
	}
	els := make([]int, len(subs))
	for j, s := range subs {
		p, ok := c.subscript(id, s, a.dims[j], bs)
		if !ok {
			return x
		}
		els[j] = max(p, 0)
	}
	last := len(els) - 1
	n := len(a.dims[last].elems)
	if n > maxVectorOrder {
		c.fail(x.Fun.At, "%s over more than %d elements is not supported", strings.ToUpper(x.Fun.Name), maxVectorOrder)
		return x
	}
	at := x.Fun.At
	num := func(v float64) expr.Node { return &expr.Number{At: at, Value: v} }
	bin := func(op expr.Token, l, r expr.Node) expr.Node {
		return &expr.Binary{OpPos: at, Op: op, X: parenthesize(l), Y: parenthesize(r)}
	}
	ref := func(q int) expr.Node {
		e := append([]int(nil), els...)
		e[last] = q
		return flatIdent(at, elementName(a.v.Name, a.dims, e))
	}
	one := func(cond expr.Node) expr.Node {
		return &expr.Paren{At: at, X: &expr.If{At: at, Cond: cond, Then: num(1), Else: num(0)}}
	}
	sum := func(ps []expr.Node) expr.Node { return combine(at, expr.ADD, ps) }
	c.changed = true
	if key == "vector_reorder" {
		order := c.subst(x.Args[1], bs)
		terms := make([]expr.Node, n)
		for q := range terms {
			terms[q] = &expr.Paren{At: at, X: &expr.If{At: at, Cond: bin(expr.EQL, order, num(float64(q))), Then: ref(q), Else: num(0)}}
		}
		return sum(terms)
	}
	// The direction may name a constant (ASCENDING = 1), as well as be a number.
	dir, ok := constFold(c.subst(c.constOrder(x, 1).Args[1], bs))
	if !ok {
		c.fail(x.Args[1].Pos(), "the direction of %s must be constant (1 ascending, 0 descending)", strings.ToUpper(x.Fun.Name))
		return x
	}
	before, strictly := expr.LEQ, expr.LSS
	if dir == 0 {
		before, strictly = expr.GEQ, expr.GTR
	}
	rank := func(r int) expr.Node {
		terms := []expr.Node{num(1)}
		for q := 0; q < n; q++ {
			switch {
			case q < r:
				terms = append(terms, one(bin(before, ref(q), ref(r))))
			case q > r:
				terms = append(terms, one(bin(strictly, ref(q), ref(r))))
			}
		}
		return sum(terms)
	}
	if key == "vector_rank" {
		return rank(els[last])
	}
	terms := make([]expr.Node, n)
	for r := range terms {
		terms[r] = bin(expr.MUL, num(float64(r)), one(bin(expr.EQL, rank(r), num(float64(els[last]+1)))))
	}
	return sum(terms)
}

// vectorSelect writes out Vensim's VECTOR SELECT(selection, values,
// missing, action, error action) over the dimensions its first two
// arguments mark with !. Over the elements whose selection s is not 0,
// actions 0 to 4 give the sum, product, minimum, maximum and mean of s *
// value, action 5 the product of value ^ s, and actions 6 to 10 the sum,
// product, minimum, maximum and mean of the values themselves (as the test
// suite's reference output shows); missing when no selection is nonzero.
// The error action is not used.
func (c *eqn) vectorSelect(x *expr.Call, bs []bound) expr.Node {
	if len(x.Args) != 5 {
		c.fail(x.Fun.At, "VECTOR SELECT takes 5 arguments (selection, values, missing value, action, error action), found %d", len(x.Args))
		return x
	}
	// Selection and values run over the union of their ! dimensions: a
	// dimension marked in one only is crossed with the other's (as the
	// test suite's reference output shows). Their unmarked dimension
	// subscripts keep the equation's element, even where the other
	// argument runs over the same dimension with !.
	free := c.free(x.Args[0], bs)
	for _, d := range c.free(x.Args[1], bs) {
		if !slices.Contains(free, d) {
			free = append(free, d)
		}
	}
	sel, vals := c.pin(x.Args[0], bs), c.pin(x.Args[1], bs)
	rows := c.over(free, bs, sel, vals)
	if c.err != "" {
		return x
	}
	c.changed = true
	at := x.Fun.At
	n := func(v float64) expr.Node { return &expr.Number{At: at, Value: v} }
	bin := func(op expr.Token, a, b expr.Node) expr.Node {
		return &expr.Binary{OpPos: at, Op: op, X: parenthesize(a), Y: parenthesize(b)}
	}
	pick := func(sel, v, other expr.Node) expr.Node {
		return &expr.Paren{At: at, X: &expr.If{At: at, Cond: bin(expr.NEQ, sel, n(0)), Then: v, Else: other}}
	}
	join := func(op expr.Token, ps []expr.Node) expr.Node { return combine(at, op, ps) }
	var count, wprod []expr.Node
	for _, r := range rows {
		count = append(count, pick(r[0], n(1), n(0)))
		wprod = append(wprod, pick(r[0], bin(expr.POW, r[1], r[0]), n(1)))
	}
	cnt := join(expr.ADD, count)
	// ops gives sum, product, minimum, maximum and mean of the selected
	// values, value(r) for each row r.
	ops := func(value func(r []expr.Node) expr.Node) []expr.Node {
		var sum, prod, lo, hi []expr.Node
		for _, r := range rows {
			v := value(r)
			sum = append(sum, pick(r[0], v, n(0)))
			prod = append(prod, pick(r[0], v, n(1)))
			lo = append(lo, pick(r[0], v, n(math.MaxFloat64)))
			hi = append(hi, pick(r[0], v, n(-math.MaxFloat64)))
		}
		return []expr.Node{
			join(expr.ADD, sum), join(expr.MUL, prod),
			&expr.Call{Fun: &expr.Ident{At: at, Name: "MIN"}, Args: lo},
			&expr.Call{Fun: &expr.Ident{At: at, Name: "MAX"}, Args: hi},
			bin(expr.QUO, join(expr.ADD, sum), cnt),
		}
	}
	results := ops(func(r []expr.Node) expr.Node { return bin(expr.MUL, r[0], r[1]) })
	results = append(results, join(expr.MUL, wprod))
	results = append(results, ops(func(r []expr.Node) expr.Node { return r[1] })...)
	action := c.subst(x.Args[3], bs)
	var value expr.Node
	if a, ok := constFold(action); ok {
		if a != math.Trunc(a) || a < 0 || int(a) >= len(results) {
			c.fail(x.Args[3].Pos(), "VECTOR SELECT action must be a whole number from 0 to 10, found %g", a)
			return x
		}
		value = results[int(a)]
	} else {
		value = results[len(results)-1]
		for i := len(results) - 2; i >= 0; i-- {
			value = &expr.If{At: at, Cond: bin(expr.EQL, action, n(float64(i))), Then: results[i], Else: value}
		}
	}
	return &expr.Paren{At: at, X: &expr.If{At: at, Cond: bin(expr.EQL, cnt, n(0)), Then: c.subst(x.Args[2], bs), Else: value}}
}

// allocationElement checks the dimension d an allocation builtin (fn)
// runs along, which the equation must range over, and returns the element
// the equation fixes; it reports a failure and false otherwise.
func (c *eqn) allocationElement(x *expr.Call, fn string, d *fdim, bs []bound) (int, bool) {
	if len(d.elems) > maxAllocate {
		c.fail(x.Fun.At, "%s over more than %d elements is not supported", fn, maxAllocate)
		return 0, false
	}
	k, ok := resolveDim(d, d, bs)
	if !ok {
		c.fail(x.Fun.At, "%s over %s must be in an equation over %s", fn, d.name, d.name)
	}
	return k, ok
}

// allocateByPriority writes out Vensim's ALLOCATE BY PRIORITY(request,
// priority, size, width, supply) for the element being computed: the
// allocation runs along the last subscript of request (priority has it
// too), whose element the equation fixes; width and supply are those of
// the equation's element. Each element becomes a PRIORITY_ALLOCATION call
// (builtins_alloc.go) over all the requests and priorities.
func (c *eqn) allocateByPriority(x *expr.Call, bs []bound) expr.Node {
	if len(x.Args) != 5 {
		c.fail(x.Fun.At, "ALLOCATE BY PRIORITY takes 5 arguments (request, priority, size, width, supply), found %d", len(x.Args))
		return x
	}
	d := c.lastDim(x.Args[0])
	if d == nil {
		c.fail(x.Args[0].Pos(), "the request of ALLOCATE BY PRIORITY must be an array whose last subscript is a dimension")
		return x
	}
	k, ok := c.allocationElement(x, "ALLOCATE BY PRIORITY", d, bs)
	if !ok {
		return x
	}
	rows := c.over([]*fdim{d}, bs, x.Args[0], x.Args[1])
	if c.err != "" {
		return x
	}
	c.changed = true
	at := x.Fun.At
	args := []expr.Node{&expr.Number{At: at, Value: float64(k + 1)}, c.subst(x.Args[3], bs), c.subst(x.Args[4], bs)}
	for _, r := range rows {
		args = append(args, r[0])
	}
	for _, r := range rows {
		args = append(args, r[1])
	}
	return &expr.Call{Fun: &expr.Ident{At: at, Name: "PRIORITY_ALLOCATION"}, Args: args}
}

// allocateAvailable writes out Vensim's ALLOCATE AVAILABLE(request,
// profile, available) for the element being computed: the allocation runs
// along the last subscript of request; profile has the same subscripts
// and one more, last, whose first four elements are the priority profile
// (type, priority, width, extra). Each element becomes an
// AVAILABLE_ALLOCATION call (builtins_alloc.go) over all the requests and
// profiles.
func (c *eqn) allocateAvailable(x *expr.Call, bs []bound) expr.Node {
	if len(x.Args) != 3 {
		c.fail(x.Fun.At, "ALLOCATE AVAILABLE takes 3 arguments (request, priority profile, available), found %d", len(x.Args))
		return x
	}
	d := c.lastDim(x.Args[0])
	pp, ok := x.Args[1].(*expr.Index)
	var p *fdim
	if ok {
		if id, isID := pp.Subs[len(pp.Subs)-1].(*expr.Ident); isID {
			p = c.f.dims[id.Canonical()]
		}
	}
	if d == nil || p == nil || len(p.elems) < 4 {
		c.fail(x.Fun.At, "ALLOCATE AVAILABLE needs a request array whose last subscript is a dimension and a priority profile whose last subscript is a dimension of at least 4 elements (type, priority, width, extra)")
		return x
	}
	k, ok := c.allocationElement(x, "ALLOCATE AVAILABLE", d, bs)
	if !ok {
		return x
	}
	reqs := c.over([]*fdim{d}, bs, x.Args[0])
	profiles := c.over([]*fdim{d, p}, bs, x.Args[1])
	if c.err != "" {
		return x
	}
	c.changed = true
	at := x.Fun.At
	args := []expr.Node{&expr.Number{At: at, Value: float64(k + 1)}, c.subst(x.Args[2], bs)}
	for _, r := range reqs {
		args = append(args, r[0])
	}
	for q := range reqs {
		for j := 0; j < 4; j++ {
			args = append(args, profiles[q*len(p.elems)+j][0])
		}
	}
	return &expr.Call{Fun: &expr.Ident{At: at, Name: "AVAILABLE_ALLOCATION"}, Args: args}
}

// lastDim is the dimension of the last subscript of an array reference
// (x[..., d], or the last dimension of an array named alone), or nil.
func (c *eqn) lastDim(n expr.Node) *fdim {
	switch r := n.(type) {
	case *expr.Index:
		if id, ok := r.Subs[len(r.Subs)-1].(*expr.Ident); ok {
			return c.f.dims[id.Canonical()]
		}
	case *expr.Ident:
		if a := c.f.arrays[r.Canonical()]; a != nil {
			return a.dims[len(a.dims)-1]
		}
	}
	return nil
}

// maxElmMap bounds the elements VECTOR ELM MAP chooses among at run time:
// a moving offset is written out as one comparison per element (and an
// array equation does so for each of its elements).
const maxElmMap = 1024

// maxAllocate bounds the requesters of an allocation: each element's call
// lists every request, so an array equation grows with their square.
const maxAllocate = 1024

// vectorElmMap writes out Vensim's VECTOR ELM MAP(x[base], offset): the
// element of x that lies offset places after the base element in x's
// storage order (last subscript fastest, so along the last dimension
// first, then into the next row), as Vensim's reference output shows. The
// offset is truncated to a whole number; an element outside x reads 0.
func (c *eqn) vectorElmMap(x *expr.Call, bs []bound) expr.Node {
	if len(x.Args) != 2 {
		c.fail(x.Fun.At, "VECTOR ELM MAP takes 2 arguments (vector[base element], offset), found %d", len(x.Args))
		return x
	}
	id, a, subs := c.arrayArg(x.Args[0], "the first argument of VECTOR ELM MAP must be an array element")
	if a == nil {
		return x
	}
	els := make([]int, len(subs))
	base, n := 0, 1
	for j, s := range subs {
		p, ok := c.subscript(id, s, a.dims[j], bs)
		if !ok {
			return x
		}
		els[j] = max(p, 0)
		base = base*len(a.dims[j].elems) + els[j]
		n *= len(a.dims[j].elems)
	}
	at := x.Fun.At
	ref := func(flat int) expr.Node {
		e := make([]int, len(a.dims))
		for j := len(a.dims) - 1; j >= 0; j-- {
			e[j] = flat % len(a.dims[j].elems)
			flat /= len(a.dims[j].elems)
		}
		return flatIdent(at, elementName(a.v.Name, a.dims, e))
	}
	c.changed = true
	offset := c.subst(x.Args[1], bs)
	if v, ok := constFold(offset); ok {
		q := base + int(math.Max(-1, math.Min(float64(n), math.Trunc(v))))
		if q < 0 || q >= n {
			return &expr.Number{At: at, Value: 0, Lit: "0"}
		}
		return ref(q)
	}
	if n > maxElmMap {
		c.fail(x.Fun.At, "VECTOR ELM MAP with an offset that changes during the run over more than %d elements is not supported", maxElmMap)
		return x
	}
	num := func(v float64) expr.Node { return &expr.Number{At: at, Value: v} }
	bin := func(op expr.Token, l, r expr.Node) expr.Node {
		return &expr.Binary{OpPos: at, Op: op, X: parenthesize(l), Y: parenthesize(r)}
	}
	terms := make([]expr.Node, 0, n)
	for q := 0; q < n; q++ {
		// trunc(offset) = k: k <= offset < k + 1 for k >= 0, k - 1 < offset <= k below.
		k := float64(q - base)
		cond := bin(expr.AND, bin(expr.GEQ, offset, num(k)), bin(expr.LSS, offset, num(k+1)))
		switch {
		case k == 0:
			cond = bin(expr.AND, bin(expr.GTR, offset, num(-1)), bin(expr.LSS, offset, num(1)))
		case k < 0:
			cond = bin(expr.AND, bin(expr.GTR, offset, num(k-1)), bin(expr.LEQ, offset, num(k)))
		}
		terms = append(terms, &expr.Paren{At: at, X: &expr.If{At: at, Cond: cond, Then: ref(q), Else: num(0)}})
	}
	return combine(at, expr.ADD, terms)
}

// pin replaces the dimension subscripts of n's array references that the
// bindings fix by the element's position, so that later bindings of the
// same dimension (the ! iteration of a reduction) leave them alone.
func (c *eqn) pin(n expr.Node, bs []bound) expr.Node {
	switch x := n.(type) {
	case *expr.Index:
		a := c.f.arrays[x.X.Canonical()]
		if a == nil || len(x.Subs) != len(a.dims) {
			return n
		}
		subs := make([]expr.Node, len(x.Subs))
		for j, s := range x.Subs {
			subs[j] = s
			id, ok := s.(*expr.Ident)
			if !ok {
				continue
			}
			d := c.f.dims[id.Canonical()]
			if _, isElem := a.dims[j].pos[id.Canonical()]; d == nil || isElem {
				continue
			}
			if p, ok := resolveDim(d, a.dims[j], bs); ok {
				subs[j] = &expr.Number{At: id.At, Value: float64(p + 1)}
			}
		}
		return &expr.Index{X: x.X, Subs: subs}
	case *expr.Unary:
		return &expr.Unary{At: x.At, Op: x.Op, X: c.pin(x.X, bs)}
	case *expr.Binary:
		return &expr.Binary{OpPos: x.OpPos, Op: x.Op, X: c.pin(x.X, bs), Y: c.pin(x.Y, bs)}
	case *expr.Paren:
		return &expr.Paren{At: x.At, X: c.pin(x.X, bs)}
	}
	return n
}

// sequential is the most terms combine joins in order, as Vensim sums.
const sequential = 1000

// combine joins terms with a binary operator: in order, as Vensim and
// Stella do, up to a thousand terms; longer lists are split in halves, so
// that a sum over a large dimension does not nest deeper than the
// compiler accepts.
func combine(at expr.Pos, op expr.Token, ps []expr.Node) expr.Node {
	if len(ps) > sequential {
		h := len(ps) / 2
		return &expr.Paren{At: at, X: &expr.Binary{OpPos: at, Op: op, X: combine(at, op, ps[:h]), Y: combine(at, op, ps[h:])}}
	}
	n := parenthesize(ps[0])
	for _, p := range ps[1:] {
		n = &expr.Binary{OpPos: at, Op: op, X: n, Y: parenthesize(p)}
	}
	return &expr.Paren{At: at, X: n}
}

func parenthesize(n expr.Node) expr.Node {
	switch n.(type) {
	case *expr.Number, *expr.Ident, *expr.Paren, *expr.Call:
		return n
	}
	return &expr.Paren{At: n.Pos(), X: n}
}

// free lists the dimensions an argument of a reduction runs over: those
// marked * or !, and dimension subscripts (or the dimensions of an array
// named alone) that the bindings do not fix. Nested reductions keep theirs.
func (c *eqn) free(n expr.Node, bs []bound) []*fdim {
	var out []*fdim
	add := func(d *fdim) {
		for _, o := range out {
			if o == d {
				return
			}
		}
		out = append(out, d)
	}
	subs := func(a *avar, ss []expr.Node) {
		if ss == nil {
			for _, d := range a.dims {
				if _, ok := resolveDim(d, d, bs); !ok {
					add(d)
				}
			}
			return
		}
		for j, s := range ss {
			if j >= len(a.dims) {
				return
			}
			switch x := s.(type) {
			case *expr.Star:
				add(a.dims[j])
			case *expr.Bang:
				if d := c.f.dims[x.Dim.Canonical()]; d != nil {
					add(d)
				}
			case *expr.Ident:
				if d := c.f.dims[x.Canonical()]; d != nil {
					if _, ok := resolveDim(d, a.dims[j], bs); !ok {
						add(d)
					}
				}
			}
		}
	}
	expr.Inspect(n, func(n expr.Node) bool {
		switch x := n.(type) {
		case *expr.Index:
			if a := c.f.arrays[x.X.Canonical()]; a != nil {
				subs(a, x.Subs)
			}
			return false
		case *expr.Ident:
			if a := c.f.arrays[x.Canonical()]; a != nil {
				subs(a, nil)
			}
		case *expr.Call:
			if _, ok := reduction(x.Fun.Canonical()); ok && x.Subs == nil {
				return false
			}
			if a := c.f.arrays[x.Fun.Canonical()]; a != nil && x.Subs != nil {
				subs(a, x.Subs)
			}
		}
		return true
	})
	return out
}

// scalar copies a variable without dimensions, its equation rewritten.
func (f *flattener) scalar(v *Variable) {
	nv := v.clone()
	eq, ok := f.rewrite(v.Name, v.Equation, nil)
	if !ok {
		return
	}
	nv.Equation = eq
	if strings.TrimSpace(v.InitEquation) != "" {
		ieq, ok := f.rewrite(v.Name, v.InitEquation, nil)
		if !ok {
			return
		}
		nv.InitEquation = ieq
	}
	for _, fl := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
		if f.arrays[expr.Canonical(fl)] != nil {
			f.errorf(v.Name, "the stock has no dimensions but its flow %q has", fl)
			return
		}
	}
	f.out.Add(nv)
}

// cell is the definition of one element of an arrayed variable.
type cell struct {
	eq    string
	init  string // the initial equation, when it differs
	gf    *GF
	extra []bound // subranges named by the element definition
	set   bool
}

// array adds one variable per element of an arrayed variable.
func (f *flattener) array(v *Variable) {
	a := f.arrays[expr.Canonical(v.Name)]
	if a == nil {
		return
	}
	n := 1
	for _, d := range a.dims {
		n *= len(d.elems)
	}
	cells := make([]cell, n)
	// offset of an element tuple in cells, last dimension fastest
	offset := func(els []int) int {
		o := 0
		for j, d := range a.dims {
			o = o*len(d.elems) + els[j]
		}
		return o
	}
	if vals := numberList(v.Equation); len(v.Elements) == 0 && len(vals) > 1 {
		if len(vals) != n {
			f.errorf(v.Name, "%d values for %d elements", len(vals), n)
			return
		}
		for i := range cells {
			cells[i] = cell{eq: vals[i], set: true}
		}
	}
	for _, e := range v.Elements {
		if len(e.Subs) != len(a.dims) {
			f.errorf(v.Name, "element [%s] has %d subscripts for %d dimensions", strings.Join(e.Subs, ","), len(e.Subs), len(a.dims))
			return
		}
		// Each subscript: one element, or every element of a subrange.
		choices := make([][]int, len(e.Subs))
		sub := make([]*fdim, len(e.Subs))
		for j, s := range e.Subs {
			key := expr.Canonical(s)
			if p, ok := a.dims[j].pos[key]; ok && f.dims[key] == nil {
				choices[j] = []int{p}
				continue
			}
			d := f.dims[key]
			if d == nil {
				f.errorf(v.Name, "element [%s]: %q is not an element of %s", strings.Join(e.Subs, ","), s, a.dims[j].name)
				return
			}
			sub[j] = d
			for i := range d.elems {
				p, ok := into(d, i, a.dims[j])
				if !ok {
					f.errorf(v.Name, "element [%s]: %s is not a subrange of %s", strings.Join(e.Subs, ","), s, a.dims[j].name)
					return
				}
				choices[j] = append(choices[j], p)
			}
		}
		idx := make([]int, len(choices))
		for {
			els := make([]int, len(choices))
			var extra []bound
			for j := range choices {
				els[j] = choices[j][idx[j]]
				if sub[j] != nil && sub[j] != a.dims[j] {
					extra = append(extra, bound{sub[j], idx[j]})
				}
			}
			o := offset(els)
			if cells[o].set {
				f.errorf(v.Name, "element %s is defined twice", elementName(v.Name, a.dims, els))
				return
			}
			cells[o] = cell{eq: e.Equation, init: e.InitEquation, gf: e.GF, extra: extra, set: true}
			j := len(idx) - 1
			for ; j >= 0; j-- {
				idx[j]++
				if idx[j] < len(choices[j]) {
					break
				}
				idx[j] = 0
			}
			if j < 0 {
				break
			}
		}
	}
	els := make([]int, len(a.dims))
	for o := 0; o < n; o++ {
		// els is the tuple of cell o.
		r := o
		for j := len(a.dims) - 1; j >= 0; j-- {
			els[j] = r % len(a.dims[j].elems)
			r /= len(a.dims[j].elems)
		}
		name := elementName(v.Name, a.dims, els)
		c := cells[o]
		given := c.set && c.gf == nil // an element given its own equation, no table
		if !c.set || strings.TrimSpace(c.eq) == "" && c.gf != nil {
			// An element given only a table reads it at the common input.
			c.eq, c.init = v.Equation, v.InitEquation
		}
		if c.gf == nil {
			c.gf = v.GF
		}
		bs := make([]bound, 0, len(a.dims)+len(c.extra))
		for j, d := range a.dims {
			bs = append(bs, bound{d, els[j]})
		}
		bs = append(bs, c.extra...)
		nv := &Variable{Name: name, Kind: v.Kind, Units: v.Units, Doc: v.Doc, NonNegative: v.NonNegative, GF: cloneGF(c.gf)}
		eq, ok := f.rewrite(name, c.eq, bs)
		if !ok {
			continue
		}
		nv.Equation = eq
		if strings.TrimSpace(c.init) != "" {
			ieq, ok := f.rewrite(name, c.init, bs)
			if !ok {
				continue
			}
			nv.InitEquation = ieq
		}
		if nv.Kind == Const {
			if _, err := strconv.ParseFloat(strings.TrimSpace(eq), 64); err != nil {
				nv.Kind = Aux
			}
		}
		switch {
		case nv.Kind == Aux && nv.GF != nil:
			nv.Kind = Graphical
		case nv.Kind == Graphical && nv.GF == nil && given:
			// An element of a graphical function given a value instead of
			// a table (Vensim's partial definitions): an auxiliary.
			nv.Kind = Aux
		}
		for _, list := range []struct {
			from []string
			to   *[]string
		}{{v.Inflows, &nv.Inflows}, {v.Outflows, &nv.Outflows}} {
			for _, fl := range list.from {
				fa := f.arrays[expr.Canonical(fl)]
				if fa == nil {
					*list.to = append(*list.to, fl)
					continue
				}
				fels := make([]int, len(fa.dims))
				for j, d := range fa.dims {
					p, ok := resolveDim(d, d, bs)
					if !ok {
						f.errorf(name, "flow %q: no element of its dimension %s corresponds to this stock element", fl, d.name)
						return
					}
					fels[j] = p
				}
				*list.to = append(*list.to, elementName(fa.v.Name, fa.dims, fels))
			}
		}
		f.out.Add(nv)
	}
}

// numberList splits an equation of the form "1, 2, 3" (values listed for
// the elements in order) into its numbers; otherwise it returns nil.
func numberList(eq string) []string {
	parts := SplitValueList(eq)
	if len(parts) < 2 {
		return nil
	}
	for _, p := range parts {
		if _, err := strconv.ParseFloat(p, 64); err != nil || strings.ContainsAny(p, "xXnN_") {
			return nil
		}
	}
	return parts
}

// SplitValueList splits a list of values for an array's elements, "1, 2,
// 3" or a table "1, 2; 3, 4;" (rows end with semicolons, as Vensim writes
// them), into its trimmed items. Text without commas or semicolons is one item.
func SplitValueList(eq string) []string {
	eq = strings.TrimSpace(strings.ReplaceAll(eq, ";", ","))
	eq = strings.TrimSuffix(eq, ",")
	parts := strings.Split(eq, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}
