package expr

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxDepth is the deepest nesting an equation may have, so that hostile
// input cannot exhaust the stack of the parser or of the tools that walk
// its trees. Each operation, call, IF and number or name is one level (a
// chain a + b + c + ... is one level per term); a parenthesis is a level
// only directly inside another parenthesis, so Format, which adds
// parentheses only around operations, prints any tree Parse returns as text
// that parses again.
const MaxDepth = 10000

// maxFrames bounds the parser's recursion: at most two frames per level of
// the tree and two for each parenthesis directly around an operation.
const maxFrames = 4*MaxDepth + 64

func (p *parser) tooDeep(pos Pos) error {
	return p.errorf(pos, "equation nested too deeply (more than %d levels): split it into intermediate variables", MaxDepth)
}

// Parse parses one equation. On a syntax error it returns an *Error with the
// position of the offending token.
func Parse(src string) (Node, error) {
	p := &parser{src: src, sc: NewScanner(src)}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok == EOF {
		return nil, p.errorf(p.pos, "empty equation")
	}
	n, err := p.expr(1)
	if err != nil {
		return nil, err
	}
	if p.tok != EOF {
		return nil, p.errorf(p.pos, "unexpected %s after the end of the expression", p.describe())
	}
	if pos, ok := depthAtMost(n, MaxDepth); !ok {
		return nil, p.tooDeep(pos)
	}
	return n, nil
}

// depthAtMost reports whether the tree's nesting (as MaxDepth counts it) is
// at most limit, and otherwise the position of a node beyond it. It walks
// without recursion, since a long chain a + b + c + ... is as deep as it is
// long.
func depthAtMost(root Node, limit int) (Pos, bool) {
	type item struct {
		n       Node
		inParen bool
		depth   int
	}
	// Room for a usual equation's tree on the goroutine stack, not the heap.
	stack := append(make([]item, 0, 32), item{n: root})
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := it.depth
		if _, isParen := it.n.(*Paren); !isParen || it.inParen {
			d++
		}
		if d > limit {
			return nodeAt(it.n), false
		}
		switch x := it.n.(type) {
		case *Unary:
			stack = append(stack, item{x.X, false, d})
		case *Binary:
			stack = append(stack, item{x.X, false, d}, item{x.Y, false, d})
		case *Call:
			for _, a := range x.Args {
				stack = append(stack, item{a, false, d})
			}
		case *If:
			stack = append(stack, item{x.Cond, false, d}, item{x.Then, false, d}, item{x.Else, false, d})
		case *Paren:
			stack = append(stack, item{x.X, true, d})
		}
	}
	return 0, true
}

// nodeAt is a node's position without Binary.Pos's walk down a long chain.
func nodeAt(n Node) Pos {
	if b, ok := n.(*Binary); ok {
		return b.OpPos
	}
	return n.Pos()
}

type parser struct {
	src   string
	sc    *Scanner
	tok   Token
	pos   Pos
	lit   string
	depth int
}

func (p *parser) next() error {
	tok, pos, lit, err := p.sc.Scan()
	p.tok, p.pos, p.lit = tok, pos, lit
	return err
}

func (p *parser) errorf(pos Pos, format string, args ...any) error {
	return &Error{PositionOf(p.src, pos), fmt.Sprintf(format, args...)}
}

func (p *parser) describe() string {
	switch p.tok {
	case EOF:
		return "end of equation"
	case IDENT, NUMBER:
		return fmt.Sprintf("%s %q", p.tok, p.lit)
	}
	return fmt.Sprintf("%q", p.tok.String())
}

func (p *parser) expect(t Token, context string) (Pos, error) {
	if p.tok != t {
		return p.pos, p.errorf(p.pos, "expected %q %s, found %s", t.String(), context, p.describe())
	}
	pos := p.pos
	return pos, p.next()
}

// expr parses a binary expression whose operators bind at least as tightly
// as prec1. Exponentiation is handled by power, below the prefix operators.
func (p *parser) expr(prec1 int) (Node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxFrames {
		return nil, p.tooDeep(p.pos)
	}
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		prec := p.tok.Precedence()
		if prec < prec1 || p.tok == POW {
			return x, nil
		}
		op, opPos := p.tok, p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		y, err := p.expr(prec + 1)
		if err != nil {
			return nil, err
		}
		x = &Binary{OpPos: opPos, Op: op, X: x, Y: y}
	}
}

// unary parses prefix operators. ^ binds tighter than unary minus, so
// -2^2 = -(2^2) = -4, as in Vensim and the XMILE test suite's reference
// outputs. NOT binds loosest of the prefix forms: NOT a = b is NOT (a = b).
func (p *parser) unary() (Node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxFrames {
		return nil, p.tooDeep(p.pos)
	}
	switch p.tok {
	case ADD, SUB:
		op, pos := p.tok, p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Unary{At: pos, Op: op, X: x}, nil
	case NOT:
		pos := p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.expr(EQL.Precedence())
		if err != nil {
			return nil, err
		}
		return &Unary{At: pos, Op: NOT, X: x}, nil
	}
	return p.power()
}

// power parses a ^ b; it is right-associative (2^3^2 = 2^9) and its exponent
// may carry a sign (2^-1).
func (p *parser) power() (Node, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	if p.tok != POW {
		return x, nil
	}
	opPos := p.pos
	if err := p.next(); err != nil {
		return nil, err
	}
	y, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &Binary{OpPos: opPos, Op: POW, X: x, Y: y}, nil
}

func (p *parser) primary() (Node, error) {
	switch p.tok {
	case NUMBER:
		v, err := strconv.ParseFloat(p.lit, 64)
		if err != nil {
			return nil, p.errorf(p.pos, "bad number %q", p.lit)
		}
		n := &Number{At: p.pos, Value: v, Lit: p.lit}
		return n, p.next()
	case IDENT:
		id := &Ident{At: p.pos, Name: p.lit}
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok == LBRACK {
			subs, err := p.subscripts(id)
			if err != nil {
				return nil, err
			}
			if p.tok == LPAREN { // an arrayed graphical function applied: f[a](x)
				n, err := p.call(id)
				if err != nil {
					return nil, err
				}
				n.(*Call).Subs = subs
				return n, nil
			}
			return &Index{X: id, Subs: subs}, nil
		}
		if p.tok == LPAREN {
			return p.call(id)
		}
		return id, nil
	case MOD:
		// MOD(a, b) written as a function.
		id := &Ident{At: p.pos, Name: p.lit}
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok != LPAREN {
			return nil, p.errorf(id.At, "MOD needs two operands: a MOD b or MOD(a, b)")
		}
		return p.call(id)
	case LPAREN:
		pos := p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.expr(1)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(RPAREN, "to close the parenthesis"); err != nil {
			return nil, err
		}
		return &Paren{At: pos, X: x}, nil
	case IF:
		return p.ifExpr()
	}
	if p.tok == EOF {
		return nil, p.errorf(p.pos, "equation ends where an operand was expected")
	}
	return nil, p.errorf(p.pos, "unexpected %s where an operand was expected", p.describe())
}

// subscripts parses [s1, s2, ...] after an array's name. A subscript is *,
// a dimension marked dim!, or an expression (an element or dimension name,
// a 1-based position).
func (p *parser) subscripts(id *Ident) ([]Node, error) {
	if err := p.next(); err != nil { // [
		return nil, err
	}
	var subs []Node
	for {
		var s Node
		if p.tok == MUL {
			s = &Star{At: p.pos}
			if err := p.next(); err != nil {
				return nil, err
			}
		} else {
			x, err := p.expr(1)
			if err != nil {
				return nil, err
			}
			s = x
			if p.tok == NOT {
				dim, ok := x.(*Ident)
				if !ok {
					return nil, p.errorf(p.pos, "only a dimension name can be marked with !")
				}
				s = &Bang{Dim: dim}
				if err := p.next(); err != nil {
					return nil, err
				}
			}
		}
		subs = append(subs, s)
		if p.tok == COMMA {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := p.expect(RBRACK, fmt.Sprintf("or \",\" in the subscripts of %s", id.Name)); err != nil {
			return nil, err
		}
		return subs, nil
	}
}

func (p *parser) call(fun *Ident) (Node, error) {
	if err := p.next(); err != nil { // (
		return nil, err
	}
	c := &Call{Fun: fun}
	if p.tok == RPAREN {
		return c, p.next()
	}
	for {
		a, err := p.expr(1)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, a)
		if p.tok == COMMA {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := p.expect(RPAREN, fmt.Sprintf("or \",\" in the arguments of %s", strings.ToUpper(fun.Name))); err != nil {
			return nil, err
		}
		return c, nil
	}
}

func (p *parser) ifExpr() (Node, error) {
	pos := p.pos
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok == THEN { // Vensim: IF THEN ELSE(c, a, b)
		if err := p.next(); err != nil {
			return nil, err
		}
		if _, err := p.expect(ELSE, "in IF THEN ELSE(condition, then, else)"); err != nil {
			return nil, err
		}
		if p.tok != LPAREN {
			return nil, p.errorf(p.pos, "expected \"(\" after IF THEN ELSE, found %s", p.describe())
		}
		n, err := p.call(&Ident{At: pos, Name: "IF THEN ELSE"})
		if err != nil {
			return nil, err
		}
		c := n.(*Call)
		if len(c.Args) != 3 {
			return nil, p.errorf(pos, "IF THEN ELSE takes 3 arguments (condition, then, else), found %d", len(c.Args))
		}
		return &If{At: pos, Cond: c.Args[0], Then: c.Args[1], Else: c.Args[2]}, nil
	}
	cond, err := p.expr(1)
	if err != nil {
		return nil, err
	}
	if p.tok == NOT {
		// "IF x NOT THEN": files converted from Vensim's :NOT: x to Stella
		// put the NOT after the condition; it negates the condition.
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok != THEN {
			return nil, p.errorf(p.pos, "expected \"THEN\" after the IF condition, found %s", p.describe())
		}
		cond = &Unary{At: cond.Pos(), Op: NOT, X: &Paren{At: cond.Pos(), X: cond}}
	}
	if _, err := p.expect(THEN, "after the IF condition"); err != nil {
		return nil, err
	}
	then, err := p.expr(1)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(ELSE, "after IF ... THEN ..."); err != nil {
		return nil, err
	}
	els, err := p.expr(1)
	if err != nil {
		return nil, err
	}
	return &If{At: pos, Cond: cond, Then: then, Else: els}, nil
}
