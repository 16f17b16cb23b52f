package sdmodel

import (
	"fmt"
	"math"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Delays: material delays expanded into chains of internal stocks, the
// pipeline delay DELAY_FIXED (a buffer of past inputs), and INIT.
func delayBuiltins() []*builtin {
	return []*builtin{
		delayFn(args("DELAY1", 2, 3, "DELAY1(input, delay time[, initial])"), 1, -1, 2),
		delayFn(fixed("DELAY1I", 3, "DELAY1I(input, delay time, initial)"), 1, -1, 2),
		delayFn(args("DELAY3", 2, 3, "DELAY3(input, delay time[, initial])"), 3, -1, 2),
		delayFn(fixed("DELAY3I", 3, "DELAY3I(input, delay time, initial)"), 3, -1, 2),
		delayFn(args("DELAYN", 3, 4, "DELAYN(input, delay time, order[, initial])"), 0, 2, 3),
		// Vensim's DELAY N puts the initial value before the order.
		delayFn(fixed("DELAY N", 4, "DELAY N(input, delay time, initial, order)", "delay_n"), 0, 3, 2),
		{name: "DELAY_FIXED", aliases: []string{"delay", "delay_fixed"}, min: 2, max: 3, signature: "DELAY_FIXED(input, delay time[, initial])",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				in := b.newInternal(owner, base+".input", Aux, a[0])
				init := arg(a, 2)
				if init == nil {
					init = a[0]
				}
				out := b.newInternal(owner, base, Aux, nil)
				out.fixedDelay = &delayDef{input: b.c.index[in.key], delayT: a[1], initAt: init}
				return ref(out)
			}},
		// DEPRECIATE_STRAIGHTLINE spreads each input evenly over the depreciation
		// time: the output is the input received during the last depreciation time
		// (this step included), divided by that time. The input is a rate, so
		// what goes out over the depreciation time equals what came in. Vensim's
		// fiscal-year and initial-value arguments are accepted and not used, as
		// in SDEverywhere; the numbers match Vensim's at DT = 1.
		{name: "DEPRECIATE_STRAIGHTLINE", aliases: []string{"depreciate_straightline"}, min: 4, max: 4,
			signature: "DEPRECIATE_STRAIGHTLINE(input, depreciation time, fiscal year, initial)",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				received := b.newInternal(owner, base+".received", Stock, num(0))
				in := b.newInternal(owner, base+".input", Flow, a[0])
				received.setFlows([]int{b.c.index[in.key]}, nil)
				// All received up to the end of this step.
				upTo := b.newInternal(owner, base+".cumulative", Aux, bin(expr.ADD, ref(received), bin(expr.MUL, ref(in), &expr.Ident{Name: "DT"})))
				before := b.newInternal(owner, base+".before", Aux, nil)
				before.fixedDelay = &delayDef{input: b.c.index[upTo.key], delayT: a[1], initAt: num(0)}
				return bin(expr.QUO, paren(bin(expr.SUB, ref(upTo), ref(before))), paren(a[1]))
			}},
		// INIT(x) is x at the start: a stock with no flows.
		{name: "INIT", aliases: []string{"init", "initial"}, min: 1, max: 1, signature: "INIT(x)",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				return ref(b.newInternal(owner, base, Stock, a[0]))
			}},
	}
}

// delayFn is an n-th order material delay: order n, or read from argument
// orderArg; the optional initial outflow is argument initArg.
func delayFn(b *builtin, n, orderArg, initArg int) *builtin {
	return nthOrderFn(b, n, orderArg, initArg, (*compiler).delayN)
}

// nthOrderFn gives b the expansion shared by the n-th order families
// (material delays and smooths): the order, fixed or read from an argument,
// then expand(input, time, initial value, order).
func nthOrderFn(b *builtin, n, orderArg, initArg int,
	expand func(c *compiler, owner *cvar, base string, x, t, init expr.Node, n int) expr.Node) *builtin {
	b.expand = func(c *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
		order := n
		if orderArg >= 0 {
			var ok bool
			if order, ok = c.orderArg(owner, b.name, a[orderArg]); !ok {
				return nil
			}
		}
		return expand(c, owner, base, a[0], a[1], arg(a, initArg), order)
	}
	return b
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
		s.flows, s.nIn = []int{b.c.index[prevOut.key], b.c.index[out.key]}, 1
		prevOut = out
	}
	return ref(out)
}

// A pipeline delay at run time: a ring buffer of the input's past values.

type delayDef struct {
	input          int // internal auxiliary holding the delayed input
	delayT, initAt expr.Node
}

type delaySite struct {
	out, in     int32 // output slot (a state) and input slot
	time, init0 int32 // slots holding the delay time and initial value (evaluated at init)
}

type delayState struct {
	buf []float64
	pos int
}

// makeDelays sizes the pipeline delays' buffers from their delay times at
// the start of the run. A buffer never needs more places than the run has
// steps: a longer delay outputs its initial value throughout.
func (m *machine) makeDelays(plan runPlan) error {
	c, v := m.p, m.v
	m.delays = make([]delayState, len(c.delays))
	total := 0
	for i, d := range c.delays {
		name := c.varName(d.out)
		t0 := plan.spec.Start
		dtime := v[d.time]
		if math.IsNaN(dtime) || dtime < 0 {
			return &Error{Model: c.modelName, Variable: name, Time: &t0, Msg: fmt.Sprintf("DELAY_FIXED: the delay time must be zero or more, got %g", dtime)}
		}
		n := int(min(math.Round(dtime/plan.spec.DT), float64(plan.nsteps+1)))
		total += n
		if total > MaxDelayValues {
			return &Error{Model: c.modelName, Variable: name, Time: &t0, Msg: fmt.Sprintf("DELAY_FIXED: a delay time of %g at DT %g needs %d stored values, and the model's pipeline delays together more than the limit of %d: use a larger DT, a shorter delay or a material delay (DELAY3)", dtime, plan.spec.DT, n, MaxDelayValues)}
		}
		buf := make([]float64, n)
		for k := range buf {
			buf[k] = v[d.init0]
		}
		m.delays[i] = delayState{buf: buf}
	}
	return nil
}

// delayOutputs sets each pipeline delay's output for the current step.
func (m *machine) delayOutputs() {
	for i, d := range m.p.delays {
		st := &m.delays[i]
		if len(st.buf) == 0 {
			m.v[d.out] = m.v[d.in] // zero delay: updated after the input below
			continue
		}
		m.v[d.out] = st.buf[st.pos]
	}
}

// delayPush records the step's inputs.
func (m *machine) delayPush() {
	for i, d := range m.p.delays {
		st := &m.delays[i]
		if len(st.buf) == 0 {
			continue
		}
		st.buf[st.pos] = m.v[d.in]
		st.pos++
		if st.pos == len(st.buf) {
			st.pos = 0
		}
	}
}
