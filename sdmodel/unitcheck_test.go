package sdmodel

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unitModel is a consistent population model in months.
func unitModel() *Model {
	m := New("population")
	m.SetTime(Time{Start: 0, Stop: 120, DT: 0.25, Units: "months"})
	m.Stock("population", "initial population", "persons").In("births").Out("deaths")
	m.Flow("births", "population * birth rate * effect of crowding(population / capacity)", "persons/month")
	m.Flow("deaths", "SMTH1(population / average lifetime, 6, 0)", "people/month")
	m.Const("initial population", 1000, "people")
	m.Const("birth rate", 0.01, "1/month")
	m.Const("average lifetime", 840, "months")
	m.Const("capacity", 5000, "persons")
	m.Graphical("effect of crowding", "", []float64{0, 1, 2}, []float64{1, 0.5, 0}, "dmnl")
	m.Aux("crowding", "IF population > capacity THEN 1 ELSE population / capacity", "fraction")
	m.Aux("annual births", "births * 12", "")
	return m
}

func TestCheckUnitsConsistentModels(t *testing.T) {
	cases := []struct {
		name   string
		change func(m *Model)
	}{
		{"as built", func(m *Model) {}},
		{"undeclared variables are wildcards", func(m *Model) { m.Aux("x", "annual births + population", "persons") }},
		{"undeclared flow is not checked", func(m *Model) { m.Var("births").Units = "" }},
		{"undeclared stock is not checked", func(m *Model) { m.Var("population").Units = ""; m.Var("population").Equation = "5 * birth rate" }},
		{"no time unit", func(m *Model) {
			m.Time.Units = ""
			m.Var("births").Units = "persons/year"
			m.Var("birth rate").Units = "1/year"
		}},
		{"number literal initial value", func(m *Model) { m.Var("population").Equation = "1000" }},
		{"graphical input is not checked", func(m *Model) { m.Graphical("g", "population * 3", []float64{0, 1}, []float64{0, 1}, "$") }},
		{"graphical output has its units", func(m *Model) { m.Aux("price", "g(crowding) * 2", "USD"); m.Graphical("g", "", nil, nil, "dollars") }},
		{"time builtins", func(m *Model) { m.Aux("elapsed", "TIME - STARTTIME + DT", "mo") }},
		{"unparseable equation left to Compile", func(m *Model) { m.Aux("broken", "population +* 2", "persons") }},
		{"unknown names left to Compile", func(m *Model) { m.Aux("u", "nosuch * 2", "persons") }},
		{"unknown flow left to Compile", func(m *Model) { m.Var("population").In("ghost") }},
		{"uniflow outflow in months", func(m *Model) { m.Var("deaths").NonNeg() }},
		{"flow used by two stocks", func(m *Model) {
			m.Stock("dead", "0", "persons").In("deaths")
		}},
		{"spellings of the same units", func(m *Model) { m.Var("births").Units = "Person / Mo" }},
		{"percent and fractions", func(m *Model) { m.Aux("share", "crowding * 100", "percent") }},
		{"empty model", func(m *Model) { *m = *New("empty") }},
		{"initial equation in the variable's units", func(m *Model) {
			m.Var("crowding").InitEquation = "initial population / capacity"
		}},
		{"unparseable initial equation left to Compile", func(m *Model) { m.Var("crowding").InitEquation = "1 +* 2" }},
		{"initial equation on a stock left to Compile", func(m *Model) { m.Var("population").InitEquation = "birth rate" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := unitModel()
			c.change(m)
			assert.NoError(t, m.CheckUnits())
		})
	}
}

func TestCheckUnitsProblems(t *testing.T) {
	cases := []struct {
		name     string
		change   func(m *Model)
		variable string
		pos      string // line:column in the variable's equation; "" for none
		msg      string
	}{
		{"flow in the wrong time unit", func(m *Model) { m.Var("births").Units = "persons/year"; m.Var("birth rate").Units = "1/year" },
			"births", "", `flow "births" has person/year but stock "population" needs person/month (the stock's units per the model's time unit)`},
		{"outflow without time", func(m *Model) { m.Var("deaths").Units = "persons"; m.Var("deaths").Equation = "population" },
			"deaths", "", `flow "deaths" has person but stock "population" needs person/month`},
		{"equation against declared units", func(m *Model) { m.Var("births").Equation = "population * 2" },
			"births", "1:1", "units mismatch: equation has person but flow \"births\" is declared in person/month"},
		{"mismatch inside an equation", func(m *Model) { m.Aux("x", "births + population", "persons/month") },
			"x", "1:8", "units mismatch: left side has person/month, right side has person"},
		{"stock initial value", func(m *Model) { m.Var("population").Equation = "initial population / average lifetime" },
			"population", "1:1", `units mismatch: initial value has person/month but stock "population" has person`},
		{"bad variable units", func(m *Model) { m.Var("capacity").Units = "persons//month" },
			"capacity", "", `bad units "persons//month": column 9: expected a unit name`},
		{"bad time units", func(m *Model) { m.Time.Units = "mon(ths" },
			"", "", `bad time units "mon(ths"`},
		{"graphical output against declared", func(m *Model) { m.Aux("crowding", "effect of crowding(2) * capacity", "fraction") },
			"crowding", "1:1", "equation has person but auxiliary \"crowding\" is declared in dmnl"},
		{"mismatch inside a graphical input", func(m *Model) {
			m.Graphical("g", "population +\n  births", []float64{0, 1}, []float64{0, 1}, "dmnl")
		}, "g", "1:12", "left side has person, right side has person/month"},
		{"delay time not in the time unit", func(m *Model) { m.Var("deaths").Equation = "SMTH1(population / average lifetime, capacity)" },
			"deaths", "1:38", "SMTH1 averaging time has person but must have the model's time unit, month"},
		{"constant declared in other units", func(m *Model) { m.Aux("c2", "capacity", "dollars") },
			"c2", "1:1", "equation has person but auxiliary \"c2\" is declared in dollar"},
		{"IF branches", func(m *Model) { m.Aux("crowding", "IF population > capacity THEN capacity ELSE 0.5", "fraction") },
			"crowding", "1:1", "equation has person but auxiliary \"crowding\" is declared in dmnl"},
		{"time in years, model in months", func(m *Model) { m.Aux("t", "TIME", "years") },
			"t", "1:1", "equation has month but auxiliary \"t\" is declared in year"},
		{"exponent with units", func(m *Model) { m.Aux("e", "2 ^ population", "dmnl") },
			"e", "1:5", "exponent must be dimensionless but has person"},
		{"EXP of persons", func(m *Model) { m.Aux("e", "EXP(population)", "dmnl") },
			"e", "1:5", "EXP argument 1 has person but must be dimensionless"},
		{"flow into a stock in other units", func(m *Model) { m.Stock("money", "0", "$").In("births") },
			"births", "", `flow "births" has person/month but stock "money" needs dollar/month`},
		{"initial equation in other units", func(m *Model) { m.Var("crowding").InitEquation = "capacity" },
			"crowding", "1:1", `initial equation: units mismatch: initial equation has person but auxiliary "crowding" is declared in dmnl`},
		{"inside the initial equation", func(m *Model) { m.Var("crowding").InitEquation = "2 ^ population" },
			"crowding", "1:5", `initial equation: exponent must be dimensionless but has person`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := unitModel()
			c.change(m)
			errs := Problems(m.CheckUnits())
			require.Len(t, errs, 1, "%v", errs)
			e := errs[0]
			assert.Equal(t, "population", e.Model)
			assert.Equal(t, c.variable, e.Variable)
			if c.pos == "" {
				assert.Nil(t, e.Pos)
			} else if assert.NotNil(t, e.Pos) {
				assert.Equal(t, c.pos, e.Pos.String())
			}
			assert.Contains(t, e.Msg, c.msg)
		})
	}
}

func TestCheckUnitsReportsInVariableOrder(t *testing.T) {
	m := unitModel()
	m.Var("capacity").Units = "bad units (("
	m.Var("deaths").Equation = "population + births / average lifetime"
	m.Var("population").Equation = "births"
	m.Var("births").Units = "persons/year"
	m.Aux("z", "initial population + birth rate", "persons")
	err := m.CheckUnits()
	errs := Problems(err)
	var got []string
	for _, e := range errs {
		got = append(got, e.Variable+": "+e.Msg)
	}
	assert.Equal(t, []string{
		`population: units mismatch: initial value has person/year but stock "population" has person`,
		`births: flow "births" has person/year but stock "population" needs person/month (the stock's units per the model's time unit)`,
		`births: units mismatch: equation has person/month but flow "births" is declared in person/year`,
		`deaths: units mismatch: equation has person but flow "deaths" is declared in person/month`,
		`deaths: units mismatch: left side has person, right side has person/(month*year)`,
		`capacity: bad units "bad units ((": column 11: expected "*", "/" or "^" but found "("`,
		`z: units mismatch: left side has person, right side has 1/month`,
	}, got)

	// The error is the list, which errors.As can take apart.
	var list ErrorList
	require.ErrorAs(t, err, &list)
	assert.Equal(t, errs, list)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Contains(t, err.Error(), `7 problems:`)
	assert.Contains(t, err.Error(), `model "population", variable "population", equation 1:1: units mismatch`)
	assert.True(t, errors.Is(err, errs[2]))
}

func TestCheckUnitsNilModel(t *testing.T) {
	var m *Model
	assert.Nil(t, m.CheckUnits())
}

// TestCheckUnitsCleanIsNilError: a clean model gives a nil error, not an
// empty list inside a non-nil interface, so the natural use is right.
func TestCheckUnitsCleanIsNilError(t *testing.T) {
	var err error = unitModel().CheckUnits()
	assert.True(t, err == nil, "got %#v", err)
	assert.Nil(t, Problems(err))
}

func TestProblems(t *testing.T) {
	e := &Error{Model: "m", Variable: "x", Msg: "bad"}
	for _, c := range []struct {
		name string
		err  error
		want ErrorList
	}{
		{"nil", nil, nil},
		{"a list", ErrorList{e, e}, ErrorList{e, e}},
		{"one error", e, ErrorList{e}},
		{"a wrapped error", fmt.Errorf("reading: %w", e), ErrorList{e}},
		{"another error", errors.New("disk full"), ErrorList{{Msg: "disk full"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Problems(c.err))
		})
	}
}

func ExampleModel_CheckUnits() {
	m := New("customers")
	m.SetTime(Time{Start: 0, Stop: 24, DT: 0.25, Units: "months"})
	m.Stock("customers", "100", "persons").In("new customers").Out("lost customers")
	m.Flow("new customers", "customers * referral rate", "persons/month")
	m.Flow("lost customers", "customers / average tenure + customers", "persons/year")
	m.Const("referral rate", 0.05, "1/month")
	m.Const("average tenure", 18, "months")
	for _, e := range Problems(m.CheckUnits()) {
		fmt.Println(e)
	}
	// Output:
	// model "customers", variable "lost customers": flow "lost customers" has person/year but stock "customers" needs person/month (the stock's units per the model's time unit)
	// model "customers", variable "lost customers", equation 1:1: units mismatch: equation has person/month but flow "lost customers" is declared in person/year
	// model "customers", variable "lost customers", equation 1:28: units mismatch: left side has person/month, right side has person
}
