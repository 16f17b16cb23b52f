package sdmodel

import (
	"cmp"
	"math"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

type gen struct {
	c        *Compiled
	code     []instr
	levels   []int // where each dependency level's step code starts
	literals map[uint64]int32
	temp     int32 // next free temporary (virtual numbering)
	tempBase int32
	maxTemp  int32
	maxSlot  int32
	extra    []float64 // initial values of literal slots, from slot litBase on
	litBase  int32
	ops      []int32 // operand lists of n-ary instructions

	names      map[string]string // canonical names (see compiler.key)
	cse        *cseTable         // common subexpressions of the step code
	cseOn      bool              // generating the step code: common subexpressions are shared
	cseDefined int               // common subexpressions computed so far in this pass
	cseDepth   int               // > 0 inside conditional branches
	nextSlot   int32             // next permanent slot for a common subexpression
}

func (b *compiler) generate() {
	c, p := b.c, b.c.prog
	// Variable slots grouped by kind (stocks, then flows, then the rest),
	// each group in model order: a chain's stocks and its flows each sit
	// side by side, so batch instructions and the Euler update find runs of
	// consecutive slots (see compressRuns).
	slot := firstVarSlot
	for _, group := range []func(v *cvar) bool{
		func(v *cvar) bool { return v.kind == Stock },
		func(v *cvar) bool { return v.kind == Flow },
		func(v *cvar) bool { return v.kind != Stock && v.kind != Flow },
	} {
		for _, v := range c.vars {
			if group(v) {
				v.slot = slot
				slot++
			}
		}
	}
	g := &gen{c: c, literals: map[uint64]int32{}, names: b.names}
	// Literal slots follow the variables; delay sites need two slots each.
	for _, v := range c.vars {
		if v.fixedDelay != nil {
			p.delays = append(p.delays, delaySite{out: v.slot, in: c.vars[v.fixedDelay.input].slot, time: slot, init0: slot + 1})
			slot += 2
		}
	}
	// Common subexpressions of the step code get permanent slots.
	stepEqs := make([]expr.Node, len(b.stepOrder))
	for k, i := range b.stepOrder {
		stepEqs[k] = c.vars[i].ast
	}
	g.cse = g.cseCandidates(stepEqs, b.names)
	g.nextSlot = slot
	slot += int32(g.cse.common)
	g.litBase = slot
	g.literal(0)
	g.tempBase = 0

	// Initialisation code: every variable in initial order.
	c.segments = make([][2]int32, len(c.vars))
	g.code = make([]instr, 0, len(c.vars)+len(c.vars)/2)
	var delayIdx map[int]int
	for i, v := range c.vars {
		if v.fixedDelay != nil {
			if delayIdx == nil {
				delayIdx = map[int]int{}
			}
			delayIdx[i] = len(delayIdx)
		}
	}
	for _, i := range b.initOrder {
		v := c.vars[i]
		start := int32(len(g.code))
		g.temp = g.tempBase // temporaries live within one variable's code here
		switch {
		case v.fixedDelay != nil:
			d := p.delays[delayIdx[i]]
			g.into(v.fixedDelay.delayT, d.time)
			g.into(v.fixedDelay.initAt, d.init0)
			g.emit(instr{op: opMove, dst: v.slot, a: d.init0})
		case v.overridable:
			// No code: the value is in the template, where a run's Set overwrites it.
		case v.initAst() != nil:
			g.into(v.init.ast, v.slot)
			if v.kind == Flow && v.nonneg {
				g.emit(instr{op: opUniflow, dst: v.slot})
			}
		case v.ast != nil:
			g.variable(v)
		}
		c.segments[i] = [2]int32{start, int32(len(g.code))}
	}
	// Variables with an initial-value equation also get their running
	// equation on its own, for EvalVar; it follows the initialisation code,
	// which exec never reaches, so jumps stay within one code slice.
	p.initEnd = int32(len(g.code))
	for i, v := range c.vars {
		if v.initAst() != nil {
			start := int32(len(g.code))
			g.temp = g.tempBase
			g.variable(v)
			c.segments[i] = [2]int32{start, int32(len(g.code))}
		}
	}
	p.initCode = g.code
	g.code = make([]instr, 0, len(b.stepOrder)+len(b.stepOrder)/2)
	g.cseOn = true
	g.stepCode(b.levels())
	p.stepCode = g.code
	// Temporaries were numbered -2, -3, ... while literals were still being
	// added; now that the literal area is complete, place them after it.
	litEnd := g.litBase + int32(len(g.extra))
	remap := func(x *int32) {
		if *x < -1 {
			*x = litEnd + (-*x - 2)
		}
	}
	for _, code := range [][]instr{p.initCode, p.stepCode} {
		for k := range code {
			remap(&code[k].dst)
			remap(&code[k].a)
			remap(&code[k].b)
			remap(&code[k].c)
		}
	}
	for k := range g.ops {
		remap(&g.ops[k])
	}
	for k := range p.randoms {
		r := &p.randoms[k]
		for _, x := range []*int32{&r.min, &r.max, &r.seed} {
			remap(x)
		}
		for i := range r.params {
			remap(&r.params[i])
		}
	}
	p.operands = g.ops
	g.maxSlot = litEnd + g.maxTemp

	// Integration tables: each stock's inflows then outflows in netFlow.
	for _, v := range c.vars {
		if v.kind != Stock {
			continue
		}
		if len(v.inflows()) == 1 && len(v.outflows()) == 1 {
			p.oneInOneOut = append(p.oneInOneOut, rec{v.slot, c.vars[v.inflows()[0]].slot, c.vars[v.outflows()[0]].slot})
		} else if len(v.inflows()) == 1 && len(v.outflows()) == 0 {
			p.oneIn = append(p.oneIn, rec{dst: v.slot, a: c.vars[v.inflows()[0]].slot}) // smooths, trends
		} else {
			st := integ{slot: v.slot, in: int32(len(p.netFlow))}
			for _, f := range v.inflows() {
				p.netFlow = append(p.netFlow, c.vars[f].slot)
			}
			st.out = int32(len(p.netFlow))
			for _, f := range v.outflows() {
				p.netFlow = append(p.netFlow, c.vars[f].slot)
			}
			st.end = int32(len(p.netFlow))
			p.integ = append(p.integ, st)
		}
		if v.nonneg {
			p.nonNeg = append(p.nonNeg, v.slot)
		}
	}

	// c.stocks lists the stocks in the order euler and net visit them.
	for _, r := range p.oneInOneOut {
		p.stocks = append(p.stocks, r.dst)
	}
	for _, r := range p.oneIn {
		p.stocks = append(p.stocks, r.dst)
	}
	for _, st := range p.integ {
		p.stocks = append(p.stocks, st.slot)
	}
	nsave := 0
	for _, v := range c.vars {
		if !v.internal && !(v.kind == Graphical && v.ast == nil) {
			nsave++
		}
	}
	p.saveCols = make([]int32, 0, nsave)
	p.saveNames = make([]string, 0, nsave)
	p.saveIndex = make(map[string]int, nsave)
	for _, v := range c.vars {
		if v.internal || (v.kind == Graphical && v.ast == nil) {
			continue
		}
		p.saveIndex[v.key] = len(p.saveCols)
		p.saveCols = append(p.saveCols, v.slot)
		p.saveNames = append(p.saveNames, v.name)
	}
	p.slotNames = make([]string, len(c.vars))
	for _, v := range c.vars {
		k := v.slot - firstVarSlot
		p.slotNames[k] = v.name
		if v.owner != nil {
			p.slotNames[k] = v.owner.name
		}
		if v.overridable {
			p.params[v.key] = v.slot
		}
	}
	p.saveAll = newSavePlan(p.saveCols)
	p.checkOrder = make([]int32, 0, len(b.initOrder))
	for _, i := range b.initOrder {
		p.checkOrder = append(p.checkOrder, c.vars[i].slot)
	}
	p.nslots = int(g.maxSlot)
	p.compressRuns()
	p.fuseDivSum(g.levels)
	// checked before the template is used
	if err := p.checkSlots(); err != nil {
		b.errs = append(b.errs, &Error{Model: b.model.Name, Msg: err.Error()})
	}
	p.template = make([]float64, p.nslots)
	copy(p.template[g.litBase:], g.extra)
	p.template[slotPI] = math.Pi
	for _, v := range c.vars {
		if v.overridable {
			p.template[v.slot], _ = literalValue(v.ast)
		}
	}
}

// levels groups the step-order variables by dependency depth: a variable's
// level is one more than the deepest of the variables it depends on in a
// step, so variables of one level are independent of each other.
func (b *compiler) levels() [][]int {
	c := b.c
	level := make([]int32, len(c.vars))
	for i := range level {
		level[i] = -1
	}
	var out [][]int
	for _, i := range b.stepOrder { // dependencies come first
		l := int32(0)
		for _, d := range c.vars[i].deps {
			if dl := level[d]; dl >= 0 && dl+1 > l {
				l = dl + 1
			}
		}
		level[i] = l
		for len(out) <= int(l) {
			out = append(out, nil)
		}
		out[l] = append(out[l], i)
	}
	return out
}

// stepCode emits the step code level by level. Variables of one level are
// independent, so their code may be interleaved. Variables whose code has the
// same shape (the same sequence of operations, no jumps) are emitted position
// by position, each run of one operation as a single batch instruction: a
// tight loop instead of one dispatch per variable. Code that defines a common
// subexpression goes first, unchanged, so every use follows its definition;
// temporaries are unique within a level so interleaved code cannot clash.
func (g *gen) stepCode(levels [][]int) {
	type segment struct{ from, to int32 } // in buf
	type group struct {
		shape string
		segs  []segment
	}
	var (
		buf    []instr            // each variable's code, once generated
		first  []segment          // emitted as they are, in order
		groups []group            // by shape, in order of first appearance
		byKey  = map[string]int{} // shape -> groups index
		shape  []byte
	)
	for _, lv := range levels {
		g.levels = append(g.levels, len(g.code))
		g.temp = g.tempBase
		buf, first, groups = buf[:0], first[:0], groups[:0]
		clear(byKey)
		for _, i := range lv {
			start := len(g.code)
			defined := g.cseDefined
			g.variable(g.c.vars[i])
			seg := segment{int32(len(buf)), 0}
			buf = append(buf, g.code[start:]...)
			seg.to = int32(len(buf))
			g.code = g.code[:start]
			jumps := false
			shape = shape[:0]
			for _, in := range buf[seg.from:seg.to] {
				shape = append(shape, byte(in.op))
				if in.op == opJmp || in.op == opJmpFalse {
					jumps = true
				}
			}
			if jumps || g.cseDefined > defined {
				code := buf[seg.from:seg.to]
				for k := range code { // make jump targets relative to the segment
					if op := code[k].op; op == opJmp || op == opJmpFalse {
						code[k].b -= int32(start)
					}
				}
				first = append(first, seg)
				continue
			}
			k, ok := byKey[string(shape)]
			if !ok {
				k = len(groups)
				if k < cap(groups) {
					groups = groups[:k+1]
					groups[k].shape, groups[k].segs = string(shape), groups[k].segs[:0]
				} else {
					groups = append(groups, group{shape: string(shape)})
				}
				byKey[groups[k].shape] = k
			}
			groups[k].segs = append(groups[k].segs, seg)
		}
		for _, seg := range first {
			base := int32(len(g.code))
			for _, in := range buf[seg.from:seg.to] {
				if in.op == opJmp || in.op == opJmpFalse {
					in.b += base
				}
				g.emit(in)
			}
		}
		for _, gr := range groups {
			sh, segs := gr.shape, gr.segs
			for p := 0; p < len(sh); p++ {
				op := opcode(sh[p])
				if bop := batchOp(op); bop != 0 && len(segs) >= 4 {
					start := int32(len(g.ops))
					for _, seg := range segs {
						in := buf[seg.from+int32(p)]
						g.ops = append(g.ops, in.dst, in.a, in.b)
						if bop == opBatchLookupRatio || bop == opBatchSubDiv {
							g.ops = append(g.ops, in.c)
						}
					}
					g.emit(instr{op: bop, a: start, b: int32(len(segs))})
					continue
				}
				for _, seg := range segs {
					g.emit(buf[seg.from+int32(p)])
				}
			}
		}
	}
}

// equations lists the expressions a variable's code evaluates.
func (v *cvar) equations() []expr.Node {
	if v.fixedDelay != nil {
		return []expr.Node{v.fixedDelay.delayT, v.fixedDelay.initAt}
	}
	if v.ast == nil {
		return nil
	}
	return []expr.Node{v.ast}
}

// variable emits the code computing one variable into its slot.
func (g *gen) variable(v *cvar) {
	if v.kind == Graphical && v.ast != nil {
		g.lookupInto(v.gf, v.ast, v.slot)
		return
	}
	g.into(v.ast, v.slot)
	if v.kind == Flow && v.nonneg {
		g.emit(instr{op: opUniflow, dst: v.slot})
	}
}

// lookupInto reads table gf at x into dst. A graphical function of a ratio
// (effect of population / capacity, a common SD shape) is one fused
// instruction.
func (g *gen) lookupInto(gf int, x expr.Node, dst int32) {
	inner := x
	for {
		p, ok := inner.(*expr.Paren)
		if !ok {
			break
		}
		inner = p.X
	}
	if q, ok := inner.(*expr.Binary); ok && q.Op == expr.QUO {
		if _, folds := constFold(q); !folds {
			g.emit(instr{op: opLookupRatio, dst: dst, a: g.expr(q.X), b: g.expr(q.Y), c: int32(gf)})
			return
		}
	}
	g.emit(instr{op: opLookup, dst: dst, a: g.expr(x), b: int32(gf)})
}

func (g *gen) emit(in instr) int { g.code = append(g.code, in); return len(g.code) - 1 }

func (g *gen) literal(x float64) int32 {
	bits := math.Float64bits(x)
	if s, ok := g.literals[bits]; ok {
		return s
	}
	s := g.litBase + int32(len(g.extra))
	g.extra = append(g.extra, x)
	g.literals[bits] = s
	return s
}

// newTemp returns a temporary slot, valid until the next variable's code.
// Temporaries are virtual (-2, -3, ...) until generate places them.
func (g *gen) newTemp() int32 {
	t := -(g.temp + 2)
	g.temp++
	if g.temp > g.maxTemp {
		g.maxTemp = g.temp
	}
	return t
}

func (g *gen) operands() []int32 { return g.ops }

// expr returns the slot holding n's value, emitting code when needed.
func (g *gen) expr(n expr.Node) int32 {
	if v, ok := constFold(n); ok {
		return g.literal(v)
	}
	switch x := n.(type) {
	case *expr.Ident:
		return g.identSlot(x)
	case *expr.Paren:
		return g.expr(x.X)
	case *expr.Call:
		if len(x.Args) == 0 {
			if k, ok := zeroArg(canonicalIn(g.names, x.Fun.Name)); ok {
				return zeroArgSlot(k)
			}
		}
	}
	if g.cseOn && g.cseDepth == 0 {
		if e := g.cse.lookup(n); e != nil {
			if e.slot != 0 {
				return e.slot
			}
			s := g.nextSlot
			g.nextSlot++
			g.into(n, s)
			e.slot = s
			g.cseDefined++
			return s
		}
	}
	t := g.newTemp()
	g.into(n, t)
	return t
}

func zeroArgSlot(k string) int32 {
	switch k {
	case "TIME":
		return slotTime
	case "DT":
		return slotDT
	case "STARTTIME":
		return slotStart
	case "STOPTIME":
		return slotStop
	}
	return slotPI
}

func (g *gen) identSlot(x *expr.Ident) int32 {
	key := canonicalIn(g.names, x.Name)
	if i, ok := g.c.index[key]; ok {
		return g.c.vars[i].slot
	}
	k, _ := zeroArg(key)
	return zeroArgSlot(k)
}

// binOp is the instruction of a binary operator (0 for none).
func binOp(t expr.Token) opcode {
	switch t {
	case expr.ADD:
		return opAdd
	case expr.SUB:
		return opSub
	case expr.MUL:
		return opMul
	case expr.QUO:
		return opDiv
	case expr.POW:
		return opPow
	case expr.MOD:
		return opMod
	case expr.EQL:
		return opEq
	case expr.NEQ:
		return opNe
	case expr.LSS:
		return opLt
	case expr.LEQ:
		return opLe
	case expr.GTR:
		return opGt
	case expr.GEQ:
		return opGe
	case expr.AND:
		return opAnd
	case expr.OR:
		return opOr
	}
	return 0
}

// into emits code that stores n's value in slot dst.
func (g *gen) into(n expr.Node, dst int32) {
	if v, ok := constFold(n); ok {
		g.emit(instr{op: opMove, dst: dst, a: g.literal(v)})
		return
	}
	switch x := n.(type) {
	case *expr.Ident:
		g.emit(instr{op: opMove, dst: dst, a: g.identSlot(x)})
	case *expr.Paren:
		g.into(x.X, dst)
	case *expr.Unary:
		a := g.expr(x.X)
		switch x.Op {
		case expr.SUB:
			g.emit(instr{op: opNeg, dst: dst, a: a})
		case expr.NOT:
			g.emit(instr{op: opNot, dst: dst, a: a})
		default:
			g.emit(instr{op: opMove, dst: dst, a: a})
		}
	case *expr.Binary:
		if x.Op == expr.QUO {
			// (a - b) / c, the adjustment of a stock toward a goal and
			// every smooth's flow, is one fused instruction.
			num := x.X
			for p, ok := num.(*expr.Paren); ok; p, ok = num.(*expr.Paren) {
				num = p.X
			}
			if d, ok := num.(*expr.Binary); ok && d.Op == expr.SUB {
				a, b := g.expr(d.X), g.expr(d.Y)
				g.emit(instr{op: opSubDiv, dst: dst, a: a, b: b, c: g.expr(x.Y)})
				return
			}
		}
		if x.Op == expr.ADD {
			// A left-leaning chain a + b + c + ... becomes one summing
			// instruction; the order of additions is unchanged.
			var termBuf [16]expr.Node
			terms := termBuf[:0]
			var cur expr.Node = x
			for {
				bx, ok := cur.(*expr.Binary)
				if !ok || bx.Op != expr.ADD {
					break
				}
				terms = append(terms, bx.Y)
				cur = bx.X
			}
			terms = append(terms, cur)
			if len(terms) >= 3 {
				var slotBuf [16]int32
				slots := slotBuf[:0]
				if len(terms) > len(slotBuf) {
					slots = make([]int32, len(terms))
				}
				slots = slots[:len(terms)]
				for i := range terms {
					slots[len(terms)-1-i] = g.expr(terms[i])
				}
				start := int32(len(g.ops))
				g.ops = append(g.ops, slots...)
				g.emit(instr{op: opSum, dst: dst, a: start, b: int32(len(slots))})
				return
			}
		}
		a := g.expr(x.X)
		b := g.expr(x.Y)
		g.emit(instr{op: binOp(x.Op), dst: dst, a: a, b: b})
	case *expr.If:
		g.cond(x.Cond, x.Then, x.Else, dst)
	case *expr.Call:
		g.call(x, dst)
	}
}

func (g *gen) cond(cond, then, els expr.Node, dst int32) {
	c := g.expr(cond)
	jf := g.emit(instr{op: opJmpFalse, a: c})
	g.cseDepth++
	g.into(then, dst)
	j := g.emit(instr{op: opJmp})
	g.code[jf].b = int32(len(g.code))
	g.into(els, dst)
	g.cseDepth--
	g.code[j].b = int32(len(g.code))
}

func (g *gen) call(x *expr.Call, dst int32) {
	key := canonicalIn(g.names, x.Fun.Name)
	if i, ok := g.c.index[key]; ok && g.c.vars[i].kind == Graphical {
		g.lookupInto(g.c.vars[i].gf, x.Args[0], dst)
		return
	}
	if k, ok := zeroArg(key); ok && len(x.Args) == 0 {
		g.emit(instr{op: opMove, dst: dst, a: zeroArgSlot(k)})
		return
	}
	if fn := builtins()[key]; fn != nil && fn.emit != nil {
		fn.emit(g, x.Args, dst)
		return
	}
	// Stateful builtins were expanded before code generation.
	g.emit(instr{op: opMove, dst: dst, a: g.literal(math.NaN())})
}

// compressRuns rewrites batch instructions whose records form runs of
// consecutive slots (dst and a one after the other, b the same or one after
// the other) as run instructions, which loop over slices without reading
// an index per element; likewise the Euler update of one-inflow,
// one-outflow stocks, and sums of consecutive slots. Only where runs are
// long enough on average to pay for their setup.
func (c *program) compressRuns() {
	const minAvg = 3
	toRuns := func(rs []rec, bStepOK func(int32) bool) []run {
		var out []run
		for _, r := range rs {
			if n := len(out); n > 0 {
				l := &out[n-1]
				step := r.b - (l.b + l.bstep*(l.n-1))
				if r.dst == l.dst+l.n && r.a == l.a+l.n && ((l.n == 1 && bStepOK(step) && (step == 0 || step == 1)) || (l.n > 1 && step == l.bstep)) {
					if l.n == 1 {
						l.bstep = step
					}
					l.n++
					continue
				}
			}
			out = append(out, run{dst: r.dst, a: r.a, b: r.b, n: 1})
		}
		return out
	}
	runOp := map[opcode]opcode{opBatchMove: opBatchMoveRun, opBatchAdd: opBatchAddRun, opBatchSub: opBatchSubRun, opBatchMul: opBatchMulRun, opBatchDiv: opBatchDivRun}
	for k := range c.stepCode {
		in := &c.stepCode[k]
		if rop, ok := runOp[in.op]; ok {
			// The records of one batch are independent (variables of one
			// dependency level, each with its own temporaries), so they may
			// run in any order: in slot order, an arrayed variable's
			// elements that another level's code split apart join up again.
			rs := slices.Clone(recs(c.operands, in))
			slices.SortStableFunc(rs, func(x, y rec) int { return cmp.Compare(x.dst, y.dst) })
			bOK := func(int32) bool { return true }
			if in.op == opBatchMove {
				bOK = func(step int32) bool { return step == 0 }
			}
			runs := toRuns(rs, bOK)
			if len(rs) < minAvg*len(runs) {
				continue
			}
			start := int32(len(c.operands))
			for _, r := range runs {
				c.operands = append(c.operands, r.dst, r.a, r.b, r.n, r.bstep)
			}
			*in = instr{op: rop, a: start, b: int32(len(runs))}
		}
		if in.op == opBatchSum {
			rs := recs(c.operands, in)
			contiguous := true
			for _, r := range rs {
				ops := c.operands[r.a : r.a+r.b]
				for i := range ops {
					contiguous = contiguous && ops[i] == ops[0]+int32(i)
				}
			}
			if contiguous {
				start := int32(len(c.operands))
				for _, r := range rs {
					c.operands = append(c.operands, r.dst, c.operands[r.a], r.b)
				}
				*in = instr{op: opBatchSumRun, a: start, b: int32(len(rs))}
			}
		}
	}
	if runs := toRuns(c.oneInOneOut, func(step int32) bool { return step == 1 }); len(c.oneInOneOut) >= minAvg*len(runs) {
		c.eulerRuns = runs
	}
}

// fuseDivSum merges, within one dependency level, a sum of consecutive slots
// into the division run that reads the same slots: the aging-chain shape,
// where each stage's outflow is stock / stage time and the chain's total is
// the sum of its stocks. One loop then does both, and the additions overlap
// with the divisions, whose latency bounds the loop. The sum is taken in
// the same order, so results do not change.
func (c *program) fuseDivSum(levels []int) {
	levels = append(levels, len(c.stepCode))
	for l := 0; l+1 < len(levels); l++ {
		code := c.stepCode[levels[l]:levels[l+1]]
		for i := range code {
			if code[i].op != opBatchDivRun {
				continue
			}
			rs := runs(c.operands, &code[i])
			byStart := map[[2]int32]int{}
			for k, r := range rs {
				byStart[[2]int32{r.a, r.n}] = k
			}
			for j := range code {
				if code[j].op != opBatchSumRun || code[j].b == 0 {
					continue
				}
				sums := recs(c.operands, &code[j])
				match := make([]int32, len(rs))
				for k := range match {
					match[k] = -1
				}
				all := true
				for _, sm := range sums {
					k, ok := byStart[[2]int32{sm.a, sm.b}]
					if !ok || match[k] >= 0 {
						all = false
						break
					}
					match[k] = sm.dst
				}
				if !all {
					continue
				}
				start := int32(len(c.operands))
				for k, r := range rs {
					c.operands = append(c.operands, r.dst, r.a, r.b, r.n, r.bstep, match[k])
				}
				code[i] = instr{op: opDivSumRun, a: start, b: int32(len(rs))}
				code[j].b = 0 // the sums are done by the fused instruction
				break
			}
		}
	}
}
