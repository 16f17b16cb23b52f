package sdmodel

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

func decayModel(dt float64) *Model {
	m := New("decay")
	m.SetTime(Time{Start: 0, Stop: 10, DT: dt, SavePer: 1, Units: "month"})
	m.Stock("population", "100", "person").Out("deaths")
	m.Flow("deaths", "population / lifetime", "person/month")
	m.Const("lifetime", 2, "month")
	return m
}

func mustRun(t *testing.T, m *Model, opts ...RunOption) *Results {
	t.Helper()
	c, err := m.Compile()
	require.NoError(t, err)
	r, err := c.Run(opts...)
	require.NoError(t, err)
	return r
}

// Exponential decay against the exact solution: Euler's error halves with
// DT (first order), RK2's falls about 4x, RK4's about 16x.
func TestDecayConvergence(t *testing.T) {
	exact := 100 * math.Exp(-10.0/2)
	for _, tc := range []struct {
		method   Method
		min, max float64 // accepted error ratio per halving of DT
	}{{Euler, 1.8, 2.2}, {RK2, 3.5, 4.5}, {RK4, 14, 18}} {
		t.Run(tc.method.String(), func(t *testing.T) {
			var errs []float64
			for _, dt := range []float64{0.25, 0.125, 0.0625, 0.03125} {
				r := mustRun(t, decayModel(dt), WithMethod(tc.method))
				errs = append(errs, math.Abs(r.Final("population")-exact))
			}
			for i := 1; i < len(errs); i++ {
				ratio := errs[i-1] / errs[i]
				assert.GreaterOrEqual(t, ratio, tc.min, "error ratio at halving %d", i)
				assert.LessOrEqual(t, ratio, tc.max, "error ratio at halving %d", i)
			}
		})
	}
}

func TestDecayEulerExactRecurrence(t *testing.T) {
	// Euler computes P(t+dt) = P(t) * (1 - dt/lifetime) exactly.
	r := mustRun(t, decayModel(0.5))
	p := r.Series("population")
	want := 100.0
	for i := range p {
		assert.InDelta(t, want, p[i], 1e-12*want)
		want *= (1 - 0.5/2) * (1 - 0.5/2) // two steps per saved month
	}
	assert.Equal(t, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, r.Time())
}

// First-order smooth of a step: 1 - exp(-t/T); third order: the Erlang-3 CDF.
func TestSmoothStepResponse(t *testing.T) {
	m := New("smooth")
	m.SetTime(Time{Start: 0, Stop: 20, DT: 1.0 / 64, SavePer: 1})
	m.Aux("input", "STEP(1, 0)", "")
	m.Aux("s1", "SMTH1(input, 4, 0)", "")
	m.Aux("s3", "SMOOTH3(input, 6, 0)", "")
	m.Aux("sn", "SMTHN(input, 6, 3, 0)", "")
	m.Aux("vensim sn", "SMOOTH N(input, 6, 0, 3)", "")
	r := mustRun(t, m, WithMethod(RK4))
	for i, tm := range r.Time() {
		assert.InDelta(t, 1-math.Exp(-tm/4), r.Series("s1")[i], 1e-7, "t=%g", tm)
		x := tm / 2 // 3 stages of 2 each
		erlang := 1 - math.Exp(-x)*(1+x+x*x/2)
		assert.InDelta(t, erlang, r.Series("s3")[i], 1e-7, "t=%g", tm)
	}
	assert.Equal(t, r.Series("s3"), r.Series("sn"))
	assert.Equal(t, r.Series("s3"), r.Series("vensim sn"))
}

// DELAY3 conserves material: what went in is what came out plus what is in transit.
func TestDelay3Conserves(t *testing.T) {
	m := New("delay3")
	m.SetTime(Time{Start: 0, Stop: 40, DT: 0.25, SavePer: 1})
	m.Flow("inflow", "10 + 5 * SIN(TIME / 3) + PULSE(20, 5)", "widget/month")
	m.Flow("outflow", "DELAY3(inflow, 6)", "widget/month")
	m.Stock("in transit", "DELAY3(inflow, 6) * 6", "widget").In("inflow").Out("outflow")
	m.Stock("shipped", "0", "widget").In("outflow")
	m.Stock("sent", "0", "widget").In("inflow")
	r := mustRun(t, m)
	for i := range r.Time() {
		sent, shipped, transit := r.Series("sent")[i], r.Series("shipped")[i], r.Series("in transit")[i]
		assert.InDelta(t, sent, shipped+transit-60, 1e-9, "row %d", i) // transit starts at 60
	}
	// Steady input of 10 comes out as 10 at first (initialised in equilibrium).
	assert.InDelta(t, 10, r.Series("outflow")[0], 1e-12)
}

func TestDelayFixedAndInit(t *testing.T) {
	m := New("fixed")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 0.5, SavePer: 0.5})
	m.Aux("x", "TIME * 2", "")
	m.Aux("delayed", "DELAY_FIXED(x, 3, -1)", "")
	m.Aux("vensim delay", "DELAY FIXED(x, 3, -1)", "")
	m.Aux("start value", "INIT(x + 7)", "")
	m.Aux("initial", "INITIAL(TIME + 1)", "")
	r := mustRun(t, m)
	for i, tm := range r.Time() {
		want := -1.0
		if tm >= 3 {
			want = (tm - 3) * 2
		}
		assert.Equal(t, want, r.Series("delayed")[i], "t=%g", tm)
		assert.Equal(t, 7.0, r.Series("start value")[i])
		assert.Equal(t, 1.0, r.Series("initial")[i])
	}
	assert.Equal(t, r.Series("delayed"), r.Series("vensim delay"))
}

func TestDepreciateStraightline(t *testing.T) {
	// 8 a year arrives during one step of 0.5 (4 in all) and is depreciated
	// over 2 years: 2 a year from that step for 2 years, 4 in all.
	for _, tc := range []struct {
		name string
		dt   float64
	}{{"DT 0.5", 0.5}, {"DT 0.25", 0.25}} {
		t.Run(tc.name, func(t *testing.T) {
			m := New("depreciate")
			m.SetTime(Time{Start: 0, Stop: 6, DT: tc.dt, SavePer: tc.dt})
			m.Aux("cost", "IF TIME >= 1 AND TIME < 1.5 THEN 8 ELSE 0", "")
			m.Aux("depreciation", "DEPRECIATE STRAIGHTLINE(cost, 2, 1, 0)", "")
			r := mustRun(t, m)
			total := 0.0
			for i, tm := range r.Time() {
				want := 0.0
				if tm >= 1 && tm < 3.5-1e-9 {
					want = 8 * math.Min(0.5, tm-1+tc.dt) / 2 // what has arrived so far, over 2 years
					if tm >= 3 {
						want = 8 * (1.5 - (tm - 2 + tc.dt)) / 2
					}
				}
				assert.InDelta(t, want, r.Series("depreciation")[i], 1e-9, "t=%g", tm)
				total += r.Series("depreciation")[i] * tc.dt
			}
			assert.InDelta(t, 4, total, 1e-9)
		})
	}
}

func TestTrendAndForecast(t *testing.T) {
	// Input growing 5 % a month: TREND approaches 0.05 / month.
	m := New("trend")
	m.SetTime(Time{Start: 0, Stop: 120, DT: 0.125, SavePer: 1})
	m.Aux("input", "100 * EXP(0.05 * TIME)", "")
	m.Aux("growth", "TREND(input, 3, 0.05)", "")
	m.Aux("forecast", "FORECAST(input, 3, 12, 0.05)", "")
	r := mustRun(t, m, WithMethod(RK4))
	// With a trend initialised right, the first-order smooth lags by exactly
	// the steady-state amount: TREND = (1 - 1/(1 + g T)) / T = g/(1+gT) * (1+gT)/T ...
	g := 0.05
	assert.InDelta(t, g, r.Final("growth"), 1e-6)
	assert.InDelta(t, g, r.Series("growth")[0], 1e-12)
	in := r.Final("input")
	assert.InDelta(t, in*(1+g*12), r.Final("forecast"), in*1e-6)
}

func TestBuiltinsByHand(t *testing.T) {
	// Each equation evaluated at TIME = 3, DT = 0.5, against a value worked out by hand.
	cases := []struct {
		eq   string
		want float64
	}{
		{"ABS(-2.5)", 2.5}, {"EXP(1)", math.E}, {"LN(EXP(2))", 2}, {"LOG10(1000)", 3}, {"SQRT(16)", 4},
		{"SIN(PI / 2)", 1}, {"COS(0)", 1}, {"TAN(0)", 0}, {"ARCSIN(1)", math.Pi / 2}, {"ARCCOS(1)", 0},
		{"ARCTAN(1)", math.Pi / 4}, {"SINH(0)", 0}, {"COSH(0)", 1}, {"TANH(0)", 0},
		{"GAMMA_LN(5)", math.Log(24)}, {"GAMMA_LN(0.5)", math.Log(math.Sqrt(math.Pi))},
		{"INT(2.7)", 2}, {"INT(-2.5)", -3}, {"MOD(7, 3)", 1}, {"MODULO(-1, 3)", 2}, {"7 MOD 4", 3},
		{"MIN(3, 1, 2)", 1}, {"MAX(3, 1, 2)", 3}, {"PI", math.Pi}, {"TIME", 3}, {"DT", 0.5},
		{"STARTTIME", 0}, {"STOPTIME", 5}, {"TIME_STEP", 0.5},
		{"SAFEDIV(1, 0)", 0}, {"SAFEDIV(1, 0, 9)", 9}, {"SAFEDIV(6, 3)", 2},
		{"XIDZ(1, 0, 5)", 5}, {"XIDZ(4, 2, 5)", 2}, {"ZIDZ(1, 0)", 0}, {"ZIDZ(3, 4)", 0.75},
		{"STEP(10, 3)", 10}, {"STEP(10, 3.5)", 0},
		{"PULSE(2, 3)", 4}, {"PULSE(2, 2)", 0}, {"PULSE(2, 1, 2)", 4}, {"PULSE(2, 1, 1.5)", 0},
		{"PULSE_TRAIN(1, 0.5, 2, 10)", 1}, {"PULSE_TRAIN(0, 0.5, 2, 10)", 0},
		{"RAMP(2, 1)", 4}, {"RAMP(2, 1, 2)", 2}, {"RAMP(2, 4)", 0},
		{"IF TIME > 2 THEN 1 ELSE 2", 1}, {"IF THEN ELSE(TIME < 2, 1, 2)", 2},
		{"1 + 2 * 3", 7}, {"(1 + 2) * 3", 9}, {"2 ^ 3 ^ 2", 512}, {"-2 ^ 2", -4}, {"(-2) ^ 2", 4}, {"2 ^ -1", 0.5}, {"10 / 4", 2.5},
		{"1 = 1", 1}, {"1 <> 1", 0}, {"2 >= 3", 0}, {"NOT 0", 1}, {"1 AND 0", 0}, {"1 OR 0", 1},
		{"NOT 1 = 2", 1}, {"POWER(2, 10)", 1024}, {"LOG(8, 2)", 3}, {"ROUND(2.5)", 3},
		{"1e-3 * 1000", 1}, {".5 + .5", 1},
	}
	m := New("builtins")
	m.SetTime(Time{Start: 0, Stop: 5, DT: 0.5, SavePer: 0.5})
	for i, tc := range cases {
		m.Aux(fmt.Sprintf("v%d", i), tc.eq, "")
	}
	r := mustRun(t, m)
	row := 6 // time 3
	require.Equal(t, 3.0, r.Time()[row])
	for i, tc := range cases {
		assert.InDelta(t, tc.want, r.Series(fmt.Sprintf("v%d", i))[row], 1e-12, tc.eq)
	}
}

func TestPulseMovesMagnitude(t *testing.T) {
	// XMILE PULSE: the whole magnitude flows into a stock, whatever DT.
	for _, dt := range []float64{1, 0.25, 1.0 / 3} {
		m := New("pulse")
		m.SetTime(Time{Start: 0, Stop: 10, DT: dt, SavePer: 1})
		m.Flow("in", "PULSE(50, 2, 3)", "")
		m.Stock("s", "0", "").In("in")
		r := mustRun(t, m)
		assert.InDelta(t, 150, r.Final("s"), 1e-9, "dt %g: pulses at 2, 5, 8", dt)
	}
}

func TestRandomSeeded(t *testing.T) {
	m := New("random")
	m.SetTime(Time{Start: 0, Stop: 100, DT: 1, SavePer: 1})
	m.Aux("n", "RANDOM_NORMAL(-1, 1, 0, 0.5, 7)", "")
	m.Aux("u", "RANDOM_UNIFORM(2, 3, 1)", "")
	m.Aux("x", "NORMAL(10, 1)", "")
	c, err := m.Compile()
	require.NoError(t, err)
	a, err := c.Run(WithSeed(42))
	require.NoError(t, err)
	b, err := c.Run(WithSeed(42), WithMethod(RK4))
	require.NoError(t, err)
	d, err := c.Run(WithSeed(43))
	require.NoError(t, err)
	assert.Equal(t, a.Series("n"), b.Series("n"), "same seed, same numbers, whatever the method")
	assert.NotEqual(t, a.Series("n"), d.Series("n"))
	for i := range a.Time() {
		assert.True(t, a.Series("n")[i] >= -1 && a.Series("n")[i] <= 1)
		assert.True(t, a.Series("u")[i] >= 2 && a.Series("u")[i] < 3)
	}
	mean := 0.0
	for _, x := range a.Series("x") {
		mean += x / 101
	}
	assert.InDelta(t, 10, mean, 0.4)
}

func TestGraphicalFunctions(t *testing.T) {
	xs, ys := []float64{0, 1, 2}, []float64{0, 10, 40}
	cases := []struct {
		typ  string
		x    float64
		want float64
	}{
		{"continuous", -1, 0}, {"continuous", 0.5, 5}, {"continuous", 1.5, 25}, {"continuous", 3, 40},
		{"extrapolate", -1, -10}, {"extrapolate", 3, 70}, {"extrapolate", 1.5, 25},
		{"discrete", 0.5, 0}, {"discrete", 1, 10}, {"discrete", 1.99, 10}, {"discrete", 5, 40},
	}
	for _, tc := range cases {
		m := New("gf")
		m.SetTime(Time{Start: 0, Stop: 1, DT: 1})
		m.Graphical("f", "", xs, ys, "").Interp(tc.typ)
		m.Const("x", tc.x, "")
		m.Aux("call", "f(x)", "")
		m.Aux("lookup", "LOOKUP(f, x)", "")
		m.Graphical("with input", "x", xs, ys, "").Interp(tc.typ)
		r := mustRun(t, m)
		for _, v := range []string{"call", "lookup", "with input"} {
			assert.InDelta(t, tc.want, r.Series(v)[0], 1e-12, "%s %s at %g", v, tc.typ, tc.x)
		}
	}
	// A longer table uses binary search: same answers as interpolation by hand.
	var bx, by []float64
	for i := 0; i <= 100; i++ {
		bx = append(bx, float64(i))
		by = append(by, float64(i*i))
	}
	m := New("big gf")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 0.25, SavePer: 0.25})
	m.Graphical("sq", "TIME * 9.5", bx, by, "")
	r := mustRun(t, m)
	for i, tm := range r.Time() {
		x := tm * 9.5
		lo := math.Floor(x)
		want := lo*lo + (x-lo)*((lo+1)*(lo+1)-lo*lo)
		assert.InDelta(t, want, r.Series("sq")[i], 1e-9)
	}
}

func TestOverrides(t *testing.T) {
	m := decayModel(0.25)
	m.Aux("half life", "lifetime * LN(2)", "month")
	m.Graphical("effect", "TIME", []float64{0, 10}, []float64{0, 1}, "")
	c, err := m.Compile()
	require.NoError(t, err)
	r, err := c.Run(Set("Lifetime", 4), SetGraphical("effect", GF{X: []float64{0, 10}, Y: []float64{5, 5}}))
	require.NoError(t, err)
	assert.InDelta(t, 4*math.Ln2, r.Final("half life"), 1e-12, "derived constants follow overrides")
	assert.Equal(t, 5.0, r.Final("effect"))
	base, err := c.Run()
	require.NoError(t, err)
	assert.InDelta(t, 2*math.Ln2, base.Final("half life"), 1e-12, "an override lasts one run")

	_, err = c.Run(Set("lifetim", 1))
	require.ErrorContains(t, err, `did you mean "lifetime"?`)
	_, err = c.Run(Set("half life", 1))
	require.ErrorContains(t, err, "not a constant")
	_, err = c.Run(SetGraphical("effect", GF{X: []float64{1, 0}, Y: []float64{1, 2}}))
	require.ErrorContains(t, err, "must not decrease")
}

func TestNonNegativeAndUniflow(t *testing.T) {
	m := New("nonneg")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 1, SavePer: 1})
	m.Stock("tank", "5", "").Out("drain").NonNeg()
	m.Flow("drain", "2", "")
	m.Stock("other", "5", "").Out("backflow")
	m.Flow("backflow", "-1", "").NonNeg()
	r := mustRun(t, m)
	assert.Equal(t, []float64{5, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0}, r.Series("tank"), "held at zero")
	assert.Equal(t, []float64{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, r.Series("drain"), "the flow keeps its value")
	assert.Equal(t, 5.0, r.Final("other"), "a uniflow never runs backwards")
}

func TestResultsOutput(t *testing.T) {
	r := mustRun(t, decayModel(1), Keep("Population", "deaths"))
	var b bytes.Buffer
	require.NoError(t, r.WriteCSV(&b))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	assert.Equal(t, "time,population,deaths", lines[0])
	assert.Equal(t, "0,100,50", lines[1])
	assert.Equal(t, "1,50,25", lines[2])
	b.Reset()
	require.NoError(t, r.WriteTSV(&b, "deaths"))
	assert.True(t, strings.HasPrefix(b.String(), "time\tdeaths\n0\t50\n"))
	_, err := r.Get("lifetime")
	require.ErrorContains(t, err, "no such variable")
	assert.True(t, math.IsNaN(r.Final("nothing")))
}

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(m *Model)
		want  []string
	}{
		{"parse error with position", func(m *Model) { m.Aux("a", "1 + * 2", "") },
			[]string{`model "bad", variable "a", equation 1:5: unexpected "*"`}},
		{"unknown name with suggestion", func(m *Model) { m.Const("birth rate", 1, ""); m.Aux("a", "brith rate * 2", "") },
			[]string{`variable "a", equation 1:1: unknown name "brith rate" (did you mean "birth rate"?)`}},
		{"unknown function", func(m *Model) { m.Aux("a", "SMOOOTH(1, 2)", "") },
			[]string{`unknown function "SMOOOTH" (did you mean "smooth"?)`}},
		{"arity", func(m *Model) { m.Aux("a", "SMTH1(1)", ""); m.Aux("b", "MIN()", ""); m.Aux("c", "STEP(1, 2, 3)", "") },
			[]string{"SMTH1 takes 2 to 3 arguments, got 1", "MIN takes at least 1 arguments, got 0", "STEP takes 2 arguments, got 3"}},
		{"circular", func(m *Model) { m.Aux("a", "b + 1", ""); m.Aux("b", "c * 2", ""); m.Aux("c", "a", "") },
			[]string{"circular definition: a -> b -> c -> a"}},
		{"circular initial values", func(m *Model) { m.Stock("s", "f", "").In("f"); m.Flow("f", "s / 2", "") },
			[]string{"circular definition in the initial values"}},
		{"stock without initial value", func(m *Model) { m.Stock("s", "", "") },
			[]string{`variable "s": stock has no initial value`}},
		{"unknown flow", func(m *Model) { m.Stock("s", "1", "").In("inflw"); m.Flow("inflow", "1", "") },
			[]string{`inflow "inflw" is not defined (did you mean "inflow"?)`}},
		{"bad table", func(m *Model) { m.Graphical("g", "TIME", []float64{0, 2, 1}, []float64{1, 2, 3}, "") },
			[]string{"x points must not decrease"}},
		{"arrays", func(m *Model) { m.Aux("a", "b[1]", "") },
			[]string{"b is not an array: it cannot take subscripts"}},
		{"bad DT", func(m *Model) { m.Time.DT = 0 }, []string{"DT must be a positive number"}},
		{"empty", func(m *Model) { m.Aux("a", "", "") }, []string{"auxiliary has no equation"}},
		{"function used as a name", func(m *Model) { m.Aux("a", "SQRT + 1", "") }, []string{"SQRT is a function"}},
		{"smooth order", func(m *Model) { m.Aux("x", "TIME", ""); m.Aux("a", "SMTHN(1, 2, x)", "") }, []string{"the order must be a whole number"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := New("bad")
			m.SetTime(Time{Start: 0, Stop: 1, DT: 1})
			tc.build(m)
			_, err := m.Compile()
			require.Error(t, err)
			var list ErrorList
			require.True(t, errors.As(err, &list))
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestNaNReported(t *testing.T) {
	m := New("blowup")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 0.5, SavePer: 1})
	m.Stock("s", "1", "").In("f")
	m.Flow("f", "LN(3 - TIME) * s", "")
	m.Aux("watch", "s * 2", "")
	c, err := m.Compile()
	require.NoError(t, err)
	r, err := c.Run()
	require.Error(t, err)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "f", e.Variable, err.Error())
	require.NotNil(t, e.Time)
	assert.Equal(t, 3.0, *e.Time, "LN(0) is -Inf at time 3")
	require.NotNil(t, r)
	assert.Equal(t, []float64{0, 1, 2}, r.Time(), "results up to the failure are kept")
}

func TestNamesAndExpand(t *testing.T) {
	m := New("names")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 0.25, SavePer: 1})
	m.Stock("Inventory Level", "100", "widget").In("production").Out("shipments")
	m.Flow("production", "SMTH1(shipments, 4) + (desired_inventory - inventory_level) / 8", "widget/month")
	m.Flow("shipments", "20 + STEP(5, 2)", "widget/month")
	m.Const("desired inventory", 100, "widget")
	r := mustRun(t, m)
	assert.Equal(t, []string{"Inventory Level", "production", "shipments", "desired inventory"}, r.Names())
	assert.NotNil(t, r.Series("inventory_level"))
	assert.NotNil(t, r.Series("INVENTORY LEVEL"))

	refs, err := m.References("production")
	require.NoError(t, err)
	assert.Equal(t, []string{"shipments", "desired inventory", "Inventory Level"}, refs)

	x, err := m.Expand()
	require.NoError(t, err)
	require.NotNil(t, x.Var("production.smth1"), "the smooth's stock is explicit")
	assert.Equal(t, Stock, x.Var("production.smth1").Kind)
	rx := mustRun(t, x)
	assert.Equal(t, r.Series("Inventory Level"), rx.Series("Inventory Level"), "the expanded model runs the same")

	c, err := x.Compile()
	require.NoError(t, err)
	vals := map[string]float64{"shipments": 25, "desired inventory": 100, "Inventory Level": 92, "production.smth1": 22}
	got, err := c.EvalVar("production", 3, func(n string) float64 { return vals[n] })
	require.NoError(t, err)
	assert.InDelta(t, 22+1.0, got, 1e-12)

	table := m.EquationTable()
	assert.Contains(t, table, "| Inventory Level | stock | `INTEG(production - shipments, 100)` | widget |")
	assert.Contains(t, table, "| production | flow | `SMTH1(shipments, 4) + (desired_inventory - inventory_level) / 8` | widget/month |")
}

// One variable's code evaluated on its own (EvalVar, initialisation with
// overrides) follows its IF branches like the whole program does.
func TestEvalVarWithConditionals(t *testing.T) {
	m := New("conditionals")
	m.SetTime(Time{Start: 0, Stop: 4, DT: 1, SavePer: 1})
	m.Const("b", 2, "")
	m.Aux("x", "b * 2 + TIME", "")
	m.Aux("y", "(x - b) / (IF x > b THEN 3 ELSE 24)", "")
	m.Aux("z", "x * (IF b > 1 THEN 1 ELSE 2) + 1", "")
	m.Stock("s", "IF b > 5 THEN 100 ELSE b * 10", "").In("f")
	m.Flow("f", "0", "")
	c, err := m.Compile()
	require.NoError(t, err)
	vals := map[string]float64{"x": 5, "b": 2}
	y, err := c.EvalVar("y", 0, func(n string) float64 { return vals[n] })
	require.NoError(t, err)
	assert.Equal(t, 1.0, y)
	z, err := c.NewEvaluator().EvalVar("z", 0, func(n string) float64 { return vals[n] })
	require.NoError(t, err)
	assert.Equal(t, 6.0, z)
	vals["x"] = 1
	y, err = c.EvalVar("y", 0, func(n string) float64 { return vals[n] })
	require.NoError(t, err)
	assert.Equal(t, -1.0/24, y)

	r, err := c.Run(Set("b", 7))
	require.NoError(t, err)
	assert.Equal(t, 100.0, r.Series("s")[0], "initial value with an override takes the IF branch")
	assert.Equal(t, (14.0-7)/3, r.Series("y")[0])
	r, err = c.Run(Set("b", 3))
	require.NoError(t, err)
	assert.Equal(t, 30.0, r.Series("s")[0])
}

func TestDeterministicConcurrentRuns(t *testing.T) {
	c, err := decayModel(0.125).Compile()
	require.NoError(t, err)
	want, err := c.Run(WithMethod(RK4))
	require.NoError(t, err)
	done := make(chan []float64)
	for g := 0; g < 8; g++ {
		go func() {
			r, err := c.Run(WithMethod(RK4))
			if err != nil {
				done <- nil
				return
			}
			done <- r.Series("population")
		}()
	}
	for g := 0; g < 8; g++ {
		assert.Equal(t, want.Series("population"), <-done)
	}
}

func ExampleModel_Compile() {
	m := New("teacup")
	m.SetTime(Time{Start: 0, Stop: 30, DT: 0.125, SavePer: 10, Units: "minute"})
	m.Stock("teacup temperature", "180", "degree").Out("heat loss")
	m.Flow("heat loss", "(teacup temperature - room temperature) / characteristic time", "degree/minute")
	m.Const("room temperature", 70, "degree")
	m.Const("characteristic time", 10, "minute")
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := c.Run(WithMethod(RK4))
	for i, t := range r.Time() {
		fmt.Printf("t=%2g  %.2f\n", t, r.Series("teacup temperature")[i])
	}
	// Output:
	// t= 0  180.00
	// t=10  110.47
	// t=20  84.89
	// t=30  75.48
}

// TestCompiledHoldsProgram: the public handle holds the VM's program in a
// field rather than embedding it, so the program's fields and methods are
// not part of Compiled.
func TestCompiledHoldsProgram(t *testing.T) {
	typ := reflect.TypeFor[Compiled]()
	for i := range typ.NumField() {
		assert.False(t, typ.Field(i).Anonymous, "Compiled embeds %s", typ.Field(i).Type)
	}
	c, err := decayModel(0.5).Compile()
	require.NoError(t, err)
	require.NotNil(t, c.prog)
	assert.Equal(t, "decay", c.prog.modelName)
}

// TestBatchLookupRatioMatchesLookup: the batch instruction for graphical
// functions of a ratio, which inlines the common case, gives lookup's bits
// for every kind of table and every position of the input (below, on the
// points, between them, above).
func TestBatchLookupRatioMatchesLookup(t *testing.T) {
	xs, ys := []float64{0, 0.3, 1.1, 1.7, 2.3, 3}, []float64{1.3, 1.17, 0.93, 0.81, 0.6, 0.37}
	long := make([]float64, 20) // longer than the inlined case takes
	for i := range long {
		long[i] = float64(i) / 4
	}
	inputs := []float64{-1, 0, 0.1, 0.5, 0.7, 0.123456789, 1.2345, 1.49, 2, 2.71828, 2.999, 3, 7}
	m := New("lookups")
	m.SetTime(Time{Start: 0, Stop: 1, DT: 1, SavePer: 1})
	m.Const("one", 1, "")
	type want struct {
		name string
		gf   GF
		x    float64
	}
	var cases []want
	for _, typ := range []string{"continuous", "extrapolate", "discrete"} {
		for _, x := range [][]float64{xs, long} {
			for i, in := range inputs {
				name := fmt.Sprintf("%s %d %d", typ, len(x), i)
				gf := GF{X: x, Y: ys, Type: typ}
				if len(x) != len(ys) {
					gf.Y = long
				}
				m.Stock("x "+name, fmt.Sprint(in), "") // a state: the lookup runs every step
				m.Graphical("g "+name, "", gf.X, gf.Y, "").GF.Type = typ
				m.Aux(name, fmt.Sprintf("g %s(x %s / one)", name, name), "")
				cases = append(cases, want{name, gf, in})
			}
		}
	}
	c, err := m.Compile()
	require.NoError(t, err)
	batched := false
	for _, in := range c.prog.stepCode {
		batched = batched || in.op == opBatchLookupRatio
	}
	for _, in := range c.prog.initCode {
		batched = batched || in.op == opBatchLookupRatio
	}
	require.True(t, batched, "the graphical functions of a ratio run as one batch")
	res, err := c.Run()
	require.NoError(t, err)
	for _, w := range cases {
		got := res.Series(w.name)
		require.NotEmpty(t, got, w.name)
		assert.Equal(t, math.Float64bits(lookup(newTable(&w.gf), w.x)), math.Float64bits(got[0]), w.name)
	}
}

func ExampleVariable_Parse() {
	m := New("teacup")
	loss := m.Flow("heat loss", "(teacup temperature - 70) / 10", "degree/minute")
	tree, err := loss.Parse()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Compile takes the tree kept rather than parsing the equation again.
	fmt.Printf("%T %s\n", tree, expr.Format(tree))
	loss.Equation = "(teacup temperature - 70) /" // changed: parsed again
	_, err = loss.Parse()
	fmt.Println(err)
	// Output:
	// *expr.Binary (teacup temperature - 70) / 10
	// 1:28: equation ends where an operand was expected
}
