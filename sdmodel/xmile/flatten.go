package xmile

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// flatten adds the variables of xm to m, each name prefixed with prefix
// (empty for the root model, "hares." for the variables of the module
// instance hares). inputs maps the canonical names of xm's variables that
// module connections feed to the full name of their source. active holds the
// models being flattened, to reject a model that contains itself.
func (p *reader) flatten(m *sdmodel.Model, xm *xmodel, prefix string, inputs map[string]string, active map[string]bool) {
	key := expr.Canonical(xm.name)
	if p.nvars > maxVariables {
		return
	}
	if active[key] {
		p.errorf(xm.line, "", "model %q contains itself through its modules", xm.name)
		return
	}
	active[key] = true
	defer delete(active, key)

	// Names in xm's equations are local: prefix them. A name that starts
	// with a module instance of xm ("lynxes.lynxes") is prefixed too.
	var rename func(string) (string, bool)
	if prefix != "" {
		rename = func(c string) (string, bool) {
			if xm.resolves(c) {
				return xmileIdent(prefix + c), true
			}
			return "", false
		}
	}
	isGF := func(c string) bool {
		if v := xm.index[c]; v != nil {
			return v.kind == sdmodel.Graphical
		}
		return xm.resolves(c) && strings.Contains(c, ".")
	}

	// The model's variables, from one slab.
	slab := make([]sdmodel.Variable, 0, len(xm.vars))
	for _, v := range xm.vars {
		full := prefix + v.name
		p.nvars++
		if p.nvars > maxVariables {
			p.errorf(v.line, full, "more than %d variables after flattening modules", maxVariables)
			return
		}
		if v.module != nil {
			p.module(m, xm, v, prefix, active)
			continue
		}
		slab = slab[:len(slab)+1]
		nv := &slab[len(slab)-1] // set field by field: see scanner.startTag
		nv.Name, nv.Kind, nv.Units, nv.Doc, nv.NonNegative, nv.GF = full, v.kind, v.units, v.doc, v.nonNeg, v.gf
		if src, ok := inputs[expr.Canonical(v.name)]; ok {
			// An input of a module instance: its value comes from the
			// connection; an arrayed input takes the source element by element.
			nv.Kind, nv.Equation, nv.NonNegative, nv.GF, nv.Dims = sdmodel.Aux, xmileIdent(src), false, nil, v.dims()
			m.Add(nv)
			continue
		}
		if len(v.dims()) > 0 {
			nv.Dims = v.dims()
			els, ok := p.elements(v, full, rename, isGF)
			if !ok {
				continue
			}
			nv.Elements = els
		}
		eqn, ok := "", true
		if len(v.dims()) == 0 || v.eqn != "" || len(nv.Elements) == 0 && v.gf == nil {
			eqn, ok = p.equationInto(v, full, rename, isGF, nv)
		}
		if !ok {
			continue
		}
		nv.Equation = eqn
		if v.init != nil {
			iv := *v
			iv.eqn, iv.eqnLine = v.init.eqn, v.init.line
			ieqn, ok := p.equation(&iv, full, rename, isGF)
			if !ok {
				continue
			}
			nv.InitEquation = ieqn
		}
		if nv.Kind == sdmodel.Const {
			if x, err := parseNumber(eqn); err == nil {
				var buf [32]byte
				if s := strconv.AppendFloat(buf[:0], x, 'g', -1, 64); string(s) != eqn {
					nv.Equation = string(s)
				}
			} else {
				nv.Kind = sdmodel.Aux
			}
		}
		if nv.Kind == sdmodel.Flow && nv.GF != nil {
			// A flow defined by a graphical function: the engine's flows
			// have equations, so the table becomes a graphical function of
			// its own, "<flow> table", applied to the flow's input.
			table := full + " table"
			if m.Var(table) != nil {
				p.errorf(v.line, full, "cannot name the flow's graphical function %q: a variable has that name", table)
				continue
			}
			m.Add(&sdmodel.Variable{Name: table, Kind: sdmodel.Graphical, GF: nv.GF, Doc: "Graphical function of the flow " + full + "."})
			nv.Equation, nv.GF = xmileIdent(table)+"("+eqn+")", nil
		}
		nv.Inflows, nv.Outflows = p.prefixed(prefix, v.inflows()), p.prefixed(prefix, v.outflows())
		if m.Var(full) != nil {
			p.errorf(v.line, full, "two variables of this name after flattening modules")
			continue
		}
		m.Add(nv)
	}
}

// prefixed returns the names with a prefix; the list itself when the
// prefix is empty (the reader's lists are not changed afterwards).
func (p *reader) prefixed(prefix string, names []string) []string {
	if prefix == "" || len(names) == 0 {
		return names
	}
	out := p.strs(len(names))
	for _, f := range names {
		out = append(out, prefix+f)
	}
	return out
}

// resolves reports whether a canonical name refers to a variable of xm,
// directly or through one of its module instances.
func (xm *xmodel) resolves(c string) bool {
	if _, ok := xm.index[c]; ok {
		return true
	}
	if i := strings.IndexByte(c, '.'); i > 0 {
		if v := xm.index[c[:i]]; v != nil && v.module != nil {
			return true
		}
	}
	return false
}

// module flattens one module instance v of model xm.
func (p *reader) module(m *sdmodel.Model, xm *xmodel, v *xvar, prefix string, active map[string]bool) {
	full := prefix + v.name
	sub := p.models[v.module.model]
	if sub == nil || v.module.model == "" {
		p.errorf(v.line, full, "module instance of model %q, which the file does not define", v.module.model)
		return
	}
	inst := expr.Canonical(v.name)
	inputs := map[string]string{}
	for _, c := range v.module.conns {
		to := expr.Canonical(c.to)
		// Stella writes the target qualified by the instance ("hares.area"),
		// older files write it bare ("area").
		if rest, ok := strings.CutPrefix(to, inst+"."); ok && sub.resolves(rest) {
			to = rest
		}
		// The source is a name in the enclosing model; a leading dot marks
		// it as such explicitly (".area").
		from := strings.TrimPrefix(c.from, ".")
		if !sub.resolves(to) && !xm.resolves(strings.TrimPrefix(to, ".")) {
			p.errorf(c.line, full, "connection to %q: model %q has no such variable", c.to, sub.name)
			continue
		}
		if !xm.resolves(expr.Canonical(from)) {
			p.errorf(c.line, full, "connection from %q: no such variable", c.from)
			continue
		}
		switch {
		case sub.index[to] != nil:
			inputs[to] = prefix + from
		case sub.resolves(to):
			// An input of a module inside this one ("inner.x").
			p.links = append(p.links, link{target: full + "." + to, source: prefix + from, line: c.line})
		case xm.resolves(strings.TrimPrefix(to, ".")):
			// Stella lists some connections on the module they start from:
			// the target is in the enclosing model ("other.x", or a
			// variable of its own).
			p.links = append(p.links, link{target: prefix + strings.TrimPrefix(to, "."), source: prefix + from, line: c.line})
		}
	}
	p.flatten(m, sub, full+".", inputs, active)
}

// link is a module connection whose target is not an input of the module
// instance it is listed on; it is made once every variable exists.
type link struct {
	target, source string
	line           int
}

// connectLinks makes each link's target take its value from its source.
func (p *reader) connectLinks(m *sdmodel.Model) {
	for _, l := range p.links {
		v := m.Var(l.target)
		if v == nil {
			p.errorf(l.line, l.target, "connection to %q: no such variable", l.target)
			continue
		}
		v.Kind, v.Equation, v.NonNegative, v.GF = sdmodel.Aux, xmileIdent(l.source), false, nil
		v.Inflows, v.Outflows = nil, nil
	}
}

// vensimControl returns the value of a variable that Vensim models carry
// for their time specs (canonical name); converters sometimes leave their
// equations empty.
func vensimControl(key string, t sdmodel.Time) (float64, bool) {
	switch key {
	case "initial_time":
		return t.Start, true
	case "final_time":
		return t.Stop, true
	case "time_step":
		return t.DT, true
	case "saveper":
		if t.SavePer > 0 {
			return t.SavePer, true
		}
		return t.DT, true
	}
	return 0, false
}

// equation checks a variable's equation and rewrites it for the engine:
// names local to a module instance get its prefix and vendor builtins the
// engine's spelling. It reports problems with their line in the file.
func (p *reader) equation(v *xvar, full string, rename func(string) (string, bool), isGF func(string) bool) (string, bool) {
	return p.equationInto(v, full, rename, isGF, nil)
}

// equationInto is equation for the variable into, whose Equation it sets;
// the variable keeps the tree parsed to check it (Variable.Parse), which
// spares Compile a parse of the same text.
func (p *reader) equationInto(v *xvar, full string, rename func(string) (string, bool), isGF func(string) bool, into *sdmodel.Variable) (string, bool) {
	if v.eqn == "" || onlyComments(v.eqn) {
		if v.kind == sdmodel.Graphical {
			return "", true
		}
		control, isControl := vensimControl(expr.Canonical(v.name), p.specs)
		switch {
		case isControl && (v.kind == sdmodel.Aux || v.kind == sdmodel.Const):
			return strconv.FormatFloat(control, 'g', -1, 64), true
		case v.kind == sdmodel.Stock:
			p.errorf(v.line, full, "stock has no initial value (<eqn>)")
		default:
			p.errorf(v.line, full, "%s has no equation", v.kind)
		}
		return "", false
	}
	line := v.eqnLine
	if line == 0 {
		line = v.line
	}
	if len(v.dims()) > 0 && isNumberList(v.eqn) {
		return v.eqn, true // values for the elements in order: "1, 2, 3"
	}
	if _, ok := number(v.eqn); ok {
		return v.eqn, true // a number parses and is never rewritten
	}
	var n expr.Node
	var err error
	if into != nil {
		into.Equation = v.eqn
		n, err = into.Parse()
	} else {
		n, err = expr.Parse(v.eqn)
	}
	if err != nil {
		if pe, ok := err.(*expr.Error); ok {
			p.errorf(line+pe.Pos.Line-1, full, "equation %s: %s", pe.Pos, pe.Msg)
		} else {
			p.errorf(line, full, "equation: %v", err)
		}
		return "", false
	}
	rw := &rewriter{rename: rename, isVar: isGF, macros: p.macroNames}
	n = rw.node(n)
	if rw.err != nil {
		pos := expr.PositionOf(v.eqn, rw.errPos)
		p.errorf(line+pos.Line-1, full, "equation %s: %v", pos, rw.err)
		return "", false
	}
	if rw.changed {
		eqn := expr.Format(n)
		if into != nil {
			// The tree kept is of the text read and now rewritten in
			// place: replace it by the rewritten text's own.
			into.Equation = eqn
			_, _ = into.Parse() // Format's text parses; were it not to, Compile would say so
		}
		return eqn, true
	}
	return v.eqn, true
}

// onlyComments reports whether an equation holds nothing but {comments}, as
// the placeholder equations of unconnected module inputs do.
func onlyComments(s string) bool {
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			return true
		}
		if s[0] != '{' {
			return false
		}
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return false
		}
		s = s[end+1:]
	}
}
