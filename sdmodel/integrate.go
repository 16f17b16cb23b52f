package sdmodel

// The integrators: Euler, RK2 and RK4 move the stocks by their net flows.
// They visit the stocks in program.stocks order: first those with one
// inflow and one outflow (oneInOneOut), then those with one inflow alone
// (oneIn), then the others (integ).
//
// A product added to something is converted, float64(x*y) + z: Go fuses
// x*y + z into one multiply-add on arm64 and other platforms (not on amd64
// or WebAssembly), which rounds once instead of twice and so gives other
// bits; the conversion makes every platform round the product.

// clampNonNegative keeps non-negative stocks at zero or above after a step.
// As in the XMILE test suite's reference outputs (and PySD), the flows keep
// the values they were computed with; only the stock is held at zero.
func (m *machine) clampNonNegative() {
	v := m.v
	for _, s := range m.p.nonNeg {
		if v[s] < 0 {
			v[s] = 0
		}
	}
}

// net computes every stock's net flow, in the order of c.stocks.
func (m *machine) net(k []float64) {
	v := m.v
	n := 0
	for _, r := range m.p.oneInOneOut {
		k[n] = v[r.a] - v[r.b]
		n++
	}
	for _, r := range m.p.oneIn {
		k[n] = v[r.a]
		n++
	}
	for _, st := range m.p.integ {
		k[n] = m.netOf(st)
		n++
	}
}

// netOf is the net flow of a stock without the one-in-one-out shape.
func (m *machine) netOf(st integ) float64 {
	v := m.v
	flows := m.p.netFlow
	d := 0.0
	for _, f := range flows[st.in:st.out] {
		d += v[f]
	}
	for _, f := range flows[st.out:st.end] {
		d -= v[f]
	}
	return d
}

func (m *machine) euler(dt float64) {
	v := m.v
	// Most stocks have one inflow and one outflow: a loop without inner
	// loops, or over runs of consecutive slots (a chain's stocks and flows).
	if m.p.eulerRuns != nil {
		eulerUpdateRuns(v, m.p.eulerRuns, dt)
	} else {
		for _, r := range m.p.oneInOneOut {
			*at(v, r.dst) += float64(dt * (*at(v, r.a) - *at(v, r.b)))
		}
	}
	for _, r := range m.p.oneIn {
		*at(v, r.dst) += float64(dt * *at(v, r.a))
	}
	for _, st := range m.p.integ {
		v[st.slot] += float64(dt * m.netOf(st))
	}
}

// stage evaluates the flows with the stocks at s0 + h*k, at time t.
func (m *machine) stage(t, h float64, s0, k, out []float64) {
	c := m.p
	for s, slot := range c.stocks {
		m.v[slot] = s0[s] + float64(h*k[s])
	}
	m.v[slotTime] = t
	m.delayOutputs()
	m.exec(c.stepCode)
	m.net(out)
}

func (m *machine) rk2(t, dt float64, k1, k2, s0 []float64) {
	c := m.p
	for s, slot := range c.stocks {
		s0[s] = m.v[slot]
	}
	m.net(k1)
	m.stage(t+dt, dt, s0, k1, k2)
	for s, slot := range c.stocks {
		m.v[slot] = s0[s] + float64(dt/2*(k1[s]+k2[s]))
	}
}

func (m *machine) rk4(t, dt float64, k1, k2, k3, k4, s0 []float64) {
	c := m.p
	for s, slot := range c.stocks {
		s0[s] = m.v[slot]
	}
	m.net(k1)
	half := float64(dt / 2)
	m.stage(t+half, half, s0, k1, k2)
	m.stage(t+half, half, s0, k2, k3)
	m.stage(t+dt, dt, s0, k3, k4)
	for s, slot := range c.stocks {
		m.v[slot] = s0[s] + float64(dt/6*(k1[s]+float64(2*k2[s])+float64(2*k3[s])+k4[s]))
	}
}
