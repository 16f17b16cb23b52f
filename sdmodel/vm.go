package sdmodel

import (
	"errors"
	"fmt"
	"math"
)

// The virtual machine runs a program (program.go): a machine is the state
// of one run, its slots and the state of its delays and random streams.
type machine struct {
	p       *program
	v       []float64
	tables  []*table // the program's, or a run's replacements
	delays  []delayState
	rand    []randState
	step    int  // current step index, for the random builtins
	checked bool // check every value at every step (the slow path that locates a NaN)
	seed    uint64
	alloc   allocation // scratch space of the allocation builtins
}

// newMachine returns the state of one fresh run (or evaluator): slots
// holding their starting values, random builtins not yet drawn.
func newMachine(p *program, tables []*table) *machine {
	m := &machine{p: p, v: make([]float64, p.nslots), tables: tables, rand: make([]randState, len(p.randoms))}
	copy(m.v, p.template)
	for i := range m.rand {
		m.rand[i].step = -1
	}
	return m
}

// errRerunChecked signals that a fast run saw a NaN or infinity somewhere.
var errRerunChecked = errors.New("non-finite value")

// simulate runs the program from its initial time to plan's stop, saving
// the slots of save every stride steps into res.
func (m *machine) simulate(plan runPlan, save savePlan, res *Results) (*Results, error) {
	c := m.p
	spec := plan.spec
	dt := spec.DT
	nsteps, stride := plan.nsteps, plan.stride

	v := m.v
	v[slotTime], v[slotDT], v[slotStart], v[slotStop] = spec.Start, dt, spec.Start, spec.Stop
	m.step = 0

	// Initialisation: constants a run sets are already in their slots.
	m.execRange(c.initCode, 0, int(c.initEnd))
	if err := m.makeDelays(plan); err != nil {
		return nil, err
	}

	nst := len(c.stocks)
	var k1, k2, k3, k4, s0 []float64
	switch spec.Method {
	case RK2:
		k1, k2, s0 = make([]float64, nst), make([]float64, nst), make([]float64, nst)
	case RK4:
		k1, k2, k3, k4, s0 = make([]float64, nst), make([]float64, nst), make([]float64, nst), make([]float64, nst), make([]float64, nst)
	}
	// bad sums x*0 over every saved value (see allFinite), each row as it
	// is saved, while it is in the cache.
	bad := 0.0
	for i := 0; ; i++ {
		t := spec.Start + float64(float64(i)*dt) // no fused multiply-add (see integrate.go)
		v[slotTime] = t
		m.step = i
		m.delayOutputs()
		m.exec(c.stepCode)
		if m.checked && !m.finite() {
			return res, m.nonFinite(t) // the rows saved so far
		}
		if i%stride == 0 {
			out := res.addRow(t)
			for _, r := range save.runs {
				copy(out[r.at:r.at+r.n], v[r.slot:r.slot+r.n])
			}
			bad += allFinite(out)
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
	// The saved values and the final stocks show any NaN or infinity (x*0
	// is NaN exactly then); only then is the run repeated with a check at
	// every step, to name the variable and the time.
	for _, s := range c.stocks {
		bad += float64(v[s] * 0)
	}
	if bad != 0 || math.IsNaN(bad) {
		if !m.checked {
			return nil, errRerunChecked
		}
	}
	return res, nil
}

// nonFinite names the first variable, in evaluation order, whose value is NaN or infinite.
func (m *machine) nonFinite(t float64) error {
	p := m.p
	for _, s := range p.checkOrder {
		x := m.v[s]
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return &Error{Model: p.modelName, Variable: p.varName(s), Time: &t, Msg: fmt.Sprintf("value is %v", x)}
		}
	}
	return &Error{Model: p.modelName, Time: &t, Msg: "a value became NaN or infinite"}
}

// allFinite returns 0 when every x is finite and NaN otherwise. Four
// independent sums keep the floating-point adder busy: one running sum
// would wait for each addition to finish.
func allFinite(xs []float64) float64 {
	var a, b, c, d float64
	i := 0
	for ; i+3 < len(xs); i += 4 {
		a += float64(xs[i] * 0)
		b += float64(xs[i+1] * 0)
		c += float64(xs[i+2] * 0)
		d += float64(xs[i+3] * 0)
	}
	for ; i < len(xs); i++ {
		a += float64(xs[i] * 0)
	}
	return a + b + c + d
}

// finite reports whether every variable and stock is a finite number.
func (m *machine) finite() bool {
	for _, s := range m.p.checkOrder {
		if x := m.v[s]; math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// exec runs a code sequence over the machine's slots.
func (m *machine) exec(code []instr) { m.execRange(code, 0, len(code)) }

// execRange runs code[start:end]. Jump targets are positions in the whole of
// code, so one variable's part of the initialisation code runs correctly on
// its own.
func (m *machine) execRange(code []instr, start, end int) {
	v := m.v
	ops := m.p.operands
	code = code[:end] // bounded by len(code), the loop needs no index checks
	for pc := start; pc < len(code); pc++ {
		in := &code[pc]
		switch in.op {
		case opMove:
			v[in.dst] = v[in.a]
		case opAdd:
			v[in.dst] = v[in.a] + v[in.b]
		case opSub:
			v[in.dst] = v[in.a] - v[in.b]
		case opMul:
			v[in.dst] = v[in.a] * v[in.b]
		case opDiv:
			v[in.dst] = v[in.a] / v[in.b]
		case opSum:
			s := 0.0
			for _, o := range ops[in.a : in.a+in.b] {
				s += v[o]
			}
			v[in.dst] = s
		case opPow:
			v[in.dst] = pow(v[in.a], v[in.b])
		case opEq:
			v[in.dst] = b2f(v[in.a] == v[in.b])
		case opNe:
			v[in.dst] = b2f(v[in.a] != v[in.b])
		case opLt:
			v[in.dst] = b2f(v[in.a] < v[in.b])
		case opLe:
			v[in.dst] = b2f(v[in.a] <= v[in.b])
		case opGt:
			v[in.dst] = b2f(v[in.a] > v[in.b])
		case opGe:
			v[in.dst] = b2f(v[in.a] >= v[in.b])
		case opAnd:
			v[in.dst] = b2f(v[in.a] != 0 && v[in.b] != 0)
		case opOr:
			v[in.dst] = b2f(v[in.a] != 0 || v[in.b] != 0)
		case opNeg:
			v[in.dst] = -v[in.a]
		case opNot:
			v[in.dst] = b2f(v[in.a] == 0)
		case opJmpFalse:
			if v[in.a] == 0 {
				pc = int(in.b) - 1
			}
		case opJmp:
			pc = int(in.b) - 1
		case opMin:
			v[in.dst] = math.Min(v[in.a], v[in.b])
		case opMax:
			v[in.dst] = math.Max(v[in.a], v[in.b])
		case opSafeDiv:
			if d := v[in.b]; d == 0 {
				v[in.dst] = v[in.c]
			} else {
				v[in.dst] = v[in.a] / d
			}
		case opLookup:
			v[in.dst] = lookup(m.tables[in.b], v[in.a])
		case opBatchDiv:
			for _, r := range recs(ops, in) {
				*at(v, r.dst) = *at(v, r.a) / *at(v, r.b)
			}
		case opBatchMul:
			for _, r := range recs(ops, in) {
				*at(v, r.dst) = *at(v, r.a) * *at(v, r.b)
			}
		case opBatchAdd:
			for _, r := range recs(ops, in) {
				*at(v, r.dst) = *at(v, r.a) + *at(v, r.b)
			}
		case opBatchSub:
			for _, r := range recs(ops, in) {
				*at(v, r.dst) = *at(v, r.a) - *at(v, r.b)
			}
		case opBatchMove:
			for _, r := range recs(ops, in) {
				*at(v, r.dst) = *at(v, r.a)
			}
		case opBatchSum:
			for _, r := range recs(ops, in) {
				s := 0.0
				for _, o := range ops[r.a : r.a+r.b] {
					s += *at(v, o)
				}
				*at(v, r.dst) = s
			}
		case opBatchLookup:
			for _, r := range recs(ops, in) {
				*at(v, r.dst) = lookup(m.tables[r.b], *at(v, r.a))
			}
		case opBatchDivRun:
			divideRuns(v, runs(ops, in))
		case opSubDiv:
			v[in.dst] = (v[in.a] - v[in.b]) / v[in.c]
		case opBatchSubDiv:
			for _, r := range quads(ops, in) {
				*at(v, r.dst) = (*at(v, r.a) - *at(v, r.b)) / *at(v, r.table)
			}
		case opLookupRatio:
			v[in.dst] = lookup(m.tables[in.c], v[in.a]/v[in.b])
		case opBatchLookupRatio:
			// lookup inlined for its common case, x strictly inside a
			// short continuous table (a call costs as much as the
			// interpolation): the same segment and the same expression,
			// so the same bits.
			tables := m.tables
			for _, r := range quads(ops, in) {
				g, x := tables[r.table], *at(v, r.a) / *at(v, r.b)
				xs, ys := g.x, g.y
				if n := len(xs); g.kind != continuous || n > 16 || !(x > xs[0] && x < xs[n-1]) {
					*at(v, r.dst) = lookup(g, x)
					continue
				}
				lo := 0
				for xs[lo+1] <= x { // stops by n-2, as x < xs[n-1]
					lo++
				}
				*at(v, r.dst) = ys[lo] + (x-xs[lo])*(ys[lo+1]-ys[lo])/(xs[lo+1]-xs[lo])
			}
		case opDivSumRun:
			divideSumRuns(v, divSums(ops, in))
		case opBatchMulRun:
			rs := runs(ops, in)
			for k := range rs {
				r := &rs[k] // not a copy: see kernels.go
				d, x := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n]
				x = x[:len(d)]
				if r.bstep == 0 {
					y := v[r.b]
					for i := range d {
						d[i] = x[i] * y
					}
				} else {
					y := v[r.b : r.b+r.n]
					y = y[:len(d)]
					for i := range d {
						d[i] = x[i] * y[i]
					}
				}
			}
		case opBatchAddRun:
			rs := runs(ops, in)
			for k := range rs {
				r := &rs[k] // not a copy: see kernels.go
				d, x := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n]
				x = x[:len(d)]
				if r.bstep == 0 {
					y := v[r.b]
					for i := range d {
						d[i] = x[i] + y
					}
				} else {
					y := v[r.b : r.b+r.n]
					y = y[:len(d)]
					for i := range d {
						d[i] = x[i] + y[i]
					}
				}
			}
		case opBatchSubRun:
			rs := runs(ops, in)
			for k := range rs {
				r := &rs[k] // not a copy: see kernels.go
				d, x := v[r.dst:r.dst+r.n], v[r.a:r.a+r.n]
				x = x[:len(d)]
				if r.bstep == 0 {
					y := v[r.b]
					for i := range d {
						d[i] = x[i] - y
					}
				} else {
					y := v[r.b : r.b+r.n]
					y = y[:len(d)]
					for i := range d {
						d[i] = x[i] - y[i]
					}
				}
			}
		case opBatchMoveRun:
			moveSlotRuns(v, runs(ops, in))
		case opBatchSumRun:
			for _, r := range recs(ops, in) {
				s := 0.0
				for _, x := range v[r.a : r.a+r.b] {
					s += x
				}
				*at(v, r.dst) = s
			}
		case opUniflow:
			if v[in.dst] < 0 {
				v[in.dst] = 0
			}
		default:
			m.cold(in)
		}
	}
}

// cold runs the instructions of the rarer builtins. They live outside
// execRange so that its switch holds only what the common models' step
// code runs: a smaller function keeps its batch loops' variables in
// registers.
func (m *machine) cold(in *instr) {
	v := m.v
	ops := m.p.operands
	switch in.op {
	case opMod:
		v[in.dst] = fmod(v[in.a], v[in.b])
	case opAbs:
		v[in.dst] = math.Abs(v[in.a])
	case opExp:
		v[in.dst] = math.Exp(v[in.a])
	case opLn:
		v[in.dst] = math.Log(v[in.a])
	case opLog10:
		v[in.dst] = math.Log10(v[in.a])
	case opSqrt:
		v[in.dst] = math.Sqrt(v[in.a])
	case opSin:
		v[in.dst] = math.Sin(v[in.a])
	case opCos:
		v[in.dst] = math.Cos(v[in.a])
	case opTan:
		v[in.dst] = math.Tan(v[in.a])
	case opAsin:
		v[in.dst] = math.Asin(v[in.a])
	case opAcos:
		v[in.dst] = math.Acos(v[in.a])
	case opAtan:
		v[in.dst] = math.Atan(v[in.a])
	case opSinh:
		v[in.dst] = math.Sinh(v[in.a])
	case opCosh:
		v[in.dst] = math.Cosh(v[in.a])
	case opTanh:
		v[in.dst] = math.Tanh(v[in.a])
	case opLgamma:
		v[in.dst], _ = math.Lgamma(v[in.a])
	case opInt:
		v[in.dst] = math.Floor(v[in.a])
	case opRound:
		v[in.dst] = math.Round(v[in.a])
	case opLog:
		v[in.dst] = math.Log(v[in.a]) / math.Log(v[in.b])
	case opStep:
		v[in.dst] = step(v[slotTime], v[slotDT], v[in.a], v[in.b])
	case opPulse:
		interval := 0.0
		if in.c >= 0 {
			interval = v[in.c]
		}
		v[in.dst] = pulse(v[slotTime], v[slotDT], v[in.a], v[in.b], interval)
	case opPulseTrain:
		o := ops[in.a : in.a+4]
		v[in.dst] = pulseTrain(v[slotTime], v[slotDT], v[o[0]], v[o[1]], v[o[2]], v[o[3]])
	case opRamp:
		end := math.Inf(1)
		if in.c >= 0 {
			end = v[in.c]
		}
		v[in.dst] = ramp(v[slotTime], v[in.a], v[in.b], end)
	case opRandom:
		v[in.dst] = m.random(int(in.a))
	case opAllocate:
		v[in.dst] = m.alloc.byPriority(v, ops[in.a:], int(in.b), int(in.c))
	case opAllocateAvailable:
		v[in.dst] = m.alloc.available(v, ops[in.a:], int(in.b), int(in.c))
	}
}

// pow is math.Pow with the integer exponents that models use most done by
// multiplication, which is faster and exact.
func pow(x, y float64) float64 {
	switch y {
	case 1:
		return x
	case 2:
		return x * x
	case 3:
		return x * x * x
	case 0.5:
		return math.Sqrt(x)
	}
	return math.Pow(x, y)
}
