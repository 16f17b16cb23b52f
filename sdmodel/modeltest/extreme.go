package modeltest

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Check is a user-given invariant: it returns an error describing the first
// violation in a run's results, or nil.
type Check struct {
	Name  string
	Check func(*sdmodel.Results) error
}

// Case is one extreme condition: constants set to given values.
type Case struct {
	Name string
	Set  map[string]float64
}

// ExtremeSettings control ExtremeConditions. The zero value tests every
// constant at 0 and at 10 times its value.
type ExtremeSettings struct {
	// Params are the constants pushed one at a time (default: all constants).
	Params []string
	// Factors multiply each constant's value; 0 sets it to zero
	// (default {0, 10}).
	Factors []float64
	// Cases are further conditions, e.g. several constants at once.
	Cases []Case
	// NonNegative are the variables that must never be negative; nil means
	// every stock, an empty non-nil slice none.
	NonNegative []string
	// Checks are further invariants, run on every case.
	Checks []Check
	// RunOptions apply to every run.
	RunOptions []sdmodel.RunOption
}

// CaseResult is the outcome of one extreme condition.
type CaseResult struct {
	Case     Case
	Problems []string // empty when every invariant held
}

// ExtremeReport is the outcome of ExtremeConditions.
type ExtremeReport struct {
	Model string
	Cases []CaseResult
}

// Passed reports whether every case held every invariant.
func (r *ExtremeReport) Passed() bool {
	for _, c := range r.Cases {
		if len(c.Problems) > 0 {
			return false
		}
	}
	return true
}

// Failed returns the cases with problems.
func (r *ExtremeReport) Failed() []CaseResult {
	var out []CaseResult
	for _, c := range r.Cases {
		if len(c.Problems) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func (r *ExtremeReport) String() string {
	var b strings.Builder
	failed := r.Failed()
	fmt.Fprintf(&b, "extreme conditions test of %q: %s (%d cases, %d with problems)\n",
		r.Model, verdict(len(failed) == 0), len(r.Cases), len(failed))
	for _, c := range r.Cases {
		if len(c.Problems) == 0 {
			fmt.Fprintf(&b, "  ok    %s\n", c.Case.Name)
			continue
		}
		fmt.Fprintf(&b, "  FAIL  %s\n", c.Case.Name)
		for _, p := range c.Problems {
			fmt.Fprintf(&b, "          %s\n", p)
		}
	}
	return b.String()
}

// constValue reads a constant's value from its equation.
func constValue(v *sdmodel.Variable) (float64, bool) {
	x, err := strconv.ParseFloat(strings.TrimSpace(v.Equation), 64)
	return x, err == nil
}

// ExtremeConditions runs the model with constants pushed to extremes (Sterman,
// Business Dynamics, ch. 21: "extreme conditions" test) and checks in every
// run that no variable becomes NaN or infinite (the engine stops the run with
// an error), that the NonNegative variables stay at or above zero, and the
// user's Checks. A model should behave plausibly however extreme its inputs:
// no negative populations, no inventory shipped that does not exist.
func ExtremeConditions(m *sdmodel.Model, s *ExtremeSettings) (*ExtremeReport, error) {
	if s == nil {
		s = &ExtremeSettings{}
	}
	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	params := s.Params
	if params == nil {
		for _, v := range m.Variables() {
			if v.Kind == sdmodel.Const {
				params = append(params, v.Name)
			}
		}
	}
	if params, err = resolve(m, params, "constant", sdmodel.Const); err != nil {
		return nil, err
	}
	factors := s.Factors
	if factors == nil {
		factors = []float64{0, 10}
	}
	nonneg := s.NonNegative
	if nonneg == nil {
		nonneg = stocks(m)
	}
	if nonneg, err = resolve(m, nonneg, "variable"); err != nil {
		return nil, err
	}
	cases := []Case{}
	for _, p := range params {
		base, ok := constValue(m.Var(p))
		if !ok {
			return nil, fmt.Errorf("model %q, constant %q: cannot read its value %q", m.Name, p, m.Var(p).Equation)
		}
		for _, f := range factors {
			name := fmt.Sprintf("%s = 0", p)
			if f != 0 {
				name = fmt.Sprintf("%s × %g = %g", p, f, base*f)
			}
			cases = append(cases, Case{Name: name, Set: map[string]float64{p: base * f}})
		}
	}
	for _, cs := range s.Cases {
		names := make([]string, 0, len(cs.Set))
		for n := range cs.Set {
			names = append(names, n)
		}
		if _, err := resolve(m, names, "constant", sdmodel.Const); err != nil {
			return nil, fmt.Errorf("case %q: %w", cs.Name, err)
		}
		cases = append(cases, cs)
	}

	rep := &ExtremeReport{Model: m.Name}
	for _, cs := range cases {
		opts := append([]sdmodel.RunOption(nil), s.RunOptions...)
		keys := make([]string, 0, len(cs.Set))
		for k := range cs.Set {
			keys = append(keys, k)
		}
		sort.Strings(keys) // map order must not matter
		for _, k := range keys {
			opts = append(opts, sdmodel.Set(k, cs.Set[k]))
		}
		res, err := c.Run(opts...)
		cr := CaseResult{Case: cs}
		if err != nil {
			cr.Problems = append(cr.Problems, "run failed: "+err.Error())
		}
		if res != nil {
			cr.Problems = append(cr.Problems, invariants(res, nonneg, s.Checks)...)
		}
		rep.Cases = append(rep.Cases, cr)
	}
	return rep, nil
}

// invariants checks a run: finite values, non-negative variables, user checks.
func invariants(res *sdmodel.Results, nonneg []string, checks []Check) []string {
	var out []string
	t := res.Time()
	for _, name := range res.Names() {
		for i, x := range res.Series(name) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				out = append(out, fmt.Sprintf("%s is %g at time %g", name, x, t[i]))
				break
			}
		}
	}
	for _, name := range nonneg {
		s := res.Series(name)
		tiny := -1e-9 * max(1, maxAbs(s)) // rounding, not a real negative
		for i, x := range s {
			if x < tiny {
				out = append(out, fmt.Sprintf("%s is negative (%.4g) at time %g", name, x, t[i]))
				break
			}
		}
	}
	for _, ch := range checks {
		if err := ch.Check(res); err != nil {
			out = append(out, fmt.Sprintf("%s: %v", ch.Name, err))
		}
	}
	return out
}
