package sdmodel

// Kernels: the loops over runs of consecutive slots that dominate a step of
// a model with chains (each stage's outflow is its stock over a residence
// time, and the Euler update of the stages). On amd64 they do two slots
// per instruction in assembly (kernels_amd64.s); these are the portable
// versions (WebAssembly, other architectures, the purego build tag), which
// give the same bits: every slot gets the same IEEE operations in the same
// order, and a sum keeps its order.
//
// The loops take each record through a pointer (r := &rs[i]), never by
// value: a run has five fields, more than the compiler keeps in
// registers, so "for _, r := range rs" copies each record to the stack and
// reads it back, and where the copy's two overlapping stores meet the
// loads depends on the stack's alignment, a stall that made a whole run
// up to 40% slower or not from one build to the next. The loops do two
// slots per iteration, independent of each other, and their indexes are
// proved in range once per run (no bounds checks inside).

func divideRunsGo(v []float64, rs []run) {
	for k := range rs {
		r := &rs[k]
		n := int(r.n)
		d, x := v[r.dst:int(r.dst)+n], v[r.a:int(r.a)+n]
		x = x[:len(d)]
		if r.bstep == 0 {
			divideByGo(d, x, v[r.b])
		} else {
			y := v[r.b : int(r.b)+n]
			divideEachGo(d, x, y[:len(d)])
		}
	}
}

// divideByGo sets d[i] = x[i] / y.
func divideByGo(d, x []float64, y float64) {
	x = x[:len(d)]
	i := 0
	for ; i < len(d)-1; i += 2 {
		d[i], d[i+1] = x[i]/y, x[i+1]/y
	}
	if i < len(d) {
		d[i] = x[i] / y
	}
}

// divideEachGo sets d[i] = x[i] / y[i].
func divideEachGo(d, x, y []float64) {
	x, y = x[:len(d)], y[:len(d)]
	i := 0
	for ; i < len(d)-1; i += 2 {
		d[i], d[i+1] = x[i]/y[i], x[i+1]/y[i+1]
	}
	if i < len(d) {
		d[i] = x[i] / y[i]
	}
}

func divideSumRunsGo(v []float64, rs []divSum) {
	for k := range rs {
		r := &rs[k]
		n := int(r.n)
		d, x := v[r.dst:int(r.dst)+n], v[r.a:int(r.a)+n]
		x = x[:len(d)]
		var sum float64
		if r.bstep == 0 {
			sum = divideBySumGo(d, x, v[r.b])
		} else {
			y := v[r.b : int(r.b)+n]
			sum = divideEachSumGo(d, x, y[:len(d)])
		}
		if r.sum >= 0 {
			v[r.sum] = sum
		}
	}
}

// divideBySumGo is divideByGo that also returns the sum of x, added in
// order; the additions overlap the divisions.
func divideBySumGo(d, x []float64, y float64) float64 {
	x = x[:len(d)]
	sum := 0.0
	i := 0
	for ; i < len(d)-1; i += 2 {
		d[i], d[i+1] = x[i]/y, x[i+1]/y
		sum += x[i]
		sum += x[i+1]
	}
	if i < len(d) {
		d[i] = x[i] / y
		sum += x[i]
	}
	return sum
}

// divideEachSumGo is divideEachGo that also returns the sum of x, added in order.
func divideEachSumGo(d, x, y []float64) float64 {
	x, y = x[:len(d)], y[:len(d)]
	sum := 0.0
	i := 0
	for ; i < len(d)-1; i += 2 {
		d[i], d[i+1] = x[i]/y[i], x[i+1]/y[i+1]
		sum += x[i]
		sum += x[i+1]
	}
	if i < len(d) {
		d[i] = x[i] / y[i]
		sum += x[i]
	}
	return sum
}

// eulerUpdateRunsGo moves runs of stocks: v[dst+i] += dt * (v[a+i] - v[b+i]).
func eulerUpdateRunsGo(v []float64, rs []run, dt float64) {
	for k := range rs {
		r := &rs[k]
		n := int(r.n)
		s, in, out := v[r.dst:int(r.dst)+n], v[r.a:int(r.a)+n], v[r.b:int(r.b)+n]
		in, out = in[:len(s)], out[:len(s)]
		i := 0
		// The conversions forbid a fused multiply-add, as in the assembly.
		for ; i < len(s)-1; i += 2 {
			s[i], s[i+1] = s[i]+float64(dt*(in[i]-out[i])), s[i+1]+float64(dt*(in[i+1]-out[i+1]))
		}
		if i < len(s) {
			s[i] += float64(dt * (in[i] - out[i]))
		}
	}
}

// moveSlotRunsGo copies runs of slots: v[dst+i] = v[a+i]. A loop, not
// copy: runs are short, and memmove's call and size dispatch would cost
// more than the moves.
func moveSlotRunsGo(v []float64, rs []run) {
	for k := range rs {
		r := &rs[k]
		n := int(r.n)
		d, x := v[r.dst:int(r.dst)+n], v[r.a:int(r.a)+n]
		x = x[:len(d)]
		i := 0
		for ; i < len(d)-1; i += 2 {
			d[i], d[i+1] = x[i], x[i+1]
		}
		if i < len(d) {
			d[i] = x[i]
		}
	}
}
