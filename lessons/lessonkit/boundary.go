package lessonkit

import (
	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Boundary is a model boundary chart (Sterman 2000, ch. 3): what the model explains, what it takes
// as given, and what it leaves out.
type Boundary struct {
	Endogenous []string // determined by the feedback structure (stocks)
	Exogenous  []string // inputs: time series, constants, switches
	Excluded   []string // left out, each with its reason
}

// BoundaryOf fills the two columns a model can answer for itself. Endogenous: its stocks, except
// pure accumulators that no equation uses (cumulative outcome measures, which are bookkeeping,
// not structure). Exogenous: its graphical functions read against time (see timeSeries), marked "(time series)". Excluded is
// left for the modeller.
func BoundaryOf(m *sdmodel.Model) Boundary {
	used := map[string]bool{}
	for _, v := range m.Variables() {
		refs, err := m.References(v.Name)
		if err != nil {
			continue // an equation that does not parse uses nothing we can name
		}
		for _, r := range refs {
			if m.Var(r) != v { // a stock's initial value may name the stock's own inputs; self-use does not count
				used[m.Var(r).Name] = true
			}
		}
		for _, f := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
			if fv := m.Var(f); fv != nil {
				used[fv.Name] = true
			}
		}
	}
	series := timeSeries(m)
	var b Boundary
	for _, v := range m.Variables() {
		switch {
		case v.Kind == sdmodel.Stock && used[v.Name]:
			b.Endogenous = append(b.Endogenous, v.Name)
		case series[v.Name]:
			b.Exogenous = append(b.Exogenous, v.Name+" (time series)")
		}
	}
	return b
}

// timeSeries returns the graphical functions of m that are read against time only: their input
// (or, when they are called as f(x), the argument at every call site) depends on nothing but TIME,
// the simulation specs and constants. Those are exogenous series; a graphical function of a model
// variable is a nonlinear relationship inside the structure.
func timeSeries(m *sdmodel.Model) map[string]bool {
	onlyTime := map[string]bool{} // memo over auxiliaries
	var timeOnly func(n expr.Node, depth int) bool
	timeOnly = func(n expr.Node, depth int) bool {
		ok := true
		expr.Inspect(n, func(n expr.Node) bool {
			id, isIdent := n.(*expr.Ident)
			if !isIdent || !ok {
				return ok
			}
			switch c := id.Canonical(); c {
			case "time", "starttime", "stoptime", "dt":
				return true
			default:
				v := m.Var(c)
				switch {
				case v == nil: // a builtin's name, or undefined: nothing of the model
				case v.Kind == sdmodel.Const:
				case v.Kind == sdmodel.Aux && depth < 8:
					if known, seen := onlyTime[c]; seen {
						ok = known
					} else if eq, err := expr.Parse(v.Equation); err == nil {
						onlyTime[c] = timeOnly(eq, depth+1)
						ok = onlyTime[c]
					} else {
						ok = false
					}
				default:
					ok = false
				}
			}
			return ok
		})
		return ok
	}
	series := map[string]bool{}
	calledOK := map[string]bool{}
	for _, v := range m.Variables() {
		n, err := expr.Parse(v.Equation)
		if err != nil || v.Kind == sdmodel.Graphical {
			continue
		}
		expr.Inspect(n, func(n expr.Node) bool {
			call, isCall := n.(*expr.Call)
			if !isCall || len(call.Args) == 0 {
				return true
			}
			g, arg := m.Var(call.Fun.Name), call.Args[0]
			if expr.Canonical(call.Fun.Name) == "lookup" && len(call.Args) == 2 {
				if id, isIdent := call.Args[0].(*expr.Ident); isIdent {
					g, arg = m.Var(id.Name), call.Args[1]
				}
			}
			if g != nil && g.Kind == sdmodel.Graphical {
				prev, seen := calledOK[g.Name]
				calledOK[g.Name] = (prev || !seen) && timeOnly(arg, 0)
			}
			return true
		})
	}
	for _, v := range m.Variables() {
		if v.Kind != sdmodel.Graphical {
			continue
		}
		if v.Equation != "" {
			if n, err := expr.Parse(v.Equation); err == nil && timeOnly(n, 0) {
				series[v.Name] = true
			}
		} else if calledOK[v.Name] {
			series[v.Name] = true
		}
	}
	return series
}

// Markdown returns the boundary chart as a three-column Markdown table.
func (b Boundary) Markdown() string {
	return Columns([]string{"endogenous (stocks)", "exogenous", "excluded"}, b.Endogenous, b.Exogenous, b.Excluded)
}
