package expr

import (
	"strconv"
	"strings"
)

// Format prints a tree as equation text in XMILE syntax. Parentheses are
// printed where the tree has Paren nodes and where precedence requires them,
// so Parse(Format(n)) gives a tree that evaluates the same as n.
func Format(n Node) string {
	var b strings.Builder
	format(&b, n, 0)
	return b.String()
}

func format(b *strings.Builder, n Node, outer int) {
	switch x := n.(type) {
	case *Number:
		if x.Lit != "" {
			b.WriteString(x.Lit)
		} else {
			b.WriteString(strconv.FormatFloat(x.Value, 'g', -1, 64))
		}
	case *Ident:
		b.WriteString(x.Name)
	case *Paren:
		b.WriteByte('(')
		format(b, x.X, 0)
		b.WriteByte(')')
	case *Unary:
		if x.Op == NOT {
			b.WriteString("NOT ")
			format(b, x.X, EQL.Precedence())
			return
		}
		b.WriteString(x.Op.String())
		format(b, x.X, 8)
	case *Binary:
		prec := x.Op.Precedence()
		if prec < outer {
			b.WriteByte('(')
		}
		lp, rp := prec, prec+1
		if x.Op == POW {
			lp, rp = prec+1, prec
		}
		format(b, x.X, lp)
		b.WriteByte(' ')
		b.WriteString(x.Op.String())
		b.WriteByte(' ')
		format(b, x.Y, rp)
		if prec < outer {
			b.WriteByte(')')
		}
	case *Call:
		b.WriteString(x.Fun.Name)
		b.WriteByte('(')
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			format(b, a, 0)
		}
		b.WriteByte(')')
	case *If:
		if outer > 0 {
			b.WriteByte('(')
		}
		b.WriteString("IF ")
		format(b, x.Cond, 0)
		b.WriteString(" THEN ")
		format(b, x.Then, 0)
		b.WriteString(" ELSE ")
		format(b, x.Else, 0)
		if outer > 0 {
			b.WriteByte(')')
		}
	}
}
