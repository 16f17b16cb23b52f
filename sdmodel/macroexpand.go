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
// the variables of one instance of the macro's body. Arrays have been
// written out already, so a call in an arrayed equation is one call per
// element, each with its own instance: a macro applies element by element.
func (f *flattener) expandMacros() {
	macros := map[string]*Macro{}
	for _, mac := range f.m.macros {
		key := expr.Canonical(mac.Name)
		if f.m.Var(mac.Name) != nil {
			f.errorf("", "macro %q has the name of a variable", mac.Name)
			continue
		}
		if mac.Body != nil && len(mac.Body.macros) > 0 {
			f.errorf("", "macro %q: macros defined inside a macro are not supported (define them in the model)", mac.Name)
			continue
		}
		flat, value, ok := f.macroBody(mac)
		if !ok {
			continue
		}
		for _, out := range mac.Outputs {
			if flat.Var(out) == nil {
				f.errorf("", "macro %q: output %q is not a variable of the macro", mac.Name, out)
				ok = false
			}
		}
		if ok {
			c := *mac
			c.Body, c.Equation = flat, value
			macros[key] = &c
		}
	}
	if len(f.errs) > 0 {
		return
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

// macroBody returns the macro's body with its arrays written out: a
// macro may have dimensions and arrayed variables of its own, or use the
// model's dimensions. Its parameters are scalars (a call in an arrayed
// equation passes one element).
func (f *flattener) macroBody(mac *Macro) (*Model, string, bool) {
	body := New(mac.Name)
	if mac.Body != nil {
		body = mac.Body.Clone()
	}
	// The value may reduce an array (SUM(level[side!])): flatten it with
	// the body, as a variable named like the macro unless one is.
	value := mac.Equation
	if body.Var(mac.Name) == nil {
		body.Aux(mac.Name, mac.Equation, "")
		value = expr.Quote(mac.Name)
	}
	if !body.needsFlatten() {
		if mac.Body == nil {
			return New(mac.Name), mac.Equation, true
		}
		return mac.Body, mac.Equation, true
	}
	for _, d := range cloneDims(f.m.dims) {
		if body.Dim(d.Name) == nil {
			body.dims = append(body.dims, d)
		}
	}
	flat, err := body.Flatten()
	if err != nil {
		f.errorf("", "macro %q: %v", mac.Name, err)
		return nil, "", false
	}
	return flat, value, true
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

func (x *macroSite) fail(mac *Macro, format string, args ...any) expr.Node {
	x.f.errorf(x.caller.Name, "macro %s "+format, append([]any{mac.Name}, args...)...)
	x.failed = true
	return nil
}

// instantiate adds the variables of one call of mac and returns the call's
// value. The arguments are the inputs, then optionally the names of the
// variables that receive the macro's further outputs.
func (x *macroSite) instantiate(mac *Macro, args []expr.Node) expr.Node {
	f := x.f
	nIn, nOut := len(mac.Params), len(mac.Outputs)
	if len(args) != nIn && (nOut == 0 || len(args) != nIn+nOut) {
		if nOut == 0 {
			return x.fail(mac, "takes %d arguments, found %d", nIn, len(args))
		}
		return x.fail(mac, "takes %d arguments and the names of %d output variables, found %d", nIn, nOut, len(args))
	}
	var targets []string
	for j, a := range args[nIn:] {
		id, ok := a.(*expr.Ident)
		if !ok {
			return x.fail(mac, "takes in argument %d the name of the variable that receives output %s, found %s", nIn+j+1, mac.Outputs[j], expr.Format(a))
		}
		targets = append(targets, strings.Trim(id.Name, `"`))
	}
	if f.calls++; f.calls > maxFlatVariables {
		return x.fail(mac, "gives more than %d macro calls once expanded", maxFlatVariables)
	}
	if x.depth >= maxMacroDepth {
		return x.fail(mac, "is nested more than %d deep (a macro that calls itself?)", maxMacroDepth)
	}
	x.calls++
	prefix := x.caller.Name + "." + mac.Name + "." + strconv.Itoa(x.calls) + "."
	local := map[string]string{}
	for _, p := range mac.Params {
		local[expr.Canonical(p)] = prefix + p
	}
	body := mac.Body.vars
	for _, bv := range body {
		local[expr.Canonical(bv.Name)] = prefix + bv.Name
	}
	rename := func(src string) (string, bool) {
		if strings.TrimSpace(src) == "" {
			return src, true
		}
		n, err := expr.Parse(src)
		if err != nil {
			x.fail(mac, "has an error: %v", err)
			return "", false
		}
		return expr.Format(expr.RenameMap(n, local)), true
	}
	add := func(v *Variable) {
		if f.out.Var(v.Name) != nil {
			x.fail(mac, "would define %q, which exists already", v.Name)
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
	for j, t := range targets {
		add(&Variable{Name: t, Kind: Aux, Equation: expr.Quote(prefix + mac.Outputs[j]),
			Doc: "Output " + mac.Outputs[j] + " of a call of macro " + mac.Name + " in " + x.caller.Name + "."})
	}
	value, ok := rename(mac.Equation)
	if !ok || x.failed {
		return nil
	}
	if strings.TrimSpace(value) == "" {
		return x.fail(mac, "has no equation for its value")
	}
	n, err := expr.Parse(value)
	if err != nil {
		return x.fail(mac, "has an error: %v", err)
	}
	// The value may itself call macros: expand them at the next depth.
	inner := &macroSite{f: f, macros: x.macros, caller: x.caller, depth: x.depth + 1, depths: x.depths, calls: x.calls}
	n = inner.expand(n)
	x.calls, x.failed = inner.calls, inner.failed
	return &expr.Paren{X: n}
}
