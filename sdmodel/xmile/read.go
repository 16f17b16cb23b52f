// Package xmile reads and writes system dynamics models in XMILE 1.0, the
// OASIS interchange format that Stella, Simlin and converters from Vensim
// write (.xmile, .stmx, .itmx).
//
// Read turns a file into an sdmodel.Model: the simulation specs, stocks with
// their inflows and outflows, flows, auxiliaries, graphical functions
// (inside a variable or standalone), units and documentation. Module
// instances are flattened into one model whose variables carry dotted names
// such as "hares.area". Arrays become sdmodel dimensions and arrayed
// variables: <dimensions> (named elements or a size), a variable's
// <dimensions>, one apply-to-all <eqn> (or <gf>), non-apply-to-all
// <element subscript="a, b"> definitions, and the per-element <eqn> lists
// and "1, 2, 3" value lists that converters from Vensim write. <macro>
// definitions (parameters, an equation, and optionally variables of their
// own) become sdmodel macros.
//
// Write prints a model as XMILE 1.0 that Read, Stella and Simlin read back;
// a model read, written and read again runs to the same numbers bit for bit.
package xmile

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// maxVariables bounds the size of a model after flattening its modules, so
// that modules instantiating each other many times cannot blow up.
const maxVariables = 1 << 18

// Warning is a problem the reader recovered from.
type Warning struct {
	Line     int    // line in the file, 0 when unknown
	Variable string // display name, when the warning is about one variable
	Msg      string
}

func (w Warning) String() string {
	var b strings.Builder
	if w.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", w.Line)
	}
	if w.Variable != "" {
		fmt.Fprintf(&b, "variable %q: ", w.Variable)
	}
	b.WriteString(w.Msg)
	return b.String()
}

// Reader reads XMILE with options. The zero Reader is ready to use.
type Reader struct {
	// Name identifies the file in error messages; ReadFile sets it to the path.
	Name string
	// Strict turns recoverable problems (an element left unclosed, a
	// non_negative flag that is neither true nor false) into errors.
	Strict bool
	// Warnings lists the problems recovered from during the last read.
	Warnings []Warning
}

// Read reads an XMILE model with the default Reader.
func Read(r io.Reader) (*sdmodel.Model, error) { return new(Reader).Read(r) }

// ReadFile reads an XMILE model from a file (.xmile, .stmx, .itmx).
func ReadFile(path string) (*sdmodel.Model, error) { return new(Reader).ReadFile(path) }

// ReadFile reads an XMILE model from a file; errors name the file.
func (rd *Reader) ReadFile(path string) (*sdmodel.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if rd.Name == "" {
		rd.Name = path
		defer func() { rd.Name = "" }()
	}
	return rd.Read(f)
}

// Read reads an XMILE model. On problems in the model it returns an
// sdmodel.ErrorList with one *sdmodel.Error per problem, naming the file (or
// the model), the variable and the line.
func (rd *Reader) Read(r io.Reader) (*sdmodel.Model, error) { return rd.read(r, true) }

// read is Read, with the variables read while the file is scanned
// (streamVar) or from the whole tree.
func (rd *Reader) read(r io.Reader, streaming bool) (*sdmodel.Model, error) {
	rd.Warnings = nil
	p := &reader{rd: rd, file: rd.Name}
	var stream streamFunc
	if streaming {
		stream = p.streamVar
	}
	root, err := parseTree(r, func(line int, format string, args ...any) {
		p.warn(line, "", format, args...)
	}, stream, p.resetStream)
	if err != nil {
		return nil, &sdmodel.Error{Model: p.fileName(), Msg: err.Error()}
	}
	m := p.model(root)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return m, nil
}

// reader holds the state of one Read.
type reader struct {
	rd    *Reader
	file  string
	name  string // model name from the header
	errs  sdmodel.ErrorList
	specs sdmodel.Time
	// behaviour defaults: <behavior><non_negative/></behavior>
	stocksNonNeg, flowsNonNeg bool
	models                    map[string]*xmodel
	nvars                     int
	dims                      []*sdmodel.Dimension
	macros                    []*xmacro
	macroNames                map[string]bool
	links                     []link
	names                     []string // slab the lists of flow names come from
	streamed                  []*streamedModel
	xvars                     []xvar // slab the streamed variables come from
}

// strs returns an empty slice with room for n strings, from a slab.
func (p *reader) strs(n int) []string {
	if n == 0 {
		return nil
	}
	if cap(p.names)-len(p.names) < n {
		p.names = make([]string, 0, max(n, 1024))
	}
	a := len(p.names)
	p.names = p.names[:a+n]
	return p.names[a : a : a+n]
}

func (p *reader) fileName() string {
	if p.file != "" {
		return p.file
	}
	if p.name != "" {
		return p.name
	}
	return "xmile"
}

func (p *reader) errorf(line int, variable string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	p.errs = append(p.errs, &sdmodel.Error{Model: p.fileName(), Variable: variable, Msg: msg})
}

func (p *reader) warn(line int, variable string, format string, args ...any) {
	w := Warning{Line: line, Variable: variable, Msg: fmt.Sprintf(format, args...)}
	if p.rd.Strict {
		p.errorf(line, variable, "%s", w.Msg)
		return
	}
	p.rd.Warnings = append(p.rd.Warnings, w)
}

// xvar is a variable as the file declares it, before modules are flattened.
type xvar struct {
	name         string // display name
	eqn          string
	units, doc   string
	flows        []string // a stock's inflows, then its outflows
	gf           *sdmodel.GF
	module       *xmodule
	arr          *xarray // nil for a variable without dimensions
	init         *xinit  // nil for a variable without <init_eqn>
	kind         sdmodel.Kind
	line         int   // line of the variable's element
	eqnLine      int   // line of the equation's first character
	nin          int32 // inflows in flows
	nonNeg       bool
	nonNegSet    bool // by the variable's own <non_negative>, not the model's <behavior>
	asFlow       bool // an auxiliary used as a stock's inflow or outflow
	fromConnect  bool // an input replaced by a module connection
	defaultInput bool // a module input whose equation is only a placeholder
}

func (v *xvar) inflows() []string  { return v.flows[:v.nin:v.nin] } // capped: outflows follow
func (v *xvar) outflows() []string { return v.flows[v.nin:] }

// xarray is what an arrayed variable has beyond the others; a pointer in
// xvar, as most variables are not arrays.
type xarray struct {
	dims     []string
	elements []xelement
	eqnList  []xelement // several <eqn>s in a row: one per element, in order
}

// xinit is an <init_eqn>: the value during initialisation, when it
// differs; a pointer in xvar, as few variables have one.
type xinit struct {
	eqn  string
	line int // line of its first character
}

func (v *xvar) dims() []string {
	if v.arr == nil {
		return nil
	}
	return v.arr.dims
}

func (v *xvar) elements() []xelement {
	if v.arr == nil {
		return nil
	}
	return v.arr.elements
}

func (v *xvar) eqnList() []xelement {
	if v.arr == nil {
		return nil
	}
	return v.arr.eqnList
}

// xelement is an <element> of a non-apply-to-all array.
type xelement struct {
	subs    []string
	eqn     string
	line    int
	eqnLine int
	gf      *sdmodel.GF
	initEqn string // <init_eqn> of the element, when it differs
	initLn  int
}

// xmodule is a module instance: a named copy of another model whose inputs
// are connected to variables of the enclosing model.
type xmodule struct {
	model string // canonical name of the instantiated model
	conns []connect
}

type connect struct {
	to, from string
	line     int
}

// xmodel is a <model> of the file.
type xmodel struct {
	name  string
	line  int
	vars  []*xvar
	index map[string]*xvar // canonical name -> variable
}

func (p *reader) model(root *element) *sdmodel.Model {
	if root.name != "xmile" {
		p.errorf(int(root.line), "", "not an XMILE file: the root element is <%s>, not <xmile>", root.name)
		return nil
	}
	keepNS(root, root.ns())

	if h := root.child("header"); h != nil {
		p.name, _ = h.childText("name")
	}
	name := p.name
	if name == "" && p.file != "" {
		name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	}
	if name == "" {
		name = "model"
	}
	p.readDimensions(root)
	p.readMacros(root)

	models := root.all("model")
	if len(models) == 0 {
		p.errorf(int(root.line), "", "no <model> element")
		return nil
	}
	rootModel := models[0]
	for _, me := range models {
		if strings.TrimSpace(me.attr("name")) == "" {
			rootModel = me
			break
		}
	}
	specs := root.child("sim_specs")
	if specs == nil {
		specs = rootModel.child("sim_specs")
	}
	if specs == nil {
		p.errorf(int(root.line), "", "no <sim_specs> element: start and stop times are required")
		return nil
	}
	p.simSpecs(specs)
	for _, b := range []*element{root.child("behavior"), rootModel.child("behavior")} {
		if b != nil {
			p.behavior(b)
		}
	}

	p.models = map[string]*xmodel{}
	for _, me := range models {
		xm := p.readModel(me)
		key := expr.Canonical(xm.name)
		if me == rootModel {
			key = ""
		}
		if _, dup := p.models[key]; dup {
			p.errorf(int(me.line), "", "model %q defined twice", xm.name)
			continue
		}
		p.models[key] = xm
	}
	if len(p.errs) > 0 {
		return nil
	}

	m := sdmodel.New(name)
	m.SetTime(p.specs)
	if h := root.child("header"); h != nil {
		if caption, ok := h.childText("caption"); ok {
			m.Doc = caption
		}
	}
	n := p.size(p.models[""], map[string]int{}, map[string]bool{})
	if n > maxVariables {
		p.errorf(int(rootModel.line), "", "more than %d variables after flattening modules", maxVariables)
		return nil
	}
	m.Grow(n)
	m.UnitAliases = p.unitAliases(root)
	for _, d := range p.dims {
		nd := m.Dimension(d.Name, d.Elements...)
		nd.Maps = d.Maps
	}
	p.flatten(m, p.models[""], "", nil, map[string]bool{})
	p.connectLinks(m)
	p.addMacros(m)
	m.Views = p.views(rootModel, m)
	return m
}

// keepNS drops the elements of namespaces other than ns (vendor
// extensions such as isee:) from e's subtree.
func keepNS(e *element, ns string) {
	kept := e.children()[:0]
	for _, c := range e.children() {
		if c.space == nil || c.ns() == ns {
			keepNS(c, ns)
			kept = append(kept, c)
		}
	}
	e.setChildren(kept)
}

// size counts the variables of a model once its modules are flattened,
// without flattening it, so that a file whose modules multiply out to
// millions of variables is rejected at once. A model that contains itself
// counts as too large; flatten reports it precisely.
func (p *reader) size(xm *xmodel, memo map[string]int, active map[string]bool) int {
	key := expr.Canonical(xm.name)
	if n, ok := memo[key]; ok {
		return n
	}
	if active[key] {
		return 0 // reported by flatten
	}
	active[key] = true
	defer delete(active, key)
	n := 0
	for _, v := range xm.vars {
		n++
		if v.module != nil {
			if sub := p.models[v.module.model]; sub != nil && v.module.model != "" {
				n += p.size(sub, memo, active)
			}
		}
		if n > maxVariables {
			n = maxVariables + 1
			break
		}
	}
	memo[key] = n
	return n
}

// simSpecs reads <sim_specs>: start, stop, dt (possibly reciprocal), the
// method, the time units and a save interval where the file has one.
func (p *reader) simSpecs(e *element) {
	num := func(name string, def float64, required bool) float64 {
		c := e.child(name)
		if c == nil {
			if required {
				p.errorf(int(e.line), "", "<sim_specs> has no <%s>", name)
			}
			return def
		}
		v, err := parseNumber(c.text())
		if err != nil {
			p.errorf(int(c.line), "", "<%s>: %v", name, err)
			return def
		}
		return v
	}
	t := sdmodel.Time{
		Start: num("start", 0, true),
		Stop:  num("stop", 0, true),
		DT:    num("dt", 1, false),
		Units: strings.TrimSpace(e.attr("time_units")),
	}
	if dt := e.child("dt"); dt != nil && isTrue(dt.attr("reciprocal")) {
		if t.DT == 0 {
			p.errorf(int(dt.line), "", "<dt reciprocal=\"true\"> of 0")
		} else {
			t.DT = 1 / t.DT
		}
	}
	if !(t.DT > 0) || math.IsInf(t.DT, 0) {
		p.errorf(int(e.line), "", "DT must be a positive number, found %g", t.DT)
	}
	if t.Stop < t.Start {
		p.errorf(int(e.line), "", "stop time %g is before start time %g", t.Stop, t.Start)
	}
	// XMILE 1.0 has no save interval; Stella and Simlin write the vendor
	// attribute isee:save_interval, and some tools an element.
	save := ""
	for _, a := range []string{"save_interval", "savestep", "save_step", "saveper"} {
		if v, ok := e.lookupAttr(a); ok {
			save = v
			break
		}
		if v, ok := e.childText(a); ok {
			save = v
			break
		}
	}
	if save != "" {
		v, err := parseNumber(save)
		if err != nil || v < 0 {
			p.errorf(int(e.line), "", "bad save interval %q", save)
		} else {
			t.SavePer = v
		}
	}
	if method := e.attr("method"); method != "" {
		// A comma-separated list names fallbacks: use the first we support.
		found := false
		for _, name := range strings.Split(method, ",") {
			if mt, err := sdmodel.ParseMethod(name); err == nil {
				t.Method, found = mt, true
				break
			}
		}
		if !found {
			p.warn(int(e.line), "", "integration method %q is not supported; using Euler", method)
		}
	}
	p.specs = t
}

// behavior reads the model-wide defaults: <behavior><non_negative/></behavior>
// makes every stock and flow non-negative; <behavior><stock><non_negative/>...
// does it for one kind.
func (p *reader) behavior(b *element) {
	if nn := b.child("non_negative"); nn != nil {
		v := p.boolText(nn, "")
		p.stocksNonNeg, p.flowsNonNeg = v, v
	}
	if s := b.child("stock"); s != nil {
		if nn := s.child("non_negative"); nn != nil {
			p.stocksNonNeg = p.boolText(nn, "")
		}
	}
	if f := b.child("flow"); f != nil {
		if nn := f.child("non_negative"); nn != nil {
			p.flowsNonNeg = p.boolText(nn, "")
		}
	}
}

// boolText reads a flag element: empty means true, else true or false in any case.
func (p *reader) boolText(e *element, variable string) bool {
	s := strings.ToLower(strings.TrimSpace(e.text()))
	switch s {
	case "", "true", "1", "yes":
		return true
	case "false", "0", "no":
		return false
	}
	p.warn(int(e.line), variable, "<%s> holds %q, neither true nor false; read as true", e.name, s)
	return true
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		return true
	}
	return false
}

// variableElements returns a model's variable elements. Legacy Stella files
// put them straight in <model>; XMILE 1.0 in <model><variables>. A variable
// element found inside another one (an element left unclosed) is taken as
// the next variable, with a warning.
func (p *reader) variableElements(me *element) []*element {
	container := me.child("variables")
	if container == nil {
		container = me
	}
	// Every child of the container is a variable in files as tools write them.
	out := make([]*element, 0, container.nkids)
	var add func(e *element, parent *element)
	add = func(e *element, parent *element) {
		switch e.name {
		case "stock", "flow", "aux", "gf", "module":
		default:
			return
		}
		if parent != nil {
			p.warn(int(e.line), "", "<%s name=%q> is inside <%s name=%q>; read as a variable of the model", e.name, e.attr("name"), parent.name, parent.attr("name"))
		}
		out = append(out, e)
		for _, c := range e.children() {
			if c.name == "stock" || c.name == "flow" || c.name == "aux" || c.name == "module" || (c.name == "gf" && c.attr("name") != "") {
				add(c, e)
			}
		}
	}
	for _, c := range container.children() {
		add(c, nil)
	}
	return out
}

func (p *reader) readModel(me *element) *xmodel {
	// The variables come either streamed out of the scan (each with the
	// problems found in it, replayed in the order of the file) or from the
	// variable elements of the tree.
	var n int
	var vars []*xvar
	var next func(i int) *xvar
	if sm := p.streamedOf(me); sm != nil {
		n = len(sm.vars)
		vars = sm.vars[:0] // the list streamed: kept variables are written over it as it is read
		next = func(i int) *xvar { return sm.replay(p, i) }
	} else {
		elems := p.variableElements(me)
		n = len(elems)
		vars = make([]*xvar, 0, n)
		slab := make([]xvar, n)
		next = func(i int) *xvar { return p.readVar(elems[i], &slab[i]) }
	}
	xm := &xmodel{name: strings.TrimSpace(me.attr("name")), line: int(me.line), index: make(map[string]*xvar, n), vars: vars}
	for i := range n {
		v := next(i)
		if v == nil {
			continue
		}
		if !v.nonNegSet && v.module == nil {
			switch v.kind { // the model's default, from <behavior>
			case sdmodel.Stock:
				v.nonNeg = p.stocksNonNeg
			case sdmodel.Flow:
				v.nonNeg = p.flowsNonNeg
			}
		}
		key := expr.Canonical(v.name)
		if old, dup := xm.index[key]; dup {
			p.errorf(v.line, v.name, "variable defined twice (first at line %d)", old.line)
			continue
		}
		xm.index[key] = v
		xm.vars = append(xm.vars, v)
	}
	// An auxiliary listed as a stock's inflow or outflow is a flow.
	for _, v := range xm.vars {
		for _, list := range [2][]string{v.inflows(), v.outflows()} {
			for _, f := range list {
				if fv := xm.index[expr.Canonical(f)]; fv != nil && (fv.kind == sdmodel.Aux || fv.kind == sdmodel.Const) {
					fv.kind, fv.asFlow = sdmodel.Flow, true
				}
			}
		}
	}
	return xm
}

// displayName turns a name attribute into a display name: the two-character
// escape \n (a line break in the diagram) becomes a space.
func displayName(s string) string {
	s = strings.ReplaceAll(s, `\n`, " ")
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.TrimSpace(s)
}

// refName reads a variable reference written in an element (<inflow>, a
// connection): quotes and blanks around it are dropped.
func refName(s string) string {
	// Quotes may wrap the whole name or a part ("Module 1".x); names
	// cannot hold quotes themselves.
	return displayName(strings.ReplaceAll(s, `"`, ""))
}

// readVar reads the variable element e into the zero v; it returns nil
// when the variable cannot be used.
func (p *reader) readVar(e *element, v *xvar) *xvar {
	v.name, v.line = displayName(e.attr("name")), int(e.line) // v is zero
	if v.name == "" {
		p.errorf(int(e.line), "", "<%s> without a name", e.name)
		return nil
	}
	if !p.readArray(e, v) {
		return nil
	}
	if eq := e.child("eqn"); eq != nil && v.eqnList() == nil {
		v.eqn, v.eqnLine = eqnText(eq)
	}
	if eq := e.child("init_eqn"); eq != nil {
		if eqn, line := eqnText(eq); eqn != "" {
			v.init = &xinit{eqn: eqn, line: line}
		}
	}
	v.units, _ = e.childText("units")
	v.doc, _ = e.childText("doc")
	switch e.name {
	case "stock":
		v.kind = sdmodel.Stock
		nin, nout := e.count("inflow"), e.count("outflow")
		v.flows, v.nin = p.strs(nin + nout)[:nin+nout], int32(nin)
		in, out := 0, nin
		for _, c := range e.children() {
			switch c.name {
			case "inflow":
				v.flows[in] = refName(c.text())
				in++
			case "outflow":
				v.flows[out] = refName(c.text())
				out++
			}
		}
	case "flow":
		v.kind = sdmodel.Flow
	case "aux":
		v.kind = sdmodel.Aux
	case "gf":
		v.kind = sdmodel.Graphical
		v.gf = p.readGF(e, v.name)
		if v.gf == nil {
			return nil
		}
		v.eqn = "" // a standalone graphical function is called: f(x)
		return v
	case "module":
		v.module = &xmodule{model: expr.Canonical(e.attr("model"))}
		if v.module.model == "" {
			v.module.model = expr.Canonical(v.name)
		}
		for _, c := range e.all("connect") {
			v.module.conns = append(v.module.conns, connect{to: refName(c.attr("to")), from: refName(c.attr("from")), line: int(c.line)})
		}
		return v
	}
	if nn := e.child("non_negative"); nn != nil {
		v.nonNeg, v.nonNegSet = p.boolText(nn, v.name), true
	}
	if g := e.child("gf"); g != nil && len(v.dims()) > 0 && v.kind == sdmodel.Flow {
		p.errorf(int(g.line), v.name, "an arrayed flow defined by a graphical function is not supported; use an auxiliary")
		return nil
	}
	if g := e.child("gf"); g != nil {
		switch v.kind {
		case sdmodel.Aux:
			v.kind = sdmodel.Graphical
		case sdmodel.Stock:
			p.errorf(int(g.line), v.name, "a stock cannot have a graphical function")
			return nil
		}
		v.gf = p.readGF(g, v.name)
		if v.gf == nil {
			return nil
		}
	}
	if v.init != nil && v.kind != sdmodel.Aux && v.kind != sdmodel.Flow {
		p.errorf(int(e.line), v.name, "<init_eqn> is for auxiliaries and flows; a %s's initial value is its <eqn>", v.kind)
		return nil
	}
	if v.kind == sdmodel.Aux && isNumber(v.eqn) && v.init == nil {
		v.kind = sdmodel.Const
	}
	if v.kind == sdmodel.Aux && len(v.elements()) > 0 {
		for _, el := range v.elements() {
			if el.gf != nil {
				v.kind = sdmodel.Graphical
			}
		}
	}
	return v
}

// eqnText returns an <eqn>'s trimmed text and the line of its first character.
func eqnText(eq *element) (string, int) {
	raw := eq.text()
	return strings.TrimSpace(raw), int(eq.line) + strings.Count(raw[:len(raw)-len(strings.TrimLeft(raw, " \t\r\n"))], "\n")
}

// readGF reads a graphical function's points: <xpts> and <ypts>, or
// <xscale min max> with <ypts> evenly spaced across it.
func (p *reader) readGF(g *element, variable string) *sdmodel.GF {
	gf := &sdmodel.GF{Type: "continuous"}
	typ := strings.ToLower(strings.TrimSpace(g.attr("type")))
	switch typ {
	case "", "continuous":
		if isTrue(g.attr("discrete")) {
			gf.Type = "discrete"
		}
	case "extrapolate", "discrete":
		gf.Type = typ
	default:
		p.errorf(int(g.line), variable, "graphical function type %q is not supported (continuous, extrapolate or discrete)", typ)
		return nil
	}
	ye := g.child("ypts")
	if ye == nil {
		p.errorf(int(g.line), variable, "graphical function without <ypts>")
		return nil
	}
	ys, err := parsePoints(ye)
	if err != nil {
		p.errorf(int(ye.line), variable, "<ypts>: %v", err)
		return nil
	}
	if len(ys) == 0 {
		p.errorf(int(ye.line), variable, "<ypts> is empty")
		return nil
	}
	if xe := g.child("xpts"); xe != nil {
		xs, err := parsePoints(xe)
		if err != nil {
			p.errorf(int(xe.line), variable, "<xpts>: %v", err)
			return nil
		}
		if len(xs) != len(ys) {
			p.errorf(int(xe.line), variable, "graphical function has %d x points and %d y points", len(xs), len(ys))
			return nil
		}
		gf.X = xs
	} else {
		xs := g.child("xscale")
		if xs == nil {
			p.errorf(int(g.line), variable, "graphical function without <xpts> or <xscale>")
			return nil
		}
		lo, err1 := parseNumber(xs.attr("min"))
		hi, err2 := parseNumber(xs.attr("max"))
		if err1 != nil || err2 != nil {
			p.errorf(int(xs.line), variable, "<xscale> needs numeric min and max")
			return nil
		}
		n := len(ys)
		gf.X = make([]float64, n)
		for i := range gf.X {
			if n == 1 {
				gf.X[i] = lo
			} else {
				gf.X[i] = lo + (hi-lo)*float64(i)/float64(n-1)
			}
		}
	}
	gf.Y = ys
	for i := 1; i < len(gf.X); i++ {
		if gf.X[i] < gf.X[i-1] {
			p.errorf(int(g.line), variable, "graphical function x points must not decrease (%g after %g)", gf.X[i], gf.X[i-1])
			return nil
		}
	}
	return gf
}

// parsePoints reads a list of numbers separated by commas (or the
// separator given in the sep attribute).
func parsePoints(e *element) ([]float64, error) {
	sep := e.attr("sep")
	if sep == "" {
		sep = ","
	}
	text := strings.TrimSpace(e.text())
	if text == "" {
		return nil, nil
	}
	out := make([]float64, 0, strings.Count(text, sep)+1)
	for s := range strings.SplitSeq(text, sep) { // no list of the parts

		v, err := parseNumber(s)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// parseNumber reads a finite decimal number.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, ok := number(s)
	if !ok {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// number reads a finite decimal number without blanks around it.
func number(s string) (float64, bool) {
	// ParseFloat accepts hexadecimal, underscores, "inf" and "nan"; XMILE has none.
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// isNumber reports whether an equation is a plain number (possibly signed).
func isNumber(eqn string) bool {
	_, ok := number(strings.TrimSpace(eqn))
	return ok && eqn != ""
}
