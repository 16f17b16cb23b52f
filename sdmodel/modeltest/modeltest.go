// Package modeltest runs the standard tests of a system dynamics model
// (Sterman, Business Dynamics, ch. 21; Forrester and Senge's tests for
// building confidence): dimensional consistency, integration error, extreme
// conditions, equilibrium and mass balance. Each test returns a report whose
// String method prints a readable summary, for notebooks and the command
// line, and whose Passed method gives the verdict:
//
//	rep, err := modeltest.IntegrationError(m, nil)
//	fmt.Print(rep) // largest relative differences at DT/2 and with RK4, per variable
//
// The tests take the *sdmodel.Model (not a compiled one) because some need its
// structure (stocks, flows, constants) or change a copy of it. Errors are
// returned only for unusable settings (unknown names, a model that does not
// compile); what the tests find is in the reports.
package modeltest

import (
	"fmt"
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Report is what every test returns.
type Report interface {
	Passed() bool
	String() string
}

// verdict prints PASS or FAIL.
func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// stocks returns the names of the model's stocks, in model order.
func stocks(m *sdmodel.Model) []string {
	var out []string
	for _, v := range m.Variables() {
		if v.Kind == sdmodel.Stock {
			out = append(out, v.Name)
		}
	}
	return out
}

// resolve returns the display names of names, checking they exist (and, when
// kinds are given, have one of them).
func resolve(m *sdmodel.Model, names []string, what string, kinds ...sdmodel.Kind) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		v := m.Var(n)
		if v == nil {
			return nil, fmt.Errorf("model %q: no %s %q", m.Name, what, n)
		}
		if len(kinds) > 0 {
			ok := false
			for _, k := range kinds {
				ok = ok || v.Kind == k
			}
			if !ok {
				return nil, fmt.Errorf("model %q: %q is a %v, not a %s", m.Name, v.Name, v.Kind, what)
			}
		}
		out[i] = v.Name
	}
	return out, nil
}

// relDiff is |a-b| relative to the larger magnitude, with floor guarding
// values near zero.
func relDiff(a, b, floor float64) float64 {
	d := math.Abs(a - b)
	if d == 0 {
		return 0
	}
	return d / max(math.Abs(a), math.Abs(b), floor)
}

// maxAbs is the largest |x|.
func maxAbs(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, math.Abs(x))
	}
	return m
}

// table writes rows as aligned columns (first column left-aligned, the rest right).
func table(b *strings.Builder, header []string, rows [][]string) {
	w := make([]int, len(header))
	for j, h := range header {
		w[j] = len([]rune(h))
	}
	for _, r := range rows {
		for j, c := range r {
			w[j] = max(w[j], len([]rune(c)))
		}
	}
	line := func(r []string) {
		for j, c := range r {
			pad := strings.Repeat(" ", w[j]-len([]rune(c)))
			if j == 0 {
				b.WriteString("  " + c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
}

func g(x float64) string { return fmt.Sprintf("%.4g", x) }
