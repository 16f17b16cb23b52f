package vensim

import (
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// macro is a :MACRO: definition: its parameters, its further outputs and
// its equations. The variable named like the macro is its value.
type macro struct {
	name    string
	params  []string
	outputs []string
	at      int
	defs    []*def
}

// macroHeader reads ":MACRO: NAME(param, ...)" or, for a macro with
// further outputs, ":MACRO: NAME(param, ... : output, ...)".
func (p *reader) macroHeader(t text) *macro {
	s := t.s[len(":MACRO:"):]
	open := strings.IndexByte(s, '(')
	close := strings.LastIndexByte(s, ')')
	if open < 0 || close < open {
		p.errorAt(t.at(0), "", "expected :MACRO: NAME(parameters)")
		return &macro{}
	}
	m := &macro{name: displayName(s[:open]), at: t.at(0)}
	params, outputs, _ := strings.Cut(s[open+1:close], ":")
	names := func(list string) []string {
		var out []string
		for _, a := range strings.Split(list, ",") {
			if a = displayName(a); a != "" {
				out = append(out, a)
			}
		}
		return out
	}
	m.params, m.outputs = names(params), names(outputs)
	return m
}

// emitMacros adds each macro to the model as an sdmodel.Macro, its
// equations read as a model of their own (Vensim builtins rewritten,
// stocks given flows), its value the variable named like the macro. The
// engine expands the calls when it flattens the model: each call gets its
// own copy of the macro's variables, so a call in an arrayed equation
// applies the macro element by element, and a call NAME(a, b : x, y) (read
// as NAME(a, b, x, y)) defines x and y as the macro's further outputs.
func (p *reader) emitMacros(m *sdmodel.Model) {
	for _, mac := range p.macroOrder {
		sub := *p
		sub.defs, sub.errs, sub.byKey = nil, nil, map[string]*def{}
		for _, d := range mac.defs {
			sub.add(d)
		}
		if sub.byKey[expr.Canonical(mac.name)] == nil {
			p.errorAt(mac.at, mac.name, "macro %s defines no variable named %s (its value)", mac.name, mac.name)
			continue
		}
		for _, o := range mac.outputs {
			if sub.byKey[expr.Canonical(o)] == nil {
				p.errorAt(mac.at, mac.name, "macro %s defines no variable named %s (one of its outputs)", mac.name, o)
			}
		}
		sub.loadData()
		sub.rewriteAll()
		sub.decideFlows()
		if p.errs = append(p.errs, sub.errs...); len(p.errs) > 0 {
			continue
		}
		sm := m.Macro(mac.name, mac.params...)
		sm.Outputs = mac.outputs
		sm.Equation = expr.Quote(mac.name)
		sm.Body.Time = m.Time
		sub.emit(sm.Body)
	}
}
