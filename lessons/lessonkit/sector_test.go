package lessonkit

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// servicesSector is the stock and its outflow of the services model, as a sector.
func servicesSector(t *testing.T) Sector {
	s, err := SplitSectors(services(), []SectorStart{{"stock", "survivors in services"}, {"parameters", "referrals per month"}}, nil)
	require.NoError(t, err)
	return s[0]
}

func TestCheckSector(t *testing.T) {
	right := func(m *sdmodel.Model) {
		m.Stock("survivors in services", "initial survivors", "person").In("admissions").Out("exits")
		m.Flow("admissions", "referrals per month", "persons/month")
		m.Flow("exits", "survivors in services / time in services", "persons/month")
	}
	require.NoError(t, CheckSector(right, servicesSector(t), services()), "another spelling of the units is the same sector")
	require.NoError(t, CheckSector(func(m *sdmodel.Model) {
		right(m)
		m.Replace(&sdmodel.Variable{Name: "exits", Kind: sdmodel.Flow, Equation: "(1 / time in services) * survivors in services", Units: "persons/month"})
	}, servicesSector(t), services()), "an equation written in another order computes the same")

	cases := []struct {
		name   string
		change func(m *sdmodel.Model)
		want   string
	}{
		{"missing", func(m *sdmodel.Model) { m.Remove("exits") }, `"exits" is missing: the sector needs it (a flow, in persons/month)`},
		{"kind", func(m *sdmodel.Model) {
			m.Remove("exits")
			m.Aux("exits", "survivors in services / time in services", "persons/month")
		}, `"exits" is a auxiliary, but it should be a flow`},
		{"units", func(m *sdmodel.Model) { m.Var("exits").Units = "persons" }, `"exits" has units "persons", but its equation gives "persons/month"`},
		{"flows", func(m *sdmodel.Model) { m.Var("survivors in services").Outflows = nil }, `stock "survivors in services" has outflows []`},
		{"extra", func(m *sdmodel.Model) { m.Aux("exit rate", "1 / time in services", "1/month") }, `"exit rate" is not a variable of the stock sector`},
		{"equation", func(m *sdmodel.Model) { m.Var("exits").Equation = "survivors in services / time in services / 2" },
			`"exits" differs from time 0.25 on (yours 0.0520833, the library's 0.104167) although everything it uses agrees: check its equation`},
		{"initial value", func(m *sdmodel.Model) { m.Var("survivors in services").Equation = "10" },
			`"survivors in services" differs from time 0 on (yours 10, the library's 0) although everything it uses agrees: check its initial value, "10"`},
		{"compile", func(m *sdmodel.Model) { m.Var("exits").Equation = "survivors in servics / time in services" }, `survivors in servics`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckSector(func(m *sdmodel.Model) { right(m); c.change(m) }, servicesSector(t), services())
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// The trafficking model's survivors sector, with one flow mistyped: the check names that flow, not the
// stocks and the re-trafficking downstream of it.
func TestCheckSectorFindsTheCause(t *testing.T) {
	full := trafficking.Build()
	sectors, err := SplitSectors(full, []SectorStart{{"before", "input time"}, {"survivors", "service referrals"},
		{"market", "maximum transactions per victim"}}, func(v *sdmodel.Variable) bool { return v.Kind == sdmodel.Const })
	require.NoError(t, err)
	survivors := sectors[1]
	copyOf := func(change func(v *sdmodel.Variable)) func(m *sdmodel.Model) {
		return func(m *sdmodel.Model) {
			for _, v := range survivors.Vars {
				nv := *v
				change(&nv)
				m.Add(&nv)
			}
		}
	}
	require.NoError(t, CheckSector(copyOf(func(*sdmodel.Variable) {}), survivors, full))
	err = CheckSector(copyOf(func(v *sdmodel.Variable) {
		if v.Name == "recovery in services" {
			v.Equation = "survivors in services / average stay in services"
		}
	}), survivors, full)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"recovery in services" differs from 2015-01 on`)
	assert.Contains(t, err.Error(), `check its equation, "survivors in services / average stay in services"`)
}

// A student's version of the services model's stock and flows with the exits halved: the check names
// the flow, not the stock that follows it.
func ExampleCheckSector() {
	full := ServicesModel()
	sectors, _ := SplitSectors(full, []SectorStart{{"stock", "survivors in services"}, {"parameters", "referrals per month"}}, nil)
	mine := func(m *sdmodel.Model) {
		m.Stock("survivors in services", "initial survivors", "persons").In("admissions").Out("exits")
		m.Flow("admissions", "referrals per month", "persons/month")
		m.Flow("exits", "survivors in services / time in services / 2", "persons/month")
	}
	fmt.Println(Verdict(CheckSector(mine, sectors[0], full)))
	// Output:
	// ✗ not yet: "exits" differs from time 0.25 on (yours 0.0520833, the library's 0.104167) although everything it uses agrees: check its equation, "survivors in services / time in services / 2"
}
