package sdmodel

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// A builtin is one function of the equation language. Each family of
// builtins has its own file (builtins_math.go, builtins_time.go,
// builtins_smooth.go, builtins_delay.go, builtins_random.go,
// builtins_table.go, builtins_alloc.go, builtins_finance.go) holding its table entries, what the compiler makes of
// a call, and the run-time helpers. Adding a builtin is adding one entry:
//
//   - a stateless builtin gives emit, which writes the instructions that
//     compute the call into a slot (see program.go for the instruction set);
//   - a stateful builtin gives expand, which rewrites the call into internal
//     stocks, flows and auxiliaries (named after the calling variable, such
//     as "shipments.smth1") and returns the expression that replaces it.
type builtin struct {
	name      string   // canonical spelling used in messages
	aliases   []string // canonical names it is called by (lower case, spaces as _)
	min, max  int      // argument count; max < 0 means any number >= min
	timeDep   bool     // its value depends on TIME, so a variable using it is not a constant
	random    bool     // draws random numbers: each call site is its own (no common subexpressions)
	signature string   // shown in arity errors

	emit   func(g *gen, args []expr.Node, dst int32)
	expand func(b *compiler, owner *cvar, base string, args []expr.Node) expr.Node
}

func (fn *builtin) stateful() bool { return fn.expand != nil }

// builtinTable maps canonical function names to their descriptions. Vensim
// and Stella differ in a few places; the choices are documented in
// README.md (section "The engine"). It is built on the first compile, not
// at package initialisation, which every start of a program linking the
// engine would pay (about 300 allocations), and only read after.
var builtinTable struct {
	once sync.Once
	m    map[string]*builtin
}

// builtins returns the table of builtins, building it on first use.
func builtins() map[string]*builtin {
	builtinTable.once.Do(func() {
		builtinTable.m = registry(mathBuiltins(), timeBuiltins(), tableBuiltins(), smoothBuiltins(), delayBuiltins(), randomBuiltins(), allocBuiltins(), financeBuiltins())
	})
	return builtinTable.m
}

func registry(families ...[]*builtin) map[string]*builtin {
	m := map[string]*builtin{}
	for _, family := range families {
		for _, b := range family {
			for _, n := range b.aliases {
				if _, dup := m[n]; dup {
					panic("sdmodel: builtin " + n + " registered twice") // a programming error, found by any test
				}
				m[n] = b
			}
		}
	}
	return m
}

// zeroArg returns, for a canonical name usable without parentheses (and
// with empty ones), the value it stands for. A switch rather than a map:
// a map literal is built by code at every program start.
func zeroArg(key string) (string, bool) {
	switch key {
	case "time":
		return "TIME", true
	case "dt", "time_step":
		return "DT", true
	case "starttime", "initial_time":
		return "STARTTIME", true
	case "stoptime", "final_time":
		return "STOPTIME", true
	case "pi":
		return "PI", true
	}
	return "", false
}

func lower(s string) string { return strings.ToLower(s) }

func builtinNames() []string {
	out := make([]string, 0, len(builtins()))
	for k := range builtins() {
		out = append(out, k)
	}
	return out
}

// Helpers for the entries.

// fixed is an entry with n arguments.
func fixed(name string, n int, signature string, aliases ...string) *builtin {
	if len(aliases) == 0 {
		aliases = []string{lower(name)}
	}
	return &builtin{name: name, aliases: aliases, min: n, max: n, signature: signature}
}

// args is an entry with min to max arguments.
func args(name string, min, max int, signature string, aliases ...string) *builtin {
	b := fixed(name, min, signature, aliases...)
	b.max = max
	return b
}

// arg returns the i-th argument, or nil when the call has fewer.
func arg(a []expr.Node, i int) expr.Node {
	if i < len(a) {
		return a[i]
	}
	return nil
}

// order reads the order argument of SMTHN, DELAYN and their Vensim forms.
func (b *compiler) orderArg(owner *cvar, fn string, n expr.Node) (int, bool) {
	v, ok := constFold(n)
	if !ok || v < 1 || v != math.Trunc(v) || v > 1000 {
		b.errorf(owner, n, "%s: the order must be a whole number from 1 to 1000 written as a number", fn)
		return 0, false
	}
	return int(v), true
}

// checkArity reports a call with the wrong number of arguments.
func (b *compiler) checkArity(v *cvar, call *expr.Call, fn *builtin) bool {
	n := len(call.Args)
	if n < fn.min || (fn.max >= 0 && n > fn.max) {
		want := fmt.Sprintf("%d", fn.min)
		if fn.max < 0 {
			want = fmt.Sprintf("at least %d", fn.min)
		} else if fn.max != fn.min {
			want = fmt.Sprintf("%d to %d", fn.min, fn.max)
		}
		b.errorf(v, call, "%s takes %s arguments, got %d: %s", fn.name, want, n, fn.signature)
		return false
	}
	return true
}

// expandStateful names the call's internal variables after its owner and
// lets the builtin expand it.
func (b *compiler) expandStateful(owner *cvar, call *expr.Call, fn *builtin) expr.Node {
	root := owner
	if root.owner != nil {
		root = root.owner
	}
	b.calls[root.key+fn.name]++
	base := root.name + "." + strings.ToLower(strings.ReplaceAll(fn.name, " ", ""))
	if k := b.calls[root.key+fn.name]; k > 1 {
		base = fmt.Sprintf("%s#%d", base, k)
	}
	if n := fn.expand(b, owner, base, call.Args); n != nil {
		return n
	}
	return call // an error was reported
}

// Expression builders for expansions.

func ref(v *cvar) *expr.Ident { return &expr.Ident{Name: `"` + v.name + `"`} }

func num(x float64) *expr.Number { return &expr.Number{Value: x} }

func bin(op expr.Token, x, y expr.Node) expr.Node {
	return &expr.Binary{Op: op, X: x, Y: y}
}

func paren(x expr.Node) expr.Node {
	switch x.(type) {
	case *expr.Number, *expr.Ident, *expr.Paren, *expr.Call:
		return x
	}
	return &expr.Paren{X: x}
}
