package expr

import (
	"strconv"
	"unsafe"
)

// unaryPrec sits between the multiplicative operators and ^.
const unaryPrec = 7

// Format prints a tree as equation text in XMILE syntax. Parentheses are
// printed where the tree has Paren nodes and where precedence requires them,
// so Parse(Format(n)) gives a tree that evaluates the same as n.
func Format(n Node) string {
	var b printer
	format(&b, n, 0)
	// b is not written again: the string shares its bytes, as
	// strings.Builder's does.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// AppendFormat appends Format(n) to dst and returns the extended slice, so
// that a caller formatting many equations can reuse one buffer.
func AppendFormat(dst []byte, n Node) []byte {
	b := printer(dst)
	format(&b, n, 0)
	return b
}

// printer is the buffer format writes to.
type printer []byte

func (b *printer) put(s string)   { *b = append(*b, s...) }
func (b *printer) putByte(c byte) { *b = append(*b, c) }

func format(b *printer, n Node, outer int) {
	switch x := n.(type) {
	case *Number:
		if x.Lit != "" {
			b.put(x.Lit)
		} else {
			*b = strconv.AppendFloat(*b, x.Value, 'g', -1, 64)
		}
	case *Ident:
		b.put(x.Name)
	case *Paren:
		b.putByte('(')
		format(b, x.X, 0)
		b.putByte(')')
	case *Unary:
		// A signed operand of ^ needs parentheses ((-2)^2 is not -2^2), and so
		// does NOT inside a comparison or arithmetic, since NOT a = b is NOT (a = b).
		wrap := outer > unaryPrec || (x.Op == NOT && outer >= EQL.Precedence())
		if wrap {
			b.putByte('(')
		}
		if x.Op == NOT {
			b.put("NOT ")
			format(b, x.X, EQL.Precedence())
		} else {
			b.put(x.Op.String())
			format(b, x.X, unaryPrec)
		}
		if wrap {
			b.putByte(')')
		}
	case *Binary:
		prec := x.Op.Precedence()
		if prec < outer {
			b.putByte('(')
		}
		lp, rp := prec, prec+1
		if x.Op == POW {
			lp, rp = unaryPrec+2, unaryPrec // a signed exponent needs no parentheses: 2 ^ -1
		}
		format(b, x.X, lp)
		b.putByte(' ')
		b.put(x.Op.String())
		b.putByte(' ')
		format(b, x.Y, rp)
		if prec < outer {
			b.putByte(')')
		}
	case *Index:
		b.put(x.X.Name)
		formatSubs(b, x.Subs)
	case *Star:
		b.putByte('*')
	case *Bang:
		b.put(x.Dim.Name)
		b.putByte('!')
	case *Call:
		b.put(x.Fun.Name)
		if x.Subs != nil {
			formatSubs(b, x.Subs)
		}
		b.putByte('(')
		for i, a := range x.Args {
			if i > 0 {
				b.put(", ")
			}
			format(b, a, 0)
		}
		b.putByte(')')
	case *If:
		if outer > 0 {
			b.putByte('(')
		}
		b.put("IF ")
		format(b, x.Cond, 0)
		b.put(" THEN ")
		format(b, x.Then, 0)
		b.put(" ELSE ")
		format(b, x.Else, 0)
		if outer > 0 {
			b.putByte(')')
		}
	}
}

func formatSubs(b *printer, subs []Node) {
	b.putByte('[')
	for i, s := range subs {
		if i > 0 {
			b.put(", ")
		}
		format(b, s, 0)
	}
	b.putByte(']')
}
