package modeltest

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// IntegrationSettings control IntegrationError. The zero value is usable.
type IntegrationSettings struct {
	// Variables to compare (default: every stock and flow).
	Variables []string
	// Other is the second integration method (default RK4, or Euler when
	// the model already uses RK4 or RK2).
	Other *sdmodel.Method
	// Tolerance is the largest acceptable relative difference (default 0.01).
	Tolerance float64
	// RunOptions apply to every run.
	RunOptions []sdmodel.RunOption
}

// IntegrationRow is one variable's largest relative differences from the
// base run (the model's DT and method).
type IntegrationRow struct {
	Variable     string
	HalfDT       float64 // largest relative difference of the run at DT/2
	HalfDTTime   float64 // time at which it occurs
	OtherMethod  float64 // largest relative difference of the run with the other method
	OtherMethodT float64
}

// IntegrationReport is the outcome of IntegrationError.
type IntegrationReport struct {
	Model     string
	DT        float64
	Method    sdmodel.Method
	Other     sdmodel.Method
	Tolerance float64
	Rows      []IntegrationRow // largest difference first
}

// Passed reports whether every difference is within the tolerance.
func (r *IntegrationReport) Passed() bool {
	for _, row := range r.Rows {
		if row.HalfDT > r.Tolerance || row.OtherMethod > r.Tolerance {
			return false
		}
	}
	return true
}

// Worst returns the largest relative difference of either comparison.
func (r *IntegrationReport) Worst() float64 {
	w := 0.0
	for _, row := range r.Rows {
		w = max(w, row.HalfDT, row.OtherMethod)
	}
	return w
}

func (r *IntegrationReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "integration error test of %q: %s (DT %g with %v against DT %g and against %v; tolerance %g)\n",
		r.Model, verdict(r.Passed()), r.DT, r.Method, r.DT/2, r.Other, r.Tolerance)
	rows := make([][]string, len(r.Rows))
	for i, row := range r.Rows {
		rows[i] = []string{row.Variable, pct(row.HalfDT), g(row.HalfDTTime), pct(row.OtherMethod), g(row.OtherMethodT)}
	}
	table(&b, []string{"variable", "DT/2", "at time", r.Other.String(), "at time"}, rows)
	return b.String()
}

func pct(x float64) string { return fmt.Sprintf("%.3g%%", 100*x) }

// IntegrationError runs the model three times: as specified, with half the
// time step, and with another integration method, all saving at the same
// times, and reports for each variable the largest relative difference
// |a-b| / max(|a|, |b|, 0.01·max|a|) from the base run over the saved times
// (the floor keeps a flow that crosses zero from showing huge relative
// differences where it is nearly zero).
// If halving DT or changing the method changes the behaviour, DT is too
// large (Sterman, Business Dynamics, ch. 21: "integration error" test).
func IntegrationError(m *sdmodel.Model, s *IntegrationSettings) (*IntegrationReport, error) {
	if s == nil {
		s = &IntegrationSettings{}
	}
	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	vars := s.Variables
	if len(vars) == 0 {
		for _, v := range m.Variables() {
			if v.Kind == sdmodel.Stock || v.Kind == sdmodel.Flow {
				vars = append(vars, v.Name)
			}
		}
	}
	if vars, err = resolve(m, vars, "variable"); err != nil {
		return nil, err
	}
	base := m.Time
	other := sdmodel.RK4
	if base.Method != sdmodel.Euler {
		other = sdmodel.Euler
	}
	if s.Other != nil {
		other = *s.Other
	}
	tol := s.Tolerance
	if tol == 0 {
		tol = 0.01
	}
	// All three runs save at the base run's interval so their rows line up.
	save := base.SavePer
	if save <= 0 {
		save = base.DT
	}
	common := append(append([]sdmodel.RunOption(nil), s.RunOptions...), sdmodel.WithSavePer(save), sdmodel.Keep(vars...))
	run := func(extra ...sdmodel.RunOption) (*sdmodel.Results, error) {
		return c.Run(append(append([]sdmodel.RunOption(nil), common...), extra...)...)
	}
	r0, err := run()
	if err != nil {
		return nil, fmt.Errorf("base run: %w", err)
	}
	rHalf, err := run(sdmodel.WithDT(base.DT / 2))
	if err != nil {
		return nil, fmt.Errorf("run at DT/2: %w", err)
	}
	rOther, err := run(sdmodel.WithMethod(other))
	if err != nil {
		return nil, fmt.Errorf("run with %v: %w", other, err)
	}
	rep := &IntegrationReport{Model: m.Name, DT: base.DT, Method: base.Method, Other: other, Tolerance: tol}
	for _, v := range vars {
		a := r0.Series(v)
		row := IntegrationRow{Variable: v}
		row.HalfDT, row.HalfDTTime = largestDiff(r0.Time(), a, rHalf.Time(), rHalf.Series(v))
		row.OtherMethod, row.OtherMethodT = largestDiff(r0.Time(), a, rOther.Time(), rOther.Series(v))
		rep.Rows = append(rep.Rows, row)
	}
	sort.SliceStable(rep.Rows, func(i, j int) bool {
		return max(rep.Rows[i].HalfDT, rep.Rows[i].OtherMethod) > max(rep.Rows[j].HalfDT, rep.Rows[j].OtherMethod)
	})
	return rep, nil
}

// largestDiff compares b with a at a's saved times (matched by time, as a
// finer DT may save at slightly different floating-point times).
func largestDiff(ta, a, tb, b []float64) (worst, at float64) {
	// Differences where a variable passes near zero are measured against 1%
	// of its largest magnitude: pointwise relative error means nothing there.
	floor := 0.01 * maxAbs(a)
	if floor == 0 {
		floor = 1e-12
	}
	j := 0
	for i, t := range ta {
		for j+1 < len(tb) && math.Abs(tb[j+1]-t) < math.Abs(tb[j]-t) {
			j++
		}
		if j >= len(tb) {
			break
		}
		if d := relDiff(a[i], b[j], floor); d > worst {
			worst, at = d, t
		}
	}
	return worst, at
}
