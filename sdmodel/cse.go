package sdmodel

import (
	"hash/maphash"
	"math"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Common subexpressions: a computation written in many equations (such as
// SIN(2 * PI * TIME / 12) in every chain of a model) is done once per
// evaluation pass and reused. Only subexpressions evaluated unconditionally
// qualify: one inside an IF branch may not run before a later use.
//
// Two subexpressions are the same when their trees are, up to parentheses
// and the spelling of names (compared in canonical form), with numbers
// compared by value. The table finds them by a structural hash, checked
// by comparing the trees, so no text is built for any of them.

// cseTable holds the distinct subexpressions of the step code with the
// number of times each is evaluated unconditionally.
type cseTable struct {
	seed    maphash.Seed      // the hash only finds entries: any seed gives the same program
	names   map[string]string // canonical names (see compiler.key)
	byHash  map[uint64]int32  // first entry with that hash
	entries []cseEntry
	common  int // entries seen at least twice
}

type cseEntry struct {
	n     expr.Node // the first occurrence
	count int32
	slot  int32 // where the step code keeps its value once computed; 0 before
	next  int32 // next entry with the same hash, or -1
}

// Kinds of nodes in the hash.
const (
	hNumber uint64 = iota + 1
	hIdent
	hUnary
	hBinary
	hCall
	hIf
	hOther
)

func mix(h, x uint64) uint64 {
	h ^= x
	h *= 0x9e3779b97f4a7c15
	return h ^ h>>29
}

func numberBits(x float64) uint64 {
	if math.IsNaN(x) {
		return 0x7ff8000000000001 // every NaN prints as NaN
	}
	return math.Float64bits(x)
}

// hash is n's structural hash: equal for subexpressions that are the same.
func (t *cseTable) hash(n expr.Node) uint64 {
	switch x := n.(type) {
	case *expr.Number:
		return mix(hNumber, numberBits(x.Value))
	case *expr.Ident:
		return mix(hIdent, maphash.String(t.seed, canonicalIn(t.names, x.Name)))
	case *expr.Paren:
		return t.hash(x.X)
	case *expr.Unary:
		return mix(mix(hUnary, uint64(x.Op)), t.hash(x.X))
	case *expr.Binary:
		return mix(mix(mix(hBinary, uint64(x.Op)), t.hash(x.X)), t.hash(x.Y))
	case *expr.Call:
		h := t.callHash(x)
		for _, a := range x.Args {
			h = mix(h, t.hash(a))
		}
		return h
	case *expr.If:
		return mix(mix(mix(hIf, t.hash(x.Cond)), t.hash(x.Then)), t.hash(x.Else))
	}
	return hOther
}

func (t *cseTable) callHash(x *expr.Call) uint64 {
	return mix(mix(hCall, maphash.String(t.seed, canonicalIn(t.names, x.Fun.Name))), uint64(len(x.Args)))
}

func unparen(n expr.Node) expr.Node {
	for {
		p, ok := n.(*expr.Paren)
		if !ok {
			return n
		}
		n = p.X
	}
}

// same reports whether a and b are the same subexpression.
func (t *cseTable) same(a, b expr.Node) bool {
	a, b = unparen(a), unparen(b)
	switch x := a.(type) {
	case *expr.Number:
		y, ok := b.(*expr.Number)
		return ok && numberBits(x.Value) == numberBits(y.Value)
	case *expr.Ident:
		y, ok := b.(*expr.Ident)
		return ok && (x.Name == y.Name || canonicalIn(t.names, x.Name) == canonicalIn(t.names, y.Name))
	case *expr.Unary:
		y, ok := b.(*expr.Unary)
		return ok && x.Op == y.Op && t.same(x.X, y.X)
	case *expr.Binary:
		y, ok := b.(*expr.Binary)
		return ok && x.Op == y.Op && t.same(x.X, y.X) && t.same(x.Y, y.Y)
	case *expr.Call:
		y, ok := b.(*expr.Call)
		if !ok || len(x.Args) != len(y.Args) || canonicalIn(t.names, x.Fun.Name) != canonicalIn(t.names, y.Fun.Name) {
			return false
		}
		for i := range x.Args {
			if !t.same(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *expr.If:
		y, ok := b.(*expr.If)
		return ok && t.same(x.Cond, y.Cond) && t.same(x.Then, y.Then) && t.same(x.Else, y.Else)
	}
	switch b.(type) {
	case *expr.Number, *expr.Ident, *expr.Unary, *expr.Binary, *expr.Call, *expr.If:
		return false
	}
	return true
}

// find returns the entry of n (whose hash is h), or -1.
func (t *cseTable) find(n expr.Node, h uint64) int32 {
	e, ok := t.byHash[h]
	if !ok {
		return -1
	}
	for ; e >= 0; e = t.entries[e].next {
		if t.same(t.entries[e].n, n) {
			return e
		}
	}
	return -1
}

// add counts one more occurrence of n.
func (t *cseTable) add(n expr.Node, h uint64) {
	e := t.find(n, h)
	if e < 0 {
		next, ok := t.byHash[h]
		if !ok {
			next = -1
		}
		e = int32(len(t.entries))
		t.entries = append(t.entries, cseEntry{n: n, next: next})
		t.byHash[h] = e
	}
	if t.entries[e].count++; t.entries[e].count == 2 {
		t.common++
	}
}

// lookup returns the entry of n when n is a common subexpression, or nil.
func (t *cseTable) lookup(n expr.Node) *cseEntry {
	e := t.find(n, t.hash(n))
	if e < 0 || t.entries[e].count < 2 {
		return nil
	}
	return &t.entries[e]
}

// cseCandidates counts the unconditionally evaluated, non-trivial, pure
// subexpressions of the given equations; those seen at least twice are
// the common ones.
func (g *gen) cseCandidates(eqs []expr.Node, names map[string]string) *cseTable {
	t := &cseTable{seed: maphash.MakeSeed(), names: names, byHash: make(map[uint64]int32, 2*len(eqs)), entries: make([]cseEntry, 0, 2*len(eqs))}
	// walk counts n's subexpressions and n, and returns n's hash.
	var walk func(n expr.Node) uint64
	walk = func(n expr.Node) uint64 {
		if _, ok := constFold(n); ok {
			return t.hash(n)
		}
		var h uint64
		switch x := n.(type) {
		case *expr.Number, *expr.Ident:
			return t.hash(n)
		case *expr.Paren:
			return walk(x.X)
		case *expr.If:
			walk(x.Cond) // branches are conditional
			return t.hash(n)
		case *expr.Call:
			key := canonicalIn(names, x.Fun.Name)
			if i, ok := g.c.index[key]; ok && g.c.vars[i].kind == Graphical {
				h = mix(t.callHash(x), walk(x.Args[0]))
				for _, a := range x.Args[1:] {
					h = mix(h, t.hash(a))
				}
				break
			}
			fn := builtins[key]
			if fn == nil {
				return t.hash(n) // TIME() and friends
			}
			if fn.name == "IF THEN ELSE" {
				walk(x.Args[0]) // branches are conditional
				return t.hash(n)
			}
			if fn.random {
				return t.hash(n) // each call site draws its own numbers
			}
			h = t.callHash(x)
			for _, a := range x.Args {
				h = mix(h, walk(a))
			}
		case *expr.Unary:
			h = mix(mix(hUnary, uint64(x.Op)), walk(x.X))
		case *expr.Binary:
			h = mix(mix(hBinary, uint64(x.Op)), walk(x.X))
			h = mix(h, walk(x.Y))
		default:
			h = hOther
		}
		t.add(n, h)
		return h
	}
	for _, e := range eqs {
		walk(e)
	}
	return t
}
