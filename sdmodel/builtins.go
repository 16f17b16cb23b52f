package sdmodel

// builtin describes a function of the equation language.
type builtin struct {
	name      string // canonical spelling used in messages
	min, max  int    // argument count; max < 0 means any number >= min
	stateful  bool   // expanded into internal stocks and flows (or a pipeline)
	timeDep   bool   // its value depends on TIME, so a variable using it is not a constant
	signature string // shown in arity errors
}

// builtins maps canonical function names to their descriptions. Aliases map
// to the same entry. Vensim and Stella differ in a few places; the choices
// are documented in README.md (section "The engine").
var builtins = func() map[string]*builtin {
	m := map[string]*builtin{}
	add := func(b *builtin, names ...string) {
		for _, n := range names {
			m[n] = b
		}
	}
	one := func(name string) *builtin { return &builtin{name: name, min: 1, max: 1, signature: name + "(x)"} }
	for _, n := range []string{"ABS", "EXP", "LN", "LOG10", "SQRT", "SIN", "COS", "TAN", "ARCSIN", "ARCCOS", "ARCTAN", "SINH", "COSH", "TANH", "INT", "ROUND"} {
		add(one(n), lower(n))
	}
	add(&builtin{name: "INT", min: 1, max: 1, signature: "INTEGER(x)"}, "integer")
	add(&builtin{name: "ARCSIN", min: 1, max: 1, signature: "ASIN(x)"}, "asin")
	add(&builtin{name: "ARCCOS", min: 1, max: 1, signature: "ACOS(x)"}, "acos")
	add(&builtin{name: "ARCTAN", min: 1, max: 1, signature: "ATAN(x)"}, "atan")
	add(&builtin{name: "LOG", min: 1, max: 2, signature: "LOG(x[, base])"}, "log")
	add(&builtin{name: "MOD", min: 2, max: 2, signature: "MOD(a, b)"}, "mod", "modulo")
	add(&builtin{name: "MIN", min: 1, max: -1, signature: "MIN(a, b, ...)"}, "min")
	add(&builtin{name: "MAX", min: 1, max: -1, signature: "MAX(a, b, ...)"}, "max")
	add(&builtin{name: "POWER", min: 2, max: 2, signature: "POWER(a, b)"}, "power")
	add(&builtin{name: "SAFEDIV", min: 2, max: 3, signature: "SAFEDIV(a, b[, value if b = 0])"}, "safediv")
	add(&builtin{name: "XIDZ", min: 3, max: 3, signature: "XIDZ(a, b, value if b = 0)"}, "xidz")
	add(&builtin{name: "ZIDZ", min: 2, max: 2, signature: "ZIDZ(a, b)"}, "zidz")
	add(&builtin{name: "STEP", min: 2, max: 2, timeDep: true, signature: "STEP(height, time)"}, "step")
	add(&builtin{name: "PULSE", min: 2, max: 3, timeDep: true, signature: "PULSE(magnitude, first time[, interval])"}, "pulse")
	add(&builtin{name: "PULSE_TRAIN", min: 4, max: 4, timeDep: true, signature: "PULSE_TRAIN(start, width, interval, end)"}, "pulse_train")
	add(&builtin{name: "RAMP", min: 2, max: 3, timeDep: true, signature: "RAMP(slope, start time[, end time])"}, "ramp")
	add(&builtin{name: "SMTH1", min: 2, max: 3, stateful: true, signature: "SMTH1(input, averaging time[, initial])"}, "smth1", "smooth")
	add(&builtin{name: "SMTH3", min: 2, max: 3, stateful: true, signature: "SMTH3(input, averaging time[, initial])"}, "smth3", "smooth3")
	add(&builtin{name: "SMTHN", min: 3, max: 4, stateful: true, signature: "SMTHN(input, averaging time, order[, initial])"}, "smthn")
	// Vensim's SMOOTH N and DELAY N put the initial value before the order.
	add(&builtin{name: "SMOOTH N", min: 4, max: 4, stateful: true, signature: "SMOOTH N(input, averaging time, initial, order)"}, "smooth_n")
	add(&builtin{name: "DELAY N", min: 4, max: 4, stateful: true, signature: "DELAY N(input, delay time, initial, order)"}, "delay_n")
	add(&builtin{name: "SMOOTHI", min: 3, max: 3, stateful: true, signature: "SMOOTHI(input, averaging time, initial)"}, "smoothi")
	add(&builtin{name: "SMOOTH3I", min: 3, max: 3, stateful: true, signature: "SMOOTH3I(input, averaging time, initial)"}, "smooth3i")
	add(&builtin{name: "DELAY1", min: 2, max: 3, stateful: true, signature: "DELAY1(input, delay time[, initial])"}, "delay1")
	add(&builtin{name: "DELAY1I", min: 3, max: 3, stateful: true, signature: "DELAY1I(input, delay time, initial)"}, "delay1i")
	add(&builtin{name: "DELAY3", min: 2, max: 3, stateful: true, signature: "DELAY3(input, delay time[, initial])"}, "delay3")
	add(&builtin{name: "DELAY3I", min: 3, max: 3, stateful: true, signature: "DELAY3I(input, delay time, initial)"}, "delay3i")
	add(&builtin{name: "DELAYN", min: 3, max: 4, stateful: true, signature: "DELAYN(input, delay time, order[, initial])"}, "delayn")
	add(&builtin{name: "DELAY_FIXED", min: 2, max: 3, stateful: true, signature: "DELAY_FIXED(input, delay time[, initial])"}, "delay", "delay_fixed")
	add(&builtin{name: "TREND", min: 2, max: 3, stateful: true, signature: "TREND(input, averaging time[, initial trend])"}, "trend")
	add(&builtin{name: "FORECAST", min: 3, max: 4, stateful: true, signature: "FORECAST(input, averaging time, horizon[, initial trend])"}, "forecast")
	add(&builtin{name: "INIT", min: 1, max: 1, stateful: true, signature: "INIT(x)"}, "init", "initial")
	add(&builtin{name: "RANDOM_NORMAL", min: 5, max: 5, timeDep: true, signature: "RANDOM_NORMAL(min, max, mean, standard deviation, seed)"}, "random_normal")
	add(&builtin{name: "RANDOM_UNIFORM", min: 3, max: 3, timeDep: true, signature: "RANDOM_UNIFORM(min, max, seed)"}, "random_uniform")
	add(&builtin{name: "NORMAL", min: 2, max: 3, timeDep: true, signature: "NORMAL(mean, standard deviation[, seed])"}, "normal")
	add(&builtin{name: "UNIFORM", min: 2, max: 3, timeDep: true, signature: "UNIFORM(min, max[, seed])"}, "uniform")
	add(&builtin{name: "LOOKUP", min: 2, max: 2, signature: "LOOKUP(graphical function, x)"}, "lookup")
	add(&builtin{name: "IF THEN ELSE", min: 3, max: 3, signature: "IF THEN ELSE(condition, then, else)"}, "if_then_else")
	return m
}()

// zeroArg are the names usable without parentheses (and with empty ones).
var zeroArg = map[string]string{
	"time": "TIME", "dt": "DT", "time_step": "DT", "starttime": "STARTTIME", "initial_time": "STARTTIME",
	"stoptime": "STOPTIME", "final_time": "STOPTIME", "pi": "PI",
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func builtinNames() []string {
	out := make([]string, 0, len(builtins))
	for k := range builtins {
		out = append(out, k)
	}
	return out
}
