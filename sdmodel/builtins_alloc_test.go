package sdmodel

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocateByPriority checks the allocation against values worked out
// by hand from the rule: requesters start in order of priority, the next
// once the one before has received gap/width of its request, and those
// started share in proportion to their requests.
func TestAllocateByPriority(t *testing.T) {
	for _, tc := range []struct {
		name          string
		req, pri      []float64
		width, supply float64
		want          []float64
	}{
		{"supply covers all", []float64{3, 2}, []float64{1, 2}, 1, 10, []float64{3, 2}},
		{"no supply", []float64{3, 2}, []float64{1, 2}, 1, 0, []float64{0, 0}},
		{"negative supply", []float64{3, 2}, []float64{1, 2}, 1, -1, []float64{0, 0}},
		{"negative request counts as 0", []float64{-3, 2}, []float64{1, 2}, 1, 10, []float64{0, 2}},
		// gap 9 >= width 3: the first is filled before the second starts
		{"strict priority", []float64{3, 6}, []float64{10, 1}, 3, 4, []float64{3, 1}},
		// equal priorities share in proportion to requests
		{"equal priorities", []float64{2, 6}, []float64{5, 5}, 1, 4, []float64{1, 3}},
		// gap 1 of width 2: the first gets 2 alone, then both share 2 half and half
		{"partial gap", []float64{4, 4}, []float64{2, 1}, 2, 4, []float64{3, 1}},
		{"partial gap, order of the output kept", []float64{4, 4}, []float64{1, 2}, 2, 4, []float64{1, 3}},
		// the first two share 5 (1 and 4) and are full together; the third gets the rest
		{"full requesters drop out", []float64{1, 4, 4}, []float64{3, 3, 0}, 1, 6, []float64{1, 4, 1}},
		{"a zero request is skipped", []float64{0, 4, 4}, []float64{9, 2, 1}, 2, 4, []float64{0, 3, 1}},
		{"width 0 serves by priority", []float64{2, 2, 2}, []float64{1, 3, 2}, 0, 3, []float64{0, 2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := make([]float64, len(tc.req))
			var order []int
			allocateByPriority(tc.req, tc.pri, tc.width, tc.supply, out, &order)
			assert.InDeltaSlice(t, tc.want, out, 1e-12)
		})
	}
}

// TestAllocateByPriorityModel runs ALLOCATE BY PRIORITY in an array
// equation, with the supply growing over time.
func TestAllocateByPriorityModel(t *testing.T) {
	m := New("allocation")
	m.SetTime(Time{Start: 0, Stop: 3, DT: 1})
	m.Dimension("d", "d1", "d2")
	m.Aux("request", "4, 4", "").Over("d")
	m.Aux("priority", "1, 2", "").Over("d")
	m.Aux("supply", "2 * TIME", "")
	m.Aux("shipments", "ALLOCATE BY PRIORITY(request[d], priority[d], ELMCOUNT(d), 2, supply)", "").Over("d")
	r := mustRun(t, m)
	// supply 0, 2, 4, 6: d2 alone up to 2, then both half and half
	assert.Equal(t, []float64{0, 0, 1, 2}, r.Series("shipments[d1]"))
	assert.Equal(t, []float64{0, 2, 3, 4}, r.Series("shipments[d2]"))

	bad := New("bad")
	bad.Dimension("d", "d1", "d2")
	bad.Aux("request", "1, 2", "").Over("d")
	bad.Aux("total", "ALLOCATE BY PRIORITY(request[d], request[d], 2, 1, 1)", "")
	_, err := bad.Compile()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "must be in an equation over d")
}

// FuzzAllocateByPriority: any requests, priorities, width and supply give
// an allocation without a panic or a hang, each share between 0 and its
// request, and no more in total than the supply.
func FuzzAllocateByPriority(f *testing.F) {
	f.Add(3.0, 6.0, 2.0, 10.0, 1.0, 5.0, 3.0, 4.0)
	f.Add(4.0, 4.0, 4.0, 2.0, 1.0, 1.0, 0.0, 7.0)
	f.Add(1.0, 0.0, 5.0, 5.0, 5.0, 5.0, -1.0, 3.0)
	f.Fuzz(func(t *testing.T, r1, r2, r3, p1, p2, p3, width, supply float64) {
		req, pri := []float64{r1, r2, r3}, []float64{p1, p2, p3}
		out := make([]float64, 3)
		var order []int
		allocateByPriority(req, pri, width, supply, out, &order)
		total := 0.0
		for i, x := range out {
			if math.IsNaN(x) {
				continue // NaN arguments give NaN shares
			}
			total += x
			if x < 0 || x > math.Max(req[i], 0) {
				t.Fatalf("share %d is %g for a request of %g", i, x, req[i])
			}
		}
		if supply >= 0 && !math.IsInf(supply, 0) && total > supply*(1+1e-9)+1e-9 {
			t.Fatalf("allocated %g of a supply of %g", total, supply)
		}
	})
}

// TestAllocateAvailable checks ALLOCATE AVAILABLE against allocations
// worked out by hand from the profiles: the market priority x at which
// the requesters' shares add up to the supply.
func TestAllocateAvailable(t *testing.T) {
	prof := func(typ float64, pw ...float64) []float64 {
		var out []float64
		for i := 0; i < len(pw); i += 2 {
			out = append(out, typ, pw[i], pw[i+1], 0)
		}
		return out
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name    string
		req     []float64
		profile []float64
		supply  float64
		want    []float64
	}{
		{"supply covers all", []float64{3, 2}, prof(1, 1, 1, 2, 1), 10, []float64{3, 2}},
		{"no supply", []float64{3, 2}, prof(1, 1, 1, 2, 1), 0, []float64{0, 0}},
		// equal profiles: the market clears at the common priority, half each
		{"rectangular, equal", []float64{10, 10}, prof(1, 5, 2, 5, 2), 10, []float64{5, 5}},
		// the first is full at x = 5 (its profile covers 5..7), where the second (3..5) takes 0
		{"rectangular, apart", []float64{10, 10}, prof(1, 6, 2, 4, 2), 10, []float64{10, 0}},
		// x = 4: the second takes half its request
		{"rectangular, apart, more", []float64{10, 10}, prof(1, 6, 2, 4, 2), 15, []float64{10, 5}},
		{"triangular, apart", []float64{10, 10}, prof(2, 6, 2, 4, 2), 10, []float64{10, 0}},
		// triangular, x = 4.5: the second takes 2 * 0.5^2 / 2^2 = 1/8 of 10
		{"triangular, apart, more", []float64{10, 10}, prof(2, 6, 2, 4, 2), 11.25, []float64{10, 1.25}},
		// equal normal profiles: shares in proportion to requests
		{"normal, equal", []float64{2, 6}, prof(3, 3, 1, 3, 1), 4, []float64{1, 3}},
		{"exponential, equal", []float64{4, 4}, prof(4, 1, 1, 1, 1), 2, []float64{1, 1}},
		// fixed quantities: in proportion to the requests when short
		{"fixed, short", []float64{2, 6}, prof(0, 1, 1, 9, 9), 4, []float64{1, 3}},
		{"fixed, other numbers ignored", []float64{2, 6}, prof(0, nan, nan, nan, 0), 4, []float64{1, 3}},
		{"fixed, covered", []float64{2, 6}, prof(0, 1, 1, 9, 9), 10, []float64{2, 6}},
		// the fixed 3 first; the rectangular (4..6) takes the other 2 at x = 5
		{"fixed and rectangular", []float64{3, 4}, append(prof(0, 0, 0), prof(1, 5, 2)...), 5, []float64{3, 2}},
		// the fixed request is not covered: the rectangular gets nothing
		{"fixed and rectangular, short", []float64{3, 4}, append(prof(0, 0, 0), prof(1, 5, 2)...), 2, []float64{2, 0}},
		// the first takes 10 over 5..7 at x = 5, the second (3..5) nothing, the fixed 4
		{"fixed among two", []float64{10, 4, 10}, append(append(prof(1, 6, 2), prof(0, 0, 0)...), prof(1, 4, 2)...), 14, []float64{10, 4, 0}},
		{"negative fixed request counts as 0", []float64{-2, 6}, append(prof(0, 0, 0), prof(3, 1, 1)...), 3, []float64{0, 3}},
		{"width 0", []float64{4, 4}, prof(1, 1, 0, 1, 1), 2, []float64{nan, nan}},
		{"constant elasticity (type 5) is not supported", []float64{4, 4}, prof(5, 1, 1, 1, 1), 2, []float64{nan, nan}},
		{"unknown profile type", []float64{4, 4}, prof(7, 1, 1, 1, 1), 2, []float64{nan, nan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := make([]float64, len(tc.req))
			allocateAvailable(tc.req, tc.profile, tc.supply, out)
			for i := range out {
				if math.IsNaN(tc.want[i]) {
					assert.True(t, math.IsNaN(out[i]), "element %d: %g", i, out[i])
					continue
				}
				assert.InDelta(t, tc.want[i], out[i], 1e-9, "element %d", i)
			}
		})
	}
}

// TestAllocateAvailableModel runs ALLOCATE AVAILABLE in an array equation.
func TestAllocateAvailableModel(t *testing.T) {
	m := New("available")
	m.SetTime(Time{Start: 0, Stop: 2, DT: 1})
	m.Dimension("d", "d1", "d2")
	m.Dimension("profile", "ptype", "ppriority", "pwidth", "pextra")
	m.Aux("request", "10, 10", "").Over("d")
	m.Aux("priorities", "1, 6, 2, 0; 1, 4, 2, 0", "").Over("d", "profile")
	m.Aux("supply", "5 + 5 * TIME", "")
	m.Aux("shipments", "ALLOCATE AVAILABLE(request[d], priorities[d, profile], supply)", "").Over("d")
	r := mustRun(t, m)
	// supply 5, 10, 15: x = 6, 5, 4
	assert.InDeltaSlice(t, []float64{5, 10, 10}, r.Series("shipments[d1]"), 1e-9)
	assert.InDeltaSlice(t, []float64{0, 0, 5}, r.Series("shipments[d2]"), 1e-9)
}

// FuzzAllocateAvailable: any requests, profiles and supply give an
// allocation without a panic or a hang, each share between 0 and its
// request (or NaN for profiles out of their domain).
func FuzzAllocateAvailable(f *testing.F) {
	f.Add(10.0, 10.0, 1.0, 6.0, 2.0, 2.0, 4.0, 2.0, 15.0)
	f.Add(2.0, 6.0, 3.0, 3.0, 1.0, 4.0, 3.0, 1e-300, 4.0)
	f.Add(3.0, 4.0, 0.0, math.NaN(), 0.0, 1.0, 5.0, 2.0, 5.0)
	f.Add(3.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0)
	f.Fuzz(func(t *testing.T, r1, r2, typ1, p1, w1, typ2, p2, w2, supply float64) {
		req := []float64{r1, r2}
		out := make([]float64, 2)
		allocateAvailable(req, []float64{typ1, p1, w1, 0, typ2, p2, w2, 0}, supply, out)
		for i, x := range out {
			if !math.IsNaN(x) && (x < 0 || x > math.Max(req[i], 0)) {
				t.Fatalf("share %d is %g for a request of %g", i, x, req[i])
			}
		}
	})
}

// A supply of 6 shared by priority: north (priority 3) is served first,
// and south (priority 2) starts once north has half its request (the gap
// 1 over the width 2), then both share in proportion to their requests.
func Example_allocateByPriority() {
	m := New("allocation")
	m.SetTime(Time{Start: 0, Stop: 0, DT: 1})
	m.Dimension("region", "north", "south")
	m.Aux("request", "4, 6", "widgets").Over("region")
	m.Aux("priority", "3, 2", "").Over("region")
	m.Aux("shipments", "ALLOCATE BY PRIORITY(request[region], priority[region], 2, 2, 6)", "widgets").Over("region")
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := c.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("north %.1f, south %.1f\n", r.Final("shipments[north]"), r.Final("shipments[south]"))
	// Output: north 3.6, south 2.4
}

// TestAllocateTooLarge: an allocation over more requesters than the engine
// writes out is an error, not a model of a million arguments.
func TestAllocateTooLarge(t *testing.T) {
	for _, eq := range []string{
		"ALLOCATE BY PRIORITY(r[d], r[d], 2000, 1, 5)",
		"ALLOCATE AVAILABLE(r[d], pp[d, p], 5)",
	} {
		m := New("large")
		els := make([]string, maxAllocate+1)
		for i := range els {
			els[i] = fmt.Sprintf("e%d", i)
		}
		m.Dimension("d", els...)
		m.Dimension("p", "ptype", "ppriority", "pwidth", "pextra")
		m.Aux("r", "1", "").Over("d")
		m.Aux("pp", "1", "").Over("d", "p")
		m.Aux("a", eq, "").Over("d")
		_, err := m.Compile()
		require.Error(t, err, eq)
		assert.Contains(t, err.Error(), "more than 1024 elements is not supported", eq)
	}
}
