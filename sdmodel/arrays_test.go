package sdmodel

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// popModel is a two-region, two-age population with births into the young
// and ageing from young to old.
func popModel() *Model {
	m := New("population")
	m.SetTime(Time{Start: 0, Stop: 4, DT: 1, SavePer: 1})
	m.Dimension("region", "north", "south")
	m.Dimension("age", "young", "old")
	m.Stock("population", "initial[region, age]", "people").Over("region", "age").In("births").Out("deaths")
	m.Aux("initial", "", "people").Over("region", "age").
		Element("100", "north", "young").Element("50", "north", "old").
		Element("200", "south", "young").Element("20", "south", "old")
	m.Flow("births", "IF age = 1 THEN SUM(population[region, *]) * birth rate[region] ELSE 0", "people/year").Over("region", "age")
	m.Aux("birth rate", "0.1, 0.2", "1/year").Over("region")
	m.Flow("deaths", "population * 0.05", "people/year").Over("region", "age")
	m.Aux("total", "SUM(population[*, *])", "people")
	m.Aux("mean young", "MEAN(population[region!, young])", "people")
	m.Aux("largest", "MAX(population)", "people")
	return m
}

func TestArraysRun(t *testing.T) {
	r := mustRun(t, popModel())
	assert.Equal(t, []string{
		"population[north,young]", "population[north,old]", "population[south,young]", "population[south,old]",
		"initial[north,young]", "initial[north,old]", "initial[south,young]", "initial[south,old]",
		"births[north,young]", "births[north,old]", "births[south,young]", "births[south,old]",
		"birth rate[north]", "birth rate[south]",
		"deaths[north,young]", "deaths[north,old]", "deaths[south,young]", "deaths[south,old]",
		"total", "mean young", "largest"}, r.Names())
	// Step 1 by hand: north young 100 + 0.1*150 - 5 = 110; north old 50 - 2.5.
	assert.InDelta(t, 110, r.Value("population[north,young]", 1), 1e-12)
	assert.InDelta(t, 47.5, r.Value("population[north,old]", 1), 1e-12)
	assert.InDelta(t, 200+0.2*220-10, r.Value("population[south,young]", 1), 1e-12)
	for i := range r.Time() {
		sum := 0.0
		for _, n := range []string{"north", "south"} {
			for _, a := range []string{"young", "old"} {
				sum += r.Value(fmt.Sprintf("population[%s,%s]", n, a), i)
			}
		}
		assert.InDelta(t, sum, r.Value("total", i), 1e-9)
		assert.InDelta(t, (r.Value("population[north,young]", i)+r.Value("population[south,young]", i))/2, r.Value("mean young", i), 1e-9)
		assert.InDelta(t, r.Value("population[south,young]", i), r.Value("largest", i), 1e-9)
	}
}

func TestArraysFlattenNames(t *testing.T) {
	m := New("names")
	m.Dimension("a", "a1", "a2", "a3")
	m.Dimension("sub", "a2", "a3")
	m.Dimension("b", "b1", "b2", "b3").MapTo("a")
	m.Aux("x", "a * 10", "").Over("a")
	m.Aux("on sub", "x[sub] + 1", "").Over("sub")
	m.Aux("mapped", "x[a]", "").Over("b")
	m.Aux("shifted", "IF a > 1 THEN x[a - 1] ELSE 0", "").Over("a")
	m.Aux("second", "x[2] + x[a3] + x[a.a1]", "")
	m.Aux("blocks", "", "").Over("a").Element("1", "a1").Element("x[sub] * 2", "sub")
	m.Aux("count", "SIZE(x) + ELMCOUNT(b)", "")
	m.Aux("product", "PROD(x[a!])", "")
	m.Aux("st", "STDDEV(x[*])", "")
	m.Aux("smoothed", "SMTH1(x, 2)", "").Over("a")
	m.Dimension("year", "1990", "2000")
	m.Aux("by year", "1, 2", "").Over("year")
	m.Aux("year 2000", "by year[2000] + by year[1]", "")
	// c1 maps onto the subrange sub (a2 and a3), c2 onto a1.
	m.Dimension("c", "c1", "c2").MapTo("a", "sub", "a1")
	m.Aux("per c", "5, 7", "").Over("c")
	m.Aux("from c", "per c[c]", "").Over("a")
	r := mustRun(t, m)
	for _, tc := range []struct {
		name string
		want float64
	}{
		{"x[a2]", 20}, {"on sub[a3]", 31}, {"mapped[b2]", 20}, {"shifted[a1]", 0}, {"shifted[a3]", 20},
		{"second", 20 + 30 + 10}, {"blocks[a1]", 1}, {"blocks[a3]", 60}, {"count", 6}, {"product", 6000},
		{"st", 8.16496580927726}, {"smoothed[a2]", 20}, {"year 2000", 3},
		{"from c[a1]", 7}, {"from c[a2]", 5}, {"from c[a3]", 5},
	} {
		assert.InDelta(t, tc.want, r.Final(tc.name), 1e-9, tc.name)
	}
}

func TestArraysErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(m *Model)
		want  string
	}{
		{"unknown dimension", func(m *Model) { m.Aux("x", "1", "").Over("nope") }, `variable "x": unknown dimension "nope"`},
		{"not an array", func(m *Model) { m.Aux("x", "1", ""); m.Aux("y", "x[1]", "") }, `variable "y", equation 1:1: x is not an array`},
		{"bad element", func(m *Model) { m.Aux("x", "1", "").Over("d"); m.Aux("y", "x[e9]", "") }, "e9 is neither an element of d nor a dimension"},
		{"free dimension", func(m *Model) { m.Aux("x", "1", "").Over("d"); m.Aux("y", "x[d] * 2", "") }, "no element of d is fixed here"},
		{"position", func(m *Model) { m.Aux("x", "1", "").Over("d"); m.Aux("y", "x[4]", "") }, "position 4 is outside d (1 to 3)"},
		{"dynamic", func(m *Model) { m.Aux("x", "1", "").Over("d"); m.Aux("y", "x[TIME]", "") }, "subscripts that change during a run are not supported"},
		{"missing equation", func(m *Model) { m.Aux("x", "", "").Over("d").Element("1", "e1") }, `variable "x[e2]": auxiliary has no equation`},
		{"twice", func(m *Model) { m.Aux("x", "", "").Over("d").Element("1", "e1").Element("2", "e1") }, "element x[e1] is defined twice"},
		{"values", func(m *Model) { m.Aux("x", "1, 2", "").Over("d") }, "2 values for 3 elements"},
		{"subscripts", func(m *Model) { m.Aux("x", "1", "").Over("d"); m.Aux("y", "x[e1, e2]", "") }, "x has 1 dimensions, found 2 subscripts"},
		{"scalar stock", func(m *Model) { m.Flow("f", "1", "").Over("d"); m.Stock("s", "0", "").In("f") }, `the stock has no dimensions but its flow "f" has`},
		{"empty dimension", func(m *Model) { m.Dimension("empty") }, `dimension "empty" has no elements`},
		{"bad map", func(m *Model) { m.Dimension("two", "t1", "t2").MapTo("d") }, `dimension "two" (2 elements) cannot map onto "d" (3 elements)`},
		{"huge", func(m *Model) {
			m.NumberedDimension("big", 2000)
			m.Aux("x", "1", "").Over("big", "big")
		}, "more than 262144 elements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New("bad")
			m.Dimension("d", "e1", "e2", "e3")
			tc.build(m)
			_, err := m.Compile()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestArraysClone(t *testing.T) {
	m := popModel()
	c := m.Clone()
	r1 := mustRun(t, c)
	c.Dim("region").Elements[0] = "east"
	c.Var("initial").Elements[0].Subs[0] = "east"
	c.Var("population").Dims[0] = "age"
	assert.Equal(t, "north", m.Dim("region").Elements[0])
	assert.Equal(t, "north", m.Var("initial").Elements[0].Subs[0])
	assert.Equal(t, "region", m.Var("population").Dims[0])
	assert.Equal(t, r1.Final("total"), mustRun(t, m).Final("total"))
}

func TestMacro(t *testing.T) {
	m := New("macros")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 0.25, SavePer: 1})
	mac := m.Macro("smooth twice", "input", "time")
	mac.Equation = "second"
	mac.Body.Stock("first", "input", "").In("change first")
	mac.Body.Flow("change first", "(input - first) / time", "")
	mac.Body.Stock("second", "input", "").In("change second")
	mac.Body.Flow("change second", "(first - second) / time", "")
	m.Macro("double", "x").Equation = "2 * x"
	m.Aux("sales", "STEP(10, 1)", "")
	m.Aux("smoothed", "smooth twice(sales, 2) + smooth twice(double(sales), 4)", "")
	m.Aux("by hand", "SMTH1(SMTH1(sales, 2), 2) + SMTH1(SMTH1(2 * sales, 4), 4)", "")
	r := mustRun(t, m)
	for i := range r.Time() {
		assert.InDelta(t, r.Value("by hand", i), r.Value("smoothed", i), 1e-9)
	}
	assert.True(t, r.Has("smoothed.smooth twice.1.second"))
	assert.True(t, r.Has("smoothed.smooth twice.3.first"))

	bad := New("bad")
	bad.Macro("loop", "x").Equation = "loop(x)"
	bad.Aux("y", "loop(1)", "")
	_, err := bad.Compile()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nested more than 32 deep")

	bad = New("bad")
	for i := 0; i < 20; i++ {
		bad.Macro(fmt.Sprintf("m%d", i)).Equation = fmt.Sprintf("m%d() + m%d()", i+1, i+1)
	}
	bad.Macro("m20").Equation = "1"
	bad.Aux("y", "m0()", "")
	_, err = bad.Compile()
	require.Error(t, err, "2^20 calls: stopped, not expanded")
	assert.Contains(t, err.Error(), "more than 262144 macro calls")

	bad = New("bad")
	bad.Macro("f", "x").Equation = "x"
	bad.Aux("y", "f(1, 2)", "")
	_, err = bad.Compile()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `variable "y": macro f takes 1 arguments, found 2`)
}

func TestLoweredBuiltins(t *testing.T) {
	m := New("lowered")
	m.SetTime(Time{Start: 0, Stop: 3, DT: 0.5, Method: RK4})
	m.Dimension("d", "d1", "d2", "d3")
	m.Aux("sel", "1, 0, 2", "").Over("d")
	m.Aux("x", "3, 4, 5", "").Over("d")
	m.Aux("none", "0", "").Over("d")
	m.Aux("mean", "MEAN(1, 2, 6)", "")
	m.Aux("square", "TIME * TIME", "")
	m.Aux("previous", "PREVIOUS(square, -1)", "")
	m.Aux("previous default", "PREVIOUS(square)", "")
	m.Const("order", 3, "")
	m.Aux("delayed", "DELAYN(square, 1, order) - DELAY3(square, 1)", "")
	m.Aux("smoothed", "SMTHN(square, 1, order, 2) - SMTH3(square, 1, 2)", "")
	for _, tc := range []struct {
		action string
		want   float64
	}{{"0", 3 + 10}, {"1", 3 * 10}, {"2", 3}, {"3", 10}, {"4", 6.5}, {"5", 3 * 25}, {"6", 8}, {"7", 15}, {"8", 3}, {"9", 5}, {"10", 4}} {
		m.Aux("select "+tc.action, "VECTOR SELECT(sel[d!], x[d!], -1, "+tc.action+", 0)", "")
	}
	m.Aux("select dynamic", "VECTOR SELECT(sel[d!], x[d!], -1, TIME * 2, 0)", "")
	m.Aux("select none", "VECTOR SELECT(none[d!], x[d!], -1, 0, 0)", "")
	r := mustRun(t, m)
	assert.Equal(t, 3.0, r.Final("mean"))
	assert.Equal(t, 0.0, r.Final("delayed"), "DELAYN with its order in a constant")
	assert.Equal(t, 0.0, r.Final("smoothed"), "SMTHN with its order in a constant")
	assert.Equal(t, []float64{-1, 0, 0.25, 1, 2.25, 4, 6.25}, r.Series("previous"))
	assert.Equal(t, []float64{0, 0, 0.25, 1, 2.25, 4, 6.25}, r.Series("previous default"))
	for _, tc := range []struct {
		action string
		want   float64
	}{{"0", 3 + 10}, {"1", 3 * 10}, {"2", 3}, {"3", 10}, {"4", 6.5}, {"5", 3 * 25}, {"6", 8}, {"7", 15}, {"8", 3}, {"9", 5}, {"10", 4}} {
		assert.InDelta(t, tc.want, r.Final("select "+tc.action), 1e-12, tc.action)
	}
	assert.Equal(t, []float64{13, 30, 3, 10, 6.5, 75, 8}, r.Series("select dynamic"))
	assert.Equal(t, -1.0, r.Final("select none"))

}

// TestVectorSelectCrossed checks VECTOR SELECT whose selection and values
// run over different dimensions: every pair (selection element, value
// element) takes part, and an unmarked subscript keeps the equation's
// element even where the other argument runs over its dimension with !.
func TestVectorSelectCrossed(t *testing.T) {
	m := New("crossed")
	m.SetTime(Time{Start: 0, Stop: 1, DT: 1})
	m.Dimension("d", "d1", "d2")
	m.Dimension("e", "e1", "e2", "e3")
	m.Aux("s", "1, 0.5", "").Over("d")
	m.Aux("x", "2, 3, -1", "").Over("e")
	m.Aux("m", "1, 0, 2; 0, 0, 3", "").Over("d", "e")
	cases := []struct {
		name, eq string
		want     float64
	}{
		// the sum of s*x over the 6 pairs: (1 + 0.5) * (2 + 3 - 1)
		{"sum", "VECTOR SELECT(s[d!], x[e!], -9, 0, 0)", 1.5 * 4},
		{"min", "VECTOR SELECT(s[d!], x[e!], -9, 2, 0)", -1},
		{"max", "VECTOR SELECT(s[d!], x[e!], -9, 3, 0)", 3},
		// the mean of the values over the 6 pairs: each x counted twice
		{"mean values", "VECTOR SELECT(s[d!], x[e!], -9, 10, 0)", 4.0 / 3},
	}
	for _, tc := range cases {
		m.Aux(tc.name, tc.eq, "")
	}
	// m[d, e!] with x[e!]: e is the same ! dimension, d the equation's.
	m.Aux("by row", "VECTOR SELECT(m[d, e!], x[e!], -9, 0, 0)", "").Over("d")
	// m[d!, e] with x[e!]: e of m is the equation's element, e of x runs.
	m.Aux("by column", "VECTOR SELECT(m[d!, e], x[e!], -9, 0, 0)", "").Over("e")
	r := mustRun(t, m)
	for _, tc := range cases {
		assert.InDelta(t, tc.want, r.Final(tc.name), 1e-12, tc.name)
	}
	assert.InDelta(t, 1*2+2*-1.0, r.Final("by row[d1]"), 1e-12)
	assert.InDelta(t, 3*-1.0, r.Final("by row[d2]"), 1e-12)
	// column e1: selections (1, 0) crossed with x (2, 3, -1): 1 * 4
	assert.InDelta(t, 4.0, r.Final("by column[e1]"), 1e-12)
	assert.Equal(t, -9.0, r.Final("by column[e2]"), "no selection is nonzero")
	assert.InDelta(t, (2+3)*4.0, r.Final("by column[e3]"), 1e-12)
}

// TestInitEquationArrays checks initial equations on arrays: the whole
// array's, an element's own (which replaces the array's), and a scalar's
// that reads an array element.
func TestInitEquationArrays(t *testing.T) {
	m := New("init arrays")
	m.SetTime(Time{Start: 0, Stop: 2, DT: 1})
	m.Dimension("d", "d1", "d2", "d3")
	m.Aux("y", "TIME + 1", "")
	x := m.Aux("x", "y * 2", "").Over("d")
	x.InitEquation = "10"
	x.Element("y * 3", "d2")
	x.Elements[0].InitEquation = "20"
	x.Element("y * 4", "d3") // its own equation, no initial one: y * 4 from the start
	total := m.Aux("total", "0", "")
	total.InitEquation = "x[d2] + 1"
	m.Stock("s", "x[d1] + x[d2] + x[d3]", "")
	m.Stock("t", "total", "")
	r := mustRun(t, m)
	assert.Equal(t, 10.0+20+4, r.Series("s")[0])
	assert.Equal(t, 21.0, r.Series("t")[0])
	assert.Equal(t, []float64{2, 4, 6}, r.Series("x[d1]"))
	assert.Equal(t, []float64{3, 6, 9}, r.Series("x[d2]"))
}

// TestVectorElmMap checks VECTOR ELM MAP: the offset counts through the
// array's storage from the base element, last subscript fastest, so it
// crosses into the next row (values checked by hand against that order).
func TestVectorElmMap(t *testing.T) {
	m := New("elm map")
	m.SetTime(Time{Start: 0, Stop: 2, DT: 1})
	m.Dimension("a", "a1", "a2", "a3")
	m.Dimension("b", "b1", "b2")
	m.Aux("off", "0, 1, 1", "").Over("a")
	m.Aux("v", "1, 2", "").Over("b")
	m.Aux("d", "1, 4; 2, 5; 3, 6", "").Over("a", "b") // storage order 1 4 2 5 3 6
	m.Aux("e", "0, 1; 1, 0; 0, 1", "").Over("a", "b")
	m.Aux("c", "10 + VECTOR ELM MAP(v[b1], off[a])", "").Over("a")
	m.Aux("f", "VECTOR ELM MAP(d[a, b1], off[a])", "").Over("a", "b")
	m.Aux("g", "VECTOR ELM MAP(d[a, b1], e[a, b])", "").Over("a", "b")
	// a moving offset: -1 (outside: 0), then 0 and 1
	m.Aux("moving", "VECTOR ELM MAP(v[b1], off[a] * (TIME - 1))", "").Over("a")
	m.Aux("fraction", "VECTOR ELM MAP(v[b1], 0.9 + TIME * 0)", "")
	r := mustRun(t, m)
	for name, want := range map[string]float64{
		"c[a1]": 11, "c[a2]": 12, "c[a3]": 12,
		"f[a1,b2]": 1, "f[a2,b1]": 5, "f[a3,b2]": 6,
		"g[a1,b1]": 1, "g[a1,b2]": 4, "g[a2,b1]": 5, "g[a2,b2]": 2, "g[a3,b1]": 3, "g[a3,b2]": 6,
		"fraction": 1,
	} {
		assert.Equal(t, want, r.Final(name), name)
	}
	assert.Equal(t, []float64{0, 1, 2}, r.Series("moving[a2]"))
	assert.Equal(t, []float64{1, 1, 1}, r.Series("moving[a1]"))

	big := New("big")
	els := make([]string, maxElmMap+1)
	for i := range els {
		els[i] = fmt.Sprintf("e%d", i)
	}
	big.Dimension("d", els...)
	big.Aux("x", "1", "").Over("d")
	big.Aux("y", "VECTOR ELM MAP(x[e0], TIME)", "")
	big.Aux("fixed", "VECTOR ELM MAP(x[e0], 1000)", "")
	_, err := big.Compile()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than 1024 elements is not supported")
	assert.NotContains(t, err.Error(), `"fixed"`, "a constant offset picks its element at any size")
}

func ExampleModel_Dimension() {
	m := New("regions")
	m.SetTime(Time{Start: 0, Stop: 10, DT: 1})
	m.Dimension("region", "north", "south")
	m.Stock("population", "100, 50", "people").Over("region").In("births")
	m.Flow("births", "population * birth rate", "people/year").Over("region")
	m.Aux("birth rate", "", "1/year").Over("region").Element("0.02", "north").Element("0.04", "south")
	m.Aux("total", "SUM(population[*])", "people")
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := c.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %.1f, %s %.1f, total %.1f\n", r.Names()[0], r.Final("population[north]"), r.Names()[1], r.Final("population[south]"), r.Final("total"))
	// Output: population[north] 121.9, population[south] 74.0, total 195.9
}

func ExampleModel_Macro() {
	m := New("macro")
	m.SetTime(Time{Start: 0, Stop: 4, DT: 1})
	half := m.Macro("half life", "input", "time")
	half.Equation = "remaining"
	half.Body.Stock("remaining", "input", "").Out("decay")
	half.Body.Flow("decay", "remaining * LN(2) / time", "")
	m.Aux("a", "half life(100, 1) + half life(8, 2)", "") // Euler: 100 (1 - ln 2)^t + 8 (1 - ln 2 / 2)^t
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := c.Run()
	fmt.Printf("%.3f\n", r.Series("a"))
	// Output: [108.000 35.913 12.832 5.121 2.345]
}

func TestVectorOrder(t *testing.T) {
	m := New("order")
	m.Dimension("d", "d1", "d2", "d3", "d4")
	m.Dimension("place", "p1", "p2", "p3", "p4").MapTo("d")
	m.Dimension("row", "r1", "r2")
	m.Aux("x", "3, 1, 2, 1", "").Over("d")
	m.Aux("rank", "VECTOR RANK(x[d], 1)", "").Over("d")
	m.Aux("rank down", "VECTOR RANK(x[d], 0)", "").Over("d")
	m.Aux("order", "VECTOR SORT ORDER(x[d], 1)", "").Over("place")
	m.Aux("order down", "VECTOR SORT ORDER(x[d], 0)", "").Over("place")
	m.Aux("sorted", "VECTOR REORDER(x[d], order[place])", "").Over("place")
	m.Aux("table", "1, 5, 3, 0; 2, 2, 9, 4", "").Over("row", "d")
	m.Aux("table rank", "VECTOR RANK(table[row, d], 1)", "").Over("row", "d")
	r := mustRun(t, m)
	get := func(name string, els ...string) []float64 {
		var out []float64
		for _, e := range els {
			out = append(out, r.Final(name+"["+e+"]"))
		}
		return out
	}
	ds, ps := []string{"d1", "d2", "d3", "d4"}, []string{"p1", "p2", "p3", "p4"}
	assert.Equal(t, []float64{4, 1, 3, 2}, get("rank", ds...), "equal values keep their order")
	assert.Equal(t, []float64{1, 3, 2, 4}, get("rank down", ds...))
	assert.Equal(t, []float64{1, 3, 2, 0}, get("order", ps...), "0-based positions, smallest first")
	assert.Equal(t, []float64{0, 2, 1, 3}, get("order down", ps...))
	assert.Equal(t, []float64{1, 1, 2, 3}, get("sorted", ps...))
	assert.Equal(t, []float64{2, 4, 3, 1, 1, 2, 4, 3}, get("table rank", "r1,d1", "r1,d2", "r1,d3", "r1,d4", "r2,d1", "r2,d2", "r2,d3", "r2,d4"), "along the last dimension")
}

func TestArraysEquationTable(t *testing.T) {
	rows := popModel().Equations()
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"population[region, age]", "initial[north, young]", "initial[north, old]", "initial[south, young]",
		"initial[south, old]", "births[region, age]", "birth rate[region]", "deaths[region, age]", "total", "mean young", "largest"}, names)
	assert.Equal(t, "INTEG(births - deaths, initial[region, age])", rows[0].Equation)
	assert.Equal(t, "50", rows[2].Equation)
}
