package sdmodel

import (
	"math"
	"unsafe"
)

// exec runs a code sequence over the machine's slots.
func (m *machine) exec(code []instr) { m.execRange(code, 0, len(code)) }

// execRange runs code[start:end]. Jump targets are positions in the whole of
// code, so one variable's part of the initialisation code runs correctly on
// its own.
func (m *machine) execRange(code []instr, start, end int) {
	v := m.v
	ops := m.c.operands
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
		case opMod:
			v[in.dst] = fmod(v[in.a], v[in.b])
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
		case opInt:
			v[in.dst] = math.Floor(v[in.a])
		case opRound:
			v[in.dst] = math.Round(v[in.a])
		case opLog:
			v[in.dst] = math.Log(v[in.a]) / math.Log(v[in.b])
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
		case opLookup:
			v[in.dst] = lookup(m.gfs[in.b], v[in.a])
		case opRandom:
			v[in.dst] = m.random(int(in.a))
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
				*at(v, r.dst) = lookup(m.gfs[r.b], *at(v, r.a))
			}
		case opUniflow:
			if v[in.dst] < 0 {
				v[in.dst] = 0
			}
		}
	}
}

// rec is one record of a batch instruction: dst = op(v[a], v[b]).
type rec struct{ dst, a, b int32 }

// recs views a batch instruction's operands as records.
func recs(ops []int32, in *instr) []rec {
	r := ops[in.a : in.a+3*in.b]
	return unsafe.Slice((*rec)(unsafe.Pointer(unsafe.SliceData(r))), in.b)
}

// at returns the address of slot i without a bounds check. Only for slots
// produced by the compiler, which checkSlots has verified to be in range:
// the batch loops and the Euler update are the engine's inner loops, and
// the checks would cost a third of their time.
func at(v []float64, i int32) *float64 {
	return (*float64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(v)), uintptr(i)*8))
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
