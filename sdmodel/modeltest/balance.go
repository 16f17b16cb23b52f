package modeltest

import (
	"fmt"
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// EquilibriumSettings control Equilibrium. The zero value checks every stock
// with a relative tolerance of 1e-6.
type EquilibriumSettings struct {
	Stocks     []string // default: every stock
	Tolerance  float64  // largest acceptable relative change of a stock (default 1e-6)
	RunOptions []sdmodel.RunOption
}

// EquilibriumRow is one stock's departure from its initial value.
type EquilibriumRow struct {
	Stock       string
	Initial     float64
	MaxChange   float64 // largest |stock(t) - stock(0)|
	Relative    float64 // MaxChange / |initial| (MaxChange itself when the initial value is 0)
	At          float64 // time of the largest change
	MaxNetFlow  float64 // largest |inflows - outflows| over the saved times
	NetFlowTime float64
}

// EquilibriumReport is the outcome of Equilibrium.
type EquilibriumReport struct {
	Model     string
	Tolerance float64
	Rows      []EquilibriumRow
}

// Passed reports whether every stock stayed within the tolerance.
func (r *EquilibriumReport) Passed() bool {
	for _, row := range r.Rows {
		if row.Relative > r.Tolerance {
			return false
		}
	}
	return true
}

func (r *EquilibriumReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "equilibrium test of %q: %s (tolerance %g relative)\n", r.Model, verdict(r.Passed()), r.Tolerance)
	rows := make([][]string, len(r.Rows))
	for i, row := range r.Rows {
		mark := ""
		if row.Relative > r.Tolerance {
			mark = " !"
		}
		rows[i] = []string{row.Stock, g(row.Initial), g(row.MaxChange), g(row.Relative) + mark, g(row.At), g(row.MaxNetFlow), g(row.NetFlowTime)}
	}
	table(&b, []string{"stock", "initial", "max change", "relative", "at time", "max |net flow|", "at time"}, rows)
	return b.String()
}

// Equilibrium runs the model and checks that every stock stays at its
// initial value, with its net flow near zero. A model started in equilibrium
// should stay there until something disturbs it: a departure points to
// inconsistent initial values or equations (Sterman, Business Dynamics,
// ch. 21; to test the response to a disturbance, run with a STEP or PULSE
// switched on instead).
func Equilibrium(m *sdmodel.Model, s *EquilibriumSettings) (*EquilibriumReport, error) {
	if s == nil {
		s = &EquilibriumSettings{}
	}
	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	names := s.Stocks
	if len(names) == 0 {
		names = stocks(m)
	}
	if names, err = resolve(m, names, "stock", sdmodel.Stock); err != nil {
		return nil, err
	}
	tol := s.Tolerance
	if tol == 0 {
		tol = 1e-6
	}
	res, err := c.Run(s.RunOptions...)
	if err != nil {
		return nil, err
	}
	t := res.Time()
	rep := &EquilibriumReport{Model: m.Name, Tolerance: tol}
	for _, n := range names {
		v := m.Var(n)
		x := res.Series(n)
		row := EquilibriumRow{Stock: n, Initial: x[0]}
		for i, xi := range x {
			if d := math.Abs(xi - x[0]); d > row.MaxChange {
				row.MaxChange, row.At = d, t[i]
			}
		}
		row.Relative = row.MaxChange
		if x[0] != 0 {
			row.Relative = row.MaxChange / math.Abs(x[0])
		}
		net := make([]float64, len(t))
		for _, f := range v.Inflows {
			add(net, res.Series(f), 1)
		}
		for _, f := range v.Outflows {
			add(net, res.Series(f), -1)
		}
		for i, y := range net {
			if math.Abs(y) > row.MaxNetFlow {
				row.MaxNetFlow, row.NetFlowTime = math.Abs(y), t[i]
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

func add(dst, src []float64, sign float64) {
	for i := range min(len(dst), len(src)) {
		dst[i] += float64(sign * src[i])
	}
}

// MassBalanceSettings describe a chain of stocks (an aging chain, a supply
// line) whose content is conserved except for the flows across its boundary.
type MassBalanceSettings struct {
	Stocks []string // the stocks of the chain (required)
	// Inflows and Outflows are the flows entering and leaving the chain.
	// When both are empty they are inferred from the model: every inflow of
	// a chain stock that is not an outflow of another, and the reverse.
	Inflows, Outflows []string
	// Tolerance is the largest acceptable imbalance relative to the largest
	// total content of the chain (default 1e-9).
	Tolerance  float64
	RunOptions []sdmodel.RunOption
}

// MassBalanceReport is the outcome of MassBalance.
type MassBalanceReport struct {
	Model             string
	Stocks            []string
	Inflows, Outflows []string
	// Unlisted are flows that cross the chain's boundary in the model but
	// were not given as inflows or outflows: where material leaks.
	Unlisted     []string
	MaxImbalance float64 // largest |Δ total stock - cumulative net boundary flow|
	Relative     float64 // MaxImbalance / largest total content
	At           float64
	Tolerance    float64
}

// Passed reports whether the imbalance is within the tolerance.
func (r *MassBalanceReport) Passed() bool { return r.Relative <= r.Tolerance }

func (r *MassBalanceReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mass balance test of %q: %s\n", r.Model, verdict(r.Passed()))
	fmt.Fprintf(&b, "  stocks:   %s\n", strings.Join(r.Stocks, ", "))
	fmt.Fprintf(&b, "  inflows:  %s\n", list(r.Inflows))
	fmt.Fprintf(&b, "  outflows: %s\n", list(r.Outflows))
	if len(r.Unlisted) > 0 {
		fmt.Fprintf(&b, "  boundary flows not listed: %s\n", strings.Join(r.Unlisted, ", "))
	}
	fmt.Fprintf(&b, "  largest imbalance %.4g (%.3g relative, tolerance %g) at time %g\n", r.MaxImbalance, r.Relative, r.Tolerance, r.At)
	return b.String()
}

func list(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}

// MassBalance checks that a chain of stocks conserves what flows through it:
// at every time, the change of the chain's total content equals the
// cumulative boundary inflows minus outflows. The check runs the model with
// Euler integration saving every DT, where the cumulative flow is exactly the
// sum of flow·DT, so any imbalance comes from the model's structure (a flow
// that drains one stock and feeds none in the chain, a stock changed by
// something other than its flows) rather than from integration.
func MassBalance(m *sdmodel.Model, s *MassBalanceSettings) (*MassBalanceReport, error) {
	if s == nil || len(s.Stocks) == 0 {
		return nil, fmt.Errorf("model %q: mass balance needs the chain's stocks", m.Name)
	}
	chain, err := resolve(m, s.Stocks, "stock", sdmodel.Stock)
	if err != nil {
		return nil, err
	}
	// Flows across the boundary, from the structure: count each flow's
	// appearances as inflow (+1) and outflow (-1) of chain stocks.
	count := map[string]int{}
	display := map[string]string{}
	var order []string
	for _, n := range chain {
		v := m.Var(n)
		for _, f := range v.Inflows {
			k := expr.Canonical(f)
			if _, ok := display[k]; !ok {
				order = append(order, k)
				display[k] = f
			}
			count[k]++
		}
		for _, f := range v.Outflows {
			k := expr.Canonical(f)
			if _, ok := display[k]; !ok {
				order = append(order, k)
				display[k] = f
			}
			count[k]--
		}
	}
	var inferredIn, inferredOut []string
	for _, k := range order {
		switch {
		case count[k] > 0:
			inferredIn = append(inferredIn, display[k])
		case count[k] < 0:
			inferredOut = append(inferredOut, display[k])
		}
	}
	ins, outs := s.Inflows, s.Outflows
	if len(ins) == 0 && len(outs) == 0 {
		ins, outs = inferredIn, inferredOut
	}
	if ins, err = resolve(m, ins, "flow"); err != nil {
		return nil, err
	}
	if outs, err = resolve(m, outs, "flow"); err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	for _, f := range append(append([]string(nil), ins...), outs...) {
		listed[expr.Canonical(f)] = true
	}
	rep := &MassBalanceReport{Model: m.Name, Stocks: chain, Inflows: ins, Outflows: outs, Tolerance: s.Tolerance}
	if rep.Tolerance == 0 {
		rep.Tolerance = 1e-9
	}
	for _, f := range append(inferredIn, inferredOut...) {
		if !listed[expr.Canonical(f)] {
			rep.Unlisted = append(rep.Unlisted, f)
		}
	}

	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	dt := m.Time.DT
	opts := append(append([]sdmodel.RunOption(nil), s.RunOptions...), sdmodel.WithMethod(sdmodel.Euler), sdmodel.WithSavePer(dt))
	res, err := c.Run(opts...)
	if err != nil {
		return nil, err
	}
	t := res.Time()
	total := make([]float64, len(t))
	for _, n := range chain {
		add(total, res.Series(n), 1)
	}
	net := make([]float64, len(t))
	for _, f := range ins {
		add(net, res.Series(f), 1)
	}
	for _, f := range outs {
		add(net, res.Series(f), -1)
	}
	scale := max(maxAbs(total), 1e-12)
	cum := 0.0
	for i := range t {
		if i > 0 {
			// Euler: the content at t[i] is the content at t[i-1] plus the
			// flows at t[i-1] over the step actually taken.
			cum += float64(net[i-1] * (t[i] - t[i-1]))
		}
		if d := math.Abs(total[i] - total[0] - cum); d > rep.MaxImbalance {
			rep.MaxImbalance, rep.At = d, t[i]
		}
	}
	rep.Relative = rep.MaxImbalance / scale
	return rep, nil
}
