package sdmodel

import (
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Macro is a reusable piece of structure called like a function (Vensim's
// :MACRO:, XMILE's <macro>). A call NAME(a, b) in an equation instantiates
// the macro's body once for that call site: each parameter becomes an
// auxiliary holding its argument, each body variable a variable of its own,
// so stocks and stateful builtins inside a macro keep separate state per
// call. The call's value is Equation, read in the body's scope.
//
//	mac := m.Macro("smooth twice", "input", "time")
//	mac.Equation = "second"
//	mac.Body.Stock("first", "input", "").In("change first")
//	mac.Body.Flow("change first", "(input - first) / time", "")
//	mac.Body.Stock("second", "input", "").In("change second")
//	mac.Body.Flow("change second", "(first - second) / time", "")
//	m.Aux("smoothed sales", "smooth twice(sales, 4)", "")
//
// The variables of a call site are named "<caller>.<macro>.<n>.<name>"
// (n counts the macro calls in the caller's equation from 1); they appear in
// results under those names. A call in an arrayed equation is one call per
// element. The body may have dimensions and arrayed variables of its own
// (and use the model's dimensions); parameters and outputs are scalars.
type Macro struct {
	Name     string
	Params   []string
	Equation string // the value of a call
	// Outputs are body variables a call may also give out (Vensim's
	// :MACRO: NAME(inputs : outputs)): after the inputs, a call names
	// variables of the model, NAME(a, b, out2, out3), which the call
	// defines as the values of those outputs.
	Outputs []string
	Doc     string
	Body    *Model // the macro's own variables; Body's time specs are unused
}

// Macro adds (or replaces) a macro with its parameters and returns it, with
// an empty body to fill.
func (m *Model) Macro(name string, params ...string) *Macro {
	mac := &Macro{Name: name, Params: append([]string(nil), params...), Body: New(name)}
	key := expr.Canonical(name)
	for i, old := range m.macros {
		if expr.Canonical(old.Name) == key {
			m.macros[i] = mac
			return mac
		}
	}
	m.macros = append(m.macros, mac)
	return mac
}

// Macros returns the model's macros in the order they were added.
func (m *Model) Macros() []*Macro { return m.macros }

func (mac *Macro) clone() *Macro {
	c := *mac
	c.Params = append([]string(nil), mac.Params...)
	c.Outputs = append([]string(nil), mac.Outputs...)
	if mac.Body != nil {
		c.Body = mac.Body.Clone()
	}
	return &c
}
