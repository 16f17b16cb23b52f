package sdmodel

// The division runs are the aging chain's inner loop (each stage's outflow
// is its stock over a residence time): on amd64 they are done two at a
// time in assembly (divrun_amd64.s); these are the portable versions, which
// give the same bits (every division is IEEE, the sum keeps its order).

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
