package xmile

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// apiModel is built with the Go API the way users write models: names with
// blanks, engine spellings of builtins, every kind of variable.
func apiModel() *sdmodel.Model {
	m := sdmodel.New("population & <care>")
	m.Doc = "A test of everything the writer keeps."
	m.SetTime(sdmodel.Time{Start: 0, Stop: 20, DT: 1.0 / 3, SavePer: 1, Units: "year", Method: sdmodel.RK4})
	m.Stock("population", "initial population", "person").In("births").Out("deaths", "emigration").NonNeg().Describe("People living in the region.")
	m.Flow("births", "population * birth rate * effect of crowding(population / capacity)", "person/year").NonNeg()
	m.Flow("deaths", "SMOOTH(population / lifetime, 2) + 0 * INITIAL(population)", "person/year")
	m.Flow("emigration", "IF THEN ELSE(TIME > 10, MODULO(TIME, 3), 0) * DELAY_FIXED(births, 2, 0) / 100", "person/year")
	m.Const("initial population", 1000, "person")
	m.Const("birth rate", 0.04, "1/year")
	m.Const("lifetime", 70, "year")
	m.Aux("capacity", "5000 + STEP(1000, 5)", "person")
	m.Graphical("effect of crowding", "", []float64{0, 0.5, 1, 2}, []float64{1.2, 1, 0.6, 0}, "dmnl").Describe("Crowding slows births.")
	m.Graphical("pressure", "population / capacity", []float64{0, 1}, []float64{0, 1}, "").Interp("extrapolate")
	m.Graphical("steps", "TIME", []float64{0, 10}, []float64{1, 2}, "").Interp("discrete")
	m.Aux("odd name: a/b", "pressure + steps", "")
	return m
}

func roundTrip(t *testing.T, m *sdmodel.Model) (*sdmodel.Model, string) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, m))
	m2, err := Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err, buf.String())
	return m2, buf.String()
}

func TestWriteRoundTripStructure(t *testing.T) {
	m := apiModel()
	m2, text := roundTrip(t, m)
	assert.Equal(t, m.Name, m2.Name)
	assert.Equal(t, m.Doc, m2.Doc)
	assert.Equal(t, m.Time, m2.Time, "the time specs come back exactly, DT 1/3 included")
	require.Len(t, m2.Variables(), len(m.Variables()))
	for i, v := range m.Variables() {
		w := m2.Variables()[i]
		assert.Equal(t, v.Name, w.Name)
		assert.Equal(t, v.Kind, w.Kind, v.Name)
		assert.Equal(t, v.Units, w.Units, v.Name)
		assert.Equal(t, v.Doc, w.Doc, v.Name)
		assert.Equal(t, v.NonNegative, w.NonNegative, v.Name)
		assert.Equal(t, v.GF, w.GF, v.Name)
		assert.Equal(t, len(v.Inflows), len(w.Inflows), v.Name)
		assert.Equal(t, len(v.Outflows), len(w.Outflows), v.Name)
	}
	// XMILE spellings for other tools.
	for _, want := range []string{
		`<dt reciprocal="true">3</dt>`,
		`isee:save_interval="1"`,
		`method="RK4"`,
		`<eqn>population * birth_rate * effect_of_crowding(population / capacity)</eqn>`,
		`<eqn>SMTH1(population / lifetime, 2) + 0 * INIT(population)</eqn>`,
		`<eqn>(IF TIME &gt; 10 THEN (TIME MOD 3) ELSE 0) * DELAY(births, 2, 0) / 100</eqn>`,
		`<gf name="effect of crowding">`,
		`<gf type="extrapolate">`,
		`<eqn>pressure + steps</eqn>`,
		`<aux name="odd name: a/b">`,
		`<outflow>emigration</outflow>`,
		`<non_negative/>`,
		`<name>population &amp; &lt;care&gt;</name>`,
	} {
		assert.Contains(t, text, want)
	}
}

func TestWriteRoundTripRuns(t *testing.T) {
	m := apiModel()
	c, err := m.Compile()
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		t.Skip(err)
	}
	require.NoError(t, err)
	want, err := c.Run()
	require.NoError(t, err)
	m2, _ := roundTrip(t, m)
	c2, err := m2.Compile()
	require.NoError(t, err)
	got, err := c2.Run()
	require.NoError(t, err)
	require.Equal(t, want.Time(), got.Time())
	require.Equal(t, want.Names(), got.Names())
	for _, name := range want.Names() {
		a, b := want.Series(name), got.Series(name)
		for i := range a {
			require.Equal(t, math.Float64bits(a[i]), math.Float64bits(b[i]), "%s at %g", name, want.Time()[i])
		}
	}
}

func TestWriteQuotedNames(t *testing.T) {
	m := sdmodel.New("names")
	m.Stock("Stock with $peC!@| characters", "1", "").In("Flow w/ division, lists")
	m.Flow("Flow w/ division, lists", `"Aux (with parens)" * 2`, "")
	m.Aux("Aux (with parens)", "3", "")
	m2, text := roundTrip(t, m)
	assert.Contains(t, text, `<inflow>"Flow_w/_division,_lists"</inflow>`)
	assert.Contains(t, text, `<eqn>"Aux (with parens)" * 2</eqn>`, "quoted names are kept")
	assert.Equal(t, []string{"Flow_w/_division,_lists"}, m2.Var("stock with $pec!@| characters").Inflows)
}

func TestWriteErrors(t *testing.T) {
	m := sdmodel.New("bad")
	m.Aux(`say "hi"`, "1", "")
	err := Write(&bytes.Buffer{}, m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `variable "say "hi""`)
	assert.Error(t, Write(&bytes.Buffer{}, nil))
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.xmile")
	require.NoError(t, WriteFile(path, apiModel()))
	m, err := ReadFile(path)
	require.NoError(t, err)
	assert.Len(t, m.Variables(), len(apiModel().Variables()))
	_, err = ReadFile(filepath.Join(t.TempDir(), "missing.xmile"))
	assert.True(t, os.IsNotExist(err))
}

// TestWriteMacroOutputsAndArrays: a macro's further outputs and its own
// dimensions survive writing and reading back; the runs are identical.
func TestWriteMacroOutputsAndArrays(t *testing.T) {
	m := sdmodel.New("macros")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 4, DT: 0.5, SavePer: 1})
	m.Dimension("region", "north", "south")
	stats := m.Macro("stats", "x", "y")
	stats.Equation = "total"
	stats.Outputs = []string{"difference"}
	stats.Body.Aux("total", "x + y", "")
	stats.Body.Aux("difference", "x - y", "")
	pair := m.Macro("pair", "inflow")
	pair.Equation = "SUM(level[side!])"
	pair.Body.Dimension("side", "left", "right")
	pair.Body.Stock("level", "0", "").Over("side").In("filling")
	pair.Body.Flow("filling", "inflow * 0.5", "").Over("side")
	m.Aux("rate", "1, 3", "").Over("region")
	m.Aux("sum of two", "stats(rate[north], 3, diff)", "")
	m.Aux("uses diff", "diff * 2", "")
	m.Aux("paired", "pair(rate[region])", "").Over("region")

	run := func(m *sdmodel.Model) (*sdmodel.Results, error) {
		c, err := m.Compile()
		if err != nil {
			return nil, err
		}
		return c.Run()
	}
	want, err := run(m)
	require.NoError(t, err)
	m2, text := roundTrip(t, m)
	assert.Contains(t, text, `<parm output="true">difference</parm>`)
	assert.Contains(t, text, `<dim name="side">`)
	require.Equal(t, []string{"difference"}, m2.Macros()[0].Outputs)
	got, err := run(m2)
	require.NoError(t, err, text)
	require.Equal(t, want.Names(), got.Names())
	for _, name := range want.Names() {
		assert.Equal(t, want.Series(name), got.Series(name), name)
	}
	assert.Equal(t, 12.0, got.Final("paired[south]"), "3 * 0.5 into each of two sides for 4 time units")
	assert.Equal(t, -4.0, got.Final("uses diff"))
}

// TestWriteRoundTripRandomLookupNPVE: RANDOM LOOKUP and NPVE survive a
// write and a read, and the model read back draws the same numbers.
func TestWriteRoundTripRandomLookupNPVE(t *testing.T) {
	m := sdmodel.New("lookup draws")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 10, DT: 1})
	m.Graphical("shape", "", []float64{0, 1, 3}, []float64{0, 2, 0}, "")
	m.Aux("draw", "RANDOM LOOKUP(shape, 0.5, 2.5, 4)", "")
	m.Aux("value", "NPVE(draw, 0.1, 0, 1)", "")
	c, err := m.Compile()
	require.NoError(t, err)
	want, err := c.Run(sdmodel.WithSeed(5))
	require.NoError(t, err)
	m2, _ := roundTrip(t, m)
	c2, err := m2.Compile()
	require.NoError(t, err)
	got, err := c2.Run(sdmodel.WithSeed(5))
	require.NoError(t, err)
	for _, name := range []string{"draw", "value"} {
		require.Equal(t, want.Series(name), got.Series(name), name)
	}
}
