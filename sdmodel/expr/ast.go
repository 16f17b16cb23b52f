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

// Index is a subscripted reference to an array: x[a, b] (elements),
// x[dim] (the element of dim that the equation is being evaluated for),
// x[*] or x[dim!] (every element, inside a reduction such as SUM), x[1]
// (the first element).
type Index struct {
	X    *Ident
	Subs []Node // *Ident (element or dimension), *Star, *Bang, *Number or an expression
}

// Star is the wildcard subscript *: every element of the dimension.
type Star struct{ At Pos }

// Bang is a dimension marked with ! (Vensim's x[dim!]): the dimension a
// reduction such as SUM runs over.
type Bang struct{ Dim *Ident }

// Call is a builtin function call or a graphical function applied to an
// argument: SMTH1(x, 3), effect(ratio), LOOKUP(effect, ratio).
type Call struct {
	Fun  *Ident
	Subs []Node // subscripts of an arrayed graphical function: f[a](x); nil otherwise
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
func (x *Index) Pos() Pos  { return x.X.At }
func (x *Star) Pos() Pos   { return x.At }
func (x *Bang) Pos() Pos   { return x.Dim.At }

func (*Number) node() {}
func (*Ident) node()  {}
func (*Unary) node()  {}
func (*Binary) node() {}
func (*Call) node()   {}
func (*If) node()     {}
func (*Paren) node()  {}
func (*Index) node()  {}
func (*Star) node()   {}
func (*Bang) node()   {}

// Inspect walks the tree in depth-first order, calling f for each node; when
// f returns false the node's children are skipped. The function name of a
// Call is not visited as an Ident. The subscripts of an Index are visited
// after its array name; an element or dimension name there is an Ident too.
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
	case *Index:
		Inspect(x.X, f)
		for _, s := range x.Subs {
			Inspect(s, f)
		}
	case *Bang:
		Inspect(x.Dim, f)
	case *Call:
		for _, s := range x.Subs {
			Inspect(s, f)
		}
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
