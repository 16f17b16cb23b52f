package sdmodel

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Smooths, trends and forecasts: information delays, expanded into
// internal stocks that adjust toward their input.
func smoothBuiltins() []*builtin {
	return []*builtin{
		smoothFn(args("SMTH1", 2, 3, "SMTH1(input, averaging time[, initial])", "smth1", "smooth"), 1, -1, 2),
		smoothFn(args("SMTH3", 2, 3, "SMTH3(input, averaging time[, initial])", "smth3", "smooth3"), 3, -1, 2),
		smoothFn(args("SMTHN", 3, 4, "SMTHN(input, averaging time, order[, initial])"), 0, 2, 3),
		// Vensim's SMOOTH N puts the initial value before the order.
		smoothFn(fixed("SMOOTH N", 4, "SMOOTH N(input, averaging time, initial, order)", "smooth_n"), 0, 3, 2),
		smoothFn(fixed("SMOOTHI", 3, "SMOOTHI(input, averaging time, initial)"), 1, -1, 2),
		smoothFn(fixed("SMOOTH3I", 3, "SMOOTH3I(input, averaging time, initial)"), 3, -1, 2),
		{name: "TREND", aliases: []string{"trend"}, min: 2, max: 3, signature: "TREND(input, averaging time[, initial trend])",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				return ref(b.trend(owner, base, a[0], a[1], arg(a, 2)))
			}},
		{name: "FORECAST", aliases: []string{"forecast"}, min: 3, max: 4, signature: "FORECAST(input, averaging time, horizon[, initial trend])",
			expand: func(b *compiler, owner *cvar, base string, a []expr.Node) expr.Node {
				tr := b.trend(owner, base, a[0], a[1], arg(a, 3))
				return ref(b.newInternal(owner, base, Aux, bin(expr.MUL, paren(a[0]), paren(bin(expr.ADD, num(1), bin(expr.MUL, ref(tr), paren(a[2])))))))
			}},
	}
}

// smoothFn is an n-th order smooth: order n, or read from argument
// orderArg; the optional initial value is argument initArg.
func smoothFn(b *builtin, n, orderArg, initArg int) *builtin {
	return nthOrderFn(b, n, orderArg, initArg, (*compiler).smooth)
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
		s.setFlows([]int{b.c.index[f.key]}, nil)
		prev = ref(s)
		last = s
	}
	return ref(last)
}

// trend expands TREND: the input's average over the averaging time (a
// stock), and the fractional trend (input - average) / (average * time).
// The trend starts at init0 (0 when absent) per time unit.
func (b *compiler) trend(owner *cvar, base string, x, t, init0 expr.Node) *cvar {
	if init0 == nil {
		init0 = num(0)
	}
	avgInit := bin(expr.QUO, paren(x), paren(bin(expr.ADD, num(1), bin(expr.MUL, paren(init0), paren(t)))))
	avg := b.newInternal(owner, base+".average", Stock, avgInit)
	flow := b.newInternal(owner, base+".change", Flow, bin(expr.QUO, paren(bin(expr.SUB, paren(x), ref(avg))), paren(t)))
	avg.setFlows([]int{b.c.index[flow.key]}, nil)
	trend := &expr.Call{Fun: &expr.Ident{Name: "ZIDZ"}, Args: []expr.Node{bin(expr.SUB, paren(x), ref(avg)), bin(expr.MUL, ref(avg), paren(t))}}
	return b.newInternal(owner, base+".trend", Aux, trend)
}
