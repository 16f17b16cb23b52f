package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Verdict turns the result of a self-check into one line for the student: "✓ right" or
// "✗ not yet: " and the reason.
func Verdict(err error) string {
	if err == nil {
		return "✓ right"
	}
	return "✗ not yet: " + err.Error()
}

// Test values for the Go exercises: an empty slice, one value, several with a negative one.
var sumCases = [][]float64{nil, {3}, {5, -2, 0.5, 12}}

// CheckSum checks a function that adds up a slice of numbers (the net flow of several inflows,
// say): it must give 0 for an empty slice and the sum otherwise.
func CheckSum(sum func([]float64) float64) error {
	if sum == nil {
		return errors.New("the function is nil: write it first")
	}
	for _, xs := range sumCases {
		want := 0.0
		for _, x := range xs {
			want += x
		}
		if got := sum(xs); math.Abs(got-want) > 1e-12 {
			hint := ""
			if len(xs) == 0 {
				hint = " (an empty slice adds up to 0)"
			}
			return fmt.Errorf("sum(%v) = %g, want %g%s", xs, got, want, hint)
		}
	}
	return nil
}

// CheckStayTime checks a function giving the average time in a stock from Little's law, residence
// time = stock / outflow, that returns an error (not a panic, not +Inf) when the outflow is not
// positive, since then no residence time is defined.
func CheckStayTime(stayTime func(stock, outflow float64) (float64, error)) (err error) {
	if stayTime == nil {
		return errors.New("the function is nil: write it first")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("it panicked (%v): return an error value instead", r)
		}
	}()
	for _, c := range []struct{ stock, out float64 }{{60, 5}, {30, 5}, {0, 2}} {
		got, err := stayTime(c.stock, c.out)
		if err != nil {
			return fmt.Errorf("stayTime(%g, %g) returned the error %q, but that stock and outflow are fine", c.stock, c.out, err)
		}
		if want := c.stock / c.out; math.Abs(got-want) > 1e-12 {
			return fmt.Errorf("stayTime(%g, %g) = %g, want %g (Little's law: stock = outflow × time)", c.stock, c.out, got, want)
		}
	}
	for _, out := range []float64{0, -1} {
		if got, err := stayTime(60, out); err == nil {
			return fmt.Errorf("stayTime(60, %g) = %g with no error: with no positive outflow nobody leaves, so return an error", out, got)
		}
	}
	return nil
}

// CheckStartFull checks a run that starts a first-order stock-adjustment model at its equilibrium:
// the stock must start at goal and stay there, because then inflow equals outflow from the start.
func CheckStartFull(res *sdmodel.Results, stock string, goal float64) error {
	if res == nil {
		return errors.New("no run yet: run the model and pass its results")
	}
	s, err := res.Get(stock)
	if err != nil {
		return err
	}
	if math.Abs(s[0]-goal) > 1e-9*math.Max(1, goal) {
		return fmt.Errorf("%q starts at %g, not %g: set its initial value with sdmodel.Set", stock, s[0], goal)
	}
	for i, x := range s {
		if math.Abs(x-goal) > 1e-6*math.Max(1, goal) {
			return fmt.Errorf("%q moves away from %g (%g at time %g): is the initial value the equilibrium?", stock, goal, x, res.Time()[i])
		}
	}
	return nil
}

// CheckOutflow checks that a model piece was added as an SD practitioner would: a flow named flow
// that drains stock (listed in its outflows), whose equation uses the stock and every name in
// uses, in units of the stock per time unit, and that the model's units check and it runs.
func CheckOutflow(m *sdmodel.Model, stock, flow string, uses ...string) error {
	if m == nil {
		return errors.New("no model: pass the model you built")
	}
	s, f := m.Var(stock), m.Var(flow)
	switch {
	case s == nil || s.Kind != sdmodel.Stock:
		return fmt.Errorf("model %q has no stock %q", m.Name, stock)
	case f == nil:
		return fmt.Errorf("model %q has no variable %q: add it with m.Flow", m.Name, flow)
	case f.Kind != sdmodel.Flow:
		return fmt.Errorf("%q is not a flow but a variable of kind %s: a rate that changes a stock is a flow (m.Flow)", flow, f.Kind)
	}
	drains := false
	for _, o := range s.Outflows {
		drains = drains || m.Var(o) == f
	}
	if !drains {
		return fmt.Errorf("%q is not an outflow of %q: add it to the stock with .Out(%q)", flow, stock, flow)
	}
	if _, err := m.Compile(); err != nil {
		return err // unknown names first: a name with a hyphen, say, must be quoted
	}
	refs, err := m.References(flow)
	if err != nil {
		return err
	}
	for _, want := range append([]string{stock}, uses...) {
		found := false
		for _, r := range refs {
			found = found || m.Var(r) == m.Var(want)
		}
		if !found {
			return fmt.Errorf("the equation of %q (%s) does not use %q", flow, f.Equation, want)
		}
	}
	if err := m.CheckUnits(); err != nil {
		return fmt.Errorf("units: %v", err)
	}
	_, err = RunModel(m)
	return err
}

// CheckEquilibrium checks a predicted equilibrium level of a stock against the model: it runs m
// for 50 times its run length (long enough for a stable model to settle) and accepts an answer
// within 1 % of where the stock settles. It says whether the answer is too high or too low but
// not by how much, so that the student works it out from the equilibrium conditions (inflow = sum of
// outflows, or a stock at the goal it adjusts toward).
func CheckEquilibrium(m *sdmodel.Model, stock string, answer float64) error {
	if m == nil {
		return errors.New("no model: pass the model you built")
	}
	length := m.Time.Stop - m.Time.Start
	res, err := RunModel(m, sdmodel.WithStop(m.Time.Start+float64(50*length)), sdmodel.WithSavePer(length))
	if err != nil {
		return err
	}
	s, err := res.Get(stock)
	if err != nil {
		return err
	}
	settled := s[len(s)-1]
	if prev := s[len(s)-2]; math.Abs(settled-prev) > 1e-6*math.Max(1, math.Abs(settled)) {
		return fmt.Errorf("%q has not settled after %g %s: does it have an equilibrium?", stock, 50*length, m.Time.Units)
	}
	switch rel := (answer - settled) / math.Max(math.Abs(settled), 1e-12); {
	case math.Abs(rel) <= 0.01:
		return nil
	case rel > 0:
		return fmt.Errorf("%g is too high: %s", answer, equilibriumHint(m, stock))
	default:
		return fmt.Errorf("%g is too low: %s", answer, equilibriumHint(m, stock))
	}
}

// equilibriumHint says how to find a stock's equilibrium: from its flows when it has several, else
// from its flow's goal (a stock adjusting toward an indicated value).
func equilibriumHint(m *sdmodel.Model, stock string) string {
	if v := m.Var(stock); v != nil && len(v.Inflows)+len(v.Outflows) > 1 {
		return "in equilibrium the inflow equals the sum of the outflows; solve that for the stock"
	}
	return "in equilibrium the stock's net flow is zero, so it equals the goal it adjusts toward; solve that for the stock"
}

// CheckMaxError checks a function that measures the largest absolute difference between a
// simulated stock and its exact solution over a run: it is given res and must agree with the
// same measurement made here.
func CheckMaxError(maxError func(res *sdmodel.Results) float64, res *sdmodel.Results, stock string, exact func(t float64) float64) error {
	if maxError == nil || res == nil || exact == nil {
		return errors.New("pass your function, a run and the exact solution")
	}
	s, err := res.Get(stock)
	if err != nil {
		return err
	}
	want := 0.0
	for i, t := range res.Time() {
		want = math.Max(want, math.Abs(s[i]-exact(t)))
	}
	got := maxError(res)
	if math.Abs(got-want) > 1e-9*math.Max(1, want) {
		var hint []string
		if got < 0 {
			hint = append(hint, "an error size is never negative (math.Abs)")
		}
		hint = append(hint, "compare with the exact solution at every saved time (res.Time(), res.Series)")
		return fmt.Errorf("your maxError gives %g, which is not the largest difference: %s", got, strings.Join(hint, "; "))
	}
	return nil
}

// CheckStepInput checks that variable input of m was made a step: an auxiliary (not a constant:
// a constant cannot change over time) that starts at before and changes to after at time at.
func CheckStepInput(m *sdmodel.Model, input string, before, after, at float64) error {
	if m == nil {
		return errors.New("no model: pass the model you built")
	}
	v := m.Var(input)
	switch {
	case v == nil:
		return fmt.Errorf("model %q has no variable %q", m.Name, input)
	case v.Kind == sdmodel.Const:
		return fmt.Errorf("%q is still a constant: remove it (m.Remove) and define it again with m.Aux and an equation using STEP", input)
	}
	res, err := RunModel(m)
	if err != nil {
		return err
	}
	s, err := res.Get(input)
	if err != nil {
		return err
	}
	for i, t := range res.Time() {
		want := before
		if t >= at {
			want = after
		}
		if math.Abs(s[i]-want) > 1e-9*math.Max(1, math.Abs(want)) {
			return fmt.Errorf("%q is %g at time %g, want %g (%g before time %g, %g from then on)", input, s[i], t, want, before, at, after)
		}
	}
	return nil
}
