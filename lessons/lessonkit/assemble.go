package lessonkit

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Lesson 3's plumbing: the library model's sectors, their assembly, and the parameter table.

// TraffickingSectorStarts names each sector of trafficking.Build() and its first variable: Build adds
// the parameter table first, then the sectors in this order. When the library's order changes,
// TraffickingSectors says so.
func TraffickingSectorStarts() []SectorStart {
	return []SectorStart{
		{"pandemic and economy", "input time"},
		{"chain of risk", "at-risk population"},
		{"survivors", "service referrals"},
		{"market", "maximum transactions per victim"},
		{"information and will", "assumed identification fraction"},
		{"4 P provisioning", "policy phase"},
		{"harm measures", "cumulative victim-months"},
	}
}

// TraffickingSectors splits the library model's variables, other than its parameter table
// (trafficking.Parameters), into the sectors of TraffickingSectorStarts.
func TraffickingSectors() ([]Sector, error) {
	params := map[string]bool{}
	for _, p := range trafficking.Parameters() {
		params[expr.Canonical(p.Name)] = true
	}
	isParam := func(v *sdmodel.Variable) bool { return v.Kind == sdmodel.Const && params[expr.Canonical(v.Name)] }
	return SplitSectors(trafficking.Build(), TraffickingSectorStarts(), isParam)
}

// SectorTable lists sectors with their first variable, size and stocks (Markdown).
func SectorTable(sectors []Sector) string {
	t := NewTable("", "sector", "first variable", "variables", "stocks")
	for i, s := range sectors {
		var stocks []string
		for _, v := range s.Vars {
			if v.Kind == sdmodel.Stock {
				stocks = append(stocks, v.Name)
			}
		}
		t.Row(i+1, s.Name, s.Vars[0].Name, len(s.Vars), strings.Join(stocks, ", "))
	}
	return t.Markdown()
}

// Assemble adds to m the variables of the first n sectors, in order: a sector named in own is added
// by its function (a sector typed in the notebook), any other is copied from the sector's variables.
// It returns m.
func Assemble(m *sdmodel.Model, sectors []Sector, n int, own map[string]func(*sdmodel.Model)) *sdmodel.Model {
	for _, s := range sectors[:min(n, len(sectors))] {
		if add, ok := own[s.Name]; ok {
			add(m)
			continue
		}
		for _, v := range s.Vars {
			nv := *v
			m.Add(&nv)
		}
	}
	return m
}

// SplitKinds splits a sector into the variables of the given kinds and the rest, each a sector of the
// same name: an exercise asks for the stocks and flows of a sector, say, and gives its auxiliaries.
func SplitKinds(s Sector, kinds ...sdmodel.Kind) (with, without Sector) {
	with, without = Sector{Name: s.Name}, Sector{Name: s.Name}
	for _, v := range s.Vars {
		if slices.Contains(kinds, v.Kind) {
			with.Vars = append(with.Vars, v)
		} else {
			without.Vars = append(without.Vars, v)
		}
	}
	return with, without
}

// ParameterTable is the parameter table of a model (Markdown): value, units, the range the
// sensitivity analysis explores (for an uncertain parameter) and the source.
func ParameterTable(ps []trafficking.Parameter) string {
	t := NewTable("parameter", "value", "units", "range", "source")
	for _, p := range ps {
		rng := ""
		if p.Uncertain() {
			rng = fmt.Sprintf("%g – %g", p.Min, p.Max)
		}
		t.Row(p.Name, p.Value, p.Units, rng, p.Source)
	}
	return t.Markdown()
}

// CheckUses checks that the equation of variable v in m refers to every one of names (a new link a
// student was asked to draw), and that m compiles.
func CheckUses(m *sdmodel.Model, v string, names ...string) error {
	if m == nil {
		return errors.New("no model: pass the model you built")
	}
	if m.Var(v) == nil {
		return fmt.Errorf("model %q has no variable %q", m.Name, v)
	}
	if _, err := m.Compile(); err != nil {
		return err
	}
	refs, err := m.References(v)
	if err != nil {
		return err
	}
	for _, want := range names {
		found := false
		for _, r := range refs {
			found = found || expr.Canonical(r) == expr.Canonical(want)
		}
		if !found {
			return fmt.Errorf("the equation of %q (%s) does not use %q", v, m.Var(v).Equation, want)
		}
	}
	return nil
}
