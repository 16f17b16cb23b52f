package expr

// Rename returns a copy of n in which every name that to renames is
// replaced: variables, subscripted arrays and called functions (graphical
// functions and macros), looked up by canonical name. Subscripts and
// arguments are renamed too; element and dimension names inside
// subscripts are names like any other, so to should rename only
// variables. n is not changed.
func Rename(n Node, to func(canonical string) (string, bool)) Node {
	ident := func(x *Ident) *Ident {
		if name, ok := to(x.Canonical()); ok {
			return &Ident{At: x.At, Name: Quote(name)}
		}
		c := *x
		return &c
	}
	list := func(ns []Node) []Node {
		if ns == nil {
			return nil
		}
		out := make([]Node, len(ns))
		for i, s := range ns {
			out[i] = Rename(s, to)
		}
		return out
	}
	switch x := n.(type) {
	case nil:
		return nil
	case *Number:
		c := *x
		return &c
	case *Ident:
		return ident(x)
	case *Unary:
		return &Unary{At: x.At, Op: x.Op, X: Rename(x.X, to)}
	case *Binary:
		return &Binary{OpPos: x.OpPos, Op: x.Op, X: Rename(x.X, to), Y: Rename(x.Y, to)}
	case *Paren:
		return &Paren{At: x.At, X: Rename(x.X, to)}
	case *If:
		return &If{At: x.At, Cond: Rename(x.Cond, to), Then: Rename(x.Then, to), Else: Rename(x.Else, to)}
	case *Index:
		return &Index{X: ident(x.X), Subs: list(x.Subs)}
	case *Call:
		return &Call{Fun: ident(x.Fun), Subs: list(x.Subs), Args: list(x.Args)}
	case *Star:
		c := *x
		return &c
	case *Bang:
		return &Bang{Dim: &Ident{At: x.Dim.At, Name: x.Dim.Name}}
	}
	return n
}

// RenameMap is Rename with the renames given as a map from canonical names
// to new names.
func RenameMap(n Node, names map[string]string) Node {
	return Rename(n, func(c string) (string, bool) {
		s, ok := names[c]
		return s, ok
	})
}
