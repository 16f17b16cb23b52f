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
	var p parser
	p.init(src)
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

// parser parses one equation. It counts the tokens of each kind first:
// the counts bound the nodes of each kind, which then come from one slab
// per kind rather than one allocation per node.
type parser struct {
	src   string
	sc    Scanner
	tok   Token
	pos   Pos
	lit   string
	depth int
	count [keywordEnd]int // tokens of each kind
	slabs slabs
}

// slabs hold the nodes of one tree.
type slabs struct {
	numbers  []Number
	idents   []Ident
	unaries  []Unary
	binaries []Binary
	parens   []Paren
	calls    []Call
	ifs      []If
	lists    []Node // Call.Args, Call.Subs and Index.Subs
}

func (p *parser) init(src string) {
	p.src = src
	p.sc = Scanner{src: src}
	counter := Scanner{src: src}
	for {
		at := counter.off
		tok, _, _, err := counter.Scan()
		if err != nil || tok == EOF || counter.off == at {
			return // the parser stops there too (a digit outside ASCII scans as an empty number)
		}
		if tok >= 0 && tok < keywordEnd {
			p.count[tok]++
		}
	}
}

// ParseNumber is Parse for an equation that is one unsigned number, as
// half the equations of a large model are: it sets n to the Number node
// Parse returns, from the scanner alone, without the parser or an
// allocation. Any other text gives false (and Parse the answer).
func ParseNumber(src string, n *Number) bool {
	s := Scanner{src: src}
	tok, pos, lit, err := s.Scan()
	if err != nil || tok != NUMBER {
		return false
	}
	if tok, _, _, err := s.Scan(); err != nil || tok != EOF {
		return false
	}
	v, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return false
	}
	*n = Number{At: pos, Value: v, Lit: lit}
	return true
}

func (p *parser) next() error {
	tok, pos, lit, err := p.sc.Scan()
	p.tok, p.pos, p.lit = tok, pos, lit
	return err
}

// grab returns room for one more element of a slab, making the slab at
// the first call with room for n.
func grab[T any](slab *[]T, n int) *T {
	if len(*slab) == cap(*slab) {
		*slab = make([]T, 0, max(n, 1))
	}
	*slab = (*slab)[:len(*slab)+1]
	return &(*slab)[len(*slab)-1]
}

// Upper bounds of the nodes of each kind, from the tokens that make them.
func (p *parser) maxIdents() int { return p.count[IDENT] + p.count[MOD] + p.count[IF] }
func (p *parser) maxOps() int {
	n := 0
	for _, t := range [...]Token{ADD, SUB, MUL, QUO, POW, EQL, NEQ, LSS, LEQ, GTR, GEQ, AND, OR, MOD} {
		n += p.count[t]
	}
	return n
}

func (p *parser) newNumber(x Number) *Number {
	n := grab(&p.slabs.numbers, p.count[NUMBER])
	*n = x
	return n
}

func (p *parser) newIdent(x Ident) *Ident {
	n := grab(&p.slabs.idents, p.maxIdents())
	*n = x
	return n
}

func (p *parser) newUnary(x Unary) *Unary {
	n := grab(&p.slabs.unaries, p.count[ADD]+p.count[SUB]+p.count[NOT])
	*n = x
	return n
}

func (p *parser) newBinary(x Binary) *Binary {
	n := grab(&p.slabs.binaries, p.maxOps())
	*n = x
	return n
}

func (p *parser) newParen(x Paren) *Paren {
	n := grab(&p.slabs.parens, p.count[LPAREN]+p.count[NOT])
	*n = x
	return n
}

func (p *parser) newCall(x Call) *Call {
	n := grab(&p.slabs.calls, p.count[LPAREN])
	*n = x
	return n
}

func (p *parser) newIf(x If) *If {
	n := grab(&p.slabs.ifs, p.count[IF])
	*n = x
	return n
}

// list copies the arguments or subscripts of one call or index into the
// slab of lists.
func (p *parser) list(items []Node) []Node {
	if len(items) == 0 {
		return nil
	}
	if cap(p.slabs.lists)-len(p.slabs.lists) < len(items) {
		p.slabs.lists = make([]Node, 0, max(p.count[COMMA]+p.count[LPAREN]+p.count[LBRACK], len(items)))
	}
	a := len(p.slabs.lists)
	p.slabs.lists = append(p.slabs.lists, items...)
	return p.slabs.lists[a:len(p.slabs.lists):len(p.slabs.lists)]
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
	n, err := p.binary(prec1)
	p.depth--
	return n, err
}

func (p *parser) binary(prec1 int) (Node, error) {
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
		x = p.newBinary(Binary{OpPos: opPos, Op: op, X: x, Y: y})
	}
}

// unary parses prefix operators. ^ binds tighter than unary minus, so
// -2^2 = -(2^2) = -4, as in Vensim and the XMILE test suite's reference
// outputs. NOT binds loosest of the prefix forms: NOT a = b is NOT (a = b).
func (p *parser) unary() (Node, error) {
	p.depth++
	n, err := p.prefix()
	p.depth--
	return n, err
}

func (p *parser) prefix() (Node, error) {
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
		return p.newUnary(Unary{At: pos, Op: op, X: x}), nil
	case NOT:
		pos := p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.expr(EQL.Precedence())
		if err != nil {
			return nil, err
		}
		return p.newUnary(Unary{At: pos, Op: NOT, X: x}), nil
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
	return p.newBinary(Binary{OpPos: opPos, Op: POW, X: x, Y: y}), nil
}

func (p *parser) primary() (Node, error) {
	switch p.tok {
	case NUMBER:
		v, err := strconv.ParseFloat(p.lit, 64)
		if err != nil {
			return nil, p.errorf(p.pos, "bad number %q", p.lit)
		}
		n := p.newNumber(Number{At: p.pos, Value: v, Lit: p.lit})
		return n, p.next()
	case IDENT:
		id := p.newIdent(Ident{At: p.pos, Name: p.lit})
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
		id := p.newIdent(Ident{At: p.pos, Name: p.lit})
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
		return p.newParen(Paren{At: pos, X: x}), nil
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
	var room [4]Node // on the stack: most arrays have few dimensions
	subs := room[:0]
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
		if p.tok != RBRACK {
			_, err := p.expect(RBRACK, fmt.Sprintf("or \",\" in the subscripts of %s", id.Name))
			return nil, err
		}
		return p.list(subs), p.next()
	}
}

func (p *parser) call(fun *Ident) (Node, error) {
	if err := p.next(); err != nil { // (
		return nil, err
	}
	c := p.newCall(Call{Fun: fun})
	if p.tok == RPAREN {
		return c, p.next()
	}
	var room [4]Node // on the stack: most calls have few arguments
	args := room[:0]
	for {
		a, err := p.expr(1)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.tok == COMMA {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		if p.tok != RPAREN {
			_, err := p.expect(RPAREN, fmt.Sprintf("or \",\" in the arguments of %s", strings.ToUpper(fun.Name)))
			return nil, err
		}
		c.Args = p.list(args)
		return c, p.next()
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
		n, err := p.call(p.newIdent(Ident{At: pos, Name: "IF THEN ELSE"}))
		if err != nil {
			return nil, err
		}
		c := n.(*Call)
		if len(c.Args) != 3 {
			return nil, p.errorf(pos, "IF THEN ELSE takes 3 arguments (condition, then, else), found %d", len(c.Args))
		}
		return p.newIf(If{At: pos, Cond: c.Args[0], Then: c.Args[1], Else: c.Args[2]}), nil
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
		cond = p.newUnary(Unary{At: cond.Pos(), Op: NOT, X: p.newParen(Paren{At: cond.Pos(), X: cond})})
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
	return p.newIf(If{At: pos, Cond: cond, Then: then, Else: els}), nil
}
