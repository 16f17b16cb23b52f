package xmile

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// The tables below are switches or a sorted literal rather than maps: a map
// literal is built by code at every start of a program that links the
// reader, while a literal of strings is laid out as data by the linker.

// engineFuncs are the builtin functions of the engine, by canonical name
// (see sdmodel's builtins, and the reductions over arrays that sdmodel
// writes out when it flattens arrays), so that a call to anything else is
// reported with its line in the file. Sorted, for isEngineFunc.
var engineFuncs = []string{
	"abs", "acos", "allocate_available", "allocate_by_priority", "arccos", "arcsin", "arctan",
	"asin", "atan", "available_allocation", "beta", "binomial", "cos", "cosh", "delay", "delay1",
	"delay1i", "delay3", "delay3i", "delay_fixed", "delay_n", "delayn", "depreciate_straightline",
	"dt", "elmcount", "exp", "exprnd", "forecast", "gamma", "gamma_ln", "if_then_else", "init",
	"initial", "int", "integer", "ln", "log", "log10", "lognormal", "lookup", "max", "mean", "min",
	"mod", "modulo", "negbinomial", "normal", "npv", "npve", "pi", "poisson", "power", "previous",
	"priority_allocation", "prod", "product", "pulse", "pulse_train", "ramp", "random",
	"random_beta", "random_binomial", "random_exponential", "random_gamma", "random_lognormal",
	"random_lookup", "random_negative_binomial", "random_normal", "random_pink_noise",
	"random_poisson", "random_triangular", "random_uniform", "random_weibull", "round", "safediv",
	"sin", "sinh", "size", "smooth", "smooth3", "smooth3i", "smooth_n", "smoothi", "smth1", "smth3",
	"smthn", "sqrt", "starttime", "stddev", "step", "stoptime", "sum", "tan", "tanh", "time",
	"trend", "triangular", "uniform", "vector_elm_map", "vector_rank", "vector_reorder",
	"vector_select", "vector_sort_order", "vmax", "vmin", "weibull", "xidz", "zidz",
}

// isEngineFunc reports whether a canonical name is in engineFuncs.
func isEngineFunc(key string) bool {
	_, ok := slices.BinarySearch(engineFuncs, key)
	return ok
}

// zeroArgConstant returns, for a builtin that some tools write as a call
// with no arguments, PI() or TIME(), the name the engine reads.
func zeroArgConstant(key string) (string, bool) {
	switch key {
	case "pi":
		return "PI", true
	case "time":
		return "TIME", true
	case "dt":
		return "DT", true
	case "starttime":
		return "STARTTIME", true
	case "stoptime":
		return "STOPTIME", true
	}
	return "", false
}

// readRename returns, for a vendor spelling (canonical), the engine's
// builtin, with an argument order: args[i] of the result is
// args[order[i]] of the call. Vensim puts the order of SMOOTH N and DELAY
// N last (SMOOTH N(input, time, initial, order)); XMILE's SMTHN and DELAYN
// put it third.
func readRename(key string) (name string, order []int, ok bool) {
	switch key {
	case "smooth_n":
		return "SMTHN", []int{0, 1, 3, 2}, true
	case "delay_n":
		return "DELAYN", []int{0, 1, 3, 2}, true
	}
	return "", nil, false
}

// writeRename returns, for an engine-only spelling, the XMILE 1.0 builtin,
// so that other XMILE tools read what we write.
func writeRename(key string) (string, bool) {
	switch key {
	case "smooth":
		return "SMTH1", true
	case "smooth3":
		return "SMTH3", true
	case "initial":
		return "INIT", true
	case "delay_fixed":
		return "DELAY", true
	}
	return "", false
}

// rewriter rewrites the names in an equation's tree: references to the
// variables of a module instance get the instance's prefix, vendor builtins
// get the engine's spelling, and calls to unknown functions are reported.
type rewriter struct {
	rename  func(canonical string) (string, bool) // variable renames; nil for none
	isVar   func(canonical string) bool           // whether a name is a variable (callable graphical function)
	macros  map[string]bool                       // canonical names of the file's macros
	toXMILE bool                                  // writer: engine spellings to XMILE ones
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
	if name, ok := zeroArgConstant(key); ok && len(c.Args) == 0 {
		rw.changed = true
		return &expr.Ident{At: c.Fun.At, Name: name}
	}
	if rw.toXMILE {
		if name, ok := writeRename(key); ok {
			c.Fun.Name = name
			rw.changed = true
		}
		if (key == "mod" || key == "modulo") && len(c.Args) == 2 {
			rw.changed = true
			return &expr.Paren{At: c.Fun.At, X: &expr.Binary{OpPos: c.Fun.At, Op: expr.MOD, X: c.Args[0], Y: c.Args[1]}}
		}
		return c
	}
	if name, order, ok := readRename(key); ok {
		if order != nil {
			if len(c.Args) != len(order) {
				rw.fail(c.Fun.At, "%s takes %d arguments, found %d", strings.ToUpper(c.Fun.Name), len(order), len(c.Args))
				return c
			}
			args := make([]expr.Node, len(c.Args))
			for i, j := range order {
				args[i] = c.Args[j]
			}
			c.Args = args
		}
		c.Fun.Name = name
		rw.changed = true
		return c
	}
	if !isEngineFunc(key) && !rw.macros[key] {
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
