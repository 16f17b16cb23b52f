package sdmodel

import (
	"fmt"
	"slices"
	"unsafe"
)

// This file is the contract between the compiler (compile.go, codegen.go)
// and the virtual machine (vm.go, integrate.go): the instruction set, the
// layout of the machine's slots, and the program the compiler returns. The
// compiler knows nothing of how a run proceeds; the VM knows nothing of
// equations or names beyond what the program lists.
//
// Slots. A run's state is one []float64. Its first slots are reserved
// (slotTime .. slotPI); then one slot per variable, model variables and
// the internal ones of expanded builtins alike (variable k at firstVarSlot
// + k); then two per pipeline delay (its delay time and initial value);
// then the common subexpressions of the step code; then the literals; then
// temporaries. program.template holds every slot's starting value: the
// literals, PI, and the overridable constants' default values (which have
// no code: a run's Set writes the slot before initialisation).
//
// Code. initCode[:initEnd] computes every variable once, in dependency
// order (stocks from their initial-value equations); stepCode computes the
// auxiliaries and flows that change during a run, in dependency order, once
// per evaluation (once per step with Euler, per stage with RK2 and RK4).
// Integration then moves the stocks (integrate.go) by the flows listed in
// oneInOneOut, integ and netFlow.

type opcode uint8

const (
	opMove opcode = iota
	opAdd
	opSub
	opMul
	opDiv
	opPow
	opMod
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opAnd
	opOr
	opNeg
	opNot
	opSum      // dst = sum of operands[a : a+b]
	opJmpFalse // if v[a] == 0 { pc = b }
	opJmp      // pc = b
	opAbs
	opExp
	opLn
	opLog10
	opSqrt
	opSin
	opCos
	opTan
	opAsin
	opAcos
	opAtan
	opSinh
	opCosh
	opTanh
	opLgamma // ln of the absolute value of the gamma function (Vensim GAMMA LN)
	opInt
	opRound
	opLog // log of a in base b
	opMin
	opMax
	opSafeDiv // a / b, or c when b = 0
	opStep    // a (height) when time >= b
	opPulse   // a/DT at b, then every c (c < 0: once)
	opPulseTrain
	opRamp              // a * (time - b) from b until c (c < 0: no end)
	opLookup            // table b at v[a]
	opRandom            // site a
	opUniflow           // dst = max(0, dst)
	opLookupRatio       // table c at v[a] / v[b]
	opSubDiv            // (v[a] - v[b]) / v[c]
	opAllocate          // element c of ALLOCATE BY PRIORITY over the b requests in operands[a:] (builtins_alloc.go)
	opAllocateAvailable // element c of ALLOCATE AVAILABLE over the b requests in operands[a:]
	// Batches: b records (dst, a, b) in operands[a:], each done as the single op.
	opBatchMove
	opBatchAdd
	opBatchSub
	opBatchMul
	opBatchDiv
	opBatchSum
	opBatchLookup
	// Runs: b runs of 5 numbers (dst, a, b, n, bstep) in operands[a:]; for
	// i < n, v[dst+i] = op(v[a+i], v[b+i*bstep]).
	opBatchMoveRun
	opBatchAddRun
	opBatchSubRun
	opBatchMulRun
	opBatchDivRun
	// b records (dst, first, n) in operands[a:]: v[dst] = sum of v[first:first+n], in order.
	opBatchSumRun
	// b records (dst, a, b, table) in operands[a:], each an opLookupRatio.
	opBatchLookupRatio
	// b records (dst, a, b, c) in operands[a:], each an opSubDiv.
	opBatchSubDiv
	// opBatchDivRun's runs with a sixth number, sum: when sum >= 0,
	// v[sum] = the sum of v[a:a+n] in order (fuseDivSum).
	opDivSumRun
)

// instr is one instruction: dst = op(v[a], v[b], v[c]).
type instr struct {
	op        opcode
	dst, a, b int32
	c         int32
}

// Reserved slots.
const (
	slotTime int32 = iota
	slotDT
	slotStart
	slotStop
	slotPI
	firstVarSlot
)

// program is what the compiler produces and the VM runs. It is immutable
// once built, so any number of machines may run it at once.
type program struct {
	modelName string
	nslots    int
	template  []float64 // every slot's starting value

	initCode []instr // initCode[:initEnd] initialises; initCode[initEnd:] holds running equations for EvalVar
	initEnd  int32
	stepCode []instr
	operands []int32 // operand lists of n-ary and batch instructions
	tables   []*table

	// Integration (integrate.go): stocks in the order the integrators visit them.
	stocks      []int32 // slots of stocks
	oneInOneOut []rec   // (stock, inflow, outflow) of stocks with exactly one of each
	eulerRuns   []run   // the same as runs of consecutive slots, when they are long (compressRuns)
	oneIn       []rec   // (stock, inflow) of stocks with one inflow and no outflow (smooths)
	integ       []integ // the other stocks: where their flows are in netFlow
	netFlow     []int32 // flow slots
	nonNeg      []int32 // slots of non-negative stocks
	delays      []delaySite
	randoms     []randomSite

	saveCols   []int32  // slots of the user-visible variables, in model order
	saveAll    savePlan // how a run that keeps them all copies them
	saveNames  []string // their display names
	saveIndex  map[string]int
	checkOrder []int32          // slots in evaluation order, to name the first non-finite value
	slotNames  []string         // display name of the model variable each variable slot belongs to
	params     map[string]int32 // canonical name -> slot of each constant a run may Set
}

// run is a run of consecutive slots: for i < n, dst+i, a+i and b+i*bstep.
type run struct{ dst, a, b, n, bstep int32 }

// runs views a run instruction's operands as runs.
func runs(ops []int32, in *instr) []run {
	r := ops[in.a : in.a+5*in.b]
	return unsafe.Slice((*run)(unsafe.Pointer(unsafe.SliceData(r))), in.b)
}

// quad is a record of opBatchLookupRatio (table: the table) or
// opBatchSubDiv (table: the divisor's slot).
type quad struct{ dst, a, b, table int32 }

func quads(ops []int32, in *instr) []quad {
	r := ops[in.a : in.a+4*in.b]
	return unsafe.Slice((*quad)(unsafe.Pointer(unsafe.SliceData(r))), in.b)
}

// divSum is a run of opDivSumRun.
type divSum struct{ dst, a, b, n, bstep, sum int32 }

func divSums(ops []int32, in *instr) []divSum {
	r := ops[in.a : in.a+6*in.b]
	return unsafe.Slice((*divSum)(unsafe.Pointer(unsafe.SliceData(r))), in.b)
}

// savePlan copies saved slots into a result row: the row holds them in
// slot order, so consecutive slots are copied as one run; pos[c] is the
// row position of the c-th saved variable.
type savePlan struct {
	runs  []saveRun
	pos   []int
	width int
}

type saveRun struct{ slot, n, at int32 }

// newSavePlan plans the saving of the slots cols (in the order of the
// results' names).
func newSavePlan(cols []int32) savePlan {
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(cols[a] - cols[b]) })
	p := savePlan{pos: make([]int, len(cols)), width: len(cols)}
	for at, j := range order {
		p.pos[j] = at
		s := cols[j]
		if n := len(p.runs); n > 0 && p.runs[n-1].slot+p.runs[n-1].n == s {
			p.runs[n-1].n++
			continue
		}
		p.runs = append(p.runs, saveRun{slot: s, n: 1, at: int32(at)})
	}
	return p
}

// integ locates a stock's flows: inflows netFlow[in:out], outflows netFlow[out:end].
type integ struct{ slot, in, out, end int32 }

// varName names the model variable that slot s belongs to.
func (p *program) varName(s int32) string {
	if k := int(s - firstVarSlot); k >= 0 && k < len(p.slotNames) {
		return p.slotNames[k]
	}
	return ""
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

// batchOp returns an operation's batch form (0: none).
func batchOp(op opcode) opcode {
	switch op {
	case opMove:
		return opBatchMove
	case opAdd:
		return opBatchAdd
	case opSub:
		return opBatchSub
	case opMul:
		return opBatchMul
	case opDiv:
		return opBatchDiv
	case opSum:
		return opBatchSum
	case opLookup:
		return opBatchLookup
	case opLookupRatio:
		return opBatchLookupRatio
	case opSubDiv:
		return opBatchSubDiv
	}
	return 0
}

// checkSlots verifies that every slot the unchecked inner loops touch is in
// range, so that a compiler bug fails loudly here rather than corrupting memory.
func (c *program) checkSlots() (err error) {
	ok := func(i int32) {
		if (i < 0 || int(i) >= c.nslots) && err == nil {
			err = fmt.Errorf("internal error: slot %d out of range [0, %d)", i, c.nslots)
		}
	}
	for _, r := range c.oneInOneOut {
		ok(r.dst)
		ok(r.a)
		ok(r.b)
	}
	for _, r := range c.oneIn {
		ok(r.dst)
		ok(r.a)
	}
	for _, code := range [][]instr{c.initCode, c.stepCode} {
		for _, in := range code {
			switch in.op {
			case opBatchDiv, opBatchMul, opBatchAdd, opBatchSub, opBatchMove, opBatchLookup:
				for _, r := range recs(c.operands, &in) {
					ok(r.dst)
					ok(r.a)
					if in.op != opBatchMove && in.op != opBatchLookup {
						ok(r.b)
					}
				}
			case opBatchMoveRun, opBatchAddRun, opBatchSubRun, opBatchMulRun, opBatchDivRun:
				for _, r := range runs(c.operands, &in) {
					ok(r.dst)
					ok(r.dst + r.n - 1)
					ok(r.a)
					ok(r.a + r.n - 1)
					if in.op != opBatchMoveRun || r.bstep != 0 {
						ok(r.b)
						ok(r.b + r.bstep*(r.n-1))
					}
				}
			case opBatchLookupRatio, opBatchSubDiv:
				for _, r := range quads(c.operands, &in) {
					ok(r.dst)
					ok(r.a)
					ok(r.b)
					if in.op == opBatchSubDiv {
						ok(r.table)
					}
				}
			case opDivSumRun:
				for _, r := range divSums(c.operands, &in) {
					ok(r.dst)
					ok(r.dst + r.n - 1)
					ok(r.a)
					ok(r.a + r.n - 1)
					ok(r.b)
					ok(r.b + r.bstep*(r.n-1))
					if r.sum >= 0 {
						ok(r.sum)
					}
				}
			case opBatchSumRun:
				for _, r := range recs(c.operands, &in) {
					ok(r.dst)
					ok(r.a)
					ok(r.a + r.b - 1)
				}
			case opBatchSum:
				for _, r := range recs(c.operands, &in) {
					ok(r.dst)
					for _, o := range c.operands[r.a : r.a+r.b] {
						ok(o)
					}
				}
			}
		}
	}
	return err
}
