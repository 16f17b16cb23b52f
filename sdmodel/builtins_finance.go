package sdmodel

import "github.com/sdlessons/trafficking/sdmodel/expr"

// Financial builtins.
func financeBuiltins() []*builtin {
	return []*builtin{
		{name: "NPV", aliases: []string{"npv"}, min: 2, max: 4,
			signature: "NPV(stream, discount rate[, initial value[, factor]])",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				return ref(b.npv(owner, base, a[0], a[1], arg(a, 2), arg(a, 3), false))
			}},
		{name: "NPVE", aliases: []string{"npve"}, min: 2, max: 4,
			signature: "NPVE(stream, discount rate[, initial value[, factor]])",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				return ref(b.npv(owner, base, a[0], a[1], arg(a, 2), arg(a, 3), true))
			}},
	}
}

// npv expands NPV(stream, discount rate, initial value, factor) as
// Vensim defines it: a discount factor that starts at 1 and falls by
// rate / (1 + rate * DT) of itself per time unit, the accumulated
// discounted stream (a stock starting at the initial value), and the
// value (accumulated + stream * DT * discount factor) * factor, which
// counts the current step's payment too. The initial value defaults to 0
// and the factor to 1, as XMILE's optional arguments. Vensim's NPVE (end
// of period valuation, as spreadsheets discount) is the same with the
// discount factor starting at 1 / (1 + rate * DT), so the first step's
// payment is discounted too.
func (b *compiler) npv(owner *cvar, base string, stream, rate, init, factor expr.Node, end bool) *cvar {
	if init == nil {
		init = num(0)
	}
	if factor == nil {
		factor = num(1)
	}
	step := paren(bin(expr.ADD, num(1), bin(expr.MUL, paren(rate), &expr.Ident{Name: "DT"})))
	var start expr.Node = num(1)
	if end {
		start = bin(expr.QUO, num(1), step)
	}
	df := b.newInternal(owner, base+".discount", Stock, start)
	fall := bin(expr.QUO, bin(expr.MUL, &expr.Unary{Op: expr.SUB, X: ref(df)}, paren(rate)), step)
	dfFlow := b.newInternal(owner, base+".discount.change", Flow, fall)
	df.setFlows([]int{b.c.index[dfFlow.key]}, nil)
	acc := b.newInternal(owner, base+".accumulated", Stock, init)
	accFlow := b.newInternal(owner, base+".accumulated.change", Flow, bin(expr.MUL, paren(stream), ref(df)))
	acc.setFlows([]int{b.c.index[accFlow.key]}, nil)
	now := bin(expr.MUL, bin(expr.MUL, paren(stream), &expr.Ident{Name: "DT"}), ref(df))
	return b.newInternal(owner, base, Aux, bin(expr.MUL, paren(bin(expr.ADD, ref(acc), now)), paren(factor)))
}
