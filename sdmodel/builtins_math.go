package sdmodel

import "github.com/sdlessons/trafficking/sdmodel/expr"

// Math builtins: functions of their arguments alone.
func mathBuiltins() []*builtin {
	return []*builtin{
		unaryMath("ABS", opAbs), unaryMath("EXP", opExp), unaryMath("LN", opLn), unaryMath("LOG10", opLog10),
		unaryMath("SQRT", opSqrt), unaryMath("SIN", opSin), unaryMath("COS", opCos), unaryMath("TAN", opTan),
		unaryMath("ARCSIN", opAsin, "arcsin", "asin"), unaryMath("ARCCOS", opAcos, "arccos", "acos"),
		unaryMath("ARCTAN", opAtan, "arctan", "atan"), unaryMath("SINH", opSinh), unaryMath("COSH", opCosh),
		unaryMath("TANH", opTanh), unaryMath("GAMMA_LN", opLgamma, "gamma_ln"), unaryMath("INT", opInt, "int", "integer"), unaryMath("ROUND", opRound),
		{name: "LOG", aliases: []string{"log"}, min: 1, max: 2, signature: "LOG(x[, base])",
			emit: func(g *gen, a []expr.Node, dst int32) {
				if len(a) == 1 {
					g.emit(instr{op: opLog10, dst: dst, a: g.expr(a[0])})
					return
				}
				g.emit(instr{op: opLog, dst: dst, a: g.expr(a[0]), b: g.expr(a[1])})
			}},
		binaryMath(fixed("MOD", 2, "MOD(a, b)", "mod", "modulo"), opMod),
		binaryMath(fixed("POWER", 2, "POWER(a, b)"), opPow),
		minMax(args("MIN", 1, -1, "MIN(a, b, ...)"), opMin),
		minMax(args("MAX", 1, -1, "MAX(a, b, ...)"), opMax),
		safeDiv(args("SAFEDIV", 2, 3, "SAFEDIV(a, b[, value if b = 0])")),
		safeDiv(fixed("XIDZ", 3, "XIDZ(a, b, value if b = 0)")),
		safeDiv(fixed("ZIDZ", 2, "ZIDZ(a, b)")),
	}
}

// unaryMath is a one-argument function done by one instruction.
func unaryMath(name string, op opcode, aliases ...string) *builtin {
	b := fixed(name, 1, name+"(x)", aliases...)
	b.emit = func(g *gen, a []expr.Node, dst int32) { g.emit(instr{op: op, dst: dst, a: g.expr(a[0])}) }
	return b
}

func binaryMath(b *builtin, op opcode) *builtin {
	b.emit = func(g *gen, a []expr.Node, dst int32) {
		g.emit(instr{op: op, dst: dst, a: g.expr(a[0]), b: g.expr(a[1])})
	}
	return b
}

// minMax folds any number of arguments pairwise.
func minMax(b *builtin, op opcode) *builtin {
	b.emit = func(g *gen, a []expr.Node, dst int32) {
		acc := g.expr(a[0])
		if len(a) == 1 {
			g.emit(instr{op: opMove, dst: dst, a: acc})
			return
		}
		for i := 1; i < len(a); i++ {
			next := g.expr(a[i])
			if i == len(a)-1 {
				g.emit(instr{op: op, dst: dst, a: acc, b: next})
			} else {
				t := g.newTemp()
				g.emit(instr{op: op, dst: t, a: acc, b: next})
				acc = t
			}
		}
	}
	return b
}

// safeDiv is a / b, or the third argument (0 when absent) where b = 0.
func safeDiv(b *builtin) *builtin {
	b.emit = func(g *gen, a []expr.Node, dst int32) {
		c := g.literal(0)
		if len(a) == 3 {
			c = g.expr(a[2])
		}
		g.emit(instr{op: opSafeDiv, dst: dst, a: g.expr(a[0]), b: g.expr(a[1]), c: c})
	}
	return b
}
