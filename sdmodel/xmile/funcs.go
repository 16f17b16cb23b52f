package xmile

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// engineFuncs are the builtin functions of the engine, by canonical name
// (see sdmodel's builtins), so that a call to anything else is reported
// with its line in the file.
var engineFuncs = map[string]bool{
	"abs": true, "exp": true, "ln": true, "log10": true, "log": true, "sqrt": true, "power": true,
	"sin": true, "cos": true, "tan": true, "arcsin": true, "arccos": true, "arctan": true,
	"asin": true, "acos": true, "atan": true, "sinh": true, "cosh": true, "tanh": true,
	"int": true, "integer": true, "round": true, "mod": true, "modulo": true, "min": true, "max": true,
	"pi": true, "time": true, "dt": true, "starttime": true, "stoptime": true,
	"safediv": true, "xidz": true, "zidz": true, "step": true, "pulse": true, "pulse_train": true, "ramp": true,
	"smth1": true, "smooth": true, "smth3": true, "smooth3": true, "smthn": true, "smooth_n": true,
	"smoothi": true, "smooth3i": true, "delay1": true, "delay1i": true, "delay3": true, "delay3i": true,
	"delayn": true, "delay_n": true, "delay": true, "delay_fixed": true,
	"trend": true, "forecast": true, "init": true, "initial": true,
	"random_normal": true, "random_uniform": true, "normal": true, "uniform": true, "random": true,
	"random_exponential": true, "random_gamma": true, "random_beta": true, "random_binomial": true,
	"random_negative_binomial": true, "random_poisson": true, "random_weibull": true, "random_lognormal": true,
	"random_triangular": true, "random_lookup": true, "random_pink_noise": true, "exprnd": true, "poisson": true, "lognormal": true, "triangular": true,
	"gamma": true, "beta": true, "binomial": true, "negbinomial": true, "weibull": true,
	"lookup": true, "if_then_else": true,
	// reductions over arrays, which sdmodel writes out when it flattens arrays
	"sum": true, "prod": true, "product": true, "mean": true, "vmin": true, "vmax": true, "size": true,
	"elmcount": true, "stddev": true, "previous": true,
	"vector_select": true, "vector_rank": true, "vector_sort_order": true, "vector_reorder": true,
	"vector_elm_map": true, "allocate_by_priority": true, "priority_allocation": true,
	"allocate_available": true, "available_allocation": true, "npv": true, "npve": true,
	"gamma_ln": true, "depreciate_straightline": true,
}

// zeroArgConstants are builtins that some tools write as calls with no
// arguments, PI() or TIME(), and the engine reads as names.
var zeroArgConstants = map[string]string{"pi": "PI", "time": "TIME", "dt": "DT", "starttime": "STARTTIME", "stoptime": "STOPTIME"}

// readRenames maps vendor spellings (canonical) to the engine's builtin,
// with an argument order: args[i] of the result is args[order[i]] of the
// call. Vensim puts the order of SMOOTH N and DELAY N last; XMILE's SMTHN
// and DELAYN put it third.
var readRenames = map[string]struct {
	name  string
	order []int
}{
	"smooth_n": {"SMTHN", []int{0, 1, 3, 2}},  // Vensim SMOOTH N(input, time, initial, order)
	"delay_n":  {"DELAYN", []int{0, 1, 3, 2}}, // Vensim DELAY N(input, time, initial, order)
}

// writeRenames maps engine-only spellings to the XMILE 1.0 builtins, so that
// other XMILE tools read what we write.
var writeRenames = map[string]string{
	"smooth": "SMTH1", "smooth3": "SMTH3", "initial": "INIT", "delay_fixed": "DELAY",
}

// rewriter rewrites the names in an equation's tree: references to the
// variables of a module instance get the instance's prefix, vendor builtins
// get the engine's spelling, and calls to unknown functions are reported.
type rewriter struct {
	rename  func(canonical string) (string, bool) // variable renames; nil for none
	isVar   func(canonical string) bool           // whether a name is a variable (callable graphical function)
	builtin map[string]struct {
		name  string
		order []int
	}
	macros  map[string]bool // canonical names of the file's macros
	toXMILE bool            // writer: engine spellings to XMILE ones
	changed bool
	err     error
	errPos  expr.Pos
}

func (rw *rewriter) fail(pos expr.Pos, format string, args ...any) {
	if rw.err == nil {
		rw.err = fmt.Errorf(format, args...)
		rw.errPos = pos
	}
}

// node rewrites n and returns its replacement.
func (rw *rewriter) node(n expr.Node) expr.Node {
	switch x := n.(type) {
	case *expr.Ident:
		if rw.rename != nil {
			if name, ok := rw.rename(x.Canonical()); ok {
				x.Name = name
				rw.changed = true
			}
		}
		if rw.toXMILE {
			if name := xmileIdent(x.Name); name != x.Name {
				x.Name = name
				rw.changed = true
			}
		}
	case *expr.Unary:
		x.X = rw.node(x.X)
	case *expr.Binary:
		x.X = rw.node(x.X)
		x.Y = rw.node(x.Y)
	case *expr.Paren:
		x.X = rw.node(x.X)
	case *expr.Index:
		rw.node(x.X)
		rw.subs(x.Subs)
	case *expr.If:
		x.Cond = rw.node(x.Cond)
		x.Then = rw.node(x.Then)
		x.Else = rw.node(x.Else)
	case *expr.Call:
		for i, a := range x.Args {
			x.Args[i] = rw.node(a)
		}
		rw.subs(x.Subs)
		return rw.call(x)
	}
	return n
}

// subs rewrites subscripts: element and dimension names are not variables,
// so they are only respelled for XMILE; expressions are rewritten whole.
func (rw *rewriter) subs(subs []expr.Node) {
	for i, s := range subs {
		switch x := s.(type) {
		case *expr.Ident:
			if rw.toXMILE {
				if name := xmileIdent(x.Name); name != x.Name {
					x.Name = name
					rw.changed = true
				}
			}
		case *expr.Bang:
			if rw.toXMILE {
				if name := xmileIdent(x.Dim.Name); name != x.Dim.Name {
					x.Dim.Name = name
					rw.changed = true
				}
			}
		case *expr.Star:
		default:
			subs[i] = rw.node(s)
		}
	}
}

func (rw *rewriter) call(c *expr.Call) expr.Node {
	key := c.Fun.Canonical()
	if rw.isVar != nil && rw.isVar(key) {
		// A graphical function applied to its input: f(x).
		if rw.rename != nil {
			if name, ok := rw.rename(key); ok {
				c.Fun.Name = name
				rw.changed = true
			}
		}
		if rw.toXMILE {
			if name := xmileIdent(c.Fun.Name); name != c.Fun.Name {
				c.Fun.Name = name
				rw.changed = true
			}
		}
		return c
	}
	if name, ok := zeroArgConstants[key]; ok && len(c.Args) == 0 {
		rw.changed = true
		return &expr.Ident{At: c.Fun.At, Name: name}
	}
	if rw.toXMILE {
		if name, ok := writeRenames[key]; ok {
			c.Fun.Name = name
			rw.changed = true
		}
		if (key == "mod" || key == "modulo") && len(c.Args) == 2 {
			rw.changed = true
			return &expr.Paren{At: c.Fun.At, X: &expr.Binary{OpPos: c.Fun.At, Op: expr.MOD, X: c.Args[0], Y: c.Args[1]}}
		}
		return c
	}
	if r, ok := rw.builtin[key]; ok {
		if r.order != nil {
			if len(c.Args) != len(r.order) {
				rw.fail(c.Fun.At, "%s takes %d arguments, found %d", strings.ToUpper(c.Fun.Name), len(r.order), len(c.Args))
				return c
			}
			args := make([]expr.Node, len(c.Args))
			for i, j := range r.order {
				args[i] = c.Args[j]
			}
			c.Args = args
		}
		c.Fun.Name = r.name
		rw.changed = true
		return c
	}
	if !engineFuncs[key] && !rw.macros[key] {
		rw.fail(c.Fun.At, "unknown function %s: not a builtin, a graphical function or a defined macro", c.Fun.Name)
	}
	return c
}

// xmileIdent spells a name the way XMILE equations do: blanks as
// underscores, and in double quotes when it holds other characters than
// letters, digits, underscores and dots or is a keyword.
func xmileIdent(name string) string {
	if strings.HasPrefix(name, "\"") {
		return name
	}
	name = strings.ReplaceAll(name, `\n`, " ")
	s := strings.Join(strings.Fields(name), "_")
	if needsQuotes(s) {
		return "\"" + s + "\""
	}
	return s
}

func needsQuotes(s string) bool {
	if s == "" {
		return true
	}
	switch strings.ToLower(s) {
	case "and", "or", "not", "if", "then", "else", "mod":
		return true
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '.' || r == '$':
		case r >= '0' && r <= '9':
			if i == 0 {
				return true
			}
		case unicode.IsLetter(r):
		default:
			return true
		}
	}
	return false
}
