package loops

import (
	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// sign is the sign of a quantity in the symbolic analysis: zero (no
// dependence, or the value 0), positive, negative or unknown.
type sign int8

const (
	sZero sign = iota
	sPos
	sNeg
	sUnk
)

func (s sign) neg() sign {
	switch s {
	case sPos:
		return sNeg
	case sNeg:
		return sPos
	}
	return s
}

// add is the sign of a sum.
func (s sign) add(t sign) sign {
	switch {
	case s == sZero:
		return t
	case t == sZero:
		return s
	case s == t:
		return s
	}
	return sUnk
}

// mul is the sign of a product.
func (s sign) mul(t sign) sign {
	switch {
	case s == sZero || t == sZero:
		return sZero
	case s == sUnk || t == sUnk:
		return sUnk
	case s == t:
		return sPos
	}
	return sNeg
}

func numSign(v float64) sign {
	switch {
	case v > 0:
		return sPos
	case v < 0:
		return sNeg
	}
	return sZero
}

// analysis is the symbolic sign analysis of an equation with respect to one
// cause: for each subexpression, the sign of its value (variables taken as
// positive) and of its derivative with respect to the cause.
type analysis struct {
	m     *sdmodel.Model
	cause string // canonical
}

// increasing reports whether a builtin is increasing in its first argument
// (the rest being parameters such as delay times).
func increasing(key string) bool {
	switch key {
	case "exp", "ln", "log10", "sqrt", "arctan", "atan", "sinh", "tanh", "int", "integer", "round",
		"smth1", "smooth", "smth3", "smooth3", "smthn", "smooth_n", "smoothi", "smooth3i",
		"delay1", "delay1i", "delay3", "delay3i", "delayn", "delay_n", "delay", "delay_fixed",
		"forecast", "init", "initial":
		return true
	}
	return false
}

// positive reports whether a builtin's value is positive whatever its
// arguments.
func positive(key string) bool {
	switch key {
	case "exp", "abs", "sqrt":
		return true
	}
	return false
}

// eval returns the sign of the value and of the derivative of n.
func (a *analysis) eval(n expr.Node) (val, der sign) {
	switch x := n.(type) {
	case *expr.Number:
		return numSign(x.Value), sZero
	case *expr.Ident:
		if x.Canonical() == a.cause {
			return sPos, sPos
		}
		return sPos, sZero
	case *expr.Paren:
		return a.eval(x.X)
	case *expr.Unary:
		v, d := a.eval(x.X)
		switch x.Op {
		case expr.SUB:
			return v.neg(), d.neg()
		case expr.ADD:
			return v, d
		}
		if d != sZero {
			return sUnk, sUnk
		}
		return sUnk, sZero
	case *expr.Binary:
		vx, dx := a.eval(x.X)
		vy, dy := a.eval(x.Y)
		switch x.Op {
		case expr.ADD:
			return vx.add(vy), dx.add(dy)
		case expr.SUB:
			return vx.add(vy.neg()), dx.add(dy.neg())
		case expr.MUL:
			return vx.mul(vy), dx.mul(vy).add(vx.mul(dy))
		case expr.QUO:
			// d(x/y) = (dx·y - x·dy) / y²
			return vx.mul(vy), dx.mul(vy).add(vx.mul(dy).neg())
		case expr.POW:
			if dy != sZero {
				return sUnk, sUnk
			}
			c, ok := constant(x.Y)
			if !ok || vx != sPos {
				if dx == sZero {
					return sUnk, sZero
				}
				return sUnk, sUnk
			}
			// x^c with x > 0: derivative c·x^(c-1)·dx.
			return sPos, dx.mul(numSign(c))
		}
		if dx != sZero || dy != sZero {
			return sUnk, sUnk // comparisons, AND, OR, MOD: not monotone
		}
		return sUnk, sZero
	case *expr.If:
		_, dc := a.eval(x.Cond)
		vt, dt := a.eval(x.Then)
		ve, de := a.eval(x.Else)
		val := sUnk
		if vt == ve {
			val = vt
		}
		if dc != sZero {
			return val, sUnk
		}
		return val, dt.add(de)
	case *expr.Call:
		return a.call(x)
	}
	return sUnk, sUnk
}

func (a *analysis) call(x *expr.Call) (val, der sign) {
	name := x.Fun.Canonical()
	args := make([][2]sign, len(x.Args))
	anyDep := false
	for i, arg := range x.Args {
		if name == "lookup" && i == 0 {
			continue // the table's name
		}
		v, d := a.eval(arg)
		args[i] = [2]sign{v, d}
		anyDep = anyDep || d != sZero
	}
	restIndependent := func(from int) bool {
		for _, s := range args[from:] {
			if s[1] != sZero {
				return false
			}
		}
		return true
	}
	switch {
	case name == "min" || name == "max":
		val, der := args[0][0], sZero
		for _, s := range args {
			if s[0] != val {
				val = sUnk
			}
			der = der.add(s[1])
		}
		return val, der
	case name == "abs":
		return sPos, args[0][1].mul(args[0][0])
	case name == "if_then_else" && len(args) == 3:
		val := sUnk
		if args[1][0] == args[2][0] {
			val = args[1][0]
		}
		if args[0][1] != sZero {
			return val, sUnk
		}
		return val, args[1][1].add(args[2][1])
	case (name == "zidz" || name == "xidz" || name == "safediv") && len(args) >= 2:
		if len(args) == 3 && args[2][1] != sZero {
			return sUnk, sUnk
		}
		vx, dx, vy, dy := args[0][0], args[0][1], args[1][0], args[1][1]
		return vx.mul(vy), dx.mul(vy).add(vx.mul(dy).neg())
	case increasing(name) && len(args) >= 1:
		val := sUnk
		if positive(name) {
			val = sPos
		} else if name != "ln" && name != "log10" {
			val = args[0][0] // smoothing and delays keep the input's sign
		}
		if !restIndependent(1) {
			return val, sUnk
		}
		return val, args[0][1]
	case name == "lookup" && len(x.Args) == 2:
		if id, ok := x.Args[0].(*expr.Ident); ok {
			return a.table(id.Name, args[1][1])
		}
		return sUnk, sUnk
	}
	// A graphical function applied to an argument: name(x).
	if v := a.m.Var(x.Fun.Name); v != nil && v.Kind == sdmodel.Graphical && len(args) == 1 {
		return a.table(x.Fun.Name, args[0][1])
	}
	if anyDep {
		return sUnk, sUnk
	}
	return sUnk, sZero
}

// table is the sign of a graphical function applied to an argument whose
// derivative sign is d.
func (a *analysis) table(name string, d sign) (val, der sign) {
	v := a.m.Var(name)
	if v == nil || v.GF == nil {
		return sUnk, d.mul(sUnk)
	}
	val = sUnk
	allPos, allNeg := true, true
	for _, y := range v.GF.Y {
		allPos = allPos && y > 0
		allNeg = allNeg && y < 0
	}
	if allPos {
		val = sPos
	} else if allNeg {
		val = sNeg
	}
	return val, d.mul(polSign(gfSlope(v.GF)))
}

// gfSlope is the polarity of a table: + when y never decreases with x (and
// increases somewhere), - when it never increases, Unknown otherwise.
func gfSlope(gf *sdmodel.GF) Polarity {
	if gf == nil {
		return Unknown
	}
	up, down := false, false
	for i := 1; i < len(gf.Y) && i < len(gf.X); i++ {
		switch {
		case gf.Y[i] > gf.Y[i-1]:
			up = true
		case gf.Y[i] < gf.Y[i-1]:
			down = true
		}
	}
	switch {
	case up && !down:
		return Positive
	case down && !up:
		return Negative
	}
	return Unknown
}

func polSign(p Polarity) sign {
	switch p {
	case Positive:
		return sPos
	case Negative:
		return sNeg
	}
	return sUnk
}

func signPol(s sign) Polarity {
	switch s {
	case sPos:
		return Positive
	case sNeg:
		return Negative
	}
	return Unknown
}

func mulPol(a, b Polarity) Polarity { return a * b }

// linkPolarity is the polarity of the link from cause to the variable
// defined by n.
func linkPolarity(m *sdmodel.Model, n expr.Node, cause string) Polarity {
	a := &analysis{m: m, cause: expr.Canonical(cause)}
	_, d := a.eval(n)
	return signPol(d)
}

// constant is the value of a literal number, possibly signed or in parentheses.
func constant(n expr.Node) (float64, bool) {
	switch x := n.(type) {
	case *expr.Number:
		return x.Value, true
	case *expr.Paren:
		return constant(x.X)
	case *expr.Unary:
		v, ok := constant(x.X)
		switch {
		case !ok:
			return 0, false
		case x.Op == expr.SUB:
			return -v, true
		case x.Op == expr.ADD:
			return v, true
		}
	}
	return 0, false
}
