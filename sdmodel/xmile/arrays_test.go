package xmile

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// arrayFile is an XMILE model with dimensions (named and sized), an
// apply-to-all stock and flow, per-element equations and tables, a value
// list, reductions and a macro.
const arrayFile = `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><name>arrays</name></header>
<sim_specs><start>0</start><stop>4</stop><dt>1</dt></sim_specs>
<dimensions>
  <dim name="region"><elem name="north"/><elem name="south"/></dim>
  <dim name="stage" size="3"/>
</dimensions>
<macro name="double"><parm>x</parm><eqn>2 * x</eqn></macro>
<macro name="accumulate"><parm>input</parm><eqn>total</eqn>
  <variables>
    <stock name="total"><eqn>0</eqn><inflow>adding</inflow></stock>
    <flow name="adding"><eqn>input</eqn></flow>
  </variables>
</macro>
<model><variables>
  <stock name="people"><dimensions><dim name="region"/><dim name="stage"/></dimensions>
    <eqn>initial[region] / 3</eqn><inflow>entering</inflow></stock>
  <flow name="entering"><dimensions><dim name="region"/><dim name="stage"/></dimensions>
    <eqn>IF stage = 1 THEN rate[region] ELSE people[region, stage - 1] * 0.1</eqn></flow>
  <aux name="initial"><dimensions><dim name="region"/></dimensions><eqn>30, 60</eqn></aux>
  <aux name="rate"><dimensions><dim name="region"/></dimensions>
    <element subscript="north"><eqn>1</eqn></element>
    <element subscript="south"><eqn>double(1)</eqn></element></aux>
  <aux name="effect"><dimensions><dim name="region"/></dimensions><eqn>TIME</eqn>
    <element subscript="north"><gf><xpts>0,4</xpts><ypts>0,1</ypts></gf></element>
    <element subscript="south"><gf><xpts>0,4</xpts><ypts>1,0</ypts></gf></element></aux>
  <aux name="everyone"><eqn>SUM(people[*, *])</eqn></aux>
  <aux name="average stage 1"><eqn>MEAN(people[region, 1])</eqn></aux>
  <aux name="accumulated"><eqn>accumulate(everyone)</eqn></aux>
</variables></model></xmile>`

func TestReadArrays(t *testing.T) {
	m, err := Read(strings.NewReader(arrayFile))
	require.NoError(t, err)
	require.Len(t, m.Dimensions(), 2)
	assert.Equal(t, []string{"1", "2", "3"}, m.Dim("stage").Elements)
	assert.Equal(t, []string{"region", "stage"}, m.Var("people").Dims)
	require.Len(t, m.Var("rate").Elements, 2)
	assert.Equal(t, "double(1)", m.Var("rate").Elements[1].Equation)
	assert.Equal(t, sdmodel.Graphical, m.Var("effect").Kind)
	require.Len(t, m.Macros(), 2)

	c, err := m.Compile()
	require.NoError(t, err)
	r, err := c.Run()
	require.NoError(t, err)
	// people[south,1] starts at 20 and gains rate[south] = 2 a step.
	assert.InDelta(t, 20+2*4, r.Final("people[south,1]"), 1e-12)
	assert.InDelta(t, 10+1*4, r.Final("people[north,1]"), 1e-12)
	assert.InDelta(t, 1, r.Final("effect[north]"), 1e-12)
	assert.InDelta(t, 0, r.Final("effect[south]"), 1e-12)
	sum, acc := 0.0, 0.0
	for _, reg := range []string{"north", "south"} {
		for _, st := range []string{"1", "2", "3"} {
			sum += r.Final("people[" + reg + "," + st + "]")
		}
	}
	assert.InDelta(t, sum, r.Final("everyone"), 1e-9)
	assert.InDelta(t, (r.Final("people[north,1]")+r.Final("people[south,1]"))/2, r.Final("average stage 1"), 1e-9)
	for i := 0; i < len(r.Time())-1; i++ {
		acc += r.Value("everyone", i)
	}
	assert.InDelta(t, acc, r.Final("accumulated"), 1e-9, "the macro's stock integrates its input")

	// Written and read back, the model runs to the same numbers bit for bit.
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, m))
	assert.Contains(t, buf.String(), `<element subscript="north">`)
	assert.Contains(t, buf.String(), `<macro name="accumulate">`)
	m2, err := Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err, buf.String())
	c2, err := m2.Compile()
	require.NoError(t, err)
	r2, err := c2.Run()
	require.NoError(t, err)
	require.Equal(t, r.Names(), r2.Names())
	for _, name := range r.Names() {
		a, b := r.Series(name), r2.Series(name)
		for i := range a {
			require.Equal(t, math.Float64bits(a[i]), math.Float64bits(b[i]), name)
		}
	}
}

func TestWriteArraysFromAPI(t *testing.T) {
	m := sdmodel.New("mapped")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 2, DT: 1})
	m.Dimension("a", "a1", "a2")
	m.Dimension("b", "b1", "b2").MapTo("a", "a2", "a1")
	m.Dimension("c", "c1", "c2").MapTo("a")
	m.Aux("x", "a * 10", "").Over("a")
	m.Aux("y", "x[a]", "").Over("b")
	m.Aux("z", "x[a] + SUM(y[b!])", "").Over("c")
	m2, text := roundTrip(t, m)
	assert.Contains(t, text, `<map to="a">a2, a1</map>`)
	c, err := m2.Compile()
	require.NoError(t, err)
	r, err := c.Run()
	require.NoError(t, err)
	assert.Equal(t, 20.0, r.Final("y[b1]"))
	assert.Equal(t, 10.0, r.Final("y[b2]"))
	assert.Equal(t, 40.0, r.Final("z[c1]"))
}

func TestReadCrossModuleConnections(t *testing.T) {
	src := `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><name>modules</name></header>
<sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>
<model><variables>
  <module name="Producer 1"><connect to="consumer.input" from="&quot;Producer 1&quot;.output"/></module>
  <module name="consumer"/>
  <aux name="total"><eqn>consumer.result</eqn></aux>
</variables></model>
<model name="Producer 1"><variables><aux name="output"><eqn>TIME * 2</eqn></aux></variables></model>
<model name="consumer"><variables><aux name="input"><eqn>0</eqn></aux><aux name="result"><eqn>input + 1</eqn></aux></variables></model>
</xmile>`
	m, err := Read(strings.NewReader(src))
	require.NoError(t, err)
	assert.Equal(t, "Producer_1.output", m.Var("consumer.input").Equation)
	c, err := m.Compile()
	require.NoError(t, err)
	r, err := c.Run()
	require.NoError(t, err)
	assert.Equal(t, 5.0, r.Final("total"), "2 * 2 + 1: the connection listed on the producer feeds the consumer")
}

func TestReadUnitAliases(t *testing.T) {
	src := strings.Replace(wrap(`<stock name="heat"><eqn>10</eqn><outflow>loss</outflow><units>degrees</units></stock>
		<flow name="loss"><eqn>heat / cooling time</eqn><units>dg/mn</units></flow>
		<aux name="cooling time"><eqn>5</eqn><units>minutes</units></aux>`), "<model>", `<model_units>
		<unit name="Degrees"><eqn/><alias>dg</alias></unit>
		<unit name="Minutes"><eqn/><alias>mn</alias><alias>mins</alias></unit></model_units><model>`, 1)
	src = strings.Replace(src, "<sim_specs>", `<sim_specs time_units="minutes">`, 1)
	m, err := Read(strings.NewReader(src))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"dg": "Degrees", "mn": "Minutes", "mins": "Minutes"}, m.UnitAliases)
	assert.Empty(t, m.CheckUnits())
	bare := m.Clone()
	bare.UnitAliases = nil
	assert.NotEmpty(t, bare.CheckUnits(), "without the aliases dg/mn is not degree/minute")
	m2, text := roundTrip(t, m)
	assert.Contains(t, text, "<alias>mins</alias>")
	assert.Equal(t, m.UnitAliases, m2.UnitAliases)

	// Stella's placeholder time unit "Time": units per time are not checked.
	m.Time.Units = "Time"
	m.Var("loss").Units = "dg/time"
	assert.Empty(t, m.CheckUnits())
	m.Time.Units = "hours"
	m.Var("loss").Units = "degrees/hour"
	assert.NotEmpty(t, m.CheckUnits(), "with a named time unit the mismatch is reported")
}

// TestElementInitEqn checks an element's <init_eqn>: read, used while
// stocks are initialised, written back, and reported with its position
// when malformed.
func TestElementInitEqn(t *testing.T) {
	src := wrap(`<aux name="x"><dimensions><dim name="d"/></dimensions>
  <element subscript="d1"><eqn>TIME + 1</eqn><init_eqn>10</init_eqn></element>
  <element subscript="d2"><eqn>TIME + 2</eqn></element></aux>
<stock name="s"><eqn>x[d1] + x[d2]</eqn></stock>`)
	src = strings.Replace(src, "<model>", `<dimensions><dim name="d"><elem name="d1"/><elem name="d2"/></dim></dimensions><model>`, 1)
	m := read(t, src)
	require.Len(t, m.Var("x").Elements, 2)
	assert.Equal(t, "10", m.Var("x").Elements[0].InitEquation)
	var b bytes.Buffer
	require.NoError(t, Write(&b, m))
	assert.Contains(t, b.String(), "<init_eqn>10</init_eqn>")
	back, err := Read(&b)
	require.NoError(t, err)
	for _, mm := range []*sdmodel.Model{m, back} {
		c, err := mm.Compile()
		require.NoError(t, err)
		res, err := c.Run()
		require.NoError(t, err)
		assert.Equal(t, 12.0, res.Value("s", 0), "10 for x[d1] while initialising, then 2 for x[d2]")
		assert.Equal(t, 1.0, res.Value("x[d1]", 0))
	}

	_, err = Read(strings.NewReader(strings.Replace(src, "<init_eqn>10</init_eqn>", "<init_eqn>10 *</init_eqn>", 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "equation 1:")
}
