package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/units"
)

// SectorTolerance is the relative difference at which CheckSector calls two runs different: an
// equation written in another order (b * a for a * b, a sum regrouped) rounds differently in the last
// bits, and is the same formulation.
const SectorTolerance = 1e-9

// CheckSector checks a sector a student wrote against the library's: add adds the student's sector
// to a model, want is the library's sector (from SplitSectors) and full the library's whole model.
// The sector is right when it has the same variables with the same kinds, units and flows, and the
// whole model with the student's sector in place of the library's runs to the same numbers (within
// SectorTolerance) for every variable at every saved time; an equation may be written differently
// if it computes the same. Otherwise it names the first variable that differs and why: missing or
// extra, kind, units, flows, an equation that does not compile, or a run result, naming for a run
// result the first variable, in the sector's order, whose inputs all agree, so that its own equation
// is the cause (the variables after it differ because it does).
func CheckSector(add func(m *sdmodel.Model), want Sector, full *sdmodel.Model) error {
	if add == nil || full == nil || len(want.Vars) == 0 {
		return errors.New("pass your sector's function, the library's sector and the library's model")
	}
	mine := sdmodel.New("your " + want.Name + " sector")
	add(mine)
	lib := map[string]bool{}
	for _, v := range want.Vars {
		lib[expr.Canonical(v.Name)] = true
		if err := sameShape(mine.Var(v.Name), v); err != nil {
			return err
		}
	}
	for _, v := range mine.Variables() {
		if !lib[expr.Canonical(v.Name)] {
			return fmt.Errorf("%q is not a variable of the %s sector: a misspelt name, or one that belongs to another sector", v.Name, want.Name)
		}
	}
	// The library's model with the student's variables in place of the library's sector.
	m := full.Clone()
	m.Name = "the model with your " + want.Name + " sector"
	for _, v := range mine.Variables() {
		nv := *v
		m.Replace(&nv)
	}
	everyDT := sdmodel.WithSavePer(full.Time.DT) // to see which of a stock and its flows differs first
	yours, err := RunModel(m, everyDT)
	if err != nil {
		return err
	}
	theirs, err := RunModel(full, everyDT)
	if err != nil {
		return err
	}
	differs := map[string]int{} // canonical name -> first saved index that differs
	for _, v := range m.Variables() {
		if i := firstDifference(yours.Series(v.Name), theirs.Series(v.Name)); i >= 0 {
			differs[expr.Canonical(v.Name)] = i
		}
	}
	for _, v := range want.Vars {
		i, ok := differs[expr.Canonical(v.Name)]
		if !ok || !inputsAgree(m, m.Var(v.Name), differs) {
			continue
		}
		what := "equation"
		if v.Kind == sdmodel.Stock {
			what = "initial value"
		}
		t := yours.Time()[i]
		return fmt.Errorf("%q differs from %s on (yours %.6g, the library's %.6g) although everything it uses agrees: check its %s, %q",
			v.Name, dateOf(full, t), yours.Series(v.Name)[i], theirs.Series(v.Name)[i], what, mine.Var(v.Name).Equation)
	}
	for _, v := range want.Vars { // a difference that starts outside the sector (a loop through it)
		if i, ok := differs[expr.Canonical(v.Name)]; ok {
			return fmt.Errorf("%q differs from %s on: its equation %q, or one of the variables it uses", v.Name, dateOf(full, yours.Time()[i]), mine.Var(v.Name).Equation)
		}
	}
	return nil
}

// sameShape compares a student's variable with the library's: present, same kind, same units, same
// flows for a stock.
func sameShape(got, want *sdmodel.Variable) error {
	switch {
	case got == nil:
		return fmt.Errorf("%q is missing: the sector needs it (a %s, in %s)", want.Name, want.Kind, want.Units)
	case got.Kind != want.Kind:
		return fmt.Errorf("%q is a %s, but it should be a %s", want.Name, got.Kind, want.Kind)
	case !sameUnits(got.Units, want.Units):
		return fmt.Errorf("%q has units %q, but its equation gives %q", want.Name, got.Units, want.Units)
	case want.Kind != sdmodel.Stock:
		return nil
	case !sameFlowSet(got.Inflows, want.Inflows):
		return fmt.Errorf("stock %q has inflows %q: it should have %d (%s)", want.Name, got.Inflows, len(want.Inflows), "see the structure described above")
	case !sameFlowSet(got.Outflows, want.Outflows):
		return fmt.Errorf("stock %q has outflows %q: it should have %d (%s)", want.Name, got.Outflows, len(want.Outflows), "see the structure described above")
	}
	return nil
}

// sameUnits compares two unit expressions as units (persons/month is person/month), or as written
// when one does not parse.
func sameUnits(a, b string) bool {
	ua, errA := units.Parse(a)
	ub, errB := units.Parse(b)
	if errA != nil || errB != nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return ua.Equal(ub)
}

// sameFlowSet reports whether two flow lists name the same flows, in any order.
func sameFlowSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, n := range a {
		seen[expr.Canonical(n)]++
	}
	for _, n := range b {
		if seen[expr.Canonical(n)]--; seen[expr.Canonical(n)] < 0 {
			return false
		}
	}
	return true
}

// firstDifference returns the first index at which two series differ by more than SectorTolerance
// (relative), or -1.
func firstDifference(a, b []float64) int {
	if len(a) != len(b) {
		return 0
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) || math.Abs(a[i]-b[i]) > SectorTolerance*math.Max(math.Abs(b[i]), 1e-12) {
			return i
		}
	}
	return -1
}

// inputsAgree reports whether every variable v uses runs the same in both models up to the time v
// starts to differ, so that the difference starts in v's own equation. A stock's inputs are its
// initial value's and, one DT earlier, its flows (the runs are saved every DT).
func inputsAgree(m *sdmodel.Model, v *sdmodel.Variable, differs map[string]int) bool {
	refs, err := m.References(v.Name)
	if err != nil {
		return false
	}
	own := differs[expr.Canonical(v.Name)]
	for _, r := range refs { // for a stock, its initial value's inputs
		if i, ok := differs[expr.Canonical(r)]; ok && i <= own && expr.Canonical(r) != expr.Canonical(v.Name) {
			return false
		}
	}
	for _, f := range append(append([]string(nil), v.Inflows...), v.Outflows...) {
		if i, ok := differs[expr.Canonical(f)]; ok && i < own { // a flow moves its stock one DT later
			return false
		}
	}
	return true
}

// dateOf writes a time of m as a month ("2020-03") when m has a date origin, else as a time.
func dateOf(m *sdmodel.Model, t float64) string {
	if m.DateOrigin == "" {
		return fmt.Sprintf("time %g", t)
	}
	var y, mo int
	if _, err := fmt.Sscanf(m.DateOrigin, "%d-%d", &y, &mo); err != nil {
		return fmt.Sprintf("time %g", t)
	}
	months := y*12 + mo - 1 + int(math.Floor(t))
	return fmt.Sprintf("%d-%02d", months/12, months%12+1)
}
