package sdmodel

import (
	"errors"
	"fmt"
	"math"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// machine is the state of one run.
type machine struct {
	c         *Compiled
	v         []float64
	gfs       []*table
	delays    []delayState
	rand      []randState
	step      int // current step index, for the random builtins
	overrides map[int32]float64
	checked   bool // check every value at every step (the slow path that locates a NaN)
	seed      uint64
}

// Run simulates the model once and returns the saved results. A value that
// becomes NaN or infinite stops the run with an error naming the variable and
// the time; the results up to that point are returned with it.
func (c *Compiled) Run(opts ...RunOption) (*Results, error) {
	cfg := runConfig{}
	for _, o := range opts {
		o(&cfg)
	}
	spec, errs := cfg.spec(c.time)
	if len(errs) > 0 {
		return nil, c.modelErrors(errs)
	}
	cols, names, err := c.keep(cfg.vars)
	if err != nil {
		return nil, err
	}
	plan, errs := planRun(spec, len(cols))
	if len(errs) > 0 {
		return nil, c.modelErrors(errs)
	}
	m := c.newMachine()
	m.seed = cfg.seed
	for _, o := range cfg.consts {
		name, val := o.name, o.value
		slot, ok := c.constByName[o.key]
		if !ok {
			return nil, c.overrideError(name, "constant")
		}
		if m.overrides == nil {
			m.overrides = map[int32]float64{}
		}
		m.overrides[slot] = val // initialisation skips the constant's own code
	}
	if len(cfg.gfs) > 0 {
		m.gfs = append([]*table(nil), c.gfs...)
		for _, o := range cfg.gfs {
			name, g := o.name, o.gf
			i, ok := c.index[o.key]
			if !ok || c.vars[i].kind != Graphical {
				return nil, c.overrideError(name, "graphical function")
			}
			ng := *g
			if ng.Type == "" {
				ng.Type = c.model.Var(c.vars[i].name).GF.Type
			}
			if msg := checkGF(&ng); msg != "" {
				return nil, &Error{Model: c.model.Name, Variable: c.vars[i].name, Msg: "graphical function override: " + msg}
			}
			m.gfs[c.vars[i].gf] = newTable(&ng)
		}
	}
	res, err := m.simulate(plan, cols, names)
	if err == errRerunChecked {
		m2 := c.newMachine()
		m2.gfs, m2.seed, m2.overrides, m2.checked = m.gfs, m.seed, m.overrides, true
		res, err = m2.simulate(plan, cols, names)
	}
	return res, err
}

// newMachine returns the state of one fresh run (or evaluator): slots
// holding the literals, the default tables, random builtins not yet drawn.
func (c *Compiled) newMachine() *machine {
	m := &machine{c: c, v: make([]float64, c.nslots), gfs: c.gfs, rand: make([]randState, len(c.randoms))}
	copy(m.v, c.template)
	for i := range m.rand {
		m.rand[i].step = -1
	}
	return m
}

// errRerunChecked signals that a fast run saw a NaN or infinity somewhere.
var errRerunChecked = errors.New("non-finite value")

// modelErrors turns messages about a whole run into an error.
func (c *Compiled) modelErrors(msgs []string) error {
	var l ErrorList
	for _, msg := range msgs {
		l = append(l, &Error{Model: c.model.Name, Msg: msg})
	}
	return l.Err()
}

func (c *Compiled) overrideError(name, what string) error {
	var cands []string
	for _, v := range c.vars {
		if (what == "constant" && v.overridable && !v.internal) || (what != "constant" && v.kind == Graphical) {
			cands = append(cands, v.name)
		}
	}
	msg := fmt.Sprintf("cannot override: not a %s of the model%s", what, suggest(name, cands))
	if i, ok := c.index[expr.Canonical(name)]; ok && what == "constant" {
		msg = fmt.Sprintf("cannot override: %s is a %s computed from an equation, not a constant", c.vars[i].name, c.vars[i].kind)
	}
	return &Error{Model: c.model.Name, Variable: name, Msg: msg}
}

func (c *Compiled) keep(names []string) ([]int32, []string, error) {
	if len(names) == 0 {
		return c.saveCols, c.saveNames, nil
	}
	var cols []int32
	var out []string
	for _, n := range names {
		k, ok := c.saveIndex[expr.Canonical(n)]
		if !ok {
			return nil, nil, &Error{Model: c.model.Name, Variable: n, Msg: "no such variable to keep" + suggest(n, c.saveNames)}
		}
		cols = append(cols, c.saveCols[k])
		out = append(out, c.saveNames[k])
	}
	return cols, out, nil
}

func (m *machine) simulate(plan runPlan, cols []int32, names []string) (*Results, error) {
	c := m.c
	spec := plan.spec
	dt := spec.DT
	nsteps, stride, nsave := plan.nsteps, plan.stride, plan.nsave

	v := m.v
	v[slotTime], v[slotDT], v[slotStart], v[slotStop] = spec.Start, dt, spec.Start, spec.Stop
	m.step = 0

	// Initialisation.
	if err := m.runInit(); err != nil {
		return nil, err
	}
	if err := m.makeDelays(plan); err != nil {
		return nil, err
	}

	res := &Results{Model: c.model.Name, DateOrigin: c.model.DateOrigin, TimeUnits: spec.Units,
		time: make([]float64, 0, nsave), names: names, data: make([]float64, nsave*len(cols))}
	if len(names) == len(c.saveNames) && (len(names) == 0 || &names[0] == &c.saveNames[0]) {
		res.index = c.saveIndex // shared, never written
	} else {
		res.index = make(map[string]int, len(names))
		for i, n := range names {
			res.index[expr.Canonical(n)] = i
		}
	}

	nst := len(c.stocks)
	var k1, k2, k3, k4, s0 []float64
	switch spec.Method {
	case RK2:
		k1, k2, s0 = make([]float64, nst), make([]float64, nst), make([]float64, nst)
	case RK4:
		k1, k2, k3, k4, s0 = make([]float64, nst), make([]float64, nst), make([]float64, nst), make([]float64, nst), make([]float64, nst)
	}
	row := 0
	for i := 0; ; i++ {
		t := spec.Start + float64(i)*dt
		v[slotTime] = t
		m.step = i
		m.delayOutputs()
		m.exec(c.stepCode)
		if m.checked && !m.finite() {
			return m.truncate(res, row, nsave), m.nonFinite(t)
		}
		if i%stride == 0 {
			out := res.data[row*len(cols) : (row+1)*len(cols)]
			for j, s := range cols {
				out[j] = v[s]
			}
			res.time = append(res.time, t)
			row++
		}
		if i >= nsteps {
			break
		}
		m.delayPush()
		switch spec.Method {
		case Euler:
			m.euler(dt)
		case RK2:
			m.rk2(t, dt, k1, k2, s0)
		case RK4:
			m.rk4(t, dt, k1, k2, k3, k4, s0)
		}
		m.clampNonNegative()
	}
	// One pass over the results and the final stocks finds any NaN or
	// infinity (x*0 is NaN exactly then); only then is the run repeated with
	// a check at every step, to name the variable and the time.
	bad := allFinite(res.data)
	for _, s := range c.stocks {
		bad += v[s] * 0
	}
	if bad != 0 || math.IsNaN(bad) {
		if !m.checked {
			return nil, errRerunChecked
		}
	}
	return res, nil
}

// truncate keeps the first rows of results that stopped early.
func (m *machine) truncate(res *Results, rows, nsave int) *Results {
	res.data = res.data[:rows*len(res.names)]
	return res
}

// nonFinite names the first variable, in evaluation order, whose value is NaN or infinite.
func (m *machine) nonFinite(t float64) error {
	c := m.c
	for _, s := range c.checkOrder {
		x := m.v[s]
		if math.IsNaN(x) || math.IsInf(x, 0) {
			v := c.vars[s-firstVarSlot]
			name := v.name
			if v.owner != nil {
				name = v.owner.name
			}
			return &Error{Model: c.model.Name, Variable: name, Time: &t, Msg: fmt.Sprintf("value is %v", x)}
		}
	}
	return &Error{Model: c.model.Name, Time: &t, Msg: "a value became NaN or infinite"}
}

// allFinite returns 0 when every x is finite and NaN otherwise. Four
// independent sums keep the floating-point adder busy: one running sum
// would wait for each addition to finish.
func allFinite(xs []float64) float64 {
	var a, b, c, d float64
	i := 0
	for ; i+3 < len(xs); i += 4 {
		a += xs[i] * 0
		b += xs[i+1] * 0
		c += xs[i+2] * 0
		d += xs[i+3] * 0
	}
	for ; i < len(xs); i++ {
		a += xs[i] * 0
	}
	return a + b + c + d
}

// finite reports whether every variable and stock is a finite number.
func (m *machine) finite() bool {
	for _, s := range m.c.checkOrder {
		if x := m.v[s]; math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func (m *machine) runInit() error {
	c := m.c
	if len(m.overrides) == 0 {
		m.execRange(c.initCode, 0, int(c.initEnd))
		return nil
	}
	// Run the init code variable by variable so overridden constants keep their values.
	for _, i := range c.initSeq {
		seg := c.segments[i]
		if s, ok := c.initSegs[i]; ok {
			seg = s
		}
		if val, ok := m.overrides[c.vars[i].slot]; ok {
			m.v[c.vars[i].slot] = val
			continue
		}
		m.execRange(c.initCode, int(seg[0]), int(seg[1]))
	}
	return nil
}

// clampNonNegative keeps non-negative stocks at zero or above after a step.
// As in the XMILE test suite's reference outputs (and PySD), the flows keep
// the values they were computed with; only the stock is held at zero.
func (m *machine) clampNonNegative() {
	v := m.v
	for _, s := range m.c.nonNeg {
		if v[s] < 0 {
			v[s] = 0
		}
	}
}

// net computes every stock's net flow, in the order of c.stocks.
func (m *machine) net(k []float64) {
	v := m.v
	n := 0
	for _, r := range m.c.oneInOneOut {
		k[n] = v[r.a] - v[r.b]
		n++
	}
	for _, st := range m.c.integ {
		k[n] = m.netOf(st)
		n++
	}
}

// netOf is the net flow of a stock without the one-in-one-out shape.
func (m *machine) netOf(st integ) float64 {
	v := m.v
	flows := m.c.netFlow
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
	// Most stocks have one inflow and one outflow: a loop without inner loops.
	for _, r := range m.c.oneInOneOut {
		*at(v, r.dst) += dt * (*at(v, r.a) - *at(v, r.b))
	}
	for _, st := range m.c.integ {
		v[st.slot] += dt * m.netOf(st)
	}
}

// stage evaluates the flows with the stocks at s0 + h*k, at time t.
func (m *machine) stage(t, h float64, s0, k, out []float64) {
	c := m.c
	for s, slot := range c.stocks {
		m.v[slot] = s0[s] + h*k[s]
	}
	m.v[slotTime] = t
	m.delayOutputs()
	m.exec(c.stepCode)
	m.net(out)
}

func (m *machine) rk2(t, dt float64, k1, k2, s0 []float64) {
	c := m.c
	for s, slot := range c.stocks {
		s0[s] = m.v[slot]
	}
	m.net(k1)
	m.stage(t+dt, dt, s0, k1, k2)
	for s, slot := range c.stocks {
		m.v[slot] = s0[s] + dt/2*(k1[s]+k2[s])
	}
}

func (m *machine) rk4(t, dt float64, k1, k2, k3, k4, s0 []float64) {
	c := m.c
	for s, slot := range c.stocks {
		s0[s] = m.v[slot]
	}
	m.net(k1)
	m.stage(t+dt/2, dt/2, s0, k1, k2)
	m.stage(t+dt/2, dt/2, s0, k2, k3)
	m.stage(t+dt, dt, s0, k3, k4)
	for s, slot := range c.stocks {
		m.v[slot] = s0[s] + dt/6*(k1[s]+2*k2[s]+2*k3[s]+k4[s])
	}
}
