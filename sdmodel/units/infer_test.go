package units

import (
	"testing"

	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testEnv is a small population-and-sales model, in months.
func testEnv(t testing.TB) *Env {
	t.Helper()
	decl := map[string]string{
		"population": "persons", "births": "persons/month", "birth rate": "1/month",
		"avg lifetime": "months", "price": "$/transaction", "transactions": "transactions/month",
		"revenue": "USD/month", "ratio": "dmnl", "area": "m^2",
	}
	vars := map[string]Var{"untyped": {}, "effect": {Unit: Unit{}, HasUnits: true, Graphical: true},
		"price_curve":   {Unit: mustParse(t, "$/transaction"), HasUnits: true, Graphical: true},
		"untyped_curve": {Graphical: true}}
	for name, u := range decl {
		vars[expr.Canonical(name)] = Var{Unit: mustParse(t, u), HasUnits: true}
	}
	month := Base("month")
	return &Env{Lookup: func(name string) (Var, bool) { v, ok := vars[name]; return v, ok }, Time: &month}
}

func infer(t *testing.T, env *Env, src string) (Inferred, []Problem) {
	t.Helper()
	n, err := expr.Parse(src)
	require.NoError(t, err, src)
	return env.Infer(n)
}

func TestInferUnits(t *testing.T) {
	env := testEnv(t)
	cases := []struct{ src, want string }{
		{"population * birth rate", "person/month"},
		{"population / avg lifetime", "person/month"},
		{"births + population / avg lifetime", "person/month"},
		{"population + 1", "person"},
		{"1 + population", "person"},
		{"1 / avg lifetime", "1/month"},
		{"population * 0.5", "person"},
		{"population / 2", "person"},
		{"2 * 3 - 1", "a number"},
		{"-births", "person/month"},
		{"(population)", "person"},
		{"IF population > 100 THEN births ELSE 0", "person/month"},
		{"IF THEN ELSE(ratio > 0.5, births, population / avg lifetime)", "person/month"},
		{"IF ratio THEN 0 ELSE untyped", "any units"},
		{"MIN(births, 5, population / avg lifetime)", "person/month"},
		{"MAX(untyped, births)", "person/month"},
		{"untyped * population", "any units"},
		{"untyped + population", "person"},
		{"nosuchvariable / population", "any units"},
		{"EXP(ratio) * population", "person"},
		{"EXP(untyped)", "dmnl"},
		{"LN(2)", "a number"},
		{"SIN(2 * pi * TIME / avg lifetime)", "dmnl"},
		{"SQRT(area)", "m"},
		{"SQRT(4)", "a number"},
		{"population ^ 2", "person^2"},
		{"avg lifetime ^ -1", "1/month"},
		{"area ^ 0.5", "m"},
		{"area ^ (1/2)", "m"},
		{"area ^ 0", "dmnl"},
		{"ratio ^ untyped", "dmnl"},
		{"2 ^ ratio", "dmnl"},
		{"2 ^ 10", "a number"},
		{"untyped ^ 3", "any units"},
		{"TIME", "month"},
		{"DT", "month"},
		{"TIME - STARTTIME", "month"},
		{"FINAL TIME - INITIAL TIME", "month"},
		{"SMTH1(births, avg lifetime)", "person/month"},
		{"SMTH1(births, 3, 0)", "person/month"},
		{"SMOOTH3(births, avg lifetime, births)", "person/month"},
		{"DELAY3(births, 12)", "person/month"},
		{"DELAY FIXED(births, avg lifetime, births)", "person/month"},
		{"DELAY(births, avg lifetime, 0)", "person/month"},
		{"SMTHN(births, 3, 3, births)", "person/month"},
		{"SMOOTH N(births, avg lifetime, 3, births)", "person/month"},
		{"DELAY N(births, avg lifetime, 3)", "person/month"},
		{"POWER(area, 0.5)", "m"},
		{"POWER(ratio, 3)", "dmnl"},
		{"IF_THEN_ELSE(ratio > 1, births, 0)", "person/month"},
		{"PI() * 2", "a number"},
		{"TREND(population, 6)", "1/month"},
		{"TREND(population, 6, birth rate)", "1/month"},
		{"FORECAST(population, 6, 12)", "person"},
		{"STEP(births, 10)", "person/month"},
		{"RAMP(births, 10, 20)", "person"},
		{"RAMP(1, 10)", "month"},
		{"PULSE(population, 10)", "person/month"},
		{"PULSE(population, 10, avg lifetime)", "person/month"},
		{"PULSE TRAIN(1, 2, 12, 100)", "dmnl"},
		{"SAFEDIV(revenue, transactions)", "dollar/transaction"},
		{"XIDZ(revenue, transactions, price)", "dollar/transaction"},
		{"ZIDZ(population, avg lifetime)", "person/month"},
		{"population MOD 10", "person"},
		{"MODULO(TIME, 12)", "month"},
		{"INIT(population)", "person"},
		{"INITIAL(births) * 2", "person/month"},
		{"RANDOM NORMAL(0, 100, population, 10, 1)", "person"},
		{"NORMAL(births, 1)", "person/month"},
		{"UNIFORM(0, births)", "person/month"},
		{"RANDOM_UNIFORM(population, 2 * population, 7)", "person"},
		{"NPV(births, 0.1, population, ratio)", "person"},
		{"NPV(revenue, 0.05)", "dollar"},
		{"NPVE(births, 0.1, population, ratio)", "person"},
		{"RANDOM POISSON(0, population, 10, 0, 1, 1)", "person"},
		{"RANDOM TRIANGULAR(0, population, 1, 2, 3, 1)", "person"},
		{"RANDOM LOOKUP(effect, 0, population, 1)", "person"},
		{"EXPRND(avg lifetime)", "month"},
		{"WEIBULL(2, avg lifetime)", "month"},
		{"BETA(2, 3)", "dmnl"},
		{"RANDOM PINK NOISE(births, births, avg lifetime, 1)", "person/month"},
		{"effect(ratio) * births", "person/month"},
		{"effect(population)", "dmnl"},
		{"LOOKUP(price curve, ratio)", "dollar/transaction"},
		{"price curve(untyped) * transactions", "dollar/month"},
		{"untyped curve(ratio) * transactions", "any units"},
		{"ABS(births)", "person/month"},
		{"INT(population)", "person"},
		{"ROUND(population)", "person"},
		{"unknownfn(population) * 2", "any units"},
		{"NOT ratio", "dmnl"},
		{"population > 0 AND births > 0", "dmnl"},
		{"revenue / transactions = price", "dmnl"},
		{"price * transactions - revenue", "dollar/month"},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			got, problems := infer(t, env, c.src)
			assert.Empty(t, problems)
			assert.Equal(t, c.want, got.String())
		})
	}
}

func TestInferUnitsProblems(t *testing.T) {
	env := testEnv(t)
	cases := []struct {
		src    string
		column int // of the problem, from 1
		msg    string
	}{
		{"births + population", 8, "units mismatch: left side has person/month, right side has person"},
		{"population - births", 12, "units mismatch: left side has person, right side has person/month"},
		{"population > births", 12, "units mismatch in comparison: left side has person, right side has person/month"},
		{"TIME + population", 6, "left side has month, right side has person"},
		{"population ^ 2 + population", 16, "left side has person^2, right side has person"},
		{"effect(ratio) + births", 15, "left side has dmnl, right side has person/month"},
		{"IF ratio > 0 THEN births ELSE population", 1, "THEN branch has person/month, ELSE branch has person"},
		{"MIN(births, population)", 13, "units mismatch in MIN: argument 1 has person/month, argument 2 has person"},
		{"MAX(births, births, population)", 21, "units mismatch in MAX: argument 1 has person/month, argument 3 has person"},
		{"EXP(population)", 5, "EXP argument 1 has person but must be dimensionless"},
		{"LN(avg lifetime)", 4, "LN argument 1 has month but must be dimensionless"},
		{"SQRT(population)", 6, "SQRT of person"},
		{"ratio ^ population", 9, "exponent must be dimensionless but has person"},
		{"population ^ ratio", 14, "the base of ^ has person, so the exponent must be a constant number"},
		{"population ^ 0.5", 14, "person raised to 0.5 does not give whole exponents"},
		{"SMTH1(births, population)", 15, "SMTH1 averaging time has person but must have the model's time unit, month"},
		{"DELAY3(births, avg lifetime, population)", 30, "units mismatch in DELAY3: the input has person/month, the initial value has person"},
		{"SMTHN(births, 3, avg lifetime)", 18, "SMTHN order has month but must be dimensionless"},
		{"STEP(births, population)", 14, "STEP step time has person"},
		{"RAMP(1, ratio)", 9, "RAMP start time has dmnl but must have the model's time unit, month"},
		{"PULSE(1, 5, population)", 13, "PULSE interval has person"},
		{"XIDZ(revenue, transactions, population)", 29, "units mismatch in XIDZ: the quotient has dollar/transaction, the value on division by zero has person"},
		{"population MOD births", 12, "units mismatch in MOD: left side has person, right side has person/month"},
		{"RANDOM LOOKUP(effect, births, population, 1)", 31, "argument 2 has person/month, argument 3 has person"},
		{"NORMAL(births, population)", 16, "units mismatch in NORMAL: argument 1 has person/month, argument 2 has person"},
		{"TREND(population, 6, population)", 22, "the trend (fraction per time unit) has 1/month, the initial value has person"},
		{"FORECAST(population, 6, ratio)", 25, "FORECAST horizon has dmnl"},
		{"IF births = population THEN 1 ELSE 0", 11, "units mismatch in comparison"},
		{"POWER(population, ratio)", 19, "the base of ^ has person, so the exponent must be a constant number"},
		{"IF_THEN_ELSE(ratio > 1, births, population)", 1, "THEN branch has person/month, ELSE branch has person"},
		{"DELAY N(births, avg lifetime, 3, population)", 34, "units mismatch in DELAY N: the input has person/month, the initial value has person"},
		{"population\n  + births", 3, "left side has person, right side has person/month"},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			_, problems := infer(t, env, c.src)
			require.Len(t, problems, 1, "%v", problems)
			assert.Contains(t, problems[0].Msg, c.msg)
			assert.Equal(t, c.column, expr.PositionOf(c.src, problems[0].Pos).Column, problems[0].Msg)
		})
	}
}

func TestInferUnitsReportsEveryProblemInOrder(t *testing.T) {
	src := "MIN(births, population) + EXP(area) - avg lifetime"
	_, problems := infer(t, testEnv(t), src)
	require.Len(t, problems, 4)
	assert.Contains(t, problems[0].Msg, "MIN")
	assert.Contains(t, problems[1].Msg, "EXP argument 1 has m^2")
	assert.Contains(t, problems[2].Msg, "left side has person/month, right side has dmnl")
	assert.Contains(t, problems[3].Msg, "left side has person/month, right side has month")
}

func TestInferUnitsWithoutTimeUnit(t *testing.T) {
	env := testEnv(t)
	env.Time = nil
	for _, src := range []string{"SMTH1(births, population)", "TIME + population", "RAMP(1, ratio)"} {
		_, problems := infer(t, env, src)
		assert.Empty(t, problems, src)
	}
	got, _ := infer(t, env, "PULSE(population, 3)")
	assert.Equal(t, Any, got.Kind)

	// Nothing known at all: everything is a wildcard, nothing is reported.
	got, problems := infer(t, &Env{}, "a + b * SMTH1(c, d)")
	assert.Empty(t, problems)
	assert.Equal(t, Any, got.Kind)
	var nilEnv *Env
	got, problems = nilEnv.Infer(&expr.Number{Value: 1})
	assert.Empty(t, problems)
	assert.Equal(t, Number, got.Kind)
}

func TestInferredFits(t *testing.T) {
	person := Base("person")
	assert.True(t, Inferred{Kind: Any}.Fits(person))
	assert.True(t, Inferred{Kind: Number}.Fits(person))
	assert.True(t, Inferred{Kind: Known, Unit: person}.Fits(person))
	assert.False(t, Inferred{Kind: Known}.Fits(person))
}

func TestInferUnitsHandBuiltTrees(t *testing.T) {
	env := testEnv(t)
	for _, n := range []expr.Node{
		nil,
		&expr.Binary{Op: expr.ADD},
		&expr.Binary{Op: expr.POW, X: &expr.Ident{Name: "population"}},
		&expr.Call{Args: []expr.Node{nil, &expr.Ident{Name: "births"}}},
		&expr.Call{Fun: &expr.Ident{Name: "SMTH1"}, Args: []expr.Node{nil, &expr.Ident{Name: "population"}, &expr.Ident{Name: "population"}}},
		&expr.If{},
		&expr.Unary{Op: expr.SUB},
	} {
		assert.NotPanics(t, func() { env.Infer(n) })
	}
}

func FuzzInferUnits(f *testing.F) {
	for _, s := range []string{"births + population", "SMTH1(births, population)", "population ^ 0.5", "area ^ (1/2)",
		"LOOKUP(price curve, ratio)", "MIN()", "SQRT()", "XIDZ(a)", "population ^ 1e300", "x ^ -(1/0)", "TREND(population, 6, population)"} {
		f.Add(s)
	}
	env := testEnv(f)
	f.Fuzz(func(t *testing.T, src string) {
		n, err := expr.Parse(src)
		if err != nil {
			return
		}
		_, problems := env.Infer(n)
		for _, p := range problems {
			assert.True(t, int(p.Pos) >= 0 && int(p.Pos) <= len(src), "position %d in %q", p.Pos, src)
			assert.NotEmpty(t, p.Msg)
		}
	})
}
