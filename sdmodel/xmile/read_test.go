package xmile

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

const teacup = `<?xml version="1.0" encoding="UTF-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0" xmlns:isee="http://iseesystems.com/XMILE">
  <header><name>Teacup</name><vendor>test</vendor></header>
  <sim_specs method="Euler" time_units="Minutes">
    <start>0</start><stop>30</stop><dt>0.125</dt>
  </sim_specs>
  <isee:prefs show_module_prefix="true"/>
  <model>
    <variables>
      <flow name="Heat Loss to Room">
        <doc>Heat Loss to Room</doc>
        <eqn>("Teacup Temperature"-"Room Temperature")/"Characteristic Time"</eqn>
        <units>Degrees/Minute</units>
      </flow>
      <aux name="Room Temperature"><eqn>70</eqn><units>Degrees</units></aux>
      <stock name="Teacup\nTemperature">
        <doc>The average temperature of the tea and the cup</doc>
        <outflow>"Heat Loss to Room"</outflow>
        <eqn>180</eqn>
        <units>Degrees</units>
      </stock>
      <aux name="Characteristic Time"><eqn>10</eqn><units>Minutes</units></aux>
    </variables>
    <views><view><stock name="Teacup\nTemperature" x="1" y="2"/></view></views>
  </model>
</xmile>`

func read(t *testing.T, src string) *sdmodel.Model {
	t.Helper()
	m, err := Read(strings.NewReader(src))
	require.NoError(t, err)
	return m
}

func TestReadTeacup(t *testing.T) {
	m := read(t, teacup)
	assert.Equal(t, "Teacup", m.Name)
	assert.Equal(t, sdmodel.Time{Start: 0, Stop: 30, DT: 0.125, Units: "Minutes", Method: sdmodel.Euler}, m.Time)
	require.Len(t, m.Variables(), 4, "views are not variables")

	s := m.Var("teacup temperature")
	require.NotNil(t, s)
	assert.Equal(t, "Teacup Temperature", s.Name, `the \n escape is a blank in the display name`)
	assert.Equal(t, sdmodel.Stock, s.Kind)
	assert.Equal(t, "180", s.Equation)
	assert.Equal(t, []string{"Heat Loss to Room"}, s.Outflows, "quotes around flow names are dropped")
	assert.Equal(t, "The average temperature of the tea and the cup", s.Doc)
	assert.Equal(t, "Degrees", s.Units)

	f := m.Var("heat_loss_to_room")
	require.NotNil(t, f)
	assert.Equal(t, sdmodel.Flow, f.Kind)
	assert.Equal(t, `("Teacup Temperature"-"Room Temperature")/"Characteristic Time"`, f.Equation, "equations are kept as written")
	assert.Equal(t, sdmodel.Const, m.Var("Room Temperature").Kind, "a numeric auxiliary is a constant that runs may override")
}

func TestReadLegacyLayout(t *testing.T) {
	// Older Stella files: no namespace prefix on the root, variables
	// straight in <model>, display elements inside variables.
	m := read(t, `<xmile version="1.0" level="3" xmlns="http://www.systemdynamics.org/XMILE">
	<sim_specs><start>1</start><stop>5</stop></sim_specs>
	<model>
		<stock name="a"><eqn>1</eqn><inflow>b</inflow><non_negative/><display x="1"/></stock>
		<flow name="b"><eqn>a/2</eqn></flow>
	</model></xmile>`)
	assert.Equal(t, 1.0, m.Time.DT, "DT defaults to 1")
	assert.Equal(t, 0.0, m.Time.SavePer, "no save interval: every DT")
	require.Len(t, m.Variables(), 2)
	assert.True(t, m.Var("a").NonNegative)
	assert.Equal(t, []string{"b"}, m.Var("a").Inflows)
}

func TestReadNoNamespace(t *testing.T) {
	m := read(t, `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs>
		<model><variables><aux name="x"><eqn>TIME*2</eqn></aux></variables></model></xmile>`)
	assert.Equal(t, "TIME*2", m.Var("x").Equation)
	assert.Equal(t, "model", m.Name, "no header name and no file: a default name")
}

func TestReadSimSpecs(t *testing.T) {
	for _, tc := range []struct {
		name, specs string
		want        sdmodel.Time
	}{
		{"reciprocal dt", `<sim_specs><start>0</start><stop>10</stop><dt reciprocal="true">4</dt></sim_specs>`,
			sdmodel.Time{Stop: 10, DT: 0.25}},
		{"method fallback list", `<sim_specs method="gear, RK4"><start>0</start><stop>10</stop></sim_specs>`,
			sdmodel.Time{Stop: 10, DT: 1, Method: sdmodel.RK4}},
		{"rk2 and time units", `<sim_specs method="rk2" time_units="Year"><start>2000</start><stop>2010</stop><dt>0.5</dt></sim_specs>`,
			sdmodel.Time{Start: 2000, Stop: 2010, DT: 0.5, Units: "Year", Method: sdmodel.RK2}},
		{"isee save interval", `<sim_specs xmlns:isee="http://iseesystems.com/XMILE" isee:save_interval="2"><start>0</start><stop>10</stop></sim_specs>`,
			sdmodel.Time{Stop: 10, DT: 1, SavePer: 2}},
		{"save_step element", `<sim_specs><start>0</start><stop>10</stop><dt>0.5</dt><save_step>1</save_step></sim_specs>`,
			sdmodel.Time{Stop: 10, DT: 0.5, SavePer: 1}},
		{"sim specs inside the model", ``, sdmodel.Time{Start: 3, Stop: 4, DT: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			model := `<model><variables><aux name="x"><eqn>1</eqn></aux></variables></model>`
			if tc.specs == "" {
				model = `<model><sim_specs><start>3</start><stop>4</stop></sim_specs><variables><aux name="x"><eqn>1</eqn></aux></variables></model>`
			}
			m := read(t, `<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">`+tc.specs+model+`</xmile>`)
			assert.Equal(t, tc.want, m.Time)
		})
	}
}

func wrap(vars string) string {
	return `<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"><header><name>t</name></header>
<sim_specs><start>0</start><stop>10</stop></sim_specs>
<model><variables>
` + vars + `
</variables></model></xmile>`
}

func TestReadGraphicalFunctions(t *testing.T) {
	m := read(t, wrap(`
		<aux name="pts"><eqn>TIME</eqn><gf><xpts>0,5,10</xpts><ypts>1,2,4</ypts></gf></aux>
		<aux name="scaled"><eqn>TIME</eqn><gf type="extrapolate"><xscale min="0" max="10"/><ypts>1,2,3,4,5</ypts></gf></aux>
		<aux name="sep"><eqn>TIME</eqn><gf discrete="true"><xpts sep=";">0;1</xpts><ypts sep=";">3;4</ypts><xscale min="0" max="0"/></gf></aux>
		<gf name="table"><yscale min="0" max="1"/><xpts>0,1</xpts><ypts>0,1</ypts></gf>
		<aux name="call"><eqn>table(TIME/10)</eqn></aux>`))
	for _, tc := range []struct {
		name, input, typ string
		xs, ys           []float64
	}{
		{"pts", "TIME", "continuous", []float64{0, 5, 10}, []float64{1, 2, 4}},
		{"scaled", "TIME", "extrapolate", []float64{0, 2.5, 5, 7.5, 10}, []float64{1, 2, 3, 4, 5}},
		{"sep", "TIME", "discrete", []float64{0, 1}, []float64{3, 4}},
		{"table", "", "continuous", []float64{0, 1}, []float64{0, 1}},
	} {
		v := m.Var(tc.name)
		require.NotNil(t, v, tc.name)
		assert.Equal(t, sdmodel.Graphical, v.Kind, tc.name)
		assert.Equal(t, tc.input, v.Equation, tc.name)
		require.NotNil(t, v.GF, tc.name)
		assert.Equal(t, &sdmodel.GF{X: tc.xs, Y: tc.ys, Type: tc.typ}, v.GF, tc.name)
	}
	assert.Equal(t, "table(TIME/10)", m.Var("call").Equation)
}

func TestReadFlowWithGraphicalFunction(t *testing.T) {
	m := read(t, wrap(`<flow name="inflow rate"><eqn>TIME/2</eqn><gf><xpts>0,10</xpts><ypts>0,5</ypts></gf></flow>`))
	f := m.Var("inflow rate")
	assert.Equal(t, sdmodel.Flow, f.Kind)
	assert.Equal(t, "inflow_rate_table(TIME/2)", f.Equation)
	assert.Nil(t, f.GF)
	g := m.Var("inflow rate table")
	require.NotNil(t, g)
	assert.Equal(t, sdmodel.Graphical, g.Kind)
	assert.Equal(t, []float64{0, 5}, g.GF.Y)
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	assert.Equal(t, 1.0, res.At("inflow rate", 4), "the table read at TIME/2 = 2")
}

func TestReadNonNegative(t *testing.T) {
	vars := `<stock name="s1"><eqn>1</eqn><outflow>f1</outflow></stock>
		<stock name="s2"><eqn>1</eqn><non_negative>false</non_negative></stock>
		<flow name="f1"><eqn>1</eqn></flow>
		<flow name="f2"><eqn>1</eqn><non_negative> TruE </non_negative></flow>
		<flow name="f3"><eqn>1</eqn><non_negative>FALSE</non_negative></flow>`
	for _, tc := range []struct {
		name, behavior string
		want           map[string]bool
	}{
		{"no defaults", "", map[string]bool{"s1": false, "s2": false, "f1": false, "f2": true, "f3": false}},
		{"all", "<behavior><non_negative/></behavior>", map[string]bool{"s1": true, "s2": false, "f1": true, "f2": true, "f3": false}},
		{"stocks only", "<behavior><stock><non_negative/></stock></behavior>", map[string]bool{"s1": true, "s2": false, "f1": false, "f2": true, "f3": false}},
		{"flows only", "<behavior><flow><non_negative/></flow></behavior>", map[string]bool{"s1": false, "s2": false, "f1": true, "f2": true, "f3": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(wrap(vars), "<model>", tc.behavior+"<model>", 1)
			m := read(t, src)
			for name, want := range tc.want {
				assert.Equal(t, want, m.Var(name).NonNegative, name)
			}
		})
	}
}

func TestReadAuxAsFlow(t *testing.T) {
	// Vensim converters declare the flows of a stock as auxiliaries.
	m := read(t, wrap(`<stock name="s"><eqn>0</eqn><inflow>f</inflow><outflow>g</outflow></stock>
		<aux name="f"><eqn>.34</eqn></aux><aux name="g"><eqn>TIME</eqn></aux>`))
	assert.Equal(t, sdmodel.Flow, m.Var("f").Kind)
	assert.Equal(t, ".34", m.Var("f").Equation, "a flow keeps its equation as written")
	assert.Equal(t, sdmodel.Flow, m.Var("g").Kind)
}

func TestReadVensimControls(t *testing.T) {
	// Converters leave SAVEPER and friends without equations: they take the sim specs.
	m := read(t, wrap(`<aux name="TIME STEP"><eqn>1</eqn></aux><aux name="SAVEPER"></aux><aux name="FINAL TIME"><eqn/></aux>`))
	assert.Equal(t, "1", m.Var("saveper").Equation)
	assert.Equal(t, "10", m.Var("final time").Equation)
}

func TestReadBuiltinSpellings(t *testing.T) {
	m := read(t, wrap(`<aux name="a"><eqn>SMOOTH N(TIME, 3, 0, 2)</eqn></aux>
		<aux name="b"><eqn>DELAY N(TIME, 3, 5, 2) + PI()</eqn></aux>
		<aux name="c"><eqn>IF THEN ELSE(TIME > 1, 1, 0) {kept as written}</eqn></aux>`))
	assert.Equal(t, "SMTHN(TIME, 3, 2, 0)", m.Var("a").Equation, "Vensim's order argument moves to third place")
	assert.Equal(t, "DELAYN(TIME, 3, 2, 5) + PI", m.Var("b").Equation)
	assert.Equal(t, "IF THEN ELSE(TIME > 1, 1, 0) {kept as written}", m.Var("c").Equation)
}

const hares = `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<sim_specs><start>0</start><stop>2</stop><dt>0.5</dt></sim_specs>
<model>
  <variables>
    <module name="hares"><connect to="hares.area" from=".area"/><connect to="lynxes" from="lynxes.lynxes"/></module>
    <module name="lynxes"><connect to="hare_density" from="hares.hare_density"/></module>
    <aux name="area"><eqn>1000</eqn></aux>
    <aux name="total"><eqn>hares.hares + lynxes.lynxes</eqn></aux>
  </variables>
</model>
<model name="hares">
  <variables>
    <stock name="hares"><eqn>50000</eqn><inflow>births</inflow></stock>
    <flow name="births"><eqn>hares * 0.1 - lynxes</eqn></flow>
    <aux name="area" access="input"><eqn>{placeholder}</eqn></aux>
    <stock name="lynxes" access="input"><eqn>{placeholder}</eqn></stock>
    <aux name="hare\ndensity"><eqn>hares / area</eqn></aux>
    <aux name="effect"><eqn>hare_density</eqn><gf><xpts>0,100</xpts><ypts>0,1</ypts></gf></aux>
    <aux name="uses gf"><eqn>effect(2) + TIME</eqn></aux>
  </variables>
</model>
<model name="lynxes">
  <variables>
    <stock name="lynxes"><eqn>1250</eqn></stock>
    <aux name="hare_density"><eqn>{placeholder}</eqn></aux>
  </variables>
</model>
</xmile>`

func TestReadModules(t *testing.T) {
	m := read(t, hares)
	var names []string
	for _, v := range m.Variables() {
		names = append(names, v.Name)
	}
	assert.Equal(t, []string{
		"hares.hares", "hares.births", "hares.area", "hares.lynxes", "hares.hare density", "hares.effect", "hares.uses gf",
		"lynxes.lynxes", "lynxes.hare_density", "area", "total",
	}, names)
	for _, tc := range []struct {
		name, eqn string
		kind      sdmodel.Kind
	}{
		{"hares.births", `hares.hares * 0.1 - hares.lynxes`, sdmodel.Flow},
		{"hares.area", `area`, sdmodel.Aux},
		{"hares.lynxes", `lynxes.lynxes`, sdmodel.Aux},
		{"hares.hare_density", `hares.hares / hares.area`, sdmodel.Aux},
		{"hares.effect", `hares.hare_density`, sdmodel.Graphical},
		{"hares.uses gf", `hares.effect(2) + TIME`, sdmodel.Aux},
		{"lynxes.hare_density", `hares.hare_density`, sdmodel.Aux},
		{"total", "hares.hares + lynxes.lynxes", sdmodel.Aux},
	} {
		v := m.Var(tc.name)
		require.NotNil(t, v, tc.name)
		assert.Equal(t, tc.eqn, v.Equation, tc.name)
		assert.Equal(t, tc.kind, v.Kind, tc.name)
	}
	assert.Equal(t, []string{"hares.births"}, m.Var("hares.hares").Inflows)
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"not XML", "hello", []string{"no XML element"}},
		{"malformed", "<xmile>\n<model>\n</xmile", []string{"line 3", "malformed XML"}},
		{"not XMILE", "<html/>", []string{"not an XMILE file"}},
		{"no sim specs", `<xmile><model/></xmile>`, []string{"no <sim_specs>"}},
		{"no model", `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs></xmile>`, []string{"no <model>"}},
		{"bad number", `<xmile><sim_specs><start>0</start><stop>ten</stop></sim_specs><model/></xmile>`, []string{`"ten" is not a number`}},
		{"bad dt", `<xmile><sim_specs><start>0</start><stop>1</stop><dt>0</dt></sim_specs><model/></xmile>`, []string{"DT must be a positive"}},
		{"element without dimensions", wrap(`<aux name="a"><element subscript="x"><eqn>1</eqn></element></aux>`), []string{`variable "a"`, "line 4", "element definitions for a variable without <dimensions>"}},
		{"dimension without elements", strings.Replace(wrap(``), "<model>", `<dimensions><dim name="d"/></dimensions><model>`, 1), []string{`dimension "d" needs <elem> elements or a size`}},
		{"element subscripts", strings.Replace(wrap(`<aux name="a"><dimensions><dim name="d"/></dimensions><element subscript="x, y"><eqn>1</eqn></element></aux>`), "<model>", `<dimensions><dim name="d" size="2"/></dimensions><model>`, 1), []string{`variable "a"`, `<element subscript="x, y"> needs 1 subscripts`}},
		{"element equation", strings.Replace(wrap(`<aux name="a"><dimensions><dim name="d"/></dimensions><element subscript="1"><eqn>1 +</eqn></element></aux>`), "<model>", `<dimensions><dim name="d" size="2"/></dimensions><model>`, 1), []string{`variable "a[1]"`, "line 4", "equation 1:4"}},
		{"macro equation", strings.Replace(wrap(``), "<model>", `<macro name="twice"><parm>x</parm><eqn>2*</eqn></macro><model>`, 1), []string{`variable "macro twice"`, "equation 1:3"}},
		{"undefined macro", wrap(`<aux name="out"><eqn>1 +
			EXPRESSION MACRO(2, 3)</eqn></aux>`), []string{`variable "out"`, "line 5", "equation 2:4", "unknown function EXPRESSION MACRO"}},
		{"syntax error", wrap(`<flow name="f"><eqn>1 + * 2</eqn></flow>`), []string{`variable "f"`, "line 4", "equation 1:5"}},
		{"no equation", wrap(`<flow name="f"></flow>`), []string{`variable "f"`, "flow has no equation"}},
		{"stock without initial value", wrap(`<stock name="s"/>`), []string{`variable "s"`, "no initial value"}},
		{"duplicate", wrap(`<aux name="a b"><eqn>1</eqn></aux><aux name="A_B"><eqn>2</eqn></aux>`), []string{"defined twice"}},
		{"gf lengths", wrap(`<gf name="g"><xpts>1,2</xpts><ypts>1</ypts></gf>`), []string{`variable "g"`, "2 x points and 1 y points"}},
		{"gf decreasing", wrap(`<gf name="g"><xpts>2,1</xpts><ypts>1,2</ypts></gf>`), []string{"must not decrease"}},
		{"gf type", wrap(`<gf name="g" type="spline"><xpts>1</xpts><ypts>1</ypts></gf>`), []string{`type "spline"`}},
		{"unknown module", wrap(`<module name="m"/>`), []string{`model "m", which the file does not define`}},
		{"module cycle", strings.Replace(wrap(`<module name="m"/>`), "</xmile>", `<model name="m"><variables><module name="m"/></variables></model></xmile>`, 1), []string{"contains itself"}},
		{"bad connection", strings.Replace(wrap(`<module name="m"><connect to="nothing" from="x"/></module>`), "</xmile>", `<model name="m"><variables/></model></xmile>`, 1), []string{`connection to "nothing"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd := &Reader{Name: "case.xmile"}
			m, err := rd.Read(strings.NewReader(tc.src))
			require.Error(t, err)
			assert.Nil(t, m)
			assert.Contains(t, err.Error(), `model "case.xmile"`, "errors name the file")
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			var se *sdmodel.Error
			assert.True(t, errors.As(err, &se), "errors are *sdmodel.Error values")
		})
	}
}

func TestReadRecoversUnclosedElement(t *testing.T) {
	// A file of the test suite leaves a <flow> open: the stocks after it
	// are read as variables, with warnings; Strict makes it an error.
	src := wrap(`<flow name="f"><eqn>1</eqn>
		<stock name="s"><eqn>0</eqn><inflow>f</inflow></stock>`)
	rd := &Reader{}
	m, err := rd.Read(strings.NewReader(src))
	require.NoError(t, err)
	require.NotNil(t, m.Var("s"))
	assert.Equal(t, []string{"f"}, m.Var("s").Inflows)
	require.Len(t, rd.Warnings, 2)
	assert.Contains(t, rd.Warnings[0].String(), "element <flow> is not closed")
	assert.Contains(t, rd.Warnings[1].String(), `<stock name="s"> is inside <flow name="f">`)

	_, err = (&Reader{Strict: true}).Read(strings.NewReader(src))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not closed")
}

func TestReadLatin1(t *testing.T) {
	src := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + wrap("<aux name=\"caf\xe9\"><eqn>1</eqn></aux>")
	m := read(t, src)
	assert.NotNil(t, m.Var("café"))
}

func TestReadSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	_, err := Read(bytes.NewReader(big))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than")
}

func TestReadDeepNesting(t *testing.T) {
	src := "<xmile>" + strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000) + "</xmile>"
	_, err := Read(strings.NewReader(src))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nested more than")
}

func TestReadModuleExplosion(t *testing.T) {
	// Twenty levels of models, each with four instances of the next, would
	// be 4^20 variables: the reader stops with an error instead.
	var b strings.Builder
	b.WriteString(`<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><module name="m1" model="l1"/></variables></model>`)
	for i := 1; i <= 20; i++ {
		b.WriteString(`<model name="l` + strconv.Itoa(i) + `"><variables><aux name="x"><eqn>1</eqn></aux>`)
		if i < 20 {
			for j := 0; j < 4; j++ {
				b.WriteString(`<module name="m` + strconv.Itoa(j) + `" model="l` + strconv.Itoa(i+1) + `"/>`)
			}
		}
		b.WriteString(`</variables></model>`)
	}
	b.WriteString(`</xmile>`)
	_, err := Read(strings.NewReader(b.String()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "variables after flattening modules")
}

// <init_eqn> is the value during initialisation (Model's InitEquation); it
// is read, written back, and only auxiliaries and flows may have one.
func TestReadInitEqn(t *testing.T) {
	m := read(t, wrap(`<stock name="s"><eqn>a</eqn></stock>
<aux name="a"><eqn>2 * s</eqn><init_eqn>
  init value</init_eqn></aux><aux name="init value"><eqn>5</eqn></aux>`))
	assert.Equal(t, "init value", m.Var("a").InitEquation)
	assert.Equal(t, sdmodel.Aux, m.Var("a").Kind)
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	assert.Equal(t, 5.0, res.Value("s", 0))
	assert.Equal(t, 10.0, res.Value("a", 0))

	var b bytes.Buffer
	require.NoError(t, Write(&b, m))
	assert.Contains(t, b.String(), "<init_eqn>init_value</init_eqn>")
	back, err := Read(&b)
	require.NoError(t, err)
	assert.Equal(t, "init_value", back.Var("a").InitEquation)

	_, err = Read(strings.NewReader(wrap(`<stock name="s"><eqn>1</eqn><init_eqn>2</init_eqn></stock>`)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `<init_eqn> is for auxiliaries and flows; a stock's initial value is its <eqn>`)
	_, err = Read(strings.NewReader(wrap(`<aux name="a"><eqn>1</eqn><init_eqn>2 +</init_eqn></aux>`)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `equation 1:4`)
}

const arrayedModules = `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<sim_specs><start>0</start><stop>2</stop><dt>0.5</dt></sim_specs>
<dimensions><dim name="region"><elem name="north"/><elem name="south"/></dim></dimensions>
<model>
  <variables>
    <module name="pop"><connect to="pop.rate" from=".rate"/></module>
    <aux name="rate"><dimensions><dim name="region"/></dimensions><element subscript="north"><eqn>1</eqn></element><element subscript="south"><eqn>3</eqn></element></aux>
    <aux name="total"><eqn>SUM(pop.people[*])</eqn></aux>
  </variables>
</model>
<model name="pop">
  <variables>
    <stock name="people"><dimensions><dim name="region"/></dimensions><eqn>10</eqn><inflow>births</inflow></stock>
    <flow name="births"><dimensions><dim name="region"/></dimensions><eqn>people * rate / 10</eqn></flow>
    <aux name="rate" access="input"><dimensions><dim name="region"/></dimensions><eqn>0</eqn></aux>
    <aux name="sum inside"><eqn>SUM(people[*])</eqn></aux>
  </variables>
</model>
</xmile>`

// TestReadArraysInModules: a module's arrayed stocks, flows and inputs
// keep their dimensions; an arrayed input takes its source element by
// element; a reduction reads the module's array from outside.
func TestReadArraysInModules(t *testing.T) {
	m := read(t, arrayedModules)
	assert.Equal(t, []string{"region"}, m.Var("pop.rate").Dims)
	for _, mod := range []*sdmodel.Model{m, func() *sdmodel.Model { m2, _ := roundTrip(t, m); return m2 }()} {
		c, err := mod.Compile()
		require.NoError(t, err)
		r, err := c.Run()
		require.NoError(t, err)
		assert.Equal(t, []float64{10, 10.5, 11.025, 11.57625, 12.1550625}, r.Series("pop.people[north]"), "10 growing by 1/10 per time unit, DT 0.5")
		assert.Equal(t, 3.0, r.Final("pop.rate[south]"))
		assert.Equal(t, r.Series("pop.sum inside"), r.Series("total"))
	}
}

// TestReadKeepsTrees: each variable keeps the tree the reader parsed its
// equation into (Variable.Parse returns it without parsing again), and a
// rewritten equation (a module's prefixed names, a vendor builtin) keeps
// the tree of its rewritten text.
func TestReadKeepsTrees(t *testing.T) {
	m := read(t, hares)
	for _, name := range []string{"total", "hares.births", "hares.hare density", "hares.uses gf"} {
		v := m.Var(name)
		require.NotNil(t, v, name)
		tree, err := v.Parse()
		require.NoError(t, err)
		assert.Equal(t, v.Equation, expr.Format(tree), name)
		assert.Zero(t, testing.AllocsPerRun(5, func() { _, _ = v.Parse() }), "%s: the tree is kept from the read", name)
	}
	m = read(t, wrap(`<aux name="b"><eqn>DELAY N(TIME, 3, 5, 2) + PI()</eqn></aux>`))
	tree, err := m.Var("b").Parse()
	require.NoError(t, err)
	assert.Equal(t, "DELAYN(TIME, 3, 2, 5) + PI", expr.Format(tree))
	assert.Zero(t, testing.AllocsPerRun(5, func() { _, _ = m.Var("b").Parse() }))
}
