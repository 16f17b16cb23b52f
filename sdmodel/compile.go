package sdmodel

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Compiled is a checked, ordered, runnable form of a model. It holds the
// program the VM runs (program.go) and, beside it, what the compiler knows
// of the model's variables, for overrides, EvalVar and messages; the VM sees
// only the program. It is immutable and safe to run from many goroutines at
// once.
type Compiled struct {
	prog *program

	model    *Model       // the source model's fields and graphical functions, or a flattened model, private (see snapshot)
	source   *modelSource // the rest of the source model; nil for a flattened model
	time     Time
	vars     []*cvar
	index    map[string]int // canonical name -> vars index
	gfVar    []int          // table index -> vars index
	segments [][2]int32     // each variable's own code in initCode, for EvalVar
}

// cvar is a variable as the compiler sees it: the model's own variables and
// the internal stocks and flows that stateful builtins expand into.
type cvar struct {
	name string
	key  string
	src  string // equation text, for error positions
	ast  expr.Node
	deps []int // variables referenced by the equation

	flows      []int // a stock's inflows, then its outflows (see inflows, outflows)
	owner      *cvar // for internal variables: the model variable whose equation created it
	fixedDelay *delayDef
	init       *initEq // the initial-value equation, when the variable has one (rare: kept apart)
	kind       Kind
	gf         int   // gf table index, or -1
	order      int32 // 1 + position in the model (the owner's for internal variables), for sorting errors
	slot       int32
	nIn        int32 // the number of inflows in flows

	internal    bool
	fromInit    bool // internal: made from a builtin call in the owner's initial-value equation
	nonneg      bool
	constant    bool // evaluated once, at initialisation
	overridable bool // a literal constant: runs may Set it
}

// initEq is a variable's initial-value equation, when it differs from its
// running equation (Variable.InitEquation).
type initEq struct {
	src  string
	ast  expr.Node // its tree; nil when the variable starts with its running equation
	deps []int     // variables the initial-value equation references
}

// inflows returns a stock's inflows.
func (v *cvar) inflows() []int { return v.flows[:v.nIn] }

// outflows returns a stock's outflows.
func (v *cvar) outflows() []int { return v.flows[v.nIn:] }

// setFlows sets a stock's inflows and outflows.
func (v *cvar) setFlows(in, out []int) {
	v.flows, v.nIn = append(slices.Clip(in), out...), int32(len(in))
}

// initSrc returns the text of v's initial-value equation, or "".
func (v *cvar) initSrc() string {
	if v.init == nil {
		return ""
	}
	return v.init.src
}

// initAst returns the tree of v's initial-value equation, or nil.
func (v *cvar) initAst() expr.Node {
	if v.init == nil {
		return nil
	}
	return v.init.ast
}

// Compile checks the model and prepares it to run: it parses every equation,
// expands stateful builtins into internal stocks and flows, resolves names,
// detects circular definitions and orders the equations. All problems found
// are returned together as an ErrorList.
func (m *Model) Compile() (*Compiled, error) {
	if m.needsFlatten() {
		flat, err := m.Flatten()
		if err != nil {
			return nil, err
		}
		// The flat model is new and the compiler's own, except for the
		// unit aliases it shares with m.
		flat.UnitAliases = maps.Clone(flat.UnitAliases)
		b := newCompiler(flat)
		b.build()
		return b.result()
	}
	// The compiler only reads m and keeps none of its variables, so the
	// copy the compiled model keeps is made meanwhile, on another core.
	snap := make(chan *Model, 1)
	src := new(modelSource)
	go func() { snap <- m.snapshot(src) }()
	b := newCompiler(m)
	b.build()
	b.c.model, b.c.source = <-snap, src
	for _, i := range b.controls {
		if src.controls == nil {
			src.controls = map[int]string{}
		}
		src.controls[i] = m.vars[i].Equation
	}
	return b.result()
}

func (b *compiler) result() (*Compiled, error) {
	if len(b.errs) > 0 {
		b.errs.Sort()
		return nil, b.errs
	}
	return b.c, nil
}

// newCompiler starts compiling m (which it keeps: give it a copy when the
// caller may change the model later).
func newCompiler(m *Model) *compiler {
	c := &Compiled{model: m, time: m.Time, index: make(map[string]int, len(m.vars)),
		prog: &program{modelName: m.Name, params: map[string]int32{}}}
	return &compiler{c: c, model: m, names: map[string]string{}}
}

// modelSource is what a compiled model keeps of its source model's
// variables beyond what their cvars hold (name, kind, equations,
// non-negativity), so that Compiled.Model can give the source back.
type modelSource struct {
	vars     []sourceVar    // in model order, as the cvars
	flows    []string       // the stocks' flows, in one block
	controls map[int]string // equations of the control variables by position (their cvar's src names the builtin)
}

type sourceVar struct {
	units, doc     string
	flows, in, out int32 // the variable's inflows and outflows: in names from flows on, then out
}

// snapshot copies what the compiled model needs of m, so that later changes
// to m do not reach it: the model's own fields, its graphical functions
// whole (runs' overrides read their interpolation type), and for every
// variable what its cvar (the compiled model's vars[i], in model order)
// does not already hold, into src. Compile adds the equations of control
// variables. Strings are shared: Go strings are immutable. It is cheaper
// than a full copy of the model (Clone), which Compiled.Model rebuilds on
// demand.
func (m *Model) snapshot(src *modelSource) *Model {
	c := &Model{Name: m.Name, Doc: m.Doc, Time: m.Time, DateOrigin: m.DateOrigin}
	nstr, nfl, ngf := 0, 0, 0
	for _, v := range m.vars {
		nstr += len(v.Inflows) + len(v.Outflows)
		if v.GF != nil {
			ngf++
			nfl += len(v.GF.X) + len(v.GF.Y)
		}
	}
	src.flows = make([]string, 0, nstr)
	fls := make([]float64, 0, nfl)
	copyFloats := func(s []float64) []float64 {
		if len(s) == 0 {
			return nil
		}
		i := len(fls)
		fls = append(fls, s...)
		return fls[i:len(fls):len(fls)]
	}
	src.vars = make([]sourceVar, len(m.vars))
	if ngf > 0 {
		c.index = make(map[string]int, ngf)
		c.vars = make([]*Variable, 0, ngf)
	}
	gvs := make([]Variable, 0, ngf)
	gfs := make([]GF, 0, ngf)
	for i, v := range m.vars {
		s := &src.vars[i]
		s.units, s.doc = v.Units, v.Doc
		s.flows, s.in, s.out = int32(len(src.flows)), int32(len(v.Inflows)), int32(len(v.Outflows))
		src.flows = append(append(src.flows, v.Inflows...), v.Outflows...)
		if v.GF != nil {
			g := *v.GF
			g.X, g.Y = copyFloats(v.GF.X), copyFloats(v.GF.Y)
			gfs = append(gfs, g)
			gvs = append(gvs, Variable{Name: v.Name, Kind: v.Kind, Equation: v.Equation, Units: v.Units,
				NonNegative: v.NonNegative, GF: &gfs[len(gfs)-1]})
			c.index[expr.Canonical(v.Name)] = len(c.vars)
			c.vars = append(c.vars, &gvs[len(gvs)-1])
		}
	}
	c.UnitAliases = maps.Clone(m.UnitAliases)
	for _, v := range m.Views {
		c.Views = append(c.Views, v.Clone())
	}
	return c
}

// sourceModel returns a new copy of the model c was compiled from.
func (c *Compiled) sourceModel() *Model {
	if c.source == nil { // compiled from a flattened model, which c.model is
		return c.model.Clone()
	}
	shell := *c.model // the model's fields, views and aliases; the variables follow
	shell.vars, shell.index = nil, nil
	m := shell.Clone()
	n := len(c.source.vars)
	m.vars, m.index = make([]*Variable, 0, n), make(map[string]int, n)
	vs := make([]Variable, n)
	for i := range c.source.vars {
		s, cv, v := &c.source.vars[i], c.vars[i], &vs[i]
		v.Name, v.Kind, v.Equation, v.InitEquation = cv.name, cv.kind, cv.src, cv.initSrc()
		v.Units, v.Doc, v.NonNegative = s.units, s.doc, cv.nonneg
		if eq, ok := c.source.controls[i]; ok {
			v.Equation = eq
		}
		flows := c.source.flows[s.flows:]
		if s.in > 0 {
			v.Inflows = slices.Clone(flows[:s.in])
		}
		if s.out > 0 {
			v.Outflows = slices.Clone(flows[s.in : s.in+s.out])
		}
		if cv.kind == Graphical {
			v.GF = cloneGF(c.model.Var(cv.name).GF)
		}
		m.Add(v)
	}
	return m
}

// key returns the canonical form of a name read in an equation. Names
// that need rewriting (quoted, upper case) are rewritten once per compile:
// the same few (TIME, SIN, the quoted names of internal variables) are
// looked up many times.
func (b *compiler) key(name string) string { return canonicalIn(b.names, name) }

func canonicalIn(cache map[string]string, name string) string {
	if k, ok := plainCanonical(name); ok {
		return k
	}
	if k, ok := cache[name]; ok {
		return k
	}
	k := expr.Canonical(name)
	cache[name] = k
	return k
}

// plainCanonical returns cheaply the canonical form of a name that needs
// no rewriting beyond removing its quotes: printable ASCII other than
// upper-case letters, quotes and backslashes, with single underscores
// between other characters. Other names give false.
func plainCanonical(name string) (string, bool) {
	s := name
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= ' ' || c >= 0x7f || c >= 'A' && c <= 'Z' || c == '"' || c == '\\':
			return "", false
		case c == '_' && s[i-1] == '_':
			return "", false
		}
	}
	return s, true
}

// front runs the passes that need no ordering: declaring the variables,
// parsing their equations and expanding stateful builtins. Expand stops
// there; build goes on to resolve, order and generate code.
func (b *compiler) front() bool {
	b.declare()
	if len(b.errs) > 0 {
		return false
	}
	b.parseAndExpand()
	return len(b.errs) == 0
}

type compiler struct {
	c     *Compiled
	model *Model
	errs  ErrorList
	// counts of stateful calls per owner, for readable internal names
	calls    map[string]int
	names    map[string]string // canonical forms of names that are not (see key)
	seen     []int32           // per variable: the last resolveNode call that recorded it
	stamp    int32
	depBlock []int // free space after the dependency lists made so far

	controls             []int // model positions of the control variables (see controlVariable)
	initOrder, stepOrder []int
	inInit               bool // working on initial-value equations: errors point into them
}

func (b *compiler) errorf(v *cvar, pos expr.Node, format string, args ...any) {
	e := &Error{Model: b.model.Name, Variable: v.name, Msg: fmt.Sprintf(format, args...), order: int(v.order)}
	if v.owner != nil {
		e.Variable = v.owner.name
		v = v.owner
	}
	src := v.src
	if b.inInit || v.fromInit {
		src = v.initSrc()
		e.Msg = "initial equation: " + e.Msg
	}
	if pos != nil && src != "" {
		p := expr.PositionOf(src, pos.Pos())
		e.Pos = &p
	}
	b.errs = append(b.errs, e)
}

func (b *compiler) modelError(format string, args ...any) {
	b.errs = append(b.errs, &Error{Model: b.model.Name, Msg: fmt.Sprintf(format, args...)})
}

func (b *compiler) build() {
	if _, errs := planRun(b.c.time, -1); len(errs) > 0 {
		for _, msg := range errs {
			b.modelError("%s", msg)
		}
		return
	}
	b.declare()
	if len(b.errs) > 0 {
		return
	}
	b.parseAndExpand()
	b.resolve() // also after parse errors, to report every problem at once
	if len(b.errs) > 0 {
		return
	}
	b.classify()
	b.order()
	if len(b.errs) > 0 {
		return
	}
	b.generate()
	if _, errs := planRun(b.c.time, len(b.c.prog.saveCols)); len(errs) > 0 {
		for _, msg := range errs {
			b.modelError("%s", msg)
		}
	}
	b.release()
}

// release drops the equations' trees, which the program no longer needs,
// so that their memory serves the runs that follow. The compiled model
// keeps those of the constants runs may override (Constants reads their
// values) and of graphical functions (EvalVar tells those with an input
// from those without).
func (b *compiler) release() {
	for _, v := range b.c.vars {
		if !v.overridable && v.kind != Graphical {
			v.ast = nil
		}
		if v.init != nil {
			v.init.ast, v.init.deps = nil, nil
		}
	}
}

// declare creates a cvar for every model variable and checks names.
func (b *compiler) declare() {
	c := b.c
	cvs := make([]cvar, len(b.model.vars))
	c.vars = make([]*cvar, 0, len(b.model.vars)+len(b.model.vars)/8)
	for n, v := range b.model.vars {
		key := b.key(v.Name)
		cv := &cvs[n] // zero: set the fields one by one, not through a copy of the whole
		cv.name, cv.key, cv.kind, cv.src = v.Name, key, v.Kind, v.Equation
		cv.nonneg, cv.gf, cv.order = v.NonNegative, -1, int32(n+1)
		if v.InitEquation != "" {
			cv.init = &initEq{src: v.InitEquation}
		}
		if key == "" {
			b.errorf(cv, nil, "variable has an empty name")
			continue
		}
		if j, dup := c.index[key]; dup {
			b.errorf(cv, nil, "defined twice (also as the %s %q); rename one, or use Model.Replace to change a variable", c.vars[j].kind, c.vars[j].name)
			continue
		}
		if k, ok := zeroArg(key); ok {
			if !b.controlVariable(cv, v, k) {
				continue
			}
		}
		if strings.TrimSpace(v.InitEquation) != "" && v.Kind != Aux && v.Kind != Flow {
			b.errorf(cv, nil, "only an auxiliary or a flow can have an initial equation (InitEquation); a %s cannot", v.Kind)
			continue
		}
		switch v.Kind {
		case Stock, Flow, Aux, Const, Graphical:
		default:
			b.errorf(cv, nil, "unknown kind %d", int(v.Kind))
			continue
		}
		if v.Kind == Graphical {
			if v.GF == nil {
				b.errorf(cv, nil, "graphical function has no table")
				continue
			}
			if err := checkGF(v.GF); err != "" {
				b.errorf(cv, nil, "graphical function: %s", err)
				continue
			}
			cv.gf = len(c.prog.tables)
			c.prog.tables = append(c.prog.tables, newTable(v.GF))
			c.gfVar = append(c.gfVar, len(c.vars))
		}
		if v.tree != nil && v.treeOf == cv.src {
			cv.ast = v.tree // parsed already (Variable.Parse); parseAll skips it
		}
		c.index[key] = len(c.vars)
		c.vars = append(c.vars, cv)
	}
}

// controlVariable accepts a variable named like a builtin only when it is one
// of Vensim's control variables (TIME STEP, INITIAL TIME, FINAL TIME) that
// models converted from Vensim carry, with the value of the model's time
// specs: it then reads the builtin, so runs with another DT or stop time
// see the run's value. Any other such name would shadow the builtin, and is
// an error.
func (b *compiler) controlVariable(cv *cvar, v *Variable, builtin string) bool {
	spec := map[string]float64{"time_step": b.c.time.DT, "initial_time": b.c.time.Start, "final_time": b.c.time.Stop}
	want, control := spec[cv.key]
	if !control || (v.Kind != Const && v.Kind != Aux) {
		b.errorf(cv, nil, "the name %q is the builtin %s; rename the variable", v.Name, builtin)
		return false
	}
	if x, err := strconv.ParseFloat(strings.TrimSpace(v.Equation), 64); err != nil || x != want {
		b.errorf(cv, nil, "%s is the model's %s (%g) and must equal it; found %q", v.Name, builtin, want, v.Equation)
		return false
	}
	cv.src = builtin
	b.controls = append(b.controls, int(cv.order)-1)
	return true
}

func checkGF(g *GF) string {
	if len(g.X) == 0 || len(g.X) != len(g.Y) {
		return fmt.Sprintf("needs as many x as y points and at least one (has %d x, %d y)", len(g.X), len(g.Y))
	}
	for i := range g.X {
		if math.IsNaN(g.X[i]) || math.IsNaN(g.Y[i]) {
			return fmt.Sprintf("point %d is not a number", i+1)
		}
		if i > 0 && g.X[i] < g.X[i-1] {
			return fmt.Sprintf("x points must not decrease (point %d: %g after %g)", i+1, g.X[i], g.X[i-1])
		}
	}
	switch strings.ToLower(g.Type) {
	case "", "continuous", "extrapolate", "discrete":
	default:
		return fmt.Sprintf("unknown interpolation type %q (want continuous, extrapolate or discrete)", g.Type)
	}
	return ""
}

// parseAndExpand parses every equation and replaces stateful builtin calls by
// references to internal variables.
func (b *compiler) parseAndExpand() {
	c := b.c
	b.calls = map[string]int{}
	n := len(c.vars)
	parseErrs := b.parseAll()
	for i := 0; i < n; i++ {
		v := c.vars[i]
		// parseAll left the trees in place; they are expanded below, or
		// dropped when the equation is rejected.
		eq := parseResult{node: v.ast}
		v.ast = nil
		var init parseResult
		if v.init != nil {
			init.node, v.init.ast = v.init.ast, nil
		}
		for len(parseErrs) > 0 && parseErrs[0].i == i {
			if parseErrs[0].init {
				init.err = parseErrs[0].err
			} else {
				eq.err = parseErrs[0].err
			}
			parseErrs = parseErrs[1:]
		}
		src := strings.TrimSpace(v.src)
		if src == "" {
			switch v.kind {
			case Stock:
				b.errorf(v, nil, "stock has no initial value")
			case Graphical:
				// A table with no input: used only as name(x) or LOOKUP(name, x).
			default:
				b.errorf(v, nil, "%s has no equation", v.kind)
			}
			continue
		}
		if x, err := parseSpecial(src); err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
			b.errorf(v, nil, "the value %g is not a finite number; a %s must be one", x, v.kind)
			continue
		}
		node, ok := b.parsed(v, eq, "")
		if !ok {
			continue
		}
		v.ast = b.expand(node, v)
		if v.kind == Const || v.kind == Aux {
			_, v.overridable = literalValue(v.ast)
		}
		if strings.TrimSpace(v.initSrc()) != "" {
			if node, ok := b.parsed(v, init, "initial equation: "); ok {
				b.inInit = true
				v.init.ast = b.expand(node, v)
				b.inInit = false
				v.overridable = false
			}
		}
	}
	// Stocks' flows, their lists in one block.
	nflows := 0
	for _, mv := range b.model.vars {
		if mv.Kind == Stock {
			nflows += len(mv.Inflows) + len(mv.Outflows)
		}
	}
	flows := make([]int, 0, nflows)
	for _, mv := range b.model.vars {
		if mv.Kind != Stock {
			continue
		}
		i, ok := c.index[b.key(mv.Name)]
		if !ok {
			continue
		}
		v := c.vars[i]
		link := func(names []string, dir string) {
			for _, f := range names {
				j, ok := c.index[b.key(f)]
				if !ok {
					b.errorf(v, nil, "%s %q is not defined%s", dir, f, suggest(f, b.userNames()))
					continue
				}
				if c.vars[j].kind == Stock {
					b.errorf(v, nil, "%s %q is a stock; a stock's inflows and outflows must be flows", dir, f)
					continue
				}
				flows = append(flows, j)
			}
		}
		from := len(flows)
		link(mv.Inflows, "inflow")
		in := len(flows)
		link(mv.Outflows, "outflow")
		if len(flows) > from {
			v.flows, v.nIn = flows[from:len(flows):len(flows)], int32(in-from)
		}
	}
}

// parseSpecial is strconv.ParseFloat for the text of an equation, which
// is rarely a number that is not finite: only text starting like one
// ("NaN", "Inf", "+Inf", "-Infinity") is parsed, so that other equations
// do not each allocate a syntax error.
func parseSpecial(src string) (float64, error) {
	switch src[0] {
	case '+', '-', 'i', 'I', 'n', 'N':
		return strconv.ParseFloat(src, 64)
	}
	return 0, strconv.ErrSyntax
}

// parseResult is an equation parsed, or the error found.
type parseResult struct {
	node expr.Node
	err  error
}

func parseEquation(src string) parseResult {
	var n expr.Number
	if expr.ParseNumber(src, &n) {
		node := n // allocated here only, n stays on the stack
		return parseResult{node: &node}
	}
	node, err := expr.Parse(src)
	return parseResult{node, err}
}

// parseErr is a syntax error parseAll found: in the equation of variable
// i, or in its initial-value equation.
type parseErr struct {
	i    int
	init bool
	err  error
}

// parseAll parses the equations of the model's variables, those that
// parseAndExpand will read, and their initial-value equations, into each
// variable's ast and init.ast, and returns the syntax errors in variable
// order. A large model's are parsed by several goroutines, each taking
// blocks of variables in turn; each writes only its own variables, so the
// outcome does not depend on which goroutine parsed what.
func (b *compiler) parseAll() []parseErr {
	vars := b.c.vars
	var (
		mu   sync.Mutex
		errs []parseErr
	)
	fail := func(i int, init bool, err error) {
		mu.Lock()
		errs = append(errs, parseErr{i, init, err})
		mu.Unlock()
	}
	parseRange := func(from, to int) {
		var nums []expr.Number // the constants' nodes, in blocks that never grow (the nodes stay put)
		for i := from; i < to; i++ {
			v := vars[i]
			var n expr.Number
			if v.ast != nil {
				// The model's own tree of this text (see declare).
			} else if expr.ParseNumber(v.src, &n) {
				if len(nums) == cap(nums) {
					nums = make([]expr.Number, 0, min(64, to-i))
				}
				nums = append(nums, n)
				v.ast = &nums[len(nums)-1]
			} else if src := strings.TrimSpace(v.src); src != "" {
				r := parseEquation(v.src)
				if v.ast = r.node; r.err != nil {
					fail(i, false, r.err)
				}
			}
			if strings.TrimSpace(v.initSrc()) != "" {
				r := parseEquation(v.init.src)
				if v.init.ast = r.node; r.err != nil {
					fail(i, true, r.err)
				}
			}
		}
	}
	byVar := func() []parseErr {
		slices.SortFunc(errs, func(a, b parseErr) int {
			if a.i != b.i {
				return a.i - b.i
			}
			return cmp.Compare(b2i(a.init), b2i(b.init)) // the equation's error first
		})
		return errs
	}
	const block = 256
	workers := min(runtime.GOMAXPROCS(0), (len(vars)+block-1)/block, 4)
	if workers <= 1 {
		parseRange(0, len(vars))
		return byVar()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		for {
			from := int(next.Add(block)) - block
			if from >= len(vars) {
				return
			}
			parseRange(from, min(from+block, len(vars)))
		}
	}
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return byVar()
}

// parsed returns the node of an equation of v parsed, or reports its syntax
// error with its position.
func (b *compiler) parsed(v *cvar, r parseResult, what string) (expr.Node, bool) {
	node, err := r.node, r.err
	if err != nil {
		e := &Error{Model: b.model.Name, Variable: v.name, Msg: what + err.Error(), order: int(v.order)}
		if pe, ok := err.(*expr.Error); ok {
			p := pe.Pos
			e.Pos = &p
			e.Msg = what + pe.Msg
		}
		b.errs = append(b.errs, e)
		return nil, false
	}
	return node, true
}

func (b *compiler) userNames() []string {
	var out []string
	for _, v := range b.c.vars {
		if !v.internal {
			out = append(out, v.name)
		}
	}
	return out
}

// literalValue reports whether n is a number, possibly signed or parenthesised.
func literalValue(n expr.Node) (float64, bool) {
	switch x := n.(type) {
	case *expr.Number:
		return x.Value, true
	case *expr.Paren:
		return literalValue(x.X)
	case *expr.Unary:
		if v, ok := literalValue(x.X); ok {
			switch x.Op {
			case expr.SUB:
				return -v, true
			case expr.ADD:
				return v, true
			}
		}
	}
	return 0, false
}

// newInternal adds an internal variable created by expanding a builtin call in owner's equation.
func (b *compiler) newInternal(owner *cvar, name string, kind Kind, ast expr.Node) *cvar {
	c := b.c
	first := expr.Canonical(name)
	key := first
	for k := 2; ; k++ {
		if _, taken := c.index[key]; !taken {
			break
		}
		key = expr.Canonical(name + "#" + strconv.Itoa(k))
	}
	v := &cvar{name: name, key: key, kind: kind, internal: true, owner: owner, ast: ast, gf: -1, order: owner.order, fromInit: b.inInit}
	if key != first {
		v.name = key
	}
	c.index[key] = len(c.vars)
	c.vars = append(c.vars, v)
	return v
}

// expand walks n bottom-up and replaces stateful calls. Subtrees without
// one come back as they are, not copied.
func (b *compiler) expand(n expr.Node, owner *cvar) expr.Node {
	switch x := n.(type) {
	case *expr.Unary:
		if y := b.expand(x.X, owner); y != x.X {
			return &expr.Unary{At: x.At, Op: x.Op, X: y}
		}
	case *expr.Binary:
		l, r := b.expand(x.X, owner), b.expand(x.Y, owner)
		if l != x.X || r != x.Y {
			return &expr.Binary{OpPos: x.OpPos, Op: x.Op, X: l, Y: r}
		}
	case *expr.Paren:
		if y := b.expand(x.X, owner); y != x.X {
			return &expr.Paren{At: x.At, X: y}
		}
	case *expr.If:
		c, t, e := b.expand(x.Cond, owner), b.expand(x.Then, owner), b.expand(x.Else, owner)
		if c != x.Cond || t != x.Then || e != x.Else {
			return &expr.If{At: x.At, Cond: c, Then: t, Else: e}
		}
	case *expr.Call:
		call := x
		for i, a := range x.Args {
			if y := b.expand(a, owner); y != a {
				if call == x {
					call = &expr.Call{Fun: x.Fun, Args: slices.Clone(x.Args)}
				}
				call.Args[i] = y
			}
		}
		fn, ok := builtins()[b.key(x.Fun.Name)]
		if !ok || !fn.stateful() {
			return call
		}
		if call == x {
			call = &expr.Call{Fun: x.Fun, Args: x.Args}
		}
		if !b.checkArity(owner, call, fn) {
			return call
		}
		return b.expandStateful(owner, call, fn)
	}
	return n
}

// constFold evaluates an expression made only of numbers and arithmetic.
func constFold(n expr.Node) (float64, bool) {
	switch x := n.(type) {
	case *expr.Number:
		return x.Value, true
	case *expr.Paren:
		return constFold(x.X)
	case *expr.Unary:
		v, ok := constFold(x.X)
		if !ok {
			return 0, false
		}
		switch x.Op {
		case expr.SUB:
			return -v, true
		case expr.ADD:
			return v, true
		case expr.NOT:
			return b2f(v == 0), true
		}
	case *expr.Binary:
		l, ok1 := constFold(x.X)
		r, ok2 := constFold(x.Y)
		if !ok1 || !ok2 {
			return 0, false
		}
		return binop(x.Op, l, r), true
	}
	return 0, false
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func binop(op expr.Token, l, r float64) float64 {
	switch op {
	case expr.ADD:
		return l + r
	case expr.SUB:
		return l - r
	case expr.MUL:
		return l * r
	case expr.QUO:
		return l / r
	case expr.POW:
		return math.Pow(l, r)
	case expr.MOD:
		return fmod(l, r)
	case expr.EQL:
		return b2f(l == r)
	case expr.NEQ:
		return b2f(l != r)
	case expr.LSS:
		return b2f(l < r)
	case expr.LEQ:
		return b2f(l <= r)
	case expr.GTR:
		return b2f(l > r)
	case expr.GEQ:
		return b2f(l >= r)
	case expr.AND:
		return b2f(l != 0 && r != 0)
	case expr.OR:
		return b2f(l != 0 || r != 0)
	}
	return math.NaN()
}

// fmod is the modulo with the sign of the divisor, as in XMILE and Vensim.
func fmod(a, b float64) float64 {
	return a - float64(b*math.Floor(a/b)) // no fused multiply-add (see integrate.go)
}

// resolve checks every name and call and records each variable's references.
func (b *compiler) resolve() {
	c := b.c
	b.seen = make([]int32, len(c.vars))
	b.depBlock = make([]int, 0, 2*len(c.vars))
	for _, v := range c.vars {
		if v.ast != nil {
			v.deps = b.resolveNode(v, v.ast)
		}
		if v.initAst() != nil {
			b.inInit = true
			v.init.deps = b.resolveNode(v, v.init.ast)
			b.inInit = false
		}
	}
}

// resolveNode checks the names and calls in one equation of v and returns
// the variables it references, in order of first appearance.
func (b *compiler) resolveNode(v *cvar, root expr.Node) []int {
	c := b.c
	// The lists of all equations share one block: each is appended at its
	// end and cut off when complete.
	deps := b.depBlock[len(b.depBlock):]
	b.stamp++
	{
		stamp := b.stamp
		expr.Inspect(root, func(n expr.Node) bool {
			switch x := n.(type) {
			case *expr.Ident:
				key := b.key(x.Name)
				if i, ok := c.index[key]; ok {
					if b.seen[i] != stamp {
						if c.vars[i].kind == Graphical && c.vars[i].ast == nil {
							b.errorf(v, x, "graphical function %q has no input: call it as %s(x)", c.vars[i].name, c.vars[i].name)
						}
						b.seen[i] = stamp
						deps = append(deps, i)
					}
					return true
				}
				if _, ok := zeroArg(key); ok {
					return true
				}
				if fn, ok := builtins()[key]; ok && !fn.stateful() {
					b.errorf(v, x, "%s is a function: call it as %s", fn.name, fn.signature)
					return true
				}
				b.errorf(v, x, "unknown name %q%s", strings.Trim(x.Name, `"`), suggest(x.Name, b.userNames()))
			case *expr.Call:
				key := b.key(x.Fun.Name)
				if i, ok := c.index[key]; ok && c.vars[i].kind == Graphical {
					if len(x.Args) != 1 {
						b.errorf(v, x, "graphical function %q takes one argument, got %d", c.vars[i].name, len(x.Args))
					}
					return true // the table is used, not the variable's value: no dependency
				}
				if _, ok := zeroArg(key); ok && len(x.Args) == 0 {
					return true
				}
				fn, ok := builtins()[key]
				if !ok {
					var cands []string
					for _, g := range c.gfVar {
						cands = append(cands, c.vars[g].name)
					}
					cands = append(cands, builtinNames()...)
					b.errorf(v, x, "unknown function %q%s", x.Fun.Name, suggest(x.Fun.Name, cands))
					return false
				}
				if fn.stateful() {
					return true // arity already reported during expansion
				}
				if !b.checkArity(v, x, fn) {
					return false
				}
				if fn.name == "LOOKUP" || fn.name == "RANDOM_LOOKUP" {
					id, ok := x.Args[0].(*expr.Ident)
					if !ok {
						b.errorf(v, x.Args[0], "%s's first argument must be the name of a graphical function", fn.name)
						return false
					}
					i, ok := c.index[b.key(id.Name)]
					if !ok || c.vars[i].kind != Graphical {
						b.errorf(v, id, "%q is not a graphical function%s", id.Name, suggest(id.Name, b.userNames()))
						return false
					}
					// Only the other arguments hold references.
					for _, a := range x.Args[1:] {
						deps = b.collectDeps(v, a, stamp, deps)
					}
					return false
				}
			}
			return true
		})
	}
	if len(deps) == 0 {
		return nil
	}
	b.depBlock = deps[len(deps):]
	return deps[:len(deps):len(deps)]
}

// collectDeps records references in n (used where Inspect's default walk must be cut short).
func (b *compiler) collectDeps(v *cvar, n expr.Node, stamp int32, deps []int) []int {
	expr.Inspect(n, func(n expr.Node) bool {
		if x, ok := n.(*expr.Ident); ok {
			key := b.key(x.Name)
			if i, ok := b.c.index[key]; ok {
				if b.seen[i] != stamp {
					b.seen[i] = stamp
					deps = append(deps, i)
				}
			} else if _, ok := zeroArg(key); !ok {
				b.errorf(v, x, "unknown name %q%s", strings.Trim(x.Name, `"`), suggest(x.Name, b.userNames()))
			}
		}
		return true
	})
	return deps
}

// usesTime reports whether an equation calls TIME or a time-dependent builtin.
func (b *compiler) usesTime(n expr.Node) bool {
	found := false
	expr.Inspect(n, func(n expr.Node) bool {
		switch x := n.(type) {
		case *expr.Ident:
			if b.key(x.Name) == "time" { // the one name zeroArg maps to TIME
				found = true
			}
		case *expr.Call:
			key := b.key(x.Fun.Name)
			if key == "time" {
				found = true
			}
			if fn, ok := builtins()[key]; ok && fn.timeDep {
				found = true
			}
		}
		return !found
	})
	return found
}

// classify marks the constants: variables whose value cannot change during a
// run (no stock, no time, no random numbers upstream).
func (b *compiler) classify() {
	c := b.c
	state := make([]int8, len(c.vars)) // 0 unknown, 1 visiting, 2 done
	var visit func(i int) bool
	visit = func(i int) bool {
		v := c.vars[i]
		if state[i] == 2 {
			return v.constant
		}
		if state[i] == 1 {
			return false // cycles are reported by order()
		}
		state[i] = 1
		ok := v.kind != Stock && v.fixedDelay == nil && v.ast != nil && v.initAst() == nil && !b.usesTime(v.ast)
		if ok {
			for _, d := range v.deps {
				if !visit(d) {
					ok = false
				}
			}
		}
		v.constant = ok
		state[i] = 2
		return ok
	}
	for i := range c.vars {
		visit(i)
	}
}

// order sorts the equations for initialisation and for each step, and
// reports circular definitions with the cycle.
func (b *compiler) order() {
	c := b.c
	// Initialisation: stocks are computed from their initial equations, so
	// they depend on what those reference; fixed delays on their initial value.
	initDeps := func(i int, out []int) []int {
		v := c.vars[i]
		if v.fixedDelay != nil {
			b.stamp++
			for _, n := range []expr.Node{v.fixedDelay.delayT, v.fixedDelay.initAt} {
				expr.Inspect(n, func(n expr.Node) bool {
					if id, ok := n.(*expr.Ident); ok {
						if j, ok := c.index[b.key(id.Name)]; ok && b.seen[j] != b.stamp {
							b.seen[j] = b.stamp
							out = append(out, j)
						}
					}
					return true
				})
			}
			return out
		}
		if v.initAst() != nil {
			return append(out, v.init.deps...)
		}
		return append(out, v.deps...)
	}
	stepDeps := func(i int, out []int) []int {
		for _, d := range c.vars[i].deps {
			dv := c.vars[d]
			if dv.kind == Stock || dv.constant || dv.fixedDelay != nil {
				continue
			}
			out = append(out, d)
		}
		return out
	}
	t := newTopo(len(c.vars))
	all := make([]int, len(c.vars))
	for i := range all {
		all[i] = i
	}
	initOrder, cyc := t.sort(all, initDeps)
	if cyc != nil {
		what := "circular definition"
		for _, i := range cyc {
			if c.vars[i].kind == Stock {
				what = "circular definition in the initial values"
			}
		}
		b.cycleError(cyc, what)
		return
	}
	dyn := all[:0:0]
	for i, v := range c.vars {
		if v.kind != Stock && !v.constant && v.fixedDelay == nil && v.ast != nil {
			dyn = append(dyn, i)
		}
	}
	stepOrder, cyc := t.sort(dyn, stepDeps)
	if cyc != nil {
		b.cycleError(cyc, "circular definition")
		return
	}
	b.initOrder, b.stepOrder = initOrder, stepOrder
}

func (b *compiler) cycleError(cyc []int, what string) {
	names := make([]string, 0, len(cyc)+1)
	for _, i := range cyc {
		v := b.c.vars[i]
		if v.owner != nil && v.internal {
			names = append(names, v.owner.name+" (in its "+strings.TrimPrefix(v.name, v.owner.name+".")+")")
			continue
		}
		names = append(names, v.name)
	}
	names = append(names, names[0])
	first := b.c.vars[cyc[0]]
	if first.owner != nil {
		first = first.owner
	}
	b.errs = append(b.errs, &Error{Model: b.model.Name, Variable: first.name,
		Msg: fmt.Sprintf("%s: %s (break the loop with a stock)", what, strings.Join(names, " -> "))})
}

// topo sorts nodes 0..n-1 in dependency order, reusing its buffers from
// one sort to the next.
type topo struct {
	in    []bool
	state []int8 // 0 unvisited, 1 on the stack, 2 done
	stack []int
	deps  []int // the sorted dependencies of the nodes on the stack, one block each
}

func newTopo(n int) *topo {
	return &topo{in: make([]bool, n), state: make([]int8, n)}
}

// sort returns nodes in dependency order (dependencies first), or a cycle.
// deps appends a node's dependencies to a buffer. Ties keep the given
// order, so the result is deterministic.
func (t *topo) sort(nodes []int, deps func(int, []int) []int) (order []int, cycle []int) {
	clear(t.in)
	clear(t.state)
	for _, n := range nodes {
		t.in[n] = true
	}
	order = make([]int, 0, len(nodes))
	var visit func(n int) bool
	visit = func(n int) bool {
		switch t.state[n] {
		case 2:
			return true
		case 1:
			// Cycle: from n's position on the stack to the top.
			for k := len(t.stack) - 1; k >= 0; k-- {
				if t.stack[k] == n {
					cycle = append([]int(nil), t.stack[k:]...)
					break
				}
			}
			return false
		}
		t.state[n] = 1
		t.stack = append(t.stack, n)
		from := len(t.deps)
		t.deps = deps(n, t.deps)
		to := len(t.deps)
		slices.Sort(t.deps[from:to])
		for k := from; k < to; k++ {
			d := t.deps[k] // t.deps may grow (and move) in the visits below
			if !t.in[d] {
				continue
			}
			if !visit(d) {
				return false
			}
		}
		t.deps = t.deps[:from]
		t.stack = t.stack[:len(t.stack)-1]
		t.state[n] = 2
		order = append(order, n)
		return true
	}
	for _, n := range nodes {
		if !visit(n) {
			t.stack, t.deps = t.stack[:0], t.deps[:0]
			return nil, cycle
		}
	}
	return order, nil
}
