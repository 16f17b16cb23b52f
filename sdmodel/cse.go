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
	buckets []int32           // open addressing by hash: 1 + an entry's index, 0 for none; a power of two long
	entries []cseEntry
	common  int // entries seen at least twice
}

type cseEntry struct {
	n     expr.Node // the first occurrence
	h     uint64    // its hash
	count int32
	slot  int32 // where the step code keeps its value once computed; 0 before
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

// find returns the entry of n (whose hash is h), or -1 and the bucket
// where it would go.
func (t *cseTable) find(n expr.Node, h uint64) (e int32, bucket int) {
	mask := len(t.buckets) - 1
	for b := int(h) & mask; ; b = (b + 1) & mask {
		k := t.buckets[b] - 1
		if k < 0 {
			return -1, b
		}
		if t.entries[k].h == h && t.same(t.entries[k].n, n) {
			return k, b
		}
	}
}

// add counts one more occurrence of n.
func (t *cseTable) add(n expr.Node, h uint64) {
	e, b := t.find(n, h)
	if e < 0 {
		if 2*(len(t.entries)+1) > len(t.buckets) { // at most half full
			t.grow()
			_, b = t.find(n, h)
		}
		e = int32(len(t.entries))
		t.entries = append(t.entries, cseEntry{n: n, h: h})
		t.buckets[b] = e + 1
	}
	if t.entries[e].count++; t.entries[e].count == 2 {
		t.common++
	}
}

// grow doubles the buckets and puts the entries back.
func (t *cseTable) grow() {
	t.buckets = make([]int32, 2*len(t.buckets))
	mask := len(t.buckets) - 1
	for k := range t.entries {
		b := int(t.entries[k].h) & mask
		for t.buckets[b] != 0 {
			b = (b + 1) & mask
		}
		t.buckets[b] = int32(k) + 1
	}
}

// lookup returns the entry of n when n is a common subexpression, or nil.
func (t *cseTable) lookup(n expr.Node) *cseEntry {
	e, _ := t.find(n, t.hash(n))
	if e < 0 || t.entries[e].count < 2 {
		return nil
	}
	return &t.entries[e]
}

// cseCandidates counts the unconditionally evaluated, non-trivial, pure
// subexpressions of the given equations; those seen at least twice are
// the common ones.
func (g *gen) cseCandidates(eqs []expr.Node, names map[string]string) *cseTable {
	nb := 16 // buckets: room for the two subexpressions per equation most models have
	for nb < 4*len(eqs) {
		nb *= 2
	}
	t := &cseTable{seed: maphash.MakeSeed(), names: names, buckets: make([]int32, nb), entries: make([]cseEntry, 0, 2*len(eqs))}
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
			fn := builtins()[key]
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
