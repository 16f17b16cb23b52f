package sdmodel

// Kernels: the loops over runs of consecutive slots that dominate a step of
// a model with chains (each stage's outflow is its stock over a residence
// time, and the Euler update of the stages). On amd64 they do two slots
// per instruction in assembly (kernels_amd64.s); these are the portable
// versions, which give the same bits: every lane does the same IEEE
// operations in the same order, and a sum keeps its order.

func divideRunsGo(v []float64, rs []run) {
	for _, r := range rs {
		d, x := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n]
		x = x[:len(d)]
		if r.bstep == 0 {
			y := v[r.b]
			for i := range d {
				d[i] = x[i] / y
			}
		} else {
			y := v[r.b : r.b+r.n]
			y = y[:len(d)]
			for i := range d {
				d[i] = x[i] / y[i]
			}
		}
	}
}

func divideSumRunsGo(v []float64, rs []divSum) {
	for _, r := range rs {
		d, x := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n]
		x = x[:len(d)]
		sum := 0.0
		if r.bstep == 0 {
			y := v[r.b]
			for i := range d {
				d[i] = x[i] / y
				sum += x[i]
			}
		} else {
			y := v[r.b : r.b+r.n]
			y = y[:len(d)]
			for i := range d {
				d[i] = x[i] / y[i]
				sum += x[i]
			}
		}
		if r.sum >= 0 {
			v[r.sum] = sum
		}
	}
}

// eulerUpdateRunsGo moves runs of stocks: v[dst+i] += dt * (v[a+i] - v[b+i]).
func eulerUpdateRunsGo(v []float64, rs []run, dt float64) {
	for _, r := range rs {
		s, in, out := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n], v[r.b:r.b+r.n]
		in, out = in[:len(s)], out[:len(s)]
		for i := range s {
			s[i] += float64(dt * (in[i] - out[i])) // the conversion forbids a fused multiply-add, as in the assembly
		}
	}
}

// moveSlotRunsGo copies runs of slots: v[dst+i] = v[a+i]. A loop, not
// copy: runs are short, and memmove's call and size dispatch would cost
// more than the moves.
func moveSlotRunsGo(v []float64, rs []run) {
	for _, r := range rs {
		d, x := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n]
		x = x[:len(d)]
		for i := range d {
			d[i] = x[i]
		}
	}
}
