package vensim

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// maxMacroDepth bounds macros calling macros.
const maxMacroDepth = 16

// macro is a :MACRO: definition: its parameters and its equations. The
// variable named like the macro is its value.
type macro struct {
	name   string
	params []string
	at     int
	defs   []*def
}

// macroHeader reads ":MACRO: NAME(param, ...)".
func (p *reader) macroHeader(t text) *macro {
	s := t.s[len(":MACRO:"):]
	open := strings.IndexByte(s, '(')
	close := strings.LastIndexByte(s, ')')
	if open < 0 || close < open {
		p.errorAt(t.at(0), "", "expected :MACRO: NAME(parameters)")
		return &macro{}
	}
	m := &macro{name: displayName(s[:open]), at: t.at(0)}
	params := s[open+1 : close]
	if i := strings.IndexByte(params, ':'); i >= 0 {
		p.errorAt(t.at(len(":MACRO:")+open+1+i), m.name, "macros with more than one output (NAME(inputs : outputs)) are not supported")
		params = params[:i]
	}
	for _, a := range strings.Split(params, ",") {
		if a = displayName(a); a != "" {
			m.params = append(m.params, a)
		}
	}
	return m
}

// expandMacros replaces each call of a macro by a copy of the macro's
// equations, named "<caller>.<macro>.<variable>", whose parameters are
// auxiliaries holding the call's arguments.
func (p *reader) expandMacros() {
	if len(p.macros) == 0 {
		return
	}
	n := len(p.defs)
	for i := 0; i < n && len(p.errs) == 0; i++ {
		d := p.defs[i]
		count := 0
		d.rhs = p.expandIn(d, d.rhs, &count, 0)
		d.init = p.expandIn(d, d.init, &count, 0)
	}
}

func (p *reader) expandIn(d *def, n expr.Node, count *int, depth int) expr.Node {
	if n == nil {
		return nil
	}
	switch x := n.(type) {
	case *expr.Paren:
		x.X = p.expandIn(d, x.X, count, depth)
	case *expr.Unary:
		x.X = p.expandIn(d, x.X, count, depth)
	case *expr.Binary:
		x.X = p.expandIn(d, x.X, count, depth)
		x.Y = p.expandIn(d, x.Y, count, depth)
	case *expr.If:
		x.Cond = p.expandIn(d, x.Cond, count, depth)
		x.Then = p.expandIn(d, x.Then, count, depth)
		x.Else = p.expandIn(d, x.Else, count, depth)
	case *expr.Call:
		for i, a := range x.Args {
			x.Args[i] = p.expandIn(d, a, count, depth)
		}
		if m := p.macros[x.Fun.Canonical()]; m != nil {
			return p.instantiate(d, m, x, count, depth)
		}
	}
	return n
}

// instantiate adds one copy of macro m for the call c in d and returns the
// reference to its value.
func (p *reader) instantiate(d *def, m *macro, c *expr.Call, count *int, depth int) expr.Node {
	if depth >= maxMacroDepth {
		p.errorAt(d.at, d.name, "macros nested more than %d deep (a macro calling itself?)", maxMacroDepth)
		return c
	}
	if len(c.Args) != len(m.params) {
		p.errorAt(d.at, d.name, "macro %s takes %d arguments, found %d", m.name, len(m.params), len(c.Args))
		return c
	}
	*count++
	prefix := d.name + "." + m.name
	if *count > 1 {
		prefix += " " + strconv.Itoa(*count)
	}
	rename := map[string]string{}
	for i, param := range m.params {
		name := prefix + "." + param
		rename[expr.Canonical(param)] = name
		a := &def{name: name, key: expr.Canonical(name), kind: dAux, rhs: c.Args[i], at: d.at, group: d.group,
			doc: "argument " + param + " of macro " + m.name + " in " + d.name}
		p.add(a)
	}
	for _, md := range m.defs {
		rename[md.key] = prefix + "." + md.name
	}
	var out expr.Node
	inner := 0
	for _, md := range m.defs {
		nd := *md
		nd.name = rename[md.key]
		nd.key = expr.Canonical(nd.name)
		nd.group = d.group
		nd.rhs = p.expandIn(&nd, renamed(md.rhs, rename), &inner, depth+1)
		nd.init = p.expandIn(&nd, renamed(md.init, rename), &inner, depth+1)
		nd.inflows, nd.outflows = nil, nil
		p.add(&nd)
		if md.key == expr.Canonical(m.name) {
			out = ident(nd.name)
		}
	}
	if out == nil {
		p.errorAt(m.at, m.name, "macro %s defines no variable named %s (its value)", m.name, m.name)
		return c
	}
	return out
}

// renamed returns a copy of n with names (variables and called lookups) renamed.
func renamed(n expr.Node, rename map[string]string) expr.Node {
	switch x := n.(type) {
	case nil:
		return nil
	case *expr.Number:
		c := *x
		return &c
	case *expr.Ident:
		if to, ok := rename[x.Canonical()]; ok {
			return &expr.Ident{At: x.At, Name: expr.Quote(to)}
		}
		c := *x
		return &c
	case *expr.Paren:
		return &expr.Paren{At: x.At, X: renamed(x.X, rename)}
	case *expr.Unary:
		return &expr.Unary{At: x.At, Op: x.Op, X: renamed(x.X, rename)}
	case *expr.Binary:
		return &expr.Binary{OpPos: x.OpPos, Op: x.Op, X: renamed(x.X, rename), Y: renamed(x.Y, rename)}
	case *expr.If:
		return &expr.If{At: x.At, Cond: renamed(x.Cond, rename), Then: renamed(x.Then, rename), Else: renamed(x.Else, rename)}
	case *expr.Index:
		c := &expr.Index{X: x.X}
		if to, ok := rename[x.X.Canonical()]; ok {
			c.X = &expr.Ident{At: x.X.At, Name: expr.Quote(to)}
		}
		for _, s := range x.Subs {
			c.Subs = append(c.Subs, renamed(s, rename))
		}
		return c
	case *expr.Call:
		c := &expr.Call{Fun: x.Fun}
		for _, s := range x.Subs {
			c.Subs = append(c.Subs, renamed(s, rename))
		}
		if to, ok := rename[x.Fun.Canonical()]; ok {
			c.Fun = &expr.Ident{At: x.Fun.At, Name: expr.Quote(to)}
		}
		for _, a := range x.Args {
			c.Args = append(c.Args, renamed(a, rename))
		}
		return c
	}
	return n
}
