package lessonkit

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// UsedNames returns the names an equation refers to, variables and functions called, as written,
// in order of appearance (repeats included). An equation that does not parse uses no names.
func UsedNames(equation string) []string {
	n, err := expr.Parse(equation)
	if err != nil {
		return nil
	}
	var names []string
	expr.Inspect(n, func(n expr.Node) bool {
		switch x := n.(type) {
		case *expr.Ident:
			names = append(names, x.Name)
		case *expr.Call:
			names = append(names, x.Fun.Name)
		}
		return true
	})
	return names
}

// HoldAtStart makes a partial model runnable, the standard way of testing a sector alone: it
// returns a copy of part in which every variable of full that part uses but does not define is
// held at its value at full's start time (a flow of a stock of part stays a flow, with that
// constant value; constants and graphical functions are copied as they are). It returns the names
// held, in the order first used. Names that full does not define either (builtins such as MIN or
// TIME) are left alone.
func HoldAtStart(part, full *sdmodel.Model) (*sdmodel.Model, []string, error) {
	c, err := full.Compile()
	if err != nil {
		return nil, nil, err
	}
	start, err := c.Run(sdmodel.WithStop(full.Time.Start + full.Time.DT))
	if err != nil {
		return nil, nil, err
	}
	p := part.Clone()
	var held []string
	hold := func(name string, asFlow bool) {
		v := full.Var(name)
		if v == nil || p.Var(name) != nil {
			return
		}
		switch {
		case v.Kind == sdmodel.Graphical || v.Kind == sdmodel.Const:
			nv := *v
			p.Add(&nv)
		case asFlow:
			p.Flow(v.Name, fmt.Sprint(start.Value(v.Name, 0)), v.Units)
			held = append(held, v.Name)
		default:
			p.Const(v.Name, start.Value(v.Name, 0), v.Units)
			held = append(held, v.Name)
		}
	}
	for _, v := range part.Variables() {
		for _, f := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
			hold(f, true)
		}
		for _, name := range UsedNames(v.Equation) {
			hold(name, false)
		}
	}
	return p, held, nil
}

// RunModel compiles and runs a model.
func RunModel(m *sdmodel.Model, opts ...sdmodel.RunOption) (*sdmodel.Results, error) {
	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	return c.Run(opts...)
}

// Listing returns the equation table (Markdown) of some variables, as Model.EquationTable lists a
// whole model.
func Listing(vars []*sdmodel.Variable) string {
	t := sdmodel.New("listing")
	for _, v := range vars {
		nv := *v
		t.Add(&nv)
	}
	return t.EquationTable()
}

// Sector is a named part of a model: a run of consecutive variables.
type Sector struct {
	Name string
	Vars []*sdmodel.Variable
}

// SectorStart names a sector and the first of its variables.
type SectorStart struct{ Sector, First string }

// SplitSectors splits m's variables, in the order they were added, into sectors: each starts at
// its First variable and runs to the next sector's. Variables for which skip returns true (a
// parameter table added before the sectors, say) are left out; skip may be nil. It is an error
// when a variable comes before the first sector or when a sector's first variable is not found
// where expected: the model's order has changed.
func SplitSectors(m *sdmodel.Model, starts []SectorStart, skip func(*sdmodel.Variable) bool) ([]Sector, error) {
	var out []Sector
	for _, v := range m.Variables() {
		if skip != nil && skip(v) {
			continue
		}
		if len(out) < len(starts) && expr.Canonical(v.Name) == expr.Canonical(starts[len(out)].First) {
			out = append(out, Sector{Name: starts[len(out)].Sector})
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("model %q: variable %q comes before the first sector (%q)", m.Name, v.Name, starts[0].First)
		}
		out[len(out)-1].Vars = append(out[len(out)-1].Vars, v)
	}
	if len(out) != len(starts) {
		return nil, fmt.Errorf("model %q: found %d of %d sectors (no %q after sector %q): the sector order has changed",
			m.Name, len(out), len(starts), starts[len(out)].First, out[len(out)-1].Name)
	}
	return out, nil
}

// Comparison is what CompareModels found.
type Comparison struct {
	Variables, Saved int     // series compared (the variables a run saves), saved times each
	Identical        int     // series equal bit for bit
	Worst            float64 // largest relative difference of any value
	A, B             *sdmodel.Results
}

// String summarises the comparison in one line.
func (c Comparison) String() string {
	return fmt.Sprintf("%d saved series, %d saved times: %d series identical bit for bit; largest relative difference %.3g",
		c.Variables, c.Saved, c.Identical, c.Worst)
}

// CompareModels checks that two models are the same model: the same simulation specs and date
// origin, the same variables with the same kinds, units and equations (compared after parsing, so
// spacing and spelling of names do not matter), and the same numbers, for every variable at every
// saved time; graphical functions' tables, flow lists and non-negativity count too. It returns an error naming what differs (every differing equation at once), or the
// comparison of the runs when the runs differ by more than tol (relative); tol 0 asks for
// identical numbers.
func CompareModels(a, b *sdmodel.Model, tol float64) (Comparison, error) {
	if a.Time != b.Time || a.DateOrigin != b.DateOrigin {
		return Comparison{}, fmt.Errorf("simulation specs differ: %+v (from %q) against %+v (from %q)", a.Time, a.DateOrigin, b.Time, b.DateOrigin)
	}
	if len(a.Variables()) != len(b.Variables()) {
		return Comparison{}, fmt.Errorf("%d variables in %q, %d in %q", len(a.Variables()), a.Name, len(b.Variables()), b.Name)
	}
	var diffs []string
	for _, v := range a.Variables() {
		w := b.Var(v.Name)
		switch {
		case w == nil:
			diffs = append(diffs, fmt.Sprintf("%s: not in %q", v.Name, b.Name))
		case canonicalEquation(v.Equation) != canonicalEquation(w.Equation) || v.Kind != w.Kind || v.Units != w.Units ||
			!reflect.DeepEqual(v.GF, w.GF) || v.NonNegative != w.NonNegative ||
			!expr.SameNames(v.Inflows, w.Inflows) || !expr.SameNames(v.Outflows, w.Outflows):
			diffs = append(diffs, fmt.Sprintf("%s: %s %q (%s) in %q, %s %q (%s) in %q", v.Name,
				v.Kind, v.Equation, v.Units, a.Name, w.Kind, w.Equation, w.Units, b.Name))
		}
	}
	if len(diffs) > 0 {
		return Comparison{}, fmt.Errorf("equations differ:\n%s", strings.Join(diffs, "\n"))
	}
	ra, err := RunModel(a)
	if err != nil {
		return Comparison{}, err
	}
	rb, err := RunModel(b)
	if err != nil {
		return Comparison{}, err
	}
	c := compareRuns(ra, rb)
	if c.Worst > tol {
		return c, fmt.Errorf("%q does not reproduce %q: %v", a.Name, b.Name, c)
	}
	return c, nil
}

// compareRuns compares every series of b with the same series of a.
func compareRuns(ra, rb *sdmodel.Results) Comparison {
	c := Comparison{Variables: len(rb.Names()), Saved: len(rb.Time()), A: ra, B: rb}
	for _, name := range rb.Names() {
		x, y := ra.Series(name), rb.Series(name)
		same := true
		for i := range y {
			if x[i] != y[i] {
				same = false
				c.Worst = math.Max(c.Worst, math.Abs(x[i]-y[i])/math.Max(math.Abs(y[i]), 1e-12))
			}
		}
		if same {
			c.Identical++
		}
	}
	return c
}

// canonicalEquation prints an equation in one canonical spelling (an equation that does not parse
// is compared as written).
func canonicalEquation(eq string) string {
	n, err := expr.Parse(eq)
	if err != nil {
		return eq
	}
	return expr.Canonical(expr.Format(n))
}
