package units

import (
	"fmt"
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Kind says what is known about the units of an expression.
type Kind int

const (
	// Known: the units are Inferred.Unit.
	Known Kind = iota
	// Any: the units are unknown and match anything. References to
	// variables without declared units, unknown names and unknown functions
	// are Any, and so is anything computed from them by * / ^.
	Any
	// Number: a bare number literal, or arithmetic on literals only. As in
	// Stella and Simlin, it takes whatever units its partner needs in + -,
	// comparisons, IF branches and MIN/MAX, and is dimensionless in * and /:
	// population + 1 is in person, population / 2 is in person, 1/delay is in
	// 1/month.
	Number
)

// Inferred is the result of inferring an expression's units.
type Inferred struct {
	Kind Kind
	Unit Unit // meaningful when Kind is Known
}

func (t Inferred) String() string {
	switch t.Kind {
	case Any:
		return "any units"
	case Number:
		return "a number"
	}
	return t.Unit.String()
}

// Fits reports whether an expression of these units may be assigned to a
// variable declared in u: always for Any and Number, otherwise when the units
// are equal.
func (t Inferred) Fits(u Unit) bool { return t.Kind != Known || t.Unit.Equal(u) }

func known(u Unit) Inferred { return Inferred{Kind: Known, Unit: u} }

var (
	anyUnits = Inferred{Kind: Any}
	number   = Inferred{Kind: Number}
	dmnl     = Inferred{Kind: Known}
)

// Var describes a name referenced in an equation.
type Var struct {
	Unit      Unit
	HasUnits  bool // false: the variable has no declared units and is a wildcard (Any)
	Graphical bool // a graphical function: f(x) and LOOKUP(f, x) have its units
}

// Env is what Infer needs to know about the model.
type Env struct {
	// Lookup returns the variable with that canonical name (see
	// expr.Canonical) and true, or false when the model has no such
	// variable. A nil Lookup knows no variables.
	Lookup func(name string) (Var, bool)
	// Time is the model's time unit, the unit of TIME, DT, STARTTIME and
	// STOPTIME and of the time arguments of delays, smooths, STEP, RAMP and
	// PULSE. Nil when the model has none: those are then Any and unchecked.
	Time *Unit
}

// Problem is a units error in an equation.
type Problem struct {
	Pos expr.Pos // byte offset in the equation; expr.PositionOf gives line and column
	Msg string
}

// Infer works out the units of an equation from the units of the variables
// it references and reports every inconsistency, in the order of the text.
//
// The rules: + - = <> < <= > >=, the branches of IF and the arguments of
// MIN and MAX need the same units (comparisons and AND, OR, NOT give
// dimensionless results); * and / combine units; x^y needs a dimensionless
// y, and when x has units y must be a constant number, which multiplies x's
// exponents (population^2, time^-1, area^0.5 when the exponents stay
// integers). Number literals are wildcards in + - and comparisons and
// dimensionless in * / (see Number). Builtins:
//
//	ABS INT ROUND INIT INITIAL         the argument's units
//	POWER(x, y)                        as x^y
//	MIN MAX                            all arguments alike
//	EXP LN LOG10 LOG SIN COS TAN ...   dimensionless arguments, dimensionless result
//	SQRT                               halves exponents (an error when one is odd)
//	TIME STARTTIME STOPTIME DT         the time unit (as names, or calls without arguments)
//	SMTH1 SMTH3 SMOOTH SMOOTH3 DELAY1 DELAY3 DELAY DELAY_FIXED (input, time[, initial])
//	SMTHN DELAYN SMOOTH_N DELAY_N (input, time, order[, initial])
//	                                   the input's units; time in the time unit;
//	                                   initial like the input; order dimensionless
//	TREND(input, time[, initial])      1/time: fractional change per time unit
//	FORECAST(input, time, horizon[, initial trend])  the input's units
//	STEP(height, time)                 height's units
//	RAMP(slope, start[, end])          slope*time
//	PULSE(magnitude, first[, interval]) magnitude/time (XMILE: the magnitude
//	                                   arrives within one DT, so the value is magnitude/DT)
//	PULSE_TRAIN(start, width, between, end)  dimensionless
//	SAFEDIV(a, b[, z]) XIDZ(a, b, z) ZIDZ(a, b)  a/b (z like a/b)
//	MOD MODULO (a, b), a MOD b         a's units; b alike
//	RANDOM_NORMAL(min, max, mean, sd, seed) RANDOM_UNIFORM(min, max, seed)
//	NORMAL(mean, sd[, seed]) UNIFORM(min, max[, seed])  the units of min / mean
//	RANDOM_EXPONENTIAL ... RANDOM_TRIANGULAR (Vensim)  the units of min, max alike
//	RANDOM PINK NOISE(mean, sd, time, seed)  the mean's; sd alike; time in the time unit
//	RANDOM_LOOKUP(f, min, max, seed)   the units of min, max alike
//	EXPRND POISSON LOGNORMAL TRIANGULAR BINOMIAL NEGBINOMIAL  the first argument's
//	GAMMA WEIBULL (shape[, scale])      the scale's (shape dmnl); BETA dmnl
//	NPV NPVE(stream, rate[, initial[, factor]])  stream*time*factor; initial like stream*time
//	f(x), LOOKUP(f, x)                 f's units, for a graphical function f
//
// Unknown functions are Any and not reported (the compiler reports them);
// their arguments are still checked inside.
func (e *Env) Infer(n expr.Node) (Inferred, []Problem) {
	c := &checker{env: e}
	if e == nil {
		c.env = &Env{}
	}
	t := c.infer(n)
	return t, c.problems
}

type checker struct {
	env      *Env
	problems []Problem
}

func (c *checker) report(pos expr.Pos, format string, args ...any) {
	c.problems = append(c.problems, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) time() Inferred {
	if c.env.Time == nil {
		return anyUnits
	}
	return known(*c.env.Time)
}

func (c *checker) lookup(name string) (Var, bool) {
	if c.env.Lookup == nil {
		return Var{}, false
	}
	return c.env.Lookup(name)
}

func (c *checker) infer(n expr.Node) Inferred {
	switch x := n.(type) {
	case nil:
		return anyUnits
	case *expr.Number:
		return number
	case *expr.Paren:
		return c.infer(x.X)
	case *expr.Ident:
		return c.ident(x)
	case *expr.Unary:
		t := c.infer(x.X)
		if x.Op == expr.NOT {
			return dmnl
		}
		return t
	case *expr.Binary:
		return c.binary(x)
	case *expr.If:
		c.infer(x.Cond)
		return c.same(x.At, c.infer(x.Then), c.infer(x.Else), "units mismatch: THEN branch has %s, ELSE branch has %s")
	case *expr.Call:
		return c.call(x)
	}
	return anyUnits
}

func (c *checker) ident(x *expr.Ident) Inferred {
	name := x.Canonical()
	if v, ok := c.lookup(name); ok {
		if v.HasUnits {
			return known(v.Unit)
		}
		return anyUnits
	}
	switch name {
	case "time", "starttime", "start_time", "initial_time", "stoptime", "stop_time", "final_time", "dt", "time_step", "saveper":
		return c.time()
	case "pi":
		return number
	}
	return anyUnits
}

// same unifies the units of two operands that must agree, reporting a
// mismatch with format (which receives both units).
func (c *checker) same(pos expr.Pos, a, b Inferred, format string) Inferred {
	switch {
	case a.Kind == Known && b.Kind == Known:
		if !a.Unit.Equal(b.Unit) {
			c.report(pos, format, a.Unit, b.Unit)
		}
		return a
	case a.Kind == Known:
		return a
	case b.Kind == Known:
		return b
	case a.Kind == Any || b.Kind == Any:
		return anyUnits
	}
	return number
}

func (c *checker) checkSize(pos expr.Pos, t Inferred) Inferred {
	if t.Kind == Known && t.Unit.tooLarge() {
		c.report(pos, "unit exponent too large in %s", t.Unit)
		return anyUnits
	}
	return t
}

func (c *checker) mul(pos expr.Pos, a, b Inferred) Inferred {
	switch {
	case a.Kind == Any || b.Kind == Any:
		return anyUnits
	case a.Kind == Number:
		return b
	case b.Kind == Number:
		return a
	}
	return c.checkSize(pos, known(a.Unit.Mul(b.Unit)))
}

func (c *checker) div(pos expr.Pos, a, b Inferred) Inferred {
	switch {
	case a.Kind == Any || b.Kind == Any:
		return anyUnits
	case b.Kind == Number:
		return a
	case a.Kind == Number:
		return known(Unit{}.Div(b.Unit))
	}
	return c.checkSize(pos, known(a.Unit.Div(b.Unit)))
}

func (c *checker) binary(x *expr.Binary) Inferred {
	l := c.infer(x.X)
	if x.Op == expr.POW {
		return c.pow(x, l)
	}
	r := c.infer(x.Y)
	switch x.Op {
	case expr.ADD, expr.SUB:
		return c.same(x.OpPos, l, r, "units mismatch: left side has %s, right side has %s")
	case expr.EQL, expr.NEQ, expr.LSS, expr.LEQ, expr.GTR, expr.GEQ:
		c.same(x.OpPos, l, r, "units mismatch in comparison: left side has %s, right side has %s")
		return dmnl
	case expr.AND, expr.OR:
		return dmnl
	case expr.MUL:
		return c.mul(x.OpPos, l, r)
	case expr.QUO:
		return c.div(x.OpPos, l, r)
	case expr.MOD:
		return c.same(x.OpPos, l, r, "units mismatch in MOD: left side has %s, right side has %s")
	}
	return anyUnits
}

func (c *checker) pow(x *expr.Binary, base Inferred) Inferred {
	return c.power(x.Y, base, c.infer(x.Y))
}

// power gives the units of base^ex, where y is the exponent's expression.
func (c *checker) power(y expr.Node, base, ex Inferred) Inferred {
	if ex.Kind == Known && !ex.Unit.IsDimensionless() {
		c.report(pos(y), "exponent must be dimensionless but has %s", ex.Unit)
		return anyUnits
	}
	switch {
	case base.Kind == Any:
		return anyUnits
	case base.Kind == Number && ex.Kind == Number:
		return number
	case base.Kind == Number || base.Unit.IsDimensionless():
		return dmnl
	}
	v, ok := constValue(y)
	if !ok {
		c.report(pos(y), "the base of ^ has %s, so the exponent must be a constant number, not an expression", base.Unit)
		return anyUnits
	}
	if math.Abs(v) > maxExpLiteral {
		c.report(pos(y), "exponent %g too large for a base in %s", v, base.Unit)
		return anyUnits
	}
	out := make([]Factor, 0, len(base.Unit.factors))
	for _, f := range base.Unit.factors {
		p := float64(float64(f.Exp) * v)
		r := math.Round(p)
		if math.Abs(p-r) > 1e-9 {
			c.report(pos(y), "%s raised to %g does not give whole exponents", base.Unit, v)
			return anyUnits
		}
		if math.Abs(r) > maxExp {
			c.report(pos(y), "exponent %g too large for a base in %s", v, base.Unit)
			return anyUnits
		}
		if r != 0 {
			out = append(out, Factor{f.Name, int(r)})
		}
	}
	return known(Unit{factors: nilIfEmpty(out)})
}

// pos is n.Pos(), or 0 for parts missing from a tree built by hand, so that
// such a tree cannot make Infer panic.
func pos(n expr.Node) expr.Pos {
	switch x := n.(type) {
	case nil:
		return 0
	case *expr.Binary:
		return pos(x.X)
	case *expr.Call:
		return funPos(x)
	}
	return n.Pos()
}

func funPos(x *expr.Call) expr.Pos {
	if x.Fun == nil {
		return 0
	}
	return x.Fun.At
}

// constValue evaluates an expression made only of number literals.
func constValue(n expr.Node) (float64, bool) {
	switch x := n.(type) {
	case *expr.Number:
		return x.Value, !math.IsNaN(x.Value) && !math.IsInf(x.Value, 0)
	case *expr.Paren:
		return constValue(x.X)
	case *expr.Unary:
		v, ok := constValue(x.X)
		switch x.Op {
		case expr.SUB:
			return -v, ok
		case expr.ADD:
			return v, ok
		}
	case *expr.Binary:
		a, ok1 := constValue(x.X)
		b, ok2 := constValue(x.Y)
		if !ok1 || !ok2 {
			return 0, false
		}
		var v float64
		switch x.Op {
		case expr.ADD:
			v = a + b
		case expr.SUB:
			v = a - b
		case expr.MUL:
			v = a * b
		case expr.QUO:
			v = a / b
		default:
			return 0, false
		}
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	return 0, false
}

// call applies the builtin rules; see Infer.
func (c *checker) call(x *expr.Call) Inferred {
	if x.Fun == nil { // not from the parser; check the arguments only
		for _, a := range x.Args {
			c.infer(a)
		}
		return anyUnits
	}
	name := x.Fun.Canonical()
	fn := strings.ToUpper(strings.Join(strings.Fields(strings.Trim(x.Fun.Name, `"`)), " "))
	// fnf is fn escaped for use inside a format string.
	fnf := strings.ReplaceAll(fn, "%", "%%")
	ts := make([]Inferred, len(x.Args))
	for i, a := range x.Args {
		ts[i] = c.infer(a)
	}
	arg := func(i int) Inferred {
		if i < len(ts) {
			return ts[i]
		}
		return anyUnits
	}
	// argsSame unifies the arguments from..to (inclusive, where present).
	argsSame := func(from, to int) Inferred {
		if from >= len(ts) {
			return anyUnits
		}
		t := ts[from]
		for i := from + 1; i <= to && i < len(ts); i++ {
			t = c.same(pos(x.Args[i]), t, ts[i], fmt.Sprintf("units mismatch in %s: argument %d has %%s, argument %d has %%s", fnf, from+1, i+1))
		}
		return t
	}
	wantTime := func(i int, what string) {
		if i < len(ts) && ts[i].Kind == Known && c.env.Time != nil && !ts[i].Unit.Equal(*c.env.Time) {
			c.report(pos(x.Args[i]), "%s %s has %s but must have the model's time unit, %s", fn, what, ts[i].Unit, *c.env.Time)
		}
	}
	wantDmnl := func(i int, what string) {
		if i < len(ts) && ts[i].Kind == Known && !ts[i].Unit.IsDimensionless() {
			c.report(pos(x.Args[i]), "%s %s has %s but must be dimensionless (dmnl)", fn, what, ts[i].Unit)
		}
	}
	// initLike checks an optional initial value against the result's units.
	initLike := func(i int, result Inferred, what string) Inferred {
		if i >= len(ts) {
			return result
		}
		return c.same(pos(x.Args[i]), result, ts[i], fmt.Sprintf("units mismatch in %s: %s has %%s, the initial value has %%s", fnf, what))
	}

	if v, ok := c.lookup(name); ok && v.Graphical {
		if v.HasUnits {
			return known(v.Unit)
		}
		return anyUnits
	}
	switch name {
	case "lookup":
		if len(x.Args) > 0 {
			if id, ok := x.Args[0].(*expr.Ident); ok {
				if v, ok := c.lookup(id.Canonical()); ok && v.HasUnits {
					return known(v.Unit)
				}
			}
		}
		return anyUnits
	case "pi":
		return number
	case "if_then_else": // IF THEN ELSE written with underscores, read as a call
		return c.same(funPos(x), arg(1), arg(2), "units mismatch: THEN branch has %s, ELSE branch has %s")
	case "power":
		if len(x.Args) != 2 {
			return anyUnits
		}
		return c.power(x.Args[1], ts[0], ts[1])
	case "abs", "int", "integer", "round", "init", "initial":
		return arg(0)
	case "active_initial", "previous":
		return argsSame(0, 1)
	case "min", "max":
		return argsSame(0, len(ts)-1)
	case "exp", "ln", "log10", "log", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "asin", "acos", "atan", "sinh", "cosh", "tanh":
		allNumbers := true
		for i := range ts {
			wantDmnl(i, fmt.Sprintf("argument %d", i+1))
			allNumbers = allNumbers && ts[i].Kind == Number
		}
		if allNumbers && len(ts) > 0 {
			return number
		}
		return dmnl
	case "sqrt":
		t := arg(0)
		if t.Kind != Known {
			return t
		}
		r, ok := t.Unit.Sqrt()
		if !ok {
			c.report(pos(x.Args[0]), "SQRT of %s: the square root of a unit with odd exponents has no units", t.Unit)
			return anyUnits
		}
		return known(r)
	case "time", "starttime", "stoptime", "dt", "initial_time", "final_time", "time_step":
		return c.time()
	case "smth1", "smooth", "smooth1", "smth3", "smooth3", "smoothi", "smooth_i", "smooth3i", "smooth3_i",
		"delay1", "delay1i", "delay1_i", "delay3", "delay3i", "delay3_i", "delay", "delay_fixed":
		what := "delay time"
		if strings.HasPrefix(name, "sm") {
			what = "averaging time"
		}
		wantTime(1, what)
		return initLike(2, arg(0), "the input")
	case "smthn", "delayn", "smooth_n", "delay_n": // (input, time, order[, initial]), the engine's order for all four
		what := "delay time"
		if strings.HasPrefix(name, "sm") {
			what = "averaging time"
		}
		wantTime(1, what)
		wantDmnl(2, "order")
		return initLike(3, arg(0), "the input")
	case "trend":
		wantTime(1, "averaging time")
		return initLike(2, c.div(funPos(x), known(Unit{}), c.time()), "the trend (fraction per time unit)")
	case "forecast":
		wantTime(1, "averaging time")
		wantTime(2, "horizon")
		if len(ts) > 3 {
			c.same(pos(x.Args[3]), c.div(funPos(x), known(Unit{}), c.time()), ts[3],
				fmt.Sprintf("units mismatch in %s: the trend (fraction per time unit) has %%s, the initial trend has %%s", fnf))
		}
		return arg(0)
	case "step":
		wantTime(1, "step time")
		return arg(0)
	case "ramp":
		wantTime(1, "start time")
		wantTime(2, "end time")
		return c.mul(funPos(x), arg(0), c.time())
	case "pulse":
		wantTime(1, "first pulse time")
		wantTime(2, "interval")
		return c.div(funPos(x), arg(0), c.time())
	case "pulse_train":
		for i, what := range []string{"start time", "width", "time between pulses", "end time"} {
			wantTime(i, what)
		}
		return dmnl
	case "safediv", "xidz":
		return initLike2(c, x, ts, fnf, c.div(funPos(x), arg(0), arg(1)))
	case "zidz":
		return c.div(funPos(x), arg(0), arg(1))
	case "mod", "modulo":
		return argsSame(0, 1)
	case "npv", "npve": // (stream, rate[, initial[, factor]]): the stream summed over time, times the factor
		v := c.mul(funPos(x), arg(0), c.time())
		if len(ts) > 2 {
			c.same(pos(x.Args[2]), v, ts[2], fmt.Sprintf("units mismatch in %s: the accumulated stream has %%s, the initial value has %%s", fnf))
		}
		if len(ts) > 3 {
			return c.mul(funPos(x), v, ts[3])
		}
		return v
	case "random_normal":
		return argsSame(0, 3)
	case "random_uniform", "normal", "uniform", "random", "lognormal",
		"random_exponential", "random_gamma", "random_beta", "random_binomial", "random_negative_binomial",
		"random_poisson", "random_weibull":
		return argsSame(0, 1)
	case "random_lognormal":
		return argsSame(0, 3)
	case "random_pink_noise": // (mean, sd, correlation time, seed)
		wantTime(2, "correlation time")
		return argsSame(0, 1)
	case "random_triangular":
		return argsSame(0, 4)
	case "random_lookup": // (graphical function, min, max, seed): drawn from the table's x values
		return argsSame(1, 2)
	case "triangular":
		return argsSame(0, 2)
	case "exprnd", "poisson", "binomial", "negbinomial":
		return arg(0)
	case "gamma", "weibull": // (shape[, scale])
		wantDmnl(0, "shape")
		if len(ts) > 1 {
			return arg(1)
		}
		return dmnl
	case "beta":
		return dmnl
	}
	return anyUnits
}

// initLike2 checks the value SAFEDIV and XIDZ give on division by zero
// against the quotient's units.
func initLike2(c *checker, x *expr.Call, ts []Inferred, fnf string, q Inferred) Inferred {
	if len(ts) < 3 {
		return q
	}
	return c.same(pos(x.Args[2]), q, ts[2],
		fmt.Sprintf("units mismatch in %s: the quotient has %%s, the value on division by zero has %%s", fnf))
}
