package sdmodel

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// growthModel is exponential growth with one constant, for override tests.
func growthModel() *Model {
	m := New("growth")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 0.25, SavePer: 1})
	m.Stock("population", "100", "").In("births")
	m.Flow("births", "population * growth rate", "")
	m.Const("growth rate", 0.1, "")
	m.Graphical("effect", "", []float64{0, 1}, []float64{0, 1}, "")
	m.Aux("effect of population", "effect(population / 1000)", "")
	return m
}

// Options naming one variable under two spellings: the last one given wins,
// in every run, whatever the goroutine scheduling or map order.
func TestOverridesLastWins(t *testing.T) {
	c, err := growthModel().Compile()
	require.NoError(t, err)
	final := func(opts ...RunOption) float64 {
		res, err := c.Run(opts...)
		require.NoError(t, err)
		return res.Final("population")
	}
	want2, want3 := final(Set("growth rate", .2)), final(Set("growth rate", .3))
	require.NotEqual(t, want2, want3)
	steep := GF{X: []float64{0, 1}, Y: []float64{0, 5}}
	for i := 0; i < 200; i++ {
		assert.Equal(t, want3, final(Set("growth rate", .2), Set("Growth_Rate", .3)))
		assert.Equal(t, want2, final(Set("Growth_Rate", .3), Set("growth  rate", .2)))
		res, err := c.Run(SetGraphical("Effect", steep), SetGraphical("effect", GF{X: []float64{0, 1}, Y: []float64{0, 2}}))
		require.NoError(t, err)
		assert.InDelta(t, 2*res.Final("population")/1000, res.Final("effect of population"), 1e-12)
	}
	_, err = c.Run(SetAll(map[string]float64{"growth rate": .2, "Growth_Rate": .3}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `SetAll: "Growth_Rate" and "growth rate" name the same constant; give it once`)
	assert.Equal(t, want3, final(SetAll(map[string]float64{"growth rate": .2}), SetAll(map[string]float64{"Growth_Rate": .3})))
}

// Each row is a hostile input and the error it must give (or "" for a run
// that must succeed); none may panic, hang or exhaust memory.
func TestHostileInputs(t *testing.T) {
	chain := "1" + strings.Repeat(" + 1", 200_000)
	cases := []struct {
		name  string
		model func() *Model
		opts  []RunOption
		err   string // from Compile, or from Run when compileOK
		run   bool   // the error comes from Run
	}{
		{"empty model", func() *Model { return New("empty") }, nil, "", true},
		{"stop time 1e300", func() *Model {
			m := growthModel()
			m.Time.Stop = 1e300
			return m
		}, nil, `model "growth": a run from 0 to 1e+300 with DT 0.25 takes 4e+300 steps, more than the limit of 1073741824: use a larger DT or a shorter run`, false},
		{"DT 1e-300", func() *Model {
			m := growthModel()
			m.Time.DT = 1e-300
			return m
		}, nil, "steps, more than the limit of 1073741824: use a larger DT or a shorter run", false},
		{"WithDT(1e-9)", growthModel, []RunOption{WithDT(1e-9)}, "takes 1e+10 steps, more than the limit", true},
		{"DT too small to advance time", func() *Model {
			m := growthModel()
			m.Time = Time{Start: 1e20, Stop: 1e20 + 1e6, DT: 1e3}
			return m
		}, nil, "DT 1000 is too small to advance time 1.00000000000001e+20 in floating point: use a larger DT", false},
		{"saved values beyond the limit", func() *Model {
			m := growthModel()
			m.Time = Time{Start: 0, Stop: 1e8, DT: 1}
			return m
		}, nil, "the results would hold 100000001 saved times × 4 variables, more than the limit of 134217728 numbers: use a larger SAVEPER", false},
		{"Keep fewer variables to fit", func() *Model {
			m := growthModel()
			m.Time = Time{Start: 0, Stop: 1e7, DT: 1}
			return m
		}, []RunOption{Keep("population"), WithStop(1e3)}, "", true},
		{"infinite stop time", func() *Model {
			m := growthModel()
			m.Time.Stop = math.Inf(1)
			return m
		}, nil, "stop time must be a finite number, got +Inf", false},
		{"NaN SAVEPER", func() *Model {
			m := growthModel()
			m.Time.SavePer = math.NaN()
			return m
		}, nil, "SAVEPER must be a positive number (or 0 for every DT), got NaN", false},
		{"DELAY of 1e12", func() *Model {
			m := growthModel()
			m.Aux("late", "DELAY(births, 1e12, 7)", "")
			return m
		}, nil, "", true},
		{"DELAY of 1e9 + TIME", func() *Model {
			m := growthModel()
			m.Aux("late", "DELAY(births, 1e9 + TIME, 7)", "")
			return m
		}, nil, "", true},
		{"DELAY with a negative delay time", func() *Model {
			m := growthModel()
			m.Aux("late", "DELAY(births, -1, 7)", "")
			return m
		}, nil, `model "growth", variable "late", time 0: DELAY_FIXED: the delay time must be zero or more, got -1`, true},
		{"DELAY buffers beyond the limit", func() *Model {
			m := growthModel()
			m.Time = Time{Start: 0, Stop: 1e6, DT: 0.001, SavePer: 1e6}
			m.Aux("late", "DELAY(births, 2e5, 7)", "")
			return m
		}, nil, `variable "late", time 0: DELAY_FIXED: a delay time of 200000 at DT 0.001 needs 200000000 stored values`, true},
		{"an equation of 200,001 terms", func() *Model {
			m := growthModel()
			m.Aux("sum", chain, "")
			return m
		}, nil, `model "growth", variable "sum", equation 1:760005: equation nested too deeply (more than 10000 levels): split it into intermediate variables`, false},
		{"a variable named Time", func() *Model {
			m := growthModel()
			m.Aux("Time", "3", "")
			m.Aux("t2", "TIME * 1", "")
			return m
		}, nil, `model "growth", variable "Time": the name "Time" is the builtin TIME; rename the variable`, false},
		{"a variable named DT", func() *Model {
			m := growthModel()
			m.Const("dt", 3, "")
			return m
		}, nil, `the name "dt" is the builtin DT; rename the variable`, false},
		{"a variable named PI", func() *Model {
			m := growthModel()
			m.Const("PI", 3, "")
			return m
		}, nil, `the name "PI" is the builtin PI; rename the variable`, false},
		{"a variable named TIME STEP", func() *Model {
			m := growthModel()
			m.Const("TIME STEP", 3, "")
			return m
		}, nil, `variable "TIME STEP": TIME STEP is the model's DT (0.25) and must equal it; found "3"`, false},
		{"Vensim's TIME STEP with the model's DT", func() *Model {
			m := growthModel()
			m.Const("TIME STEP", 0.25, "")
			m.Aux("late", "7 + 0 * TIME STEP", "")
			return m
		}, []RunOption{WithDT(0.5)}, "", true},
		{"WithMethod(99)", growthModel, []RunOption{WithMethod(Method(99))}, `model "growth": unknown integration method 99 (want Euler, RK2 or RK4)`, true},
		{"a model's Method 99", func() *Model {
			m := growthModel()
			m.Time.Method = 99
			return m
		}, nil, "unknown integration method 99", false},
		{"WithDT(-1)", growthModel, []RunOption{WithDT(-1)}, `model "growth": WithDT: DT must be a positive number, got -1`, true},
		{"WithSavePer(0)", growthModel, []RunOption{WithSavePer(0)}, `model "growth": WithSavePer: SAVEPER must be a positive number, got 0 (leave the option out to keep the model's)`, true},
		{"WithStop(NaN)", growthModel, []RunOption{WithStop(math.NaN())}, "stop time must be a finite number, got NaN", true},
		{"Set NaN", growthModel, []RunOption{Set("growth rate", math.NaN())}, `Set("growth rate", NaN): a constant must be a finite number`, true},
		{"Aux after Stock of the same name", func() *Model {
			m := growthModel()
			m.Aux("Population", "5", "")
			return m
		}, nil, `model "growth", variable "Population": defined twice (also as the stock "population"); rename one, or use Model.Replace to change a variable`, false},
		{"Const NaN", func() *Model {
			m := growthModel()
			m.Const("r", math.NaN(), "")
			return m
		}, nil, `model "growth", variable "r": the value NaN is not a finite number; a constant must be one`, false},
		{"Const +Inf", func() *Model {
			m := growthModel()
			m.Const("r", math.Inf(1), "")
			return m
		}, nil, `the value +Inf is not a finite number; a constant must be one`, false},
		{"initial equation on a stock", func() *Model {
			m := growthModel()
			m.Var("population").InitEquation = "3"
			return m
		}, nil, `variable "population": only an auxiliary or a flow can have an initial equation (InitEquation); a stock cannot`, false},
		{"initial equation with an unknown name", func() *Model {
			m := growthModel()
			m.Aux("a", "1", "").InitEquation = "2 * nosuch"
			return m
		}, nil, `variable "a", equation 1:5: initial equation: unknown name "nosuch"`, false},
		{"initial equation that does not parse", func() *Model {
			m := growthModel()
			m.Aux("a", "1", "").InitEquation = "2 *"
			return m
		}, nil, `variable "a", equation 1:4: initial equation: equation ends where an operand was expected`, false},
		{"a kind out of range", func() *Model {
			m := growthModel()
			m.Add(&Variable{Name: "odd", Kind: Kind(42), Equation: "1"})
			return m
		}, nil, `variable "odd": unknown kind 42`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.model().Compile()
			if !tc.run {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				var e *Error
				assert.ErrorAs(t, err, &e)
				return
			}
			require.NoError(t, err)
			res, err := c.Run(tc.opts...)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.NotEmpty(t, res.Time())
			if res.Has("TIME STEP") { // a control variable reads the run's DT
				assert.Equal(t, 0.5, res.Final("TIME STEP"))
			}
			if res.Has("late") { // a delay longer than the run holds its initial value
				for _, x := range res.Series("late") {
					require.Equal(t, 7.0, x)
				}
			}
		})
	}
}

func TestEmptyModelRuns(t *testing.T) {
	c, err := New("empty").Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	assert.Len(t, res.Time(), 101)
	assert.Empty(t, res.Names())
	var b strings.Builder
	require.NoError(t, res.WriteCSV(&b))
	assert.True(t, strings.HasPrefix(b.String(), "time\n0\n1\n"))
}

// A shorter delay than the run still delays exactly; the cap on its buffer
// only applies beyond the run's length.
func TestDelayCapKeepsShortDelays(t *testing.T) {
	m := New("d")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 1})
	m.Aux("x", "TIME", "")
	m.Aux("late", "DELAY(x, 10, -1)", "")
	m.Aux("later", "DELAY(x, 11, -1)", "")
	res := mustRun(t, m)
	assert.Equal(t, []float64{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0}, res.Series("late"))
	assert.Equal(t, []float64{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, res.Series("later"))
}

// Replace changes a variable on purpose; Add of a second one is reported.
func TestReplace(t *testing.T) {
	m := growthModel()
	m.Replace(&Variable{Name: "Growth Rate", Kind: Const, Equation: "0.2"})
	assert.Len(t, m.Variables(), 5)
	c, err := m.Compile()
	require.NoError(t, err)
	names, values := c.Constants()
	assert.Equal(t, []string{"Growth Rate"}, names)
	assert.Equal(t, []float64{0.2}, values)
	m.Replace(&Variable{Name: "new", Kind: Aux, Equation: "1"})
	assert.Len(t, m.Variables(), 6)

	m.Aux("NEW", "2", "")
	assert.Equal(t, "1", m.Var("new").Equation, "Var finds the first")
	assert.True(t, m.Remove("new"))
	assert.Equal(t, "2", m.Var("new").Equation, "after Remove, the second is found")
}

// An initial-value equation (XMILE <init_eqn>, Vensim ACTIVE INITIAL) gives
// the value stocks see at the start; the variable then follows its running
// equation, from the first saved time on.
func TestInitEquation(t *testing.T) {
	m := New("init")
	m.SetTime(Time{Start: 0, Stop: 4, DT: 1})
	m.Stock("capacity", "target capacity", "").In("investment")
	m.Flow("investment", "(target capacity - capacity) / 2", "")
	m.Aux("target capacity", "2 * capacity", "").InitEquation = "initial capacity"
	m.Const("initial capacity", 100, "")
	res := mustRun(t, m)
	assert.Equal(t, []float64{100, 150, 225, 337.5, 506.25}, res.Series("capacity"))
	assert.Equal(t, []float64{200, 300, 450, 675, 1012.5}, res.Series("target capacity"))

	// The same with the constant overridden (initialisation runs variable by variable).
	c, err := m.Compile()
	require.NoError(t, err)
	res2, err := c.Run(Set("initial capacity", 10))
	require.NoError(t, err)
	assert.Equal(t, 10.0, res2.Series("capacity")[0])
	assert.Equal(t, 20.0, res2.Series("target capacity")[0])

	// EvalVar evaluates the running equation.
	x, err := c.EvalVar("target capacity", 0, func(string) float64 { return 7 })
	require.NoError(t, err)
	assert.Equal(t, 14.0, x)

	// Expand keeps it.
	e, err := m.Expand()
	require.NoError(t, err)
	assert.Equal(t, "initial capacity", e.Var("target capacity").InitEquation)

	// Without it, the stock would start from its own circular definition.
	m.Var("target capacity").InitEquation = ""
	_, err = m.Compile()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "circular definition in the initial values")
}

func TestErrorListErrAndSort(t *testing.T) {
	var l ErrorList
	assert.Nil(t, l.Err())
	var err error = l.Err()
	assert.NoError(t, err)

	at := func(line, col int) *expr.Position { return &expr.Position{Line: line, Column: col} }
	tm := 3.0
	l = ErrorList{
		{Model: "m", Variable: "b", Pos: at(1, 9), Msg: "x"},
		{Model: "m", Variable: "b", Pos: at(1, 2), Msg: "y"},
		{Model: "m", Variable: "a", Time: &tm, Msg: "z"},
		{Model: "m", Msg: "model-wide"},
		{Model: "a", Variable: "q", Msg: "other model"},
	}
	l.Sort()
	var got []string
	for _, e := range l {
		got = append(got, e.Error())
	}
	assert.Equal(t, []string{
		`model "a", variable "q": other model`,
		`model "m": model-wide`,
		`model "m", variable "a", time 3: z`,
		`model "m", variable "b", equation 1:2: y`,
		`model "m", variable "b", equation 1:9: x`,
	}, got)
	require.Error(t, l.Err())
	var e *Error
	assert.True(t, errors.As(l.Err(), &e))

	// Compile sorts by model order, not by name.
	m := New("order")
	m.Aux("zeta", "nosuch1", "")
	m.Aux("alpha", "1 + nosuch2 + nosuch3", "")
	_, err = m.Compile()
	require.Error(t, err)
	var list ErrorList
	require.True(t, errors.As(err, &list))
	require.Len(t, list, 3)
	assert.Equal(t, "zeta", list[0].Variable)
	assert.Equal(t, 5, list[1].Pos.Column)
	assert.Equal(t, 15, list[2].Pos.Column)
}
