package sdmodel

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMacroOutputsAndArrays: a macro with further outputs, a macro with
// arrays of its own, and macros called in arrayed equations, one instance
// per element.
func TestMacroOutputsAndArrays(t *testing.T) {
	m := New("macros")
	m.SetTime(Time{Start: 0, Stop: 4, DT: 0.5, SavePer: 1})
	m.Dimension("region", "north", "south")

	// stats(x, y : difference, product): the sum, and two more outputs.
	stats := m.Macro("stats", "x", "y")
	stats.Equation = "total"
	stats.Outputs = []string{"difference", "product"}
	stats.Body.Aux("total", "x + y", "")
	stats.Body.Aux("difference", "x - y", "")
	stats.Body.Aux("product", "x * y", "")
	m.Aux("sum of two", "stats(7, 3, diff, prod)", "")
	m.Aux("uses outputs", "diff + prod", "")
	m.Aux("sum only", "stats(1, 2)", "")

	// A macro with a dimension and an arrayed stock of its own.
	pair := m.Macro("pair", "inflow")
	pair.Equation = "SUM(level[side!])"
	pair.Body.Dimension("side", "left", "right")
	pair.Body.Aux("share", "0.25, 0.75", "").Over("side")
	pair.Body.Stock("level", "0", "").Over("side").In("filling")
	pair.Body.Flow("filling", "inflow * share", "").Over("side")
	m.Aux("paired", "pair(2)", "")

	// Called in an arrayed equation: one instance per element.
	acc := m.Macro("accumulate", "rate")
	acc.Equation = "level"
	acc.Body.Stock("level", "0", "").In("adding")
	acc.Body.Flow("adding", "rate", "")
	m.Aux("rate", "1, 3", "").Over("region")
	m.Aux("accumulated", "accumulate(rate[region])", "").Over("region")
	// A macro with an array over one of the model's dimensions.
	spread := m.Macro("spread", "x")
	spread.Equation = "SUM(weights[region!]) * x"
	spread.Body.Aux("weights", "0.5, 2", "").Over("region")
	m.Aux("spread out", "spread(10)", "")

	r := mustRun(t, m)
	for _, tc := range []struct {
		name string
		want float64
	}{
		{"sum of two", 10}, {"diff", 4}, {"prod", 21}, {"uses outputs", 25}, {"sum only", 3},
		{"paired", 2 * 4}, {"paired.pair.1.level[right]", 0.75 * 2 * 4},
		{"accumulated[north]", 4}, {"accumulated[south]", 12}, {"spread out", 25},
	} {
		assert.InDelta(t, tc.want, r.Final(tc.name), 1e-9, tc.name)
	}
	assert.True(t, r.Has("accumulated[south].accumulate.1.level"), "each element has its own instance")
}

func TestMacroErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(m *Model)
		want  string
	}{
		{"output not a name", func(m *Model) {
			mac := m.Macro("f", "x")
			mac.Equation, mac.Outputs = "x", []string{"twice"}
			mac.Body.Aux("twice", "2 * x", "")
			m.Aux("y", "f(1, 2 + 3)", "")
		}, `variable "y": macro f takes in argument 2 the name of the variable that receives output twice, found 2 + 3`},
		{"output defined twice", func(m *Model) {
			mac := m.Macro("f", "x")
			mac.Equation, mac.Outputs = "x", []string{"twice"}
			mac.Body.Aux("twice", "2 * x", "")
			m.Aux("z", "1", "")
			m.Aux("y", "f(1, z)", "")
		}, `macro f would define "z", which exists already`},
		{"output unknown", func(m *Model) {
			mac := m.Macro("f", "x")
			mac.Equation, mac.Outputs = "x", []string{"nothing"}
			m.Aux("y", "f(1)", "")
		}, `macro "f": output "nothing" is not a variable of the macro`},
		{"wrong count with outputs", func(m *Model) {
			mac := m.Macro("f", "x")
			mac.Equation, mac.Outputs = "x", []string{"twice"}
			mac.Body.Aux("twice", "2 * x", "")
			m.Aux("y", "f(1, a, b)", "")
		}, `macro f takes 1 arguments and the names of 1 output variables, found 3`},
		{"bad array in a macro", func(m *Model) {
			mac := m.Macro("f", "x")
			mac.Equation = "v[nope]"
			mac.Body.Aux("v", "x", "").Over("missing")
			m.Aux("y", "f(1)", "")
		}, `macro "f": `},
		{"macro inside a macro", func(m *Model) {
			mac := m.Macro("f", "x")
			mac.Equation = "x"
			mac.Body.Macro("g").Equation = "1"
			m.Aux("y", "f(1)", "")
		}, `macros defined inside a macro are not supported`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New("bad")
			tc.build(m)
			_, err := m.Compile()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestMacroEquationRows: the equation listing shows each macro, its
// inputs and outputs, and its own variables.
func TestMacroEquationRows(t *testing.T) {
	m := New("listing")
	m.Aux("x", "stats(1, 2, d)", "")
	stats := m.Macro("stats", "a", "b")
	stats.Equation, stats.Outputs, stats.Doc = "total", []string{"difference"}, "Sum and difference."
	stats.Body.Aux("total", "a + b", "")
	stats.Body.Aux("difference", "a - b", "")
	var rows []string
	for _, r := range m.Equations() {
		rows = append(rows, r.Name+" | "+r.Kind+" | "+r.Equation+" | "+r.Doc)
	}
	assert.Equal(t, []string{
		"x | auxiliary | stats(1, 2, d) | ",
		"stats(a, b : difference) | macro | total | Sum and difference.",
		"stats.total | auxiliary | a + b | ",
		"stats.difference | auxiliary | a - b | ",
	}, rows)
}
