package expr

import (
	"strconv"
	"strings"
)

// unaryPrec sits between the multiplicative operators and ^.
const unaryPrec = 7

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
		// A signed operand of ^ needs parentheses ((-2)^2 is not -2^2), and so
		// does NOT inside a comparison or arithmetic, since NOT a = b is NOT (a = b).
		wrap := outer > unaryPrec || (x.Op == NOT && outer >= EQL.Precedence())
		if wrap {
			b.WriteByte('(')
		}
		if x.Op == NOT {
			b.WriteString("NOT ")
			format(b, x.X, EQL.Precedence())
		} else {
			b.WriteString(x.Op.String())
			format(b, x.X, unaryPrec)
		}
		if wrap {
			b.WriteByte(')')
		}
	case *Binary:
		prec := x.Op.Precedence()
		if prec < outer {
			b.WriteByte('(')
		}
		lp, rp := prec, prec+1
		if x.Op == POW {
			lp, rp = unaryPrec+2, unaryPrec // a signed exponent needs no parentheses: 2 ^ -1
		}
		format(b, x.X, lp)
		b.WriteByte(' ')
		b.WriteString(x.Op.String())
		b.WriteByte(' ')
		format(b, x.Y, rp)
		if prec < outer {
			b.WriteByte(')')
		}
	case *Index:
		b.WriteString(x.X.Name)
		formatSubs(b, x.Subs)
	case *Star:
		b.WriteByte('*')
	case *Bang:
		b.WriteString(x.Dim.Name)
		b.WriteByte('!')
	case *Call:
		b.WriteString(x.Fun.Name)
		if x.Subs != nil {
			formatSubs(b, x.Subs)
		}
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

func formatSubs(b *strings.Builder, subs []Node) {
	b.WriteByte('[')
	for i, s := range subs {
		if i > 0 {
			b.WriteString(", ")
		}
		format(b, s, 0)
	}
	b.WriteByte(']')
}
