package xmile

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// maxDimSize bounds a dimension declared by its size.
const maxDimSize = 1 << 20

// readDimensions reads the file's <dimensions>: each <dim> lists its
// <elem name=...> or gives a size (elements 1 to size).
func (p *reader) readDimensions(root *element) {
	ds := root.child("dimensions")
	if ds == nil {
		return
	}
	seen := map[string]bool{}
	for _, d := range ds.all("dim") {
		name := displayName(d.attr("name"))
		if name == "" {
			p.errorf(int(d.line), "", "<dim> without a name")
			continue
		}
		if seen[expr.Canonical(name)] {
			p.errorf(int(d.line), "", "dimension %q defined twice", name)
			continue
		}
		seen[expr.Canonical(name)] = true
		dim := &sdmodel.Dimension{Name: name}
		for _, el := range d.all("elem") {
			dim.Elements = append(dim.Elements, displayName(el.attr("name")))
		}
		if len(dim.Elements) == 0 {
			size, err := strconv.Atoi(strings.TrimSpace(d.attr("size")))
			if err != nil || size < 1 || size > maxDimSize {
				p.errorf(int(d.line), "", "dimension %q needs <elem> elements or a size from 1 to %d", name, maxDimSize)
				continue
			}
			for i := 1; i <= size; i++ {
				dim.Elements = append(dim.Elements, strconv.Itoa(i))
			}
		}
		for _, mp := range d.all("map") {
			to := displayName(mp.attr("to"))
			var els []string
			if text := strings.TrimSpace(mp.text()); text != "" {
				for _, e := range strings.Split(text, ",") {
					els = append(els, displayName(e))
				}
			}
			dim.Maps = append(dim.Maps, sdmodel.Mapping{To: to, Elements: els})
		}
		p.dims = append(p.dims, dim)
	}
}

// readArray reads a variable's dimensions and its element definitions. It
// reports false when the variable cannot be used.
func (p *reader) readArray(e *element, v *xvar) bool {
	var a xarray
	if d := e.child("dimensions"); d != nil {
		for _, dd := range d.all("dim") {
			name := displayName(dd.attr("name"))
			if name == "" {
				p.errorf(int(dd.line), v.name, "<dim> without a name")
				return false
			}
			a.dims = append(a.dims, name)
		}
	}
	if len(a.dims) == 0 {
		if e.child("element") != nil || e.count("eqn") > 1 {
			p.errorf(int(e.line), v.name, "element definitions for a variable without <dimensions>")
			return false
		}
		return true
	}
	eqns := e.all("eqn")
	els := e.all("element")
	if len(eqns) > 1 {
		for _, eq := range eqns {
			text, line := eqnText(eq)
			a.eqnList = append(a.eqnList, xelement{eqn: text, line: int(eq.line), eqnLine: line})
		}
	}
	for _, el := range els {
		xe := xelement{line: int(el.line)}
		for _, s := range strings.Split(el.attr("subscript"), ",") {
			xe.subs = append(xe.subs, displayName(s))
		}
		if len(xe.subs) != len(a.dims) {
			p.errorf(int(el.line), v.name, "<element subscript=%q> needs %d subscripts", el.attr("subscript"), len(a.dims))
			return false
		}
		if eq := el.child("eqn"); eq != nil {
			xe.eqn, xe.eqnLine = eqnText(eq)
		}
		if g := el.child("gf"); g != nil {
			if xe.gf = p.readGF(g, v.name); xe.gf == nil {
				return false
			}
		}
		if eq := el.child("init_eqn"); eq != nil {
			xe.initEqn, xe.initLn = eqnText(eq)
		}
		a.elements = append(a.elements, xe)
	}
	v.arr = &xarray{dims: a.dims, elements: a.elements, eqnList: a.eqnList}
	return true
}

// elements turns a variable's element definitions into the engine's,
// their equations checked and rewritten like the variable's own.
func (p *reader) elements(v *xvar, full string, rename func(string) (string, bool), isGF func(string) bool) ([]sdmodel.Element, bool) {
	list := v.elements()
	if v.eqnList() != nil {
		// One equation per element, in order, the last dimension fastest.
		tuples := p.tuples(v)
		if tuples == nil {
			p.errorf(v.line, full, "unknown dimension among %q", v.dims())
			return nil, false
		}
		if len(tuples) != len(v.eqnList()) {
			p.errorf(v.line, full, "%d equations for %d elements", len(v.eqnList()), len(tuples))
			return nil, false
		}
		list = nil
		for i, el := range v.eqnList() {
			el.subs = tuples[i]
			list = append(list, el)
		}
	}
	var out []sdmodel.Element
	ok := true
	for _, el := range list {
		ev := *v
		ev.eqn, ev.eqnLine, ev.line = el.eqn, el.eqnLine, el.line
		if el.gf != nil {
			ev.kind = sdmodel.Graphical
		}
		name := full + "[" + strings.Join(el.subs, ",") + "]"
		eq, good := p.equation(&ev, name, rename, isGF)
		if !good {
			ok = false
			continue
		}
		e := sdmodel.Element{Subs: el.subs, Equation: eq, GF: el.gf}
		if el.initEqn != "" {
			ev.eqn, ev.eqnLine = el.initEqn, el.initLn
			if e.InitEquation, good = p.equation(&ev, name, rename, isGF); !good {
				ok = false
				continue
			}
		}
		out = append(out, e)
	}
	return out, ok
}

// tuples lists the element names of a variable's dimensions, in order.
func (p *reader) tuples(v *xvar) [][]string {
	var dims [][]string
	for _, name := range v.dims() {
		var found []string
		for _, d := range p.dims {
			if expr.Canonical(d.Name) == expr.Canonical(name) {
				found = d.Elements
			}
		}
		if found == nil {
			return nil
		}
		dims = append(dims, found)
	}
	out := [][]string{nil}
	for _, els := range dims {
		var next [][]string
		for _, t := range out {
			for _, e := range els {
				next = append(next, append(append([]string(nil), t...), e))
			}
		}
		out = next
		if len(out) > maxVariables {
			return nil
		}
	}
	return out
}

// xmacro is a <macro> of the file.
type xmacro struct {
	name    string
	line    int
	params  []string
	outputs []string // <parm output="true">: further outputs, as Vensim has them
	eqn     xvar     // the macro's value, checked like a variable's equation
	body    *xmodel
	doc     string
}

// readMacros reads the file's <macro> definitions: <parm>s, an <eqn> and
// optionally <variables> of their own.
func (p *reader) readMacros(root *element) {
	p.macroNames = map[string]bool{}
	for _, me := range root.all("macro") {
		name := displayName(me.attr("name"))
		if name == "" {
			p.errorf(int(me.line), "", "<macro> without a name")
			continue
		}
		if p.macroNames[expr.Canonical(name)] {
			p.errorf(int(me.line), "", "macro %q defined twice", name)
			continue
		}
		p.macroNames[expr.Canonical(name)] = true
		mac := &xmacro{name: name, line: int(me.line), eqn: xvar{kind: sdmodel.Aux, name: name, line: int(me.line)}}
		for _, parm := range me.all("parm") {
			if parm.attr("output") == "true" {
				mac.outputs = append(mac.outputs, refName(parm.text()))
			} else {
				mac.params = append(mac.params, refName(parm.text()))
			}
		}
		if eq := me.child("eqn"); eq != nil {
			mac.eqn.eqn, mac.eqn.eqnLine = eqnText(eq)
		}
		mac.doc, _ = me.childText("doc")
		body := me
		if mm := me.child("model"); mm != nil {
			body = mm
		}
		mac.body = p.readModel(body)
		mac.body.name = name
		p.macros = append(p.macros, mac)
	}
}

// addMacros adds the macros read to the model.
func (p *reader) addMacros(m *sdmodel.Model) {
	for _, xm := range p.macros {
		mac := m.Macro(xm.name, xm.params...)
		mac.Outputs = xm.outputs
		mac.Doc = xm.doc
		local := map[string]bool{}
		for _, prm := range xm.params {
			local[expr.Canonical(prm)] = true
		}
		for _, v := range xm.body.vars {
			local[expr.Canonical(v.name)] = true
		}
		isGF := func(c string) bool {
			v := xm.body.index[c]
			return v != nil && v.kind == sdmodel.Graphical
		}
		if eq, ok := p.equation(&xm.eqn, "macro "+xm.name, nil, isGF); ok {
			mac.Equation = eq
		}
		if mac.Body.Time = p.specs; len(xm.body.vars) > 0 {
			p.flatten(mac.Body, xm.body, "", nil, map[string]bool{})
		}
	}
}

// isNumberList reports whether an equation lists numbers separated by
// commas, the values of an array's elements in order (rows of a
// two-dimensional table may end with semicolons, as Vensim writes them).
func isNumberList(eqn string) bool {
	parts := sdmodel.SplitValueList(eqn)
	if len(parts) < 2 {
		return false
	}
	for _, s := range parts {
		if _, err := parseNumber(s); err != nil {
			return false
		}
	}
	return true
}

// unitAliases reads <model_units>: each <unit name="minutes"> with its
// <alias>es (min, minute) becomes alias -> name; nil when there are none.
func (p *reader) unitAliases(root *element) map[string]string {
	mu := root.child("model_units")
	if mu == nil {
		return nil
	}
	var out map[string]string
	for _, u := range mu.all("unit") {
		name := strings.TrimSpace(u.attr("name"))
		for _, a := range u.all("alias") {
			alias := strings.TrimSpace(a.text())
			if name == "" || alias == "" {
				continue
			}
			if out == nil {
				out = map[string]string{}
			}
			out[alias] = name
		}
	}
	return out
}
