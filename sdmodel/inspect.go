package sdmodel

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// References returns the display names of the model variables that a
// variable's equation refers to (for a stock, its initial-value equation),
// in order of first appearance. Graphical functions called as f(x) count.
func (m *Model) References(name string) ([]string, error) {
	v := m.Var(name)
	if v == nil {
		var names []string
		for _, x := range m.vars {
			names = append(names, x.Name)
		}
		return nil, &Error{Model: m.Name, Variable: name, Msg: "no such variable" + suggest(name, names)}
	}
	if strings.TrimSpace(v.Equation) == "" {
		return nil, nil
	}
	n, err := expr.Parse(v.Equation)
	if err != nil {
		e := &Error{Model: m.Name, Variable: v.Name, Msg: err.Error()}
		if pe, ok := err.(*expr.Error); ok {
			p := pe.Pos
			e.Pos, e.Msg = &p, pe.Msg
		}
		return nil, e
	}
	var out []string
	seen := map[string]bool{}
	addName := func(key string) {
		if w := m.Var(key); w != nil && !seen[expr.Canonical(w.Name)] {
			seen[expr.Canonical(w.Name)] = true
			out = append(out, w.Name)
		}
	}
	expr.Inspect(n, func(n expr.Node) bool {
		switch x := n.(type) {
		case *expr.Ident:
			addName(x.Name)
		case *expr.Call:
			addName(x.Fun.Name)
		}
		return true
	})
	return out, nil
}

// Expand returns an equivalent model in which every stateful builtin call
// (SMTH1, SMTH3, SMTHN, DELAY1, DELAY3, DELAYN, TREND, FORECAST, INIT) is
// replaced by the stocks, flows and auxiliaries it stands for, named after
// the variable whose equation held the call (e.g. "shipments.smth1").
// DELAY_FIXED, a pipeline rather than stocks and flows, stays a builtin.
// Analyses that need every stock explicit, such as feedback-loop analysis,
// work on the expanded model.
func (m *Model) Expand() (*Model, error) {
	if m.needsFlatten() { // arrays and macros first: builtins expand per element
		flat, err := m.Flatten()
		if err != nil {
			return nil, err
		}
		m = flat
	}
	b := newCompiler(m)
	if !b.front() {
		b.errs.Sort()
		return nil, b.errs
	}
	c := b.c
	out := &Model{Name: m.Name, Doc: m.Doc, Time: m.Time, DateOrigin: m.DateOrigin, index: map[string]int{}}
	for _, v := range c.vars {
		var nv *Variable
		if !v.internal {
			orig := *m.Var(v.name)
			nv = &orig
			if v.ast != nil && v.kind != Graphical {
				nv.Equation = expr.Format(v.ast)
			}
			if v.initAst() != nil {
				nv.InitEquation = expr.Format(v.init.ast)
			}
		} else {
			nv = &Variable{Name: v.name, Kind: v.kind, Doc: fmt.Sprintf("part of a builtin call in the equation of %q", v.owner.name)}
			switch {
			case v.fixedDelay != nil:
				in := c.vars[v.fixedDelay.input]
				nv.Equation = fmt.Sprintf("DELAY_FIXED(%s, %s, %s)", expr.Format(ref(in)), expr.Format(v.fixedDelay.delayT), expr.Format(v.fixedDelay.initAt))
			case v.ast != nil:
				nv.Equation = expr.Format(v.ast)
			}
			for _, f := range v.inflows() {
				nv.Inflows = append(nv.Inflows, c.vars[f].name)
			}
			for _, f := range v.outflows() {
				nv.Outflows = append(nv.Outflows, c.vars[f].name)
			}
		}
		out.Add(nv)
	}
	return out, nil
}

// EvalVar evaluates one variable's own equation at time t, with every
// variable it refers to taken from lookup (by display name). For a stock it
// evaluates the initial-value equation. Stateful builtins in the equation
// are read from lookup under their internal names; evaluate variables of an
// Expanded model to have every one of them explicit. Feedback-loop analysis
// uses it to see how a variable responds to a change in one input alone.
// For many calls, an Evaluator reuses its memory.
func (c *Compiled) EvalVar(name string, t float64, lookup func(name string) float64) (float64, error) {
	return c.NewEvaluator().EvalVar(name, t, lookup)
}

// Evaluator evaluates single equations (see Compiled.EvalVar) reusing its
// working memory between calls. It is not safe for concurrent use: give each
// goroutine its own.
type Evaluator struct {
	c *Compiled
	m *machine
}

// NewEvaluator returns an Evaluator for the compiled model.
func (c *Compiled) NewEvaluator() *Evaluator {
	return &Evaluator{c: c, m: newMachine(c.prog, c.prog.tables)}
}

// EvalVar is Compiled.EvalVar without the allocations.
func (e *Evaluator) EvalVar(name string, t float64, lookup func(name string) float64) (float64, error) {
	m, c := e.m, e.c
	i, ok := c.index[expr.Canonical(name)]
	if !ok {
		return 0, &Error{Model: c.model.Name, Variable: name, Msg: "no such variable" + suggest(name, c.prog.saveNames)}
	}
	v := c.vars[i]
	if v.kind == Graphical && v.ast == nil {
		return 0, &Error{Model: c.model.Name, Variable: v.name, Msg: "graphical function has no input equation to evaluate"}
	}
	if v.fixedDelay != nil {
		return lookup(v.name), nil
	}
	if v.overridable {
		return c.prog.template[v.slot], nil
	}
	m.v[slotTime], m.v[slotDT], m.v[slotStart], m.v[slotStop] = t, c.time.DT, c.time.Start, c.time.Stop
	for _, d := range v.deps {
		m.v[c.vars[d].slot] = lookup(c.vars[d].name)
	}
	seg := c.segments[i]
	m.execRange(c.prog.initCode, int(seg[0]), int(seg[1]))
	return m.v[v.slot], nil
}

// Constants returns the names and default values of the constants that runs
// may override with Set, in model order.
func (c *Compiled) Constants() (names []string, values []float64) {
	for _, v := range c.vars {
		if v.overridable && !v.internal {
			val, _ := literalValue(v.ast)
			names = append(names, v.name)
			values = append(values, val)
		}
	}
	return names, values
}

// Model returns a copy of the model this was compiled from.
func (c *Compiled) Model() *Model { return c.sourceModel() }

// Time returns the compiled model's simulation specs.
func (c *Compiled) Time() Time { return c.time }

// EquationRow is one line of a model's equation listing.
type EquationRow struct {
	Name, Kind, Equation, Units, Doc string
}

// Equations lists the model's variables, in model order, as rows for a
// table. Stocks are written INTEG(inflows - outflows, initial value) and
// graphical functions GRAPH(input) [(x, y), ...], as practitioners write them.
// Each macro follows, as NAME(inputs : outputs) with its value, then its own
// variables named NAME.variable.
func (m *Model) Equations() []EquationRow {
	rows := m.variableRows()
	for _, mac := range m.macros {
		head := mac.Name + "(" + strings.Join(mac.Params, ", ")
		if len(mac.Outputs) > 0 {
			head += " : " + strings.Join(mac.Outputs, ", ")
		}
		rows = append(rows, EquationRow{Name: head + ")", Kind: "macro", Equation: strings.Join(strings.Fields(mac.Equation), " "), Doc: mac.Doc})
		if mac.Body == nil {
			continue
		}
		for _, r := range mac.Body.variableRows() {
			r.Name = mac.Name + "." + r.Name
			rows = append(rows, r)
		}
	}
	return rows
}

// variableRows lists the model's variables for Equations.
func (m *Model) variableRows() []EquationRow {
	rows := make([]EquationRow, 0, len(m.vars))
	for _, v := range m.vars {
		kind := v.Kind.String()
		if v.NonNegative {
			switch v.Kind {
			case Stock:
				kind += " (non-negative)"
			case Flow:
				kind += " (uniflow)"
			}
		}
		if len(v.Dims) == 0 {
			rows = append(rows, EquationRow{Name: v.Name, Kind: kind, Equation: v.EquationText(), Units: v.Units, Doc: v.Doc})
			continue
		}
		// An array: its apply-to-all equation under name[dims], then each
		// element definition under name[elements].
		if strings.TrimSpace(v.Equation) != "" || len(v.Elements) == 0 || v.GF != nil {
			rows = append(rows, EquationRow{Name: v.Name + "[" + strings.Join(v.Dims, ", ") + "]", Kind: kind, Equation: v.EquationText(), Units: v.Units, Doc: v.Doc})
		}
		for _, e := range v.Elements {
			ev := *v
			ev.Equation, ev.Dims, ev.Elements = e.Equation, nil, nil
			if e.GF != nil {
				ev.GF = e.GF
			}
			rows = append(rows, EquationRow{Name: v.Name + "[" + strings.Join(e.Subs, ", ") + "]", Kind: kind, Equation: ev.EquationText(), Units: v.Units, Doc: v.Doc})
		}
	}
	return rows
}

// EquationText is the variable's equation as practitioners write it.
func (v *Variable) EquationText() string {
	eqn := strings.Join(strings.Fields(v.Equation), " ")
	switch v.Kind {
	case Stock:
		var in []string
		for _, f := range v.Inflows {
			in = append(in, expr.Quote(f))
		}
		net := strings.Join(in, " + ")
		for _, f := range v.Outflows {
			if net == "" {
				net = "-" + expr.Quote(f)
			} else {
				net += " - " + expr.Quote(f)
			}
		}
		if net == "" {
			net = "0"
		}
		return fmt.Sprintf("INTEG(%s, %s)", net, eqn)
	case Graphical:
		var pts []string
		if v.GF != nil {
			for i := range v.GF.X {
				if i < len(v.GF.Y) {
					pts = append(pts, fmt.Sprintf("(%s, %s)", formatNum(v.GF.X[i]), formatNum(v.GF.Y[i])))
				}
			}
		}
		table := "[" + strings.Join(pts, ", ") + "]"
		if v.GF != nil && v.GF.Type != "" && v.GF.Type != "continuous" {
			table += " " + v.GF.Type
		}
		if eqn == "" {
			return "GRAPH " + table
		}
		return fmt.Sprintf("GRAPH(%s) %s", eqn, table)
	}
	return eqn
}

func formatNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// EquationTable returns the equation listing as a Markdown table in model
// order: name, kind, equation, units, documentation.
func (m *Model) EquationTable() string {
	cell := func(s string) string {
		return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
	}
	code := func(s string) string {
		if s == "" {
			return ""
		}
		s = cell(s)
		if strings.Contains(s, "`") {
			return "`` " + s + " ``"
		}
		return "`" + s + "`"
	}
	var b strings.Builder
	b.WriteString("| Name | Kind | Equation | Units | Documentation |\n|---|---|---|---|---|\n")
	for _, r := range m.Equations() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", cell(r.Name), r.Kind, code(r.Equation), cell(r.Units), cell(r.Doc))
	}
	return b.String()
}
