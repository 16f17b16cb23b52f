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
var allocBuiltins = []*builtin{
	{name: "PRIORITY_ALLOCATION", aliases: []string{"priority_allocation"}, min: 5, max: -1,
		signature: "PRIORITY_ALLOCATION(position, width, supply, request 1, ..., request n, priority 1, ..., priority n)",
		emit: func(g *gen, a []expr.Node, dst int32) {
			k, ok := constFold(a[0])
			n := (len(a) - 3) / 2
			if !ok || (len(a)-3)%2 != 0 || k != math.Trunc(k) || k < 1 || int(k) > n {
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
			g.emit(instr{op: opAllocate, dst: dst, a: start, b: int32(n), c: int32(k) - 1})
		}},
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
	if !(supply > 0) {
		return
	}
	if supply >= total {
		for i, r := range req {
			out[i] = math.Max(r, 0)
		}
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
