package sdmodel

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// maxMacroDepth bounds macros calling macros, so that a macro that calls
// itself fails with a message.
const maxMacroDepth = 32

// expandMacros replaces each macro call in the flat model's equations by
// the variables of one instance of the macro's body.
func (f *flattener) expandMacros() {
	macros := map[string]*Macro{}
	for _, mac := range f.m.macros {
		key := expr.Canonical(mac.Name)
		if f.m.Var(mac.Name) != nil {
			f.errorf("", "macro %q has the name of a variable", mac.Name)
			continue
		}
		if mac.Body != nil && (len(mac.Body.dims) > 0 || len(mac.Body.macros) > 0) {
			f.errorf("", "macro %q: arrays and macros inside a macro are not supported", mac.Name)
			continue
		}
		macros[key] = mac
	}
	depth := map[string]int{} // variable -> macro nesting depth that created it
	for i := 0; i < len(f.out.vars); i++ {
		v := f.out.vars[i]
		if !strings.ContainsRune(v.Equation, '(') {
			continue
		}
		n, err := expr.Parse(v.Equation)
		if err != nil {
			continue // the compiler reports it
		}
		x := &macroSite{f: f, macros: macros, caller: v, depth: depth[expr.Canonical(v.Name)], depths: depth}
		n = x.expand(n)
		if x.failed {
			return
		}
		if x.calls > 0 {
			v.Equation = expr.Format(n)
		}
		if len(f.out.vars) > maxFlatVariables {
			f.errorf(v.Name, "more than %d variables once macros are expanded", maxFlatVariables)
			return
		}
	}
}

type macroSite struct {
	f      *flattener
	macros map[string]*Macro
	caller *Variable
	depth  int
	depths map[string]int
	calls  int
	failed bool
}

func (x *macroSite) expand(n expr.Node) expr.Node {
	switch y := n.(type) {
	case *expr.Unary:
		return &expr.Unary{At: y.At, Op: y.Op, X: x.expand(y.X)}
	case *expr.Binary:
		return &expr.Binary{OpPos: y.OpPos, Op: y.Op, X: x.expand(y.X), Y: x.expand(y.Y)}
	case *expr.Paren:
		return &expr.Paren{At: y.At, X: x.expand(y.X)}
	case *expr.If:
		return &expr.If{At: y.At, Cond: x.expand(y.Cond), Then: x.expand(y.Then), Else: x.expand(y.Else)}
	case *expr.Call:
		args := make([]expr.Node, len(y.Args))
		for i, a := range y.Args {
			args[i] = x.expand(a)
		}
		mac := x.macros[y.Fun.Canonical()]
		if mac == nil || x.failed {
			return &expr.Call{Fun: y.Fun, Subs: y.Subs, Args: args}
		}
		return x.instantiate(mac, args)
	}
	return n
}

// instantiate adds the variables of one call of mac and returns the call's value.
func (x *macroSite) instantiate(mac *Macro, args []expr.Node) expr.Node {
	f := x.f
	if len(args) != len(mac.Params) {
		f.errorf(x.caller.Name, "macro %s takes %d arguments, found %d", mac.Name, len(mac.Params), len(args))
		x.failed = true
		return nil
	}
	if f.calls++; f.calls > maxFlatVariables {
		f.errorf(x.caller.Name, "macro %s: more than %d macro calls once expanded", mac.Name, maxFlatVariables)
		x.failed = true
		return nil
	}
	if x.depth >= maxMacroDepth {
		f.errorf(x.caller.Name, "macro %s: macros nested more than %d deep (a macro that calls itself?)", mac.Name, maxMacroDepth)
		x.failed = true
		return nil
	}
	x.calls++
	prefix := x.caller.Name + "." + mac.Name + "." + strconv.Itoa(x.calls) + "."
	local := map[string]string{}
	for _, p := range mac.Params {
		local[expr.Canonical(p)] = prefix + p
	}
	var body []*Variable
	if mac.Body != nil {
		body = mac.Body.vars
	}
	for _, bv := range body {
		local[expr.Canonical(bv.Name)] = prefix + bv.Name
	}
	rename := func(src string) (string, bool) {
		if strings.TrimSpace(src) == "" {
			return src, true
		}
		n, err := expr.Parse(src)
		if err != nil {
			f.errorf(x.caller.Name, "macro %s: %v", mac.Name, err)
			x.failed = true
			return "", false
		}
		return expr.Format(renameIdents(n, local)), true
	}
	add := func(v *Variable) {
		if f.out.Var(v.Name) != nil {
			f.errorf(x.caller.Name, "macro %s: a variable named %q exists already", mac.Name, v.Name)
			x.failed = true
			return
		}
		f.out.Add(v)
		x.depths[expr.Canonical(v.Name)] = x.depth + 1
	}
	for i, p := range mac.Params {
		add(&Variable{Name: prefix + p, Kind: Aux, Equation: expr.Format(args[i]), Doc: "Argument " + p + " of a call of macro " + mac.Name + "."})
	}
	for _, bv := range body {
		nv := bv.clone()
		nv.Name = prefix + bv.Name
		eq, ok := rename(bv.Equation)
		if !ok {
			return nil
		}
		nv.Equation = eq
		for i, fl := range nv.Inflows {
			nv.Inflows[i] = prefix + fl
		}
		for i, fl := range nv.Outflows {
			nv.Outflows[i] = prefix + fl
		}
		add(nv)
	}
	value, ok := rename(mac.Equation)
	if !ok || x.failed {
		return nil
	}
	if strings.TrimSpace(value) == "" {
		f.errorf(x.caller.Name, "macro %s has no equation for its value", mac.Name)
		x.failed = true
		return nil
	}
	n, err := expr.Parse(value)
	if err != nil {
		f.errorf(x.caller.Name, "macro %s: %v", mac.Name, err)
		x.failed = true
		return nil
	}
	// The value may itself call macros: expand them at the next depth.
	inner := &macroSite{f: f, macros: x.macros, caller: x.caller, depth: x.depth + 1, depths: x.depths, calls: x.calls}
	n = inner.expand(n)
	x.calls, x.failed = inner.calls, inner.failed
	return &expr.Paren{X: n}
}

// renameIdents returns n with the names (and graphical function calls) that
// names maps, by canonical name, replaced.
func renameIdents(n expr.Node, names map[string]string) expr.Node {
	switch y := n.(type) {
	case *expr.Ident:
		if to, ok := names[y.Canonical()]; ok {
			return &expr.Ident{At: y.At, Name: expr.Quote(to)}
		}
	case *expr.Unary:
		return &expr.Unary{At: y.At, Op: y.Op, X: renameIdents(y.X, names)}
	case *expr.Binary:
		return &expr.Binary{OpPos: y.OpPos, Op: y.Op, X: renameIdents(y.X, names), Y: renameIdents(y.Y, names)}
	case *expr.Paren:
		return &expr.Paren{At: y.At, X: renameIdents(y.X, names)}
	case *expr.If:
		return &expr.If{At: y.At, Cond: renameIdents(y.Cond, names), Then: renameIdents(y.Then, names), Else: renameIdents(y.Else, names)}
	case *expr.Call:
		fun := y.Fun
		if to, ok := names[y.Fun.Canonical()]; ok {
			fun = &expr.Ident{At: y.Fun.At, Name: expr.Quote(to)}
		}
		args := make([]expr.Node, len(y.Args))
		for i, a := range y.Args {
			args[i] = renameIdents(a, names)
		}
		return &expr.Call{Fun: fun, Subs: y.Subs, Args: args}
	}
	return n
}
