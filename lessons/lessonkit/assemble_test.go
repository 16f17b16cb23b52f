package lessonkit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Assembling every sector of the library's model, after its parameter table, gives the library's
// model: lesson 3's last cell, with the market copied instead of typed.
func TestAssembleTraffickingSectors(t *testing.T) {
	sectors, err := TraffickingSectors()
	require.NoError(t, err)
	require.Len(t, sectors, len(TraffickingSectorStarts()))
	full := trafficking.Build()
	m := sdmodel.New(full.Name)
	m.Time, m.DateOrigin = full.Time, full.DateOrigin
	for _, p := range trafficking.Parameters() {
		m.Const(p.Name, p.Value, p.Units)
	}
	typed := 0
	own := map[string]func(*sdmodel.Model){"harm measures": func(m *sdmodel.Model) {
		typed++
		Assemble(m, sectors[len(sectors)-1:], 1, nil)
	}}
	c, err := CompareModels(Assemble(m, sectors, len(sectors), own), full, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, typed)
	assert.Equal(t, c.Variables, c.Identical)
	assert.Contains(t, SectorTable(sectors), "| 3 | survivors | service referrals | ")
	assert.Len(t, Assemble(sdmodel.New("x"), sectors, 1, nil).Variables(), len(sectors[0].Vars))
}

func TestSplitKindsAndParameterTable(t *testing.T) {
	sectors, err := TraffickingSectors()
	require.NoError(t, err)
	flows, rest := SplitKinds(sectors[2], sdmodel.Stock, sdmodel.Flow)
	assert.Equal(t, len(sectors[2].Vars), len(flows.Vars)+len(rest.Vars))
	for _, v := range flows.Vars {
		assert.Contains(t, []sdmodel.Kind{sdmodel.Stock, sdmodel.Flow}, v.Kind)
	}
	assert.NotEmpty(t, rest.Vars)
	table := ParameterTable(trafficking.Parameters())
	p := trafficking.Parameters()[0]
	assert.Contains(t, table, "| "+p.Name+" | ")
}

func TestCheckUses(t *testing.T) {
	m := services()
	assert.NoError(t, CheckUses(m, "exits", "time in services", "Survivors In Services"))
	assert.ErrorContains(t, CheckUses(m, "exits", "referrals per month"), `does not use "referrals per month"`)
	assert.ErrorContains(t, CheckUses(m, "nothing"), `no variable "nothing"`)
	assert.ErrorContains(t, CheckUses(nil, "exits"), "no model")
}
