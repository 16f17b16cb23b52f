package sdmodel

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Compiled is a checked, ordered, runnable form of a model. It is immutable
// and safe to run from many goroutines at once.
type Compiled struct {
	model *Model // a private copy of the source model
	time  Time

	vars  []*cvar
	index map[string]int // canonical name -> vars index
	gfs   []*table       // default tables, by gf index
	gfVar []int          // gf index -> vars index

	nslots   int
	template []float64 // initial slot contents: literals filled in

	initCode []instr    // evaluates every variable (stocks: initial values), in initial order
	stepCode []instr    // evaluates the dynamic auxiliaries and flows, in step order
	operands []int32    // operand lists of n-ary instructions
	segments [][2]int32 // each variable's code in initCode
	initSeq  []int      // variables in initial order

	stocks      []int32 // slots of stocks, in integration order
	oneInOneOut []rec   // (stock, inflow, outflow) slots of stocks with exactly one of each
	integ       []integ // the other stocks: where their flows are in netFlow
	netFlow     []int32 // flow slots
	nonNeg      []int32 // slots of non-negative stocks
	uniflows    []int32
	delays      []delaySite
	randoms     []randomSite
	saveCols    []int32  // slots of the user-visible variables, in model order
	saveNames   []string // their display names
	saveIndex   map[string]int
	checkOrder  []int32 // slots in evaluation order, to name the first non-finite value
	constByName map[string]int32
}

// cvar is a variable as the compiler sees it: the model's own variables and
// the internal stocks and flows that stateful builtins expand into.
type cvar struct {
	name     string
	key      string
	kind     Kind
	internal bool
	owner    *cvar  // for internal variables: the model variable whose equation created it
	src      string // equation text, for error positions
	ast      expr.Node
	inflows  []int
	outflows []int
	nonneg   bool
	gf       int // gf table index, or -1
	slot     int32

	constant    bool // evaluated once, at initialisation
	overridable bool // a literal constant: runs may Set it
	fixedDelay  *delayDef
	deps        []int // variables referenced by the equation
}

type delayDef struct {
	input          int // internal auxiliary holding the delayed input
	delayT, initAt expr.Node
}

// integ locates a stock's flows: inflows netFlow[in:out], outflows netFlow[out:end].
type integ struct{ slot, in, out, end int32 }

type delaySite struct {
	out, in     int32 // output slot (a state) and input slot
	time, init0 int32 // slots holding the delay time and initial value (evaluated at init)
}

type randomSite struct {
	normal                   bool
	min, max, mean, sd, seed int32 // argument slots (-1 when absent)
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
		m = flat
	}
	c := &Compiled{model: m.Clone(), time: m.Time, index: map[string]int{}, constByName: map[string]int32{}}
	b := &compiler{c: c, model: m}
	b.build()
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	return c, nil
}

type compiler struct {
	c     *Compiled
	model *Model
	errs  ErrorList
	// counts of stateful calls per owner, for readable internal names
	calls map[string]int

	initOrder, stepOrder []int
}

func (b *compiler) errorf(v *cvar, pos expr.Node, format string, args ...any) {
	e := &Error{Model: b.model.Name, Variable: v.name, Msg: fmt.Sprintf(format, args...)}
	if v.owner != nil {
		e.Variable = v.owner.name
		v = v.owner
	}
	if pos != nil && v.src != "" {
		p := expr.PositionOf(v.src, pos.Pos())
		e.Pos = &p
	}
	b.errs = append(b.errs, e)
}

func (b *compiler) modelError(format string, args ...any) {
	b.errs = append(b.errs, &Error{Model: b.model.Name, Msg: fmt.Sprintf(format, args...)})
}

func (b *compiler) build() {
	c := b.c
	t := c.time
	switch {
	case !(t.DT > 0) || math.IsInf(t.DT, 0):
		b.modelError("DT must be a positive number, got %g", t.DT)
	case !(t.Stop >= t.Start):
		b.modelError("stop time %g is before start time %g", t.Stop, t.Start)
	case t.SavePer < 0 || math.IsNaN(t.SavePer):
		b.modelError("SAVEPER must be positive, got %g", t.SavePer)
	}
	if len(b.errs) > 0 {
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
}

// declare creates a cvar for every model variable and checks names.
func (b *compiler) declare() {
	c := b.c
	for _, v := range b.model.vars {
		key := expr.Canonical(v.Name)
		cv := &cvar{name: v.Name, key: key, kind: v.Kind, src: v.Equation, nonneg: v.NonNegative, gf: -1}
		if key == "" {
			b.errorf(cv, nil, "variable has an empty name")
			continue
		}
		if _, dup := c.index[key]; dup {
			b.errorf(cv, nil, "defined twice")
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
			cv.gf = len(c.gfs)
			c.gfs = append(c.gfs, newTable(v.GF))
			c.gfVar = append(c.gfVar, len(c.vars))
		}
		c.index[key] = len(c.vars)
		c.vars = append(c.vars, cv)
	}
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
	for i := 0; i < n; i++ {
		v := c.vars[i]
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
		node, err := expr.Parse(v.src)
		if err != nil {
			e := &Error{Model: b.model.Name, Variable: v.name, Msg: err.Error()}
			if pe, ok := err.(*expr.Error); ok {
				p := pe.Pos
				e.Pos = &p
				e.Msg = pe.Msg
			}
			b.errs = append(b.errs, e)
			continue
		}
		v.ast = b.expand(node, v)
		if v.kind == Const || v.kind == Aux {
			_, v.overridable = literalValue(v.ast)
		}
	}
	// Stocks' flows.
	for _, mv := range b.model.vars {
		i, ok := c.index[expr.Canonical(mv.Name)]
		if !ok || mv.Kind != Stock {
			continue
		}
		v := c.vars[i]
		link := func(names []string, dir string) []int {
			var out []int
			for _, f := range names {
				j, ok := c.index[expr.Canonical(f)]
				if !ok {
					b.errorf(v, nil, "%s %q is not defined%s", dir, f, suggest(f, b.userNames()))
					continue
				}
				if c.vars[j].kind == Stock {
					b.errorf(v, nil, "%s %q is a stock; a stock's inflows and outflows must be flows", dir, f)
					continue
				}
				out = append(out, j)
			}
			return out
		}
		v.inflows = link(mv.Inflows, "inflow")
		v.outflows = link(mv.Outflows, "outflow")
	}
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
	key := expr.Canonical(name)
	for k := 2; ; k++ {
		if _, taken := c.index[key]; !taken {
			break
		}
		key = expr.Canonical(fmt.Sprintf("%s#%d", name, k))
	}
	v := &cvar{name: name, key: key, kind: kind, internal: true, owner: owner, ast: ast, gf: -1}
	if key != expr.Canonical(name) {
		v.name = key
	}
	c.index[key] = len(c.vars)
	c.vars = append(c.vars, v)
	return v
}

func ref(v *cvar) *expr.Ident { return &expr.Ident{Name: `"` + v.name + `"`} }

func num(x float64) *expr.Number { return &expr.Number{Value: x} }

func bin(op expr.Token, x, y expr.Node) expr.Node {
	return &expr.Binary{Op: op, X: x, Y: y}
}

func paren(x expr.Node) expr.Node {
	switch x.(type) {
	case *expr.Number, *expr.Ident, *expr.Paren, *expr.Call:
		return x
	}
	return &expr.Paren{X: x}
}

// expand walks n bottom-up and replaces stateful calls.
func (b *compiler) expand(n expr.Node, owner *cvar) expr.Node {
	switch x := n.(type) {
	case *expr.Unary:
		return &expr.Unary{At: x.At, Op: x.Op, X: b.expand(x.X, owner)}
	case *expr.Binary:
		return &expr.Binary{OpPos: x.OpPos, Op: x.Op, X: b.expand(x.X, owner), Y: b.expand(x.Y, owner)}
	case *expr.Paren:
		return &expr.Paren{At: x.At, X: b.expand(x.X, owner)}
	case *expr.If:
		return &expr.If{At: x.At, Cond: b.expand(x.Cond, owner), Then: b.expand(x.Then, owner), Else: b.expand(x.Else, owner)}
	case *expr.Call:
		args := make([]expr.Node, len(x.Args))
		for i, a := range x.Args {
			args[i] = b.expand(a, owner)
		}
		call := &expr.Call{Fun: x.Fun, Args: args}
		fn, ok := builtins[x.Fun.Canonical()]
		if !ok || !fn.stateful {
			return call
		}
		if !b.checkArity(owner, call, fn) {
			return call
		}
		return b.expandStateful(owner, call, fn)
	}
	return n
}

func (b *compiler) checkArity(v *cvar, call *expr.Call, fn *builtin) bool {
	n := len(call.Args)
	if n < fn.min || (fn.max >= 0 && n > fn.max) {
		want := fmt.Sprintf("%d", fn.min)
		if fn.max < 0 {
			want = fmt.Sprintf("at least %d", fn.min)
		} else if fn.max != fn.min {
			want = fmt.Sprintf("%d to %d", fn.min, fn.max)
		}
		b.errorf(v, call, "%s takes %s arguments, got %d: %s", fn.name, want, n, fn.signature)
		return false
	}
	return true
}

func (b *compiler) expandStateful(owner *cvar, call *expr.Call, fn *builtin) expr.Node {
	root := owner
	if root.owner != nil {
		root = root.owner
	}
	b.calls[root.key+fn.name]++
	base := root.name + "." + strings.ToLower(strings.ReplaceAll(fn.name, " ", ""))
	if k := b.calls[root.key+fn.name]; k > 1 {
		base = fmt.Sprintf("%s#%d", base, k)
	}
	a := call.Args
	arg := func(i int) expr.Node {
		if i < len(a) {
			return a[i]
		}
		return nil
	}
	order := func(i int) (int, bool) {
		v, ok := constFold(a[i])
		if !ok || v < 1 || v != math.Trunc(v) || v > 1000 {
			b.errorf(owner, a[i], "%s: the order must be a whole number from 1 to 1000 written as a number", fn.name)
			return 0, false
		}
		return int(v), true
	}
	switch fn.name {
	case "SMTH1", "SMOOTHI":
		return b.smooth(owner, base, a[0], a[1], arg(2), 1)
	case "SMTH3", "SMOOTH3I":
		return b.smooth(owner, base, a[0], a[1], arg(2), 3)
	case "SMTHN":
		if n, ok := order(2); ok {
			return b.smooth(owner, base, a[0], a[1], arg(3), n)
		}
	case "SMOOTH N":
		if n, ok := order(3); ok {
			return b.smooth(owner, base, a[0], a[1], a[2], n)
		}
	case "DELAY N":
		if n, ok := order(3); ok {
			return b.delayN(owner, base, a[0], a[1], a[2], n)
		}
	case "DELAY1", "DELAY1I":
		return b.delayN(owner, base, a[0], a[1], arg(2), 1)
	case "DELAY3", "DELAY3I":
		return b.delayN(owner, base, a[0], a[1], arg(2), 3)
	case "DELAYN":
		if n, ok := order(2); ok {
			return b.delayN(owner, base, a[0], a[1], arg(3), n)
		}
	case "DELAY_FIXED":
		in := b.newInternal(owner, base+".input", Aux, a[0])
		init := arg(2)
		if init == nil {
			init = a[0]
		}
		out := b.newInternal(owner, base, Aux, nil)
		out.fixedDelay = &delayDef{input: b.c.index[in.key], delayT: a[1], initAt: init}
		return ref(out)
	case "TREND", "FORECAST":
		x, t := a[0], a[1]
		var init0 expr.Node = num(0)
		if fn.name == "TREND" && len(a) > 2 {
			init0 = a[2]
		}
		if fn.name == "FORECAST" && len(a) > 3 {
			init0 = a[3]
		}
		avgInit := bin(expr.QUO, paren(x), paren(bin(expr.ADD, num(1), bin(expr.MUL, paren(init0), paren(t)))))
		avg := b.newInternal(owner, base+".average", Stock, avgInit)
		flow := b.newInternal(owner, base+".change", Flow, bin(expr.QUO, paren(bin(expr.SUB, paren(x), ref(avg))), paren(t)))
		avg.inflows = []int{b.c.index[flow.key]}
		trend := &expr.Call{Fun: &expr.Ident{Name: "ZIDZ"}, Args: []expr.Node{bin(expr.SUB, paren(x), ref(avg)), bin(expr.MUL, ref(avg), paren(t))}}
		if fn.name == "TREND" {
			return ref(b.newInternal(owner, base+".trend", Aux, trend))
		}
		tr := b.newInternal(owner, base+".trend", Aux, trend)
		return ref(b.newInternal(owner, base, Aux, bin(expr.MUL, paren(x), paren(bin(expr.ADD, num(1), bin(expr.MUL, ref(tr), paren(a[2])))))))
	case "INIT":
		return ref(b.newInternal(owner, base, Stock, a[0]))
	}
	return call
}

// smooth expands an n-th order exponential smooth: n stocks in a cascade,
// each adjusting toward the previous one over averaging time / n.
func (b *compiler) smooth(owner *cvar, base string, x, t, init expr.Node, n int) expr.Node {
	if init == nil {
		init = x
	}
	stageT := paren(t)
	if n > 1 {
		stageT = paren(bin(expr.QUO, paren(t), num(float64(n))))
	}
	prev := paren(x)
	var last *cvar
	for k := 1; k <= n; k++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s.level%d", base, k)
		}
		if k == n && n > 1 {
			name = base
		}
		s := b.newInternal(owner, name, Stock, init)
		f := b.newInternal(owner, name+".change", Flow, bin(expr.QUO, paren(bin(expr.SUB, prev, ref(s))), stageT))
		s.inflows = []int{b.c.index[f.key]}
		prev = ref(s)
		last = s
	}
	return ref(last)
}

// delayN expands an n-th order material delay: n stocks in a chain, each
// draining at stock / (delay time / n); the output is the last outflow.
func (b *compiler) delayN(owner *cvar, base string, x, t, init expr.Node, n int) expr.Node {
	if init == nil {
		init = x
	}
	stageT := paren(t)
	if n > 1 {
		stageT = paren(bin(expr.QUO, paren(t), num(float64(n))))
	}
	in := b.newInternal(owner, base+".inflow", Flow, x)
	var prevOut *cvar = in
	var out *cvar
	for k := 1; k <= n; k++ {
		name := base + ".stock"
		if n > 1 {
			name = fmt.Sprintf("%s.stock%d", base, k)
		}
		s := b.newInternal(owner, name, Stock, bin(expr.MUL, paren(init), stageT))
		oname := fmt.Sprintf("%s.outflow%d", base, k)
		if k == n {
			oname = base
		}
		out = b.newInternal(owner, oname, Flow, bin(expr.QUO, ref(s), stageT))
		s.inflows = []int{b.c.index[prevOut.key]}
		s.outflows = []int{b.c.index[out.key]}
		prevOut = out
	}
	return ref(out)
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
	return a - b*math.Floor(a/b)
}

// resolve checks every name and call and records each variable's references.
func (b *compiler) resolve() {
	c := b.c
	for _, v := range c.vars {
		if v.ast == nil {
			continue
		}
		seen := map[int]bool{}
		expr.Inspect(v.ast, func(n expr.Node) bool {
			switch x := n.(type) {
			case *expr.Ident:
				key := x.Canonical()
				if i, ok := c.index[key]; ok {
					if c.vars[i].kind == Graphical && c.vars[i].ast == nil && !seen[i] {
						b.errorf(v, x, "graphical function %q has no input: call it as %s(x)", c.vars[i].name, c.vars[i].name)
					}
					if !seen[i] {
						seen[i] = true
						v.deps = append(v.deps, i)
					}
					return true
				}
				if _, ok := zeroArg[key]; ok {
					return true
				}
				if fn, ok := builtins[key]; ok && !fn.stateful {
					b.errorf(v, x, "%s is a function: call it as %s", fn.name, fn.signature)
					return true
				}
				b.errorf(v, x, "unknown name %q%s", strings.Trim(x.Name, `"`), suggest(x.Name, b.userNames()))
			case *expr.Call:
				key := x.Fun.Canonical()
				if i, ok := c.index[key]; ok && c.vars[i].kind == Graphical {
					if len(x.Args) != 1 {
						b.errorf(v, x, "graphical function %q takes one argument, got %d", c.vars[i].name, len(x.Args))
					}
					return true // the table is used, not the variable's value: no dependency
				}
				if _, ok := zeroArg[key]; ok && len(x.Args) == 0 {
					return true
				}
				fn, ok := builtins[key]
				if !ok {
					var cands []string
					for _, g := range c.gfVar {
						cands = append(cands, c.vars[g].name)
					}
					cands = append(cands, builtinNames()...)
					b.errorf(v, x, "unknown function %q%s", x.Fun.Name, suggest(x.Fun.Name, cands))
					return false
				}
				if fn.stateful {
					return true // arity already reported during expansion
				}
				if !b.checkArity(v, x, fn) {
					return false
				}
				if fn.name == "LOOKUP" {
					id, ok := x.Args[0].(*expr.Ident)
					if !ok {
						b.errorf(v, x.Args[0], "LOOKUP's first argument must be the name of a graphical function")
						return false
					}
					i, ok := c.index[id.Canonical()]
					if !ok || c.vars[i].kind != Graphical {
						b.errorf(v, id, "%q is not a graphical function%s", id.Name, suggest(id.Name, b.userNames()))
						return false
					}
					// Only the second argument holds references.
					b.collectDeps(v, x.Args[1], seen)
					return false
				}
			}
			return true
		})
	}
}

// collectDeps records references in n (used where Inspect's default walk must be cut short).
func (b *compiler) collectDeps(v *cvar, n expr.Node, seen map[int]bool) {
	expr.Inspect(n, func(n expr.Node) bool {
		if x, ok := n.(*expr.Ident); ok {
			if i, ok := b.c.index[x.Canonical()]; ok {
				if !seen[i] {
					seen[i] = true
					v.deps = append(v.deps, i)
				}
			} else if _, ok := zeroArg[x.Canonical()]; !ok {
				b.errorf(v, x, "unknown name %q%s", strings.Trim(x.Name, `"`), suggest(x.Name, b.userNames()))
			}
		}
		return true
	})
}

// usesTime reports whether an equation calls TIME or a time-dependent builtin.
func usesTime(n expr.Node) bool {
	found := false
	expr.Inspect(n, func(n expr.Node) bool {
		switch x := n.(type) {
		case *expr.Ident:
			if k, ok := zeroArg[x.Canonical()]; ok && k == "TIME" {
				found = true
			}
		case *expr.Call:
			key := x.Fun.Canonical()
			if k, ok := zeroArg[key]; ok && k == "TIME" {
				found = true
			}
			if fn, ok := builtins[key]; ok && fn.timeDep {
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
		ok := v.kind != Stock && v.fixedDelay == nil && v.ast != nil && !usesTime(v.ast)
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
	initDeps := func(i int) []int {
		v := c.vars[i]
		if v.fixedDelay != nil {
			var out []int
			seen := map[int]bool{}
			for _, n := range []expr.Node{v.fixedDelay.delayT, v.fixedDelay.initAt} {
				expr.Inspect(n, func(n expr.Node) bool {
					if id, ok := n.(*expr.Ident); ok {
						if j, ok := c.index[id.Canonical()]; ok && !seen[j] {
							seen[j] = true
							out = append(out, j)
						}
					}
					return true
				})
			}
			return out
		}
		return v.deps
	}
	stepDeps := func(i int) []int {
		var out []int
		for _, d := range c.vars[i].deps {
			dv := c.vars[d]
			if dv.kind == Stock || dv.constant || dv.fixedDelay != nil {
				continue
			}
			out = append(out, d)
		}
		return out
	}
	all := make([]int, len(c.vars))
	for i := range all {
		all[i] = i
	}
	initOrder, cyc := topo(all, initDeps)
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
	var dyn []int
	for i, v := range c.vars {
		if v.kind != Stock && !v.constant && v.fixedDelay == nil && v.ast != nil {
			dyn = append(dyn, i)
		}
	}
	stepOrder, cyc := topo(dyn, stepDeps)
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

// topo returns nodes in dependency order (dependencies first), or a cycle.
// Ties keep the given order, so the result is deterministic.
func topo(nodes []int, deps func(int) []int) (order []int, cycle []int) {
	in := map[int]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	state := map[int]int8{}
	var stack []int
	var visit func(n int) bool
	visit = func(n int) bool {
		switch state[n] {
		case 2:
			return true
		case 1:
			// Cycle: from n's position on the stack to the top.
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k] == n {
					cycle = append([]int(nil), stack[k:]...)
					break
				}
			}
			return false
		}
		state[n] = 1
		stack = append(stack, n)
		ds := append([]int(nil), deps(n)...)
		sort.Ints(ds)
		for _, d := range ds {
			if !in[d] {
				continue
			}
			if !visit(d) {
				return false
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = 2
		order = append(order, n)
		return true
	}
	for _, n := range nodes {
		if !visit(n) {
			return nil, cycle
		}
	}
	return order, nil
}
