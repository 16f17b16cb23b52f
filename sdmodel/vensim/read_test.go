package vensim

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// control is a control section: 0 to 6 by 1.
const control = `
INITIAL TIME = 0 ~ Month ~ |
FINAL TIME = 6 ~ Month ~ |
TIME STEP = 1 ~ Month ~ |
SAVEPER = TIME STEP ~ Month ~ |
`

func run(t *testing.T, src string) *sdmodel.Results {
	t.Helper()
	m, err := Read(strings.NewReader(src + control))
	require.NoError(t, err)
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	return res
}

func TestTeacup(t *testing.T) {
	f, err := new(Reader).ReadFile(filepath.Join("testdata", "teacup.mdl"))
	require.NoError(t, err)
	m := f.Model
	assert.Equal(t, sdmodel.Time{Start: 0, Stop: 30, DT: 0.125, SavePer: 0.125, Units: "Minute"}, m.Time)
	stock := m.Var("teacup temperature")
	require.NotNil(t, stock)
	assert.Equal(t, sdmodel.Stock, stock.Kind)
	assert.Equal(t, "180", stock.Equation)
	assert.Equal(t, []string{"Heat Loss to Room"}, stock.Outflows, "-Heat Loss to Room is an outflow")
	assert.Empty(t, stock.Inflows)
	assert.Equal(t, sdmodel.Flow, m.Var("Heat Loss to Room").Kind)
	assert.Equal(t, "Degrees Fahrenheit", stock.Units)
	assert.True(t, strings.HasPrefix(stock.Doc, "The model is only valid for the liquid phase of tea. While the tea could theoretically freeze"), stock.Doc)
	assert.Equal(t, sdmodel.Const, m.Var("room temperature").Kind)
	rg := f.Ranges["Teacup Temperature"]
	assert.Equal(t, 32.0, rg.Min)
	assert.Equal(t, 212.0, rg.Max)
	assert.True(t, math.IsNaN(rg.Step))
	assert.True(t, math.IsInf(f.Ranges["Room Temperature"].Max, 0) || math.IsNaN(f.Ranges["Room Temperature"].Max), "? is no bound")
	require.Len(t, f.Groups, 1)
	assert.Equal(t, "Control", f.Groups[0].Name)

	// The sketch: one view, stock and flow positions and the arrows.
	require.NotNil(t, f.Sketch)
	require.Len(t, f.Sketch.Views, 1)
	v := f.Sketch.Views[0]
	assert.Equal(t, "View 1", v.Name)
	var names []string
	arrows := 0
	for _, e := range v.Elements {
		switch e.Kind {
		case ElemVariable:
			names = append(names, e.Name)
		case ElemArrow:
			arrows++
		}
	}
	assert.Equal(t, []string{"Teacup Temperature", "Heat Loss to Room", "Room Temperature", "Characteristic Time"}, names)
	assert.Equal(t, 5, arrows)
	assert.Equal(t, Element{Kind: ElemVariable, ID: 1, Name: "Teacup Temperature", X: 307, Y: 235, W: 40, H: 20, Shape: 3, Flags: 3,
		Fields: strings.Split("10,1,Teacup Temperature,307,235,40,20,3,3,0,0,0,0,0,0", ",")}, v.Elements[0])
	assert.Contains(t, f.Sketch.Settings, "22:Month,Months")

	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	assert.InDelta(t, 180.0, res.Series("teacup temperature")[0], 0)
	assert.InDelta(t, 70+110*math.Pow(1-0.125/10, 240), res.Final("teacup temperature"), 1e-9)
}

// TestBuiltins checks Vensim's semantics where they differ from XMILE's.
func TestBuiltins(t *testing.T) {
	cases := []struct {
		name, eqn string
		want      []float64 // at times 0..6
	}{
		{"INTEGER truncates", "INTEGER(-2.5 + Time)", []float64{-2, -1, 0, 0, 1, 2, 3}},
		{"MODULO has the dividend's sign", "MODULO(Time - 3, 2)", []float64{-1, 0, -1, 0, 1, 0, 1}},
		{"QUANTUM", "QUANTUM(Time - 3.5, 2)", []float64{-2, -2, 0, 0, 0, 0, 2}},
		{"QUANTUM of a non-positive quantum is the value", "QUANTUM(1.5, 0)", []float64{1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5}},
		{"PULSE(start, width)", "PULSE(2, 3)", []float64{0, 0, 1, 1, 1, 0, 0}},
		{"PULSE of width 0 lasts one DT", "PULSE(2, 0)", []float64{0, 0, 1, 0, 0, 0, 0}},
		{"PULSE TRAIN", "PULSE TRAIN(1, 1, 3, 5)", []float64{0, 1, 0, 0, 1, 0, 0}},
		{"RAMP with an end", "RAMP(2, 1, 3)", []float64{0, 0, 2, 4, 4, 4, 4}},
		{"STEP", "STEP(5, 2)", []float64{0, 0, 5, 5, 5, 5, 5}},
		{"GAME passes its input", "GAME(Time * 2)", []float64{0, 2, 4, 6, 8, 10, 12}},
		{"XIDZ", "XIDZ(1, Time - 2, -1)", []float64{-0.5, -1, -1, 1, 0.5, 1.0 / 3, 0.25}},
		{"ZIDZ", "ZIDZ(1, Time - 2)", []float64{-0.5, -1, 0, 1, 0.5, 1.0 / 3, 0.25}},
		{"DELAY FIXED delays at least one DT", "DELAY FIXED(Time, 0, 7)", []float64{7, 0, 1, 2, 3, 4, 5}},
		{"DELAY FIXED", "DELAY FIXED(Time, 2, 7)", []float64{7, 7, 0, 1, 2, 3, 4}},
		{"SAMPLE IF TRUE", "SAMPLE IF TRUE(MODULO(Time, 3) = 0, Time * 10, -1)", []float64{0, 0, 0, 30, 30, 30, 60}},
		{"SAMPLE IF TRUE holds its initial value", "SAMPLE IF TRUE(Time > 2, Time, 9)", []float64{9, 9, 9, 3, 4, 5, 6}},
		{"INITIAL", "INITIAL(Time + 4)", []float64{4, 4, 4, 4, 4, 4, 4}},
		{"names with operator words", "not in use + mod", []float64{5, 5, 5, 5, 5, 5, 5}},
		{":AND: and :OR:", "IF THEN ELSE(Time > 1 :AND: Time < 4 :OR: Time = 6, 1, 0)", []float64{0, 0, 1, 1, 0, 0, 1}},
		{"LOOKUP EXTRAPOLATE", "LOOKUP EXTRAPOLATE(tbl, Time)", []float64{-2, 0, 2, 4, 6, 8, 10}},
		{"lookups clamp", "tbl(Time)", []float64{0, 0, 2, 4, 4, 4, 4}},
		{"LOOKUP BACKWARD", "LOOKUP BACKWARD(tbl, Time - 0.5)", []float64{0, 0, 0, 0, 4, 4, 4}},
		{"LOOKUP FORWARD", "LOOKUP FORWARD(tbl, Time - 0.5)", []float64{0, 0, 4, 4, 4, 4, 4}},
		{"LOOKUP INVERT", "LOOKUP INVERT(tbl, Time)", []float64{1, 1.5, 2, 2.5, 3, 3, 3}},
		{"RANDOM 0 1 stays in [0, 1)", "IF THEN ELSE(RANDOM 0 1() >= 0 :AND: RANDOM 0 1() < 1, 1, 0)", []float64{1, 1, 1, 1, 1, 1, 1}},
		{"WITH LOOKUP", "WITH LOOKUP(Time, ([(0,0)-(10,10)],(0,1),(2,3)))", []float64{1, 2, 3, 3, 3, 3, 3}},
		{":NA:", "IF THEN ELSE(:NA: < -1e30, 1, 0)", []float64{1, 1, 1, 1, 1, 1, 1}},
		{"SMOOTH N order from a constant", "SMOOTH N(Time, 1, 0, order)", []float64{0, 0, 1, 2, 3, 4, 5}},
		// NPV with DT 1: the sum of 10 / 1.1^k up to now, plus 5, times 2
		{"NPV", "NPV(10, 0.1, 5, 2)", npvSums(10, 0.1, 5, 2)},
		// NPVE: each payment discounted one period more, so 1.1 times less (the initial value is not discounted)
		{"NPVE", "NPVE(11, 0.1, 5, 2)", npvSums(10, 0.1, 5, 2)},
		// each call site draws its own numbers: the count goes through a variable
		{"RANDOM POISSON counts within its bounds", "IF THEN ELSE(p = INTEGER(p) :AND: p >= 1 :AND: p <= 4, 1, 0) ~~|\np = RANDOM POISSON(1, 4, 2, 0, 1, 3)", []float64{1, 1, 1, 1, 1, 1, 1}},
		{"RANDOM TRIANGULAR with start = end", "RANDOM TRIANGULAR(0, 10, 3, 3, 3, 1)", []float64{3, 3, 3, 3, 3, 3, 3}},
		// tbl's density rises over [1, 3]; the bounds keep the middle
		{"RANDOM LOOKUP within its bounds", "IF THEN ELSE(p >= 1.5 :AND: p <= 2.5, 1, 0) ~~|\np = RANDOM LOOKUP(tbl, 1.5, 2.5, 3)", []float64{1, 1, 1, 1, 1, 1, 1}},
		{"RANDOM LOOKUP with min = max", "RANDOM LOOKUP(tbl, 2, 2, 3)", []float64{2, 2, 2, 2, 2, 2, 2}},
		{"RANDOM EXPONENTIAL stretched by 0", "RANDOM EXPONENTIAL(0, 10, 2, 0, 1)", []float64{2, 2, 2, 2, 2, 2, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "x = " + c.eqn + " ~ ~ |\nnot in use = 2 ~~|\nmod = 3 ~~|\norder = 1 ~~|\ntbl((1,0),(3,4)) ~~|\n"
			got := run(t, src).Series("x")
			require.Len(t, got, len(c.want))
			for i := range got {
				assert.InDelta(t, c.want[i], got[i], 1e-12, "time %d: %v", i, got)
			}
		})
	}
}

// npvSums is NPV(stream, rate, initial, factor) at times 0..6 with DT 1.
func npvSums(stream, rate, initial, factor float64) []float64 {
	var out []float64
	acc := initial
	for k := 0; k <= 6; k++ {
		acc += stream / math.Pow(1+rate, float64(k))
		out = append(out, acc*factor)
	}
	return out
}

func TestArrayFlows(t *testing.T) {
	m, err := Read(strings.NewReader(`
d: d1, d2 ~~|
s[d] = INTEG(in[d] - out[d], 1) ~~|
in[d] = 1 ~~|
out[d1] = 2 ~~|
out[d2] = 3 ~~|
t[d] = INTEG(in[d] * 2, 0) ~~|
` + control))
	require.NoError(t, err)
	assert.Equal(t, []string{"in"}, m.Var("s").Inflows)
	assert.Equal(t, []string{"out"}, m.Var("s").Outflows)
	assert.Equal(t, sdmodel.Flow, m.Var("out").Kind)
	assert.Equal(t, []string{"t net flow"}, m.Var("t").Inflows)
}

func TestStocksAndFlows(t *testing.T) {
	m, err := Read(strings.NewReader(`
s = INTEG(a - b + c, 1) ~ ~ |
a = 1 ~~|
b = 2 ~~|
c = s / 10 ~~|
t = INTEG(a * 2, 0) ~~|
u = INTEG(-b, 0) ~~|
` + control))
	require.NoError(t, err)
	s := m.Var("s")
	assert.Equal(t, []string{"a", "c"}, s.Inflows)
	assert.Equal(t, []string{"b"}, s.Outflows)
	assert.Equal(t, sdmodel.Flow, m.Var("c").Kind)
	tv := m.Var("t")
	assert.Equal(t, []string{"t net flow"}, tv.Inflows, "a rate that is not a sum of names gets a flow of its own")
	assert.Equal(t, "a * 2", m.Var("t net flow").Equation)
	assert.Equal(t, []string{"b"}, m.Var("u").Outflows)
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	assert.InDelta(t, 12.0, res.Final("t"), 1e-12)
}

func TestMacros(t *testing.T) {
	const smooth = `
:MACRO: DOUBLE SMOOTH(input, time)
DOUBLE SMOOTH = SMOOTH(first, time) ~ ~ |
first = SMOOTH(input, time) ~ ~ |
:END OF MACRO:
:MACRO: SCALE(x, k)
SCALE = x * k ~ ~ |
:END OF MACRO:
`
	// STATS has further outputs; ACCUMULATE a stock with an inflow.
	const more = `
:MACRO: STATS(a, b : difference, product)
STATS = a + b ~~|
difference = a - b ~~|
product = a * b ~~|
:END OF MACRO:
:MACRO: ACCUMULATE(rate)
ACCUMULATE = INTEG(rate, 0) ~~|
:END OF MACRO:
:MACRO: SHAPED(x)
SHAPED = shape(x) ~~|
shape((0,0),(10,20)) ~~|
:END OF MACRO:
d: d1, d2 ~~|
`
	for _, tc := range []struct {
		name, src string
		want      map[string][]float64
	}{
		{"nested calls and builtins", smooth + "y = DOUBLE SMOOTH(STEP(1, 1), 1) + SCALE(2, 3) ~ ~ |\nz = SCALE(SCALE(1, 2), 5) ~ ~ |\n",
			map[string][]float64{"y": {6, 6, 6, 7, 7, 7, 7}, "z": {10, 10, 10, 10, 10, 10, 10},
				"y.DOUBLE SMOOTH.1.first": {0, 0, 1, 1, 1, 1, 1}}},
		{"further outputs", more + "s = STATS(7, 3 : diff, prod) ~~|\nuse = diff * prod ~~|\nonly = STATS(1, 1) ~~|\n",
			map[string][]float64{"s": {10, 10, 10, 10, 10, 10, 10}, "diff": {4, 4, 4, 4, 4, 4, 4}, "use": {84, 84, 84, 84, 84, 84, 84}, "only": {2, 2, 2, 2, 2, 2, 2}}},
		{"arrayed call, element by element", more + "r[d] = 1, 2 ~~|\nacc[d] = ACCUMULATE(r[d]) ~~|\ntotal = SUM(acc[d!]) ~~|\n",
			map[string][]float64{"acc[d1]": {0, 1, 2, 3, 4, 5, 6}, "acc[d2]": {0, 2, 4, 6, 8, 10, 12}, "total": {0, 3, 6, 9, 12, 15, 18}}},
		{"a lookup inside", more + "v = SHAPED(Time) ~~|\n", map[string][]float64{"v": {0, 2, 4, 6, 8, 10, 12}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.src)
			for name, want := range tc.want {
				assert.Equal(t, want, res.Series(name), name)
			}
			// Written as XMILE (sd convert) and read back: the same numbers.
			m, err := Read(strings.NewReader(tc.src + control))
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, xmile.Write(&buf, m))
			m2, err := xmile.Read(&buf)
			require.NoError(t, err)
			c2, err := m2.Compile()
			require.NoError(t, err)
			res2, err := c2.Run()
			require.NoError(t, err)
			for _, name := range res.Names() {
				assert.Equal(t, res.Series(name), res2.Series(name), "%s after XMILE", name)
			}
		})
	}
}

func TestMacroErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no value", ":MACRO: M(x)\ny = x ~~|\n:END OF MACRO:\nz = M(1) ~~|\n", "macro M defines no variable named M (its value)"},
		{"no output", ":MACRO: M(x : out)\nM = x ~~|\n:END OF MACRO:\nz = M(1) ~~|\n", "macro M defines no variable named out (one of its outputs)"},
		{"output not a name", ":MACRO: M(x : out)\nM = x ~~|\nout = x ~~|\n:END OF MACRO:\nz = M(1 : 2) ~~|\n", "macro M takes in argument 2 the name of the variable that receives output out, found 2"},
		{"wrong count", ":MACRO: M(x)\nM = x ~~|\n:END OF MACRO:\nz = M(1, 2) ~~|\n", "macro M takes 1 arguments, found 2"},
		{"not closed", ":MACRO: M(x)\nM = x ~~|\nz = 1 ~~|\n", "macro M not closed"},
		{"data variable, no data files", ":MACRO: M(x)\nM = x + v ~~|\nv ~~|\n:END OF MACRO:\nz = M(1) ~~|\n", "v has no equation"},
		{"data function, no folder", ":MACRO: M(x)\nM = x + v ~~|\nv := GET XLS DATA('a.xlsx', 's', 'A', 'B2') ~~|\n:END OF MACRO:\nz = M(1) ~~|\n", "no folder to find it in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Read(strings.NewReader(tc.src + control))
			if err == nil {
				_, err = m.Compile()
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestArrays(t *testing.T) {
	res := run(t, `
region: north, south, east ~~|
age: (a1-a2) ~~|
pop[region, age] = INTEG(births[region, age], init[region, age]) ~~|
init[region, age] = 1, 2; 3, 4; 5, 6 ~~|
births[region, age] :EXCEPT: [south, a2] = 1 ~~|
births[south, a2] = 10 ~~|
part[north] = 7 ~~|
part[east] = 8 ~~|
total = SUM(pop[region!, age!]) ~~|
tab[region] = TABBED ARRAY(
	1	2	3) ~~|
r: r1, r2 ~~|
c: c1, c2 ~~|
mat[r, c] = 4, 7; 2, 6; ~~|
inv[r, c] = INVERT MATRIX(mat[r, c], 2) ~~|
`)
	assert.Equal(t, []float64{4, 14, 24, 34, 44, 54, 64}, res.Series("pop[south,a2]"))
	assert.NotNil(t, res.Series("births[south,a2]"), "births is pop's inflow")
	assert.Equal(t, 1.0, res.Series("pop[north,a1]")[0])
	assert.Equal(t, 6.0, res.Series("pop[east,a2]")[0])
	assert.Equal(t, 21.0+6*15, res.Final("total"))
	assert.Equal(t, 0.0, res.Final("part[south]"), "an element no equation defines is 0")
	assert.Equal(t, 8.0, res.Final("part[east]"))
	assert.Equal(t, 3.0, res.Final("tab[east]"))
	for name, want := range map[string]float64{"inv[r1,c1]": 0.6, "inv[r1,c2]": -0.7, "inv[r2,c1]": -0.2, "inv[r2,c2]": 0.4} {
		assert.InDelta(t, want, res.Final(name), 1e-15, name)
	}
}

// TestActiveInitialArrays checks ACTIVE INITIAL on a whole array, on
// elements defined one by one and on an :EXCEPT: equation: stocks
// initialised from them see the initial values, the run the active ones.
func TestActiveInitialArrays(t *testing.T) {
	res := run(t, `
d: a1, a2, a3 ~~|
y = TIME + 1 ~~|
all[d] = ACTIVE INITIAL(y * 2, 10) ~~|
each[a1] = ACTIVE INITIAL(y * 3, 20) ~~|
each[a2] = y ~~|
each[a3] = ACTIVE INITIAL(y * 4, 40) ~~|
some[d] :EXCEPT: [a2] = ACTIVE INITIAL(y, 5) ~~|
some[a2] = 7 ~~|
s[d] = INTEG(0, all[d] + each[d] + some[d]) ~~|
`)
	// all + each + some during initialisation, element by element
	for name, want := range map[string]float64{"a1": 10 + 20 + 5, "a2": 10 + 1 + 7, "a3": 10 + 40 + 5} {
		assert.Equal(t, want, res.Series("s[" + name + "]")[0], name)
	}
	assert.Equal(t, []float64{2, 4, 6, 8, 10, 12, 14}, res.Series("all[a2]"), "the run sees the active equation")
	assert.Equal(t, []float64{3, 6, 9, 12, 15, 18, 21}, res.Series("each[a1]"))
	assert.Equal(t, 7.0, res.Final("some[a2]"))
	assert.Equal(t, 7.0, res.Final("some[a3]"))
}

func TestDataFunctions(t *testing.T) {
	dir := t.TempDir()
	x := excelize.NewFile()
	require.NoError(t, x.SetSheetName("Sheet1", "data"))
	rows := [][]any{{"time", 0, 2, 4}, {"a", 1, 3, 5}, {"b", 10, nil, 30}, {"k", 7, 8, 9}}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			require.NoError(t, x.SetCellValue("data", cell, v))
		}
	}
	require.NoError(t, x.SetDefinedName(&excelize.DefinedName{Name: "consts", RefersTo: "data!$B$4:$D$4"}))
	require.NoError(t, x.SaveAs(filepath.Join(dir, "in.xlsx")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte("x,1,2\ny,5,6\n"), 0o644))
	model := `
d: a, b ~~|
e: e1, e2, e3 ~~|
series[d] := GET XLS DATA('in.xlsx', 'data', '1', 'B2') ~~|
held := GET DIRECT DATA('in.xlsx', 'data', '1', 'B2') ~~|
interp :INTERPOLATE::= GET DIRECT DATA('in.xlsx', 'data', '1', 'B2') ~~|
lk = GET DIRECT LOOKUPS('in.xlsx', 'data', '1', 'B3') ~~|
looked = lk(Time) ~~|
k[e] = GET DIRECT CONSTANTS('in.xlsx', 'data', 'consts') ~~|
c = GET DIRECT CONSTANTS('in.csv', ',', 'C2') ~~|
` + control
	path := filepath.Join(dir, "m.mdl")
	require.NoError(t, os.WriteFile(path, []byte(model), 0o644))
	m, err := ReadFile(path)
	require.NoError(t, err)
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 1, 3, 3, 5, 5, 5}, res.Series("held"), "data hold their last value by default")
	assert.Equal(t, []float64{1, 2, 3, 4, 5, 5, 5}, res.Series("interp"))
	assert.Equal(t, []float64{10, 10, 20, 20, 30, 30, 30}, res.Series("series[b]"), "a missing value is interpolated")
	assert.Equal(t, []float64{10, 15, 20, 25, 30, 30, 30}, res.Series("looked"))
	assert.Equal(t, []float64{7, 8, 9}, []float64{res.Final("k[e1]"), res.Final("k[e2]"), res.Final("k[e3]")})
	assert.Equal(t, 6.0, res.Final("c"))

	_, err = Read(strings.NewReader("x = GET DIRECT CONSTANTS('in.xlsx', 'data', 'B4') ~~|\n" + control))
	require.Error(t, err, "a model not read from a file has no folder for its data")
}

func TestSupplementary(t *testing.T) {
	m, err := Read(strings.NewReader("a = 1 ~ people ~ a comment ~ :SUPPLEMENTARY |\nno growth :THE CONDITION: a = 0 :IMPLIES: a < 1 ~~|\n" + control))
	require.NoError(t, err)
	assert.Equal(t, "a comment", m.Var("a").Doc)
	assert.Equal(t, "people", m.Var("a").Units)
	assert.Len(t, m.Variables(), 1, "Reality Checks are not variables")
	assert.Empty(t, m.Dimensions())
}

func TestLatin1(t *testing.T) {
	src, err := charmap.Windows1252.NewEncoder().String("température = 20 ~ °C ~ café |\n" + control)
	require.NoError(t, err)
	m, err := Read(strings.NewReader(src))
	require.NoError(t, err)
	v := m.Var("température")
	require.NotNil(t, v)
	assert.Equal(t, "°C", v.Units)
	assert.Equal(t, "café", v.Doc)
}

func TestLineContinuationAndCR(t *testing.T) {
	m, err := Read(strings.NewReader("{UTF-8}\r\nlong name of a \\\r\n\t\tvariable = 1 + \\\r\n 2 ~ ~ |\r\n" + control))
	require.NoError(t, err)
	v := m.Var("long name of a variable")
	require.NotNil(t, v)
	assert.Equal(t, "1 + 2", v.Equation)
}

// TestErrors checks that bad input gives errors naming the file, the
// variable, the line and the column.
func TestErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"a = 1 +\n ~ ~ |", `model "bad.mdl", variable "a": line 1, column 8: equation ends where an operand was expected`},
		{"\n\nb = (2 * ~~|", `variable "b": line 3, column 9: equation ends`},
		{"c( (1,2), (x,3) ) ~~|", `variable "c": line 1, column 12: expected a number in a lookup table`},
		{"d = INTEG(1) ~~|", `variable "d": line 1, column 5: INTEG takes 2 arguments`},
		{"e = 1 ~~|\ne = 2 ~~|", `variable "e": line 2, column 1: e is defined twice (first at line 1)`},
		{"f = A FUNCTION OF(g) ~~|", `f is not finished`},
		{":MACRO: M(x)\nM = x ~~|\n", `macro M not closed`},
		{"h ~~|", `h has no equation`},
		{"TIME STEP = 0 ~~|", `TIME STEP must be positive`},
		{"i = WITH LOOKUP(Time, ((1,2),(0,3))) ~~|", `x values must not decrease`},
		{"j = {unclosed 1 ~~|", `comment not terminated`},
	}
	for _, c := range cases {
		_, err := (&Reader{Name: "bad.mdl"}).Read(strings.NewReader(c.src))
		require.Error(t, err, c.src)
		assert.Contains(t, err.Error(), c.want, c.src)
		var list sdmodel.ErrorList
		assert.ErrorAs(t, err, &list)
	}
}

func ExampleRead() {
	src := `{UTF-8}
population = INTEG(births - deaths, 100) ~ people ~ |
births = population * 0.1 ~ people/Year ~ |
deaths = population / 20 ~ people/Year ~ |
INITIAL TIME = 0 ~ Year ~ |
FINAL TIME = 10 ~ Year ~ |
TIME STEP = 0.5 ~ Year ~ |
SAVEPER = 5 ~ Year ~ |
`
	m, err := Read(strings.NewReader(src))
	if err != nil {
		panic(err)
	}
	c, _ := m.Compile()
	res, _ := c.Run()
	var b bytes.Buffer
	_ = res.WriteCSV(&b, "population")
	os.Stdout.Write(b.Bytes())
	// Output:
	// time,population
	// 0,100
	// 5,128.00845441963577
	// 10,163.8616440290397
}

func TestLocate(t *testing.T) {
	src := "a = 1 ~~|\n:MACRO: M(x)\nM = x + nosuch ~~|\n:END OF MACRO:\nd: d1, d2 ~~|\nb[d] = a + other ~~|\nc = M(a) ~~|\n" + control
	f, err := new(Reader).Read(strings.NewReader(src))
	require.NoError(t, err)
	assert.Equal(t, 6, f.Line("b[d2]"))
	assert.Equal(t, 3, f.Line("c.M.1.M"), "a macro's copy is located at its equation in the macro")
	assert.Equal(t, 7, f.Line("c.M.1.x"), "a macro's argument at the call")
	assert.Equal(t, 0, f.Line("no such variable"))
	_, err = f.Model.Compile()
	require.Error(t, err)
	msg := f.Locate(err).Error()
	assert.Contains(t, msg, `variable "b[d1]": line 6: equation 1:5: unknown name "other"`)
	assert.Contains(t, msg, `variable "c.M.1.M": line 3: equation 1:11: unknown name "nosuch"`)
}

func TestLines(t *testing.T) {
	for _, src := range []string{"a\nbc\nd", "a\r\nbc\r\nd", "a\rbc\rd"} {
		starts := lineStarts(src)
		off := strings.IndexByte(src, 'd')
		l, c := lineCol(src, off)
		assert.Equal(t, 3, l, "%q", src)
		assert.Equal(t, 1, c, "%q", src)
		assert.Equal(t, 3, lineOf(starts, off), "%q", src)
		assert.Equal(t, 2, lineOf(starts, strings.IndexByte(src, 'c')), "%q", src)
		assert.Equal(t, 1, lineOf(starts, 0), "%q", src)
	}
}

// TestAllocateAvailableFixed reads ALLOCATE AVAILABLE with a fixed-quantity
// profile (type 0) beside a rectangular one: the fixed request of 3 is
// served first (in proportion to the supply while the supply is below it),
// the rectangular one (priority 5, width 2) gets what is left.
func TestAllocateAvailableFixed(t *testing.T) {
	src := "d: d1, d2 ~~|\np: ptype, ppriority, pwidth, pextra ~~|\nr[d] = 3, 4 ~~|\n" +
		"pp[d, p] = 0, 0, 0, 0; 1, 5, 2, 0 ~~|\na[d] = ALLOCATE AVAILABLE(r[d], pp[d, p], Time) ~~|\n"
	res := run(t, src)
	assert.InDeltaSlice(t, []float64{0, 1, 2, 3, 3, 3, 3}, res.Series("a[d1]"), 1e-9)
	assert.InDeltaSlice(t, []float64{0, 0, 0, 0, 1, 2, 3}, res.Series("a[d2]"), 1e-9)
}
