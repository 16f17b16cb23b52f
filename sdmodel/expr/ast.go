package expr

// Node is a node of an equation's syntax tree.
type Node interface {
	// Pos is the position of the node's first character.
	Pos() Pos
	node()
}

// Number is a numeric literal.
type Number struct {
	At    Pos
	Value float64
	Lit   string // as written
}

// Ident is a reference to a variable (or, as Call.Fun, a function name).
type Ident struct {
	At   Pos
	Name string // as written, quotes included
}

// Canonical returns the name's canonical form (see Canonical).
func (x *Ident) Canonical() string { return Canonical(x.Name) }

// Unary is a prefix operation: -x, +x, NOT x.
type Unary struct {
	At Pos
	Op Token // ADD, SUB or NOT
	X  Node
}

// Binary is an infix operation.
type Binary struct {
	OpPos Pos
	Op    Token
	X, Y  Node
}

// Call is a builtin function call or a graphical function applied to an
// argument: SMTH1(x, 3), effect(ratio), LOOKUP(effect, ratio).
type Call struct {
	Fun  *Ident
	Args []Node
}

// If is a conditional: IF c THEN a ELSE b, or IF THEN ELSE(c, a, b).
type If struct {
	At               Pos
	Cond, Then, Else Node
}

// Paren is a parenthesised expression, kept so that equations print back as
// they were written.
type Paren struct {
	At Pos
	X  Node
}

func (x *Number) Pos() Pos { return x.At }
func (x *Ident) Pos() Pos  { return x.At }
func (x *Unary) Pos() Pos  { return x.At }
func (x *Binary) Pos() Pos { return x.X.Pos() }
func (x *Call) Pos() Pos   { return x.Fun.At }
func (x *If) Pos() Pos     { return x.At }
func (x *Paren) Pos() Pos  { return x.At }

func (*Number) node() {}
func (*Ident) node()  {}
func (*Unary) node()  {}
func (*Binary) node() {}
func (*Call) node()   {}
func (*If) node()     {}
func (*Paren) node()  {}

// Inspect walks the tree in depth-first order, calling f for each node; when
// f returns false the node's children are skipped. The function name of a
// Call is not visited as an Ident.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch x := n.(type) {
	case *Unary:
		Inspect(x.X, f)
	case *Binary:
		Inspect(x.X, f)
		Inspect(x.Y, f)
	case *Call:
		for _, a := range x.Args {
			Inspect(a, f)
		}
	case *If:
		Inspect(x.Cond, f)
		Inspect(x.Then, f)
		Inspect(x.Else, f)
	case *Paren:
		Inspect(x.X, f)
	}
}
