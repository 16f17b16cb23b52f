package sdmodel

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Common subexpressions: a computation written in many equations (such as
// SIN(2 * PI * TIME / 12) in every chain of a model) is done once per
// evaluation pass and reused. Only subexpressions evaluated unconditionally
// qualify: one inside an IF branch may not run before a later use.

// exprKey is a canonical text of n: equal keys compute equal values.
func exprKey(n expr.Node) string {
	var b strings.Builder
	writeKey(&b, n)
	return b.String()
}

func writeKey(b *strings.Builder, n expr.Node) {
	switch x := n.(type) {
	case *expr.Number:
		b.WriteString(strconv.FormatFloat(x.Value, 'g', -1, 64))
	case *expr.Ident:
		b.WriteByte('$')
		b.WriteString(x.Canonical())
	case *expr.Paren:
		writeKey(b, x.X)
	case *expr.Unary:
		b.WriteString(x.Op.String())
		b.WriteByte('(')
		writeKey(b, x.X)
		b.WriteByte(')')
	case *expr.Binary:
		b.WriteByte('(')
		writeKey(b, x.X)
		b.WriteString(x.Op.String())
		writeKey(b, x.Y)
		b.WriteByte(')')
	case *expr.Call:
		b.WriteString(x.Fun.Canonical())
		b.WriteByte('(')
		for i, a := range x.Args {
			if i > 0 {
				b.WriteByte(',')
			}
			writeKey(b, a)
		}
		b.WriteByte(')')
	case *expr.If:
		b.WriteString("if(")
		writeKey(b, x.Cond)
		b.WriteByte(',')
		writeKey(b, x.Then)
		b.WriteByte(',')
		writeKey(b, x.Else)
		b.WriteByte(')')
	}
}

// cseCandidates counts the unconditionally evaluated, non-trivial, pure
// subexpressions of the given equations and returns those seen at least twice.
func (g *gen) cseCandidates(eqs []expr.Node) map[string]bool {
	count := map[string]int{}
	var walk func(n expr.Node)
	walk = func(n expr.Node) {
		if _, ok := constFold(n); ok {
			return
		}
		switch x := n.(type) {
		case *expr.Number, *expr.Ident:
			return
		case *expr.Paren:
			walk(x.X)
			return
		case *expr.If:
			walk(x.Cond) // branches are conditional
			return
		case *expr.Call:
			key := x.Fun.Canonical()
			if i, ok := g.c.index[key]; ok && g.c.vars[i].kind == Graphical {
				walk(x.Args[0])
				break
			}
			fn := builtins[key]
			if fn == nil {
				return // TIME() and friends
			}
			if fn.name == "IF THEN ELSE" {
				walk(x.Args[0]) // branches are conditional
				return
			}
			if fn.random {
				return // each call site draws its own numbers
			}
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.Unary:
			walk(x.X)
		case *expr.Binary:
			walk(x.X)
			walk(x.Y)
		}
		count[exprKey(n)]++
	}
	for _, e := range eqs {
		walk(e)
	}
	out := map[string]bool{}
	for k, n := range count {
		if n >= 2 {
			out[k] = true
		}
	}
	return out
}
