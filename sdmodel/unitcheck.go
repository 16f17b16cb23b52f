package sdmodel

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/units"
)

// CheckUnits checks the units of every variable. It returns nil when it
// finds no problems, else an ErrorList (see Problems) sorted as
// ErrorList.Sort does: in the order of the variables, each variable's by
// position. Units are read with units.Parse and equations are inferred with
// the rules of units.Env.Infer. It checks:
//
//   - each variable's declared units, and the model's time units, can be read;
//   - the units inferred for each equation equal the variable's declared
//     units (for a stock, its initial value against the stock's units; for
//     an auxiliary or a flow with an InitEquation, that equation too, its
//     messages starting "initial equation: " as Compile's do);
//   - each flow attached to a stock, inflow or outflow, has the stock's units
//     divided by the model's time unit (Time.Units);
//   - inside every equation: the operands of + - and comparisons, IF
//     branches, MIN/MAX and builtin arguments agree (see units.Env.Infer).
//
// A variable without declared units is not checked, and where it is
// referenced it is a wildcard that matches anything, so a model can be
// annotated a piece at a time. A graphical function's value has its declared
// units whatever its input, whose equation is checked inside but not against
// anything. When Time.Units is empty, TIME, DT and the time arguments of
// delays are wildcards and flows are not checked against stocks.
//
// Unit names are read through the model's UnitAliases (XMILE's
// <model_units>) as well as the built-in ones. Stella writes the time unit
// "Time" when none was chosen: then the time unit is taken as unset, and
// declared units that mention "time" are not checked. Arrays and macros
// are checked element by element, on the flattened model (see Flatten).
//
// Equations that do not parse and references to unknown names are left to
// Compile, which reports them; CheckUnits skips them.
func (m *Model) CheckUnits() error {
	if m == nil {
		return nil
	}
	if m.needsFlatten() {
		flat, err := m.Flatten()
		if err != nil {
			return nil // Compile reports it
		}
		m = flat
	}
	genericTime := expr.Canonical(m.Time.Units) == "time"
	aliases := m.unitAliases()
	parse := func(s string) (units.Unit, error) {
		u, err := units.Parse(s)
		if err != nil {
			return u, err
		}
		for _, f := range u.Factors() {
			if to, ok := aliases[f.Name]; ok {
				u = u.Div(units.Base(f.Name).Pow(f.Exp)).Mul(to.Pow(f.Exp))
			}
		}
		return u, nil
	}
	var errs ErrorList
	order := make(map[*Variable]int, len(m.vars))
	for i, v := range m.vars {
		order[v] = i + 1
	}
	report := func(v *Variable, pos *expr.Position, format string, args ...any) {
		e := &Error{Model: m.Name, Pos: pos, Msg: fmt.Sprintf(format, args...)}
		if v != nil {
			e.Variable, e.order = v.Name, order[v]
		}
		errs = append(errs, e)
	}

	var timeUnit *units.Unit
	if strings.TrimSpace(m.Time.Units) != "" && !genericTime {
		u, err := parse(m.Time.Units)
		if err != nil {
			report(nil, nil, "bad time units %q: %v", m.Time.Units, err)
		} else {
			timeUnit = &u
		}
	}

	// Read every variable's units first: equations refer to variables
	// defined later.
	vars := make(map[string]units.Var, len(m.vars))
	unitErrs := make(map[*Variable]error)
	for _, v := range m.vars {
		if v == nil {
			continue
		}
		info := units.Var{Graphical: v.Kind == Graphical}
		if strings.TrimSpace(v.Units) != "" {
			u, err := parse(v.Units)
			if err != nil {
				unitErrs[v] = err
			} else if genericTime && u.Exponent("time") != 0 {
				// per unit of an unnamed time: a wildcard
			} else {
				info.Unit, info.HasUnits = u, true
			}
		}
		vars[expr.Canonical(v.Name)] = info
	}
	env := &units.Env{
		Lookup: func(name string) (units.Var, bool) { v, ok := vars[name]; return v, ok },
		Time:   timeUnit,
	}

	// The stocks each flow feeds or drains, to check flows in their own turn.
	stocksOf := map[string][]*Variable{}
	for _, v := range m.vars {
		if v == nil || v.Kind != Stock {
			continue
		}
		seen := map[string]bool{}
		for _, f := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
			key := expr.Canonical(f)
			if !seen[key] {
				seen[key] = true
				stocksOf[key] = append(stocksOf[key], v)
			}
		}
	}

	for _, v := range m.vars {
		if v == nil {
			continue
		}
		if err, ok := unitErrs[v]; ok {
			report(v, nil, "bad units %q: %v", v.Units, err)
		}
		self := vars[expr.Canonical(v.Name)]
		// check infers the units of one of v's equations (the running one,
		// or the initial one: prefix says which) against v's own.
		check := func(src, prefix, what string) {
			if strings.TrimSpace(src) == "" {
				return
			}
			root, err := expr.Parse(src)
			if err != nil {
				return // Compile reports it
			}
			got, problems := env.Infer(root)
			for _, p := range problems {
				pos := expr.PositionOf(src, p.Pos)
				report(v, &pos, "%s%s", prefix, p.Msg)
			}
			if self.HasUnits && v.Kind != Graphical && !got.Fits(self.Unit) {
				pos := expr.PositionOf(src, root.Pos())
				if v.Kind == Stock {
					report(v, &pos, "units mismatch: initial value has %s but stock %q has %s", got, v.Name, self.Unit)
				} else {
					report(v, &pos, "%sunits mismatch: %s has %s but %s %q is declared in %s", prefix, what, got, v.Kind, v.Name, self.Unit)
				}
			}
		}
		check(v.Equation, "", "equation")
		if v.Kind != Stock {
			// A stock with an InitEquation is Compile's error.
			check(v.InitEquation, "initial equation: ", "initial equation")
		}
		if !self.HasUnits || timeUnit == nil {
			continue
		}
		for _, s := range stocksOf[expr.Canonical(v.Name)] {
			st := vars[expr.Canonical(s.Name)]
			if !st.HasUnits {
				continue
			}
			if want := st.Unit.Div(*timeUnit); !self.Unit.Equal(want) {
				report(v, nil, "flow %q has %s but stock %q needs %s (the stock's units per the model's time unit)", v.Name, self.Unit, s.Name, want)
			}
		}
	}
	errs.Sort()
	return errs.Err()
}

// unitAliases reads UnitAliases into units, skipping the unreadable.
func (m *Model) unitAliases() map[string]units.Unit {
	out := map[string]units.Unit{}
	keys := make([]string, 0, len(m.UnitAliases))
	for k := range m.UnitAliases {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first of two aliases for one name wins, whatever the map order
	for _, alias := range keys {
		name := m.UnitAliases[alias]
		a, err1 := units.Parse(alias)
		u, err2 := units.Parse(name)
		if err1 != nil || err2 != nil {
			continue
		}
		if fs := a.Factors(); len(fs) == 1 && fs[0].Exp == 1 && !a.Equal(u) {
			if _, seen := out[fs[0].Name]; !seen {
				out[fs[0].Name] = u
			}
		}
	}
	return out
}
