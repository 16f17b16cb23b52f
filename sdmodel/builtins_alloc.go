package sdmodel

import (
	"math"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Allocation builtins. Vensim's ALLOCATE BY PRIORITY(request[d],
// priority[d], size, width, supply) shares a supply among the elements of
// d; Flatten writes each element's share as PRIORITY_ALLOCATION(position,
// width, supply, request 1, ..., request n, priority 1, ..., priority n),
// which computes the whole allocation and returns the element at the
// 1-based position.
func allocBuiltins() []*builtin {
	return []*builtin{
		{name: "PRIORITY_ALLOCATION", aliases: []string{"priority_allocation"}, min: 5, max: -1,
			signature: "PRIORITY_ALLOCATION(position, width, supply, request 1, ..., request n, priority 1, ..., priority n)",
			emit:      func(g *gen, a []expr.Node, dst int32) { emitAllocation(g, a, dst, 3, 2, opAllocate) }},

		// Vensim's ALLOCATE AVAILABLE(request[d], profile[d, p], available)
		// for one element, as Flatten writes it:
		// AVAILABLE_ALLOCATION(position, available, request 1, ..., request n,
		// then the four profile numbers (type, priority, width, extra) of each).
		{name: "AVAILABLE_ALLOCATION", aliases: []string{"available_allocation"}, min: 6, max: -1,
			signature: "AVAILABLE_ALLOCATION(position, available, request 1, ..., request n, type 1, priority 1, width 1, extra 1, ...)",
			emit:      func(g *gen, a []expr.Node, dst int32) { emitAllocation(g, a, dst, 2, 5, opAllocateAvailable) }},
	}
}

// emitAllocation emits an allocation call: a constant 1-based position,
// then fixed-1 scalar arguments, then per number per requester; every
// argument after the position goes into the operand table for op.
func emitAllocation(g *gen, a []expr.Node, dst int32, fixed, per int, op opcode) {
	k, ok := constFold(a[0])
	n := (len(a) - fixed) / per
	if !ok || (len(a)-fixed)%per != 0 || k != math.Trunc(k) || k < 1 || int(k) > n {
		// Flatten writes these calls; a hand-written bad one is NaN.
		g.emit(instr{op: opMove, dst: dst, a: g.literal(math.NaN())})
		return
	}
	slots := make([]int32, len(a)-1)
	for i := range slots {
		slots[i] = g.expr(a[i+1])
	}
	start := int32(len(g.ops))
	g.ops = append(g.ops, slots...)
	g.emit(instr{op: op, dst: dst, a: start, b: int32(n), c: int32(k) - 1})
}

// allocation holds the scratch space of allocateByPriority, so that a run
// does not allocate at every step.
type allocation struct {
	in, out []float64
	order   []int
}

// byPriority returns element k of Vensim's ALLOCATE BY PRIORITY with the
// arguments in v at operands (width, supply, n requests, n priorities).
func (al *allocation) byPriority(v []float64, operands []int32, n, k int) float64 {
	width, supply := v[operands[0]], v[operands[1]]
	al.in = al.in[:0]
	for _, o := range operands[2 : 2+2*n] {
		al.in = append(al.in, v[o])
	}
	req := al.in
	al.out = slices.Grow(al.out[:0], n)[:n]
	al.order = al.order[:0]
	allocateByPriority(req[:n], req[n:], width, supply, al.out, &al.order)
	return al.out[k]
}

// servedTrivially handles the cases both allocations share, where no
// priority matters: no supply (out stays zero) and supply covering every
// positive request (each gets its request). out must already be zeroed and
// total be the sum of the positive requests. It reports whether it served.
func servedTrivially(req []float64, supply, total float64, out []float64) bool {
	if !(supply > 0) {
		return true
	}
	if supply < total {
		return false
	}
	for i, r := range req {
		out[i] = math.Max(r, 0)
	}
	return true
}

// allocateByPriority shares supply among requests (negative ones count as
// 0) the way Vensim's ALLOCATE BY PRIORITY does: when the supply covers
// every request, each gets its request; otherwise the requesters, in
// order of decreasing priority, start receiving in turn. The first starts
// alone; the next starts once the one before it has received the fraction
// (priority gap / width) of its request (all of it when the gap is width
// or more, at once when the priorities are equal), and requesters that
// have started share each further unit of supply in proportion to their
// requests until they are full. A width of 0 or less serves strictly by
// priority.
func allocateByPriority(req, pri []float64, width, supply float64, out []float64, order *[]int) {
	total := 0.0
	for i, r := range req {
		out[i] = 0
		if r > 0 {
			total += r
		}
	}
	if servedTrivially(req, supply, total, out) {
		return
	}
	ord := (*order)[:0]
	for i, r := range req {
		if r > 0 {
			ord = append(ord, i)
		}
	}
	slices.SortStableFunc(ord, func(a, b int) int {
		switch {
		case pri[a] > pri[b]:
			return -1
		case pri[a] < pri[b]:
			return 1
		}
		return 0
	})
	*order = ord
	// start[j] is what ord[j] receives before ord[j+1] starts.
	start := func(j int) float64 {
		i := ord[j]
		gap := pri[i] - pri[ord[j+1]]
		if width > 0 && gap < width {
			return gap / width * req[i]
		}
		if width <= 0 && gap <= 0 {
			return 0
		}
		return req[i]
	}
	started, left := 1, supply
	// Each pass ends at an event: a requester full, the next one starting,
	// or the supply gone; there are at most two events per requester.
	for pass := 0; left > 0 && pass <= 2*len(ord)+2; pass++ {
		for started < len(ord) && out[ord[started-1]] >= start(started-1) {
			started++
		}
		share := 0.0
		for _, i := range ord[:started] {
			if out[i] < req[i] {
				share += req[i]
			}
		}
		if share == 0 {
			return
		}
		dx := left
		for _, i := range ord[:started] {
			if out[i] < req[i] {
				dx = math.Min(dx, (req[i]-out[i])*share/req[i])
			}
		}
		next := -1
		if started < len(ord) {
			next = ord[started-1]
			if d := (start(started-1) - out[next]) * share / req[next]; d <= dx {
				dx = d
			} else {
				next = -1
			}
		}
		for _, i := range ord[:started] {
			if out[i] < req[i] {
				out[i] += dx * req[i] / share
				if req[i]-out[i] <= 1e-12*req[i] {
					out[i] = req[i] // full: rounding must not leave a sliver
				}
			}
		}
		if next >= 0 {
			out[next] = math.Max(out[next], start(started-1))
		}
		left -= dx
	}
}

// available returns element k of Vensim's ALLOCATE AVAILABLE with the
// arguments in v at operands (available, n requests, then type, priority,
// width and extra of each).
func (al *allocation) available(v []float64, operands []int32, n, k int) float64 {
	al.in = al.in[:0]
	for _, o := range operands[:1+5*n] {
		al.in = append(al.in, v[o])
	}
	al.out = slices.Grow(al.out[:0], n)[:n]
	allocateAvailable(al.in[1:1+n], al.in[1+n:], al.in[0], al.out)
	return al.out[k]
}

// allocateAvailable shares supply among requests the way Vensim's
// ALLOCATE AVAILABLE does: each requester i has a priority profile (type,
// priority, width, extra in profile[4i:4i+4]) that says how much of its
// request it takes at a market priority x, from all of it far below its
// priority to none far above; the allocation is at the x where the shares
// add up to the supply (found by bisection; their sum never rises with x).
// Profile types: 0 fixed quantity (the whole request at every priority;
// the other profile numbers are ignored), 1 rectangular (the share falls
// linearly over width around the priority), 2 triangular, 3 normal (width
// the standard deviation), 4 exponential (width the scale). When the supply
// covers every request each gets its request. Fixed-quantity requests are
// served first: when the supply does not cover them they share it in
// proportion to their requests and the others get nothing; otherwise the
// others share what is left by the market priority. A width of 0 or less,
// another profile type or NaN arguments give NaN, which ends the run with
// an error.
func allocateAvailable(req, profile []float64, supply float64, out []float64) {
	total, fixed := 0.0, 0.0
	bad := math.IsNaN(supply)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, r := range req {
		out[i] = 0
		if r > 0 {
			total += r
		}
		typ, pri, w := profile[4*i], profile[4*i+1], profile[4*i+2]
		if math.IsNaN(r) {
			bad = true
		}
		if typ == 0 {
			if r > 0 {
				fixed += r
			}
			continue
		}
		if !(w > 0) || math.IsInf(w, 0) || math.IsNaN(pri) || math.IsInf(pri, 0) || typ < 1 || typ > 4 || typ != math.Trunc(typ) {
			bad = true
		}
		// Beyond 40 widths every profile is flat (exp(-40) is below the precision of a float64).
		lo, hi = math.Min(lo, pri-float64(40*w)), math.Max(hi, pri+float64(40*w))
	}
	if bad {
		for i := range out {
			out[i] = math.NaN()
		}
		return
	}
	if servedTrivially(req, supply, total, out) {
		return
	}
	if supply <= fixed {
		for i, r := range req {
			if r > 0 && profile[4*i] == 0 {
				out[i] = r * (supply / fixed)
			}
		}
		return
	}
	supply -= fixed // the market shares what the fixed quantities leave
	share := func(x float64) float64 {
		sum := 0.0
		for i, r := range req {
			out[i] = 0
			switch {
			case r <= 0:
			case profile[4*i] == 0:
				out[i] = r
			default:
				out[i] = float64(r * profileShare(profile[4*i], profile[4*i+1], profile[4*i+2], x))
				sum += out[i]
			}
		}
		return sum
	}
	for it := 0; it < 200 && lo < hi; it++ {
		mid := lo + float64((hi-lo)/2)
		if mid <= lo || mid >= hi {
			break
		}
		if share(mid) > supply {
			lo = mid
		} else {
			hi = mid
		}
	}
	share(lo + float64((hi-lo)/2))
}

// profileShare is the fraction of its request a requester with this
// profile takes at market priority x: 1 well below its priority, 0 well
// above.
func profileShare(typ, pri, w, x float64) float64 {
	half := float64(w / 2)
	switch typ {
	case 1: // rectangular
		switch {
		case x <= pri-half:
			return 1
		case x < pri+half:
			return 1 - (x-pri+half)/w
		}
		return 0
	case 2: // triangular
		switch {
		case x <= pri-half:
			return 1
		case x < pri:
			d := x - pri + half
			return 1 - 2*d*d/(w*w)
		case x < pri+half:
			d := pri + half - x
			return 2 * d * d / (w * w)
		}
		return 0
	case 3: // normal
		return 0.5 * math.Erfc((x-pri)/(math.Sqrt2*w))
	default: // 4, exponential
		if x < pri {
			return 1 - float64(0.5*math.Exp((x-pri)/w))
		}
		return 0.5 * math.Exp((pri-x)/w)
	}
}
