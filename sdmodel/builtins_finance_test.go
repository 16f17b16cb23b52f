package sdmodel

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNPV checks NPV against sums worked out by hand: with DT = 1 the
// discount factor is 1/(1 + rate)^t, and NPV at time t is the sum of the
// discounted stream up to and including t, plus the initial value, times
// the factor.
func TestNPV(t *testing.T) {
	for _, tc := range []struct {
		name, eq string
		dt       float64
		want     []float64 // at times 0, 1, 2 (saved every 1)
	}{
		{"defaults", "NPV(100, 0.1)", 1, []float64{100, 100 + 100/1.1, 100 + 100/1.1 + 100/1.21}},
		{"initial value and factor", "NPV(100, 0.1, 5, 2)", 1, []float64{2 * 105, 2 * (105 + 100/1.1), 2 * (105 + 100/1.1 + 100/1.21)}},
		{"no discount", "NPV(10, 0, 0, 1)", 1, []float64{10, 20, 30}},
		// DT 0.5: each step discounts by 1 + rate*DT and pays stream*DT
		{"half steps", "NPV(100, 0.1, 0, 1)", 0.5, []float64{50, 50 * (1 + 1/1.05 + 1/(1.05*1.05)),
			50 * (1 + 1/1.05 + 1/(1.05*1.05) + 1/(1.05*1.05*1.05) + 1/(1.05*1.05*1.05*1.05))}},
		// NPVE discounts the first step's payment too: 1/(1 + rate)^(t+1)
		{"NPVE", "NPVE(100, 0.1)", 1, []float64{100 / 1.1, 100/1.1 + 100/1.21, 100/1.1 + 100/1.21 + 100/1.331}},
		{"NPVE, initial value and factor", "NPVE(100, 0.1, 5, 2)", 1, []float64{2 * (5 + 100/1.1), 2 * (5 + 100/1.1 + 100/1.21), 2 * (5 + 100/1.1 + 100/1.21 + 100/1.331)}},
		{"NPVE, half steps", "NPVE(100, 0.1, 0, 1)", 0.5, []float64{50 / 1.05, 50 * (1/1.05 + 1/(1.05*1.05) + 1/(1.05*1.05*1.05)),
			50 * (1/1.05 + 1/(1.05*1.05) + 1/(1.05*1.05*1.05) + 1/(1.05*1.05*1.05*1.05) + 1/(1.05*1.05*1.05*1.05*1.05))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New("npv")
			m.SetTime(Time{Start: 0, Stop: 2, DT: tc.dt, SavePer: 1})
			m.Aux("value", tc.eq, "")
			r := mustRun(t, m)
			assert.InDeltaSlice(t, tc.want, r.Series("value"), 1e-9)
		})
	}
}
