package modeltest

import (
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// UnitsReport is the outcome of Units: every dimensional inconsistency found.
type UnitsReport struct {
	Model    string
	Checked  int // variables with declared units
	Total    int
	Problems sdmodel.ErrorList
}

// Passed reports whether no inconsistency was found.
func (r *UnitsReport) Passed() bool { return len(r.Problems) == 0 }

func (r *UnitsReport) String() string {
	var b strings.Builder
	noun := "problems"
	if len(r.Problems) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(&b, "dimensional consistency test of %q: %s (%d of %d variables have units; %d %s)\n",
		r.Model, verdict(r.Passed()), r.Checked, r.Total, len(r.Problems), noun)
	for _, e := range r.Problems {
		b.WriteString("  ")
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// Units checks the dimensional consistency of every equation
// (sdmodel.Model.CheckUnits): units declared and inferred agree, flows have
// their stocks' units per time unit, and only like quantities are added or
// compared. Variables without units are not checked, so the report also
// says how many have them.
func Units(m *sdmodel.Model) *UnitsReport {
	r := &UnitsReport{Model: m.Name, Problems: sdmodel.Problems(m.CheckUnits())}
	for _, v := range m.Variables() {
		r.Total++
		if strings.TrimSpace(v.Units) != "" {
			r.Checked++
		}
	}
	return r
}
