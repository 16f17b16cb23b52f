package sdmodel

import (
	"fmt"
	"hash/maphash"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// TestMentionsFlattened compares the search without lowering a copy with
// the plain one.
func TestMentionsFlattened(t *testing.T) {
	for _, tc := range []struct {
		eq   string
		want bool
	}{
		{"SUM(x[*])", true}, {"a + Previous(b, 0)", true}, {"DELAY N(x, 3, 0, 2)", true},
		{"smooth_n(x, 1, 0, 3)", true}, {"VMAX(x[d!])", true}, {"stock / stage time", false},
		{"SIN(2 * PI * TIME / 12)", false}, {"delay3(x, 2)", false}, {"prevİous(x, 1)", true},
		{"ſum(x)", false}, {"", false},
	} {
		assert.Equal(t, tc.want, mentionsFlattened(tc.eq), tc.eq)
	}
}

// checkPlainCanonical requires plainCanonical, when it answers, to agree
// with expr.Canonical.
func checkPlainCanonical(t *testing.T, name string) {
	if k, ok := plainCanonical(name); ok {
		require.Equal(t, expr.Canonical(name), k, "plainCanonical(%q)", name)
	}
}

func TestPlainCanonical(t *testing.T) {
	for _, tc := range []struct {
		name  string
		plain bool
	}{
		{"chain1_stock1", true}, {`"stock[c1,s2]"`, true}, {`"x.smth1#2"`, true}, {"a.b", true},
		{"TIME", false}, {"Stock", false}, {`"a b"`, false}, {"_a", false}, {"a_", false}, {"a__b", false},
		{`"a\nb"`, false}, {`""`, false}, {"", false}, {"é", false}, {`"`, false}, {` a`, false},
	} {
		_, ok := plainCanonical(tc.name)
		assert.Equal(t, tc.plain, ok, tc.name)
		checkPlainCanonical(t, tc.name)
	}
}

func FuzzPlainCanonical(f *testing.F) {
	for _, s := range []string{"chain1_stock1", `"stock[c1,s2]"`, "TIME", `"a b"`, "a__b"} {
		f.Add(s)
	}
	f.Fuzz(checkPlainCanonical)
}

// programText prints everything a compiled model holds that a run or a
// message reads, for comparing compiles.
func programText(c *Compiled) string {
	p := *c.prog
	var tables []table
	for _, t := range p.tables {
		tables = append(tables, *t)
	}
	p.tables = nil
	var randoms []string
	for _, r := range p.randoms {
		randoms = append(randoms, fmt.Sprint(r.params, r.min, r.max, r.seed, r.table))
	}
	p.randoms = nil
	var vars []string
	for _, v := range c.vars {
		vars = append(vars, fmt.Sprintf("%q %q %v %v %v %v %v %v %v", v.name, v.key, v.kind, v.slot, v.deps, v.inflows(), v.outflows(), v.constant, v.overridable))
	}
	return fmt.Sprintf("%+v\n%+v\n%v\n%v\n%v %v", p, tables, randoms, vars, c.segments, c.index)
}

// TestCompileDeterministic compiles models large enough to be parsed on
// several cores, many times and on one and two cores: the programs, and
// the errors of a model with many, must not change.
func TestCompileDeterministic(t *testing.T) {
	broken := agingChain()
	for k := 1; k <= chains; k += 7 {
		broken.Var(fmt.Sprintf("chain%d stage time", k)).Equation = "1 +* 2"
		broken.Var(fmt.Sprintf("chain%d inflow", k)).Equation += " + no such name"
	}
	compile := func(m *Model) string {
		c, err := m.Compile()
		if err != nil {
			return err.Error()
		}
		return programText(c)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, tc := range []struct {
		name string
		m    *Model
	}{{"aging chain", agingChain()}, {"arrayed aging chain", arrayedAgingChain()}, {"errors", broken}} {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GOMAXPROCS(1)
			want := compile(tc.m)
			require.NotEmpty(t, want)
			for k := 0; k < 20; k++ {
				runtime.GOMAXPROCS(1 + k%2)
				require.Equal(t, want, compile(tc.m), "compile %d on %d cores", k, 1+k%2)
			}
		})
	}
	_, err := broken.Compile()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown name \"no such name\"")
}

// TestCompiledKeepsItsModel checks that Compiled.Model gives back the model
// as it was compiled, every field, and that changing the model afterwards
// (its fields, its variables through their pointers, its tables' points)
// changes neither that nor what runs give.
func TestCompiledKeepsItsModel(t *testing.T) {
	m := New("kept")
	m.Doc = "a model to change after compiling"
	m.SetTime(Time{Start: 0, Stop: 8, DT: 0.5, SavePer: 1, Units: "month", Method: RK2})
	m.DateOrigin = "2020-01"
	m.UnitAliases = map[string]string{"mo": "month"}
	m.Views = []*View{{Name: "main", Elements: []ViewElement{{Name: "stock", Kind: Stock, X: 1, Y: 2, Pipe: []Point{{3, 4}}}},
		Connectors: []Connector{{From: "rate", To: "in", Angle: 30, HasAngle: true}}}}
	m.Stock("stock", "10", "people").In("in").Out("out", "drain").NonNeg().Describe("the stock")
	m.Flow("in", "rate * effect", "people/month").Describe("inflow")
	m.Flow("out", "stock / 4", "people/month").NonNeg()
	m.Flow("drain", "SMOOTH(stock, 2) / 10", "people/month")
	m.Aux("rate", "2", "people/month").InitEquation = "3"
	m.Const("unused", 7, "")
	m.Aux("TIME STEP", " 0.5 ", "month")
	m.Graphical("effect", "stock", []float64{0, 10, 20}, []float64{1, 0.5, 0.25}, "dmnl").Interp("discrete")
	m.Graphical("table", "", []float64{0, 1}, []float64{2, 3}, "")
	want := m.Clone()

	c, err := m.Compile()
	require.NoError(t, err)
	require.Equal(t, want, c.Model())
	res0, err := c.Run()
	require.NoError(t, err)
	over0, err := c.Run(SetGraphical("effect", GF{X: []float64{0, 20}, Y: []float64{1, 0}}))
	require.NoError(t, err)

	m.Name, m.Doc, m.DateOrigin = "changed", "changed", "1999-12"
	m.Time.Stop = 2
	m.UnitAliases["mo"] = "moth"
	m.Views[0].Elements[0].Pipe[0].X = 99
	m.Views[0].Connectors[0].From = "x"
	for _, v := range m.Variables() {
		v.Name += " changed"
		v.Equation += " + 1"
		v.InitEquation = "5"
		v.Units, v.Doc = "u", "d"
		v.NonNegative = !v.NonNegative
		for i := range v.Inflows {
			v.Inflows[i] = "x"
		}
		for i := range v.Outflows {
			v.Outflows[i] = "y"
		}
		if v.GF != nil {
			v.GF.X[0], v.GF.Y[0], v.GF.Type = -1, 42, "continuous"
		}
	}
	m.Add(&Variable{Name: "new", Kind: Aux, Equation: "1"})
	m.Remove("unused changed")

	require.Equal(t, want, c.Model(), "the compiled model's source after changing the model")
	got := c.Model()
	got.Var("stock").Equation = "99"
	got.Var("effect").GF.Y[1] = 99
	require.Equal(t, want, c.Model(), "Model returns a copy")
	res, err := c.Run()
	require.NoError(t, err)
	require.Equal(t, res0.Series("stock"), res.Series("stock"))
	require.Equal(t, res0.Series("drain"), res.Series("drain"))
	require.Equal(t, "kept", res.Model)
	over, err := c.Run(SetGraphical("effect", GF{X: []float64{0, 20}, Y: []float64{1, 0}}))
	require.NoError(t, err)
	require.Equal(t, over0.Series("stock"), over.Series("stock"), "a table override keeps the discrete type")
}

// TestParseErrorsBoth checks the syntax errors of equations and of
// initial-value equations: each is reported with its position, an
// initial-value equation's said to be one, and a variable whose equation
// fails has no more said of it.
func TestParseErrorsBoth(t *testing.T) {
	m := New("errors")
	m.Aux("a", "1 +* 2", "").InitEquation = "(3"
	m.Aux("b", "2", "").InitEquation = "4 4"
	m.Aux("c", "*", "")
	_, err := m.Compile()
	require.Error(t, err)
	var list ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 3, err.Error())
	for k, want := range []struct {
		name string
		init bool
	}{{"a", false}, {"b", true}, {"c", false}} {
		assert.Equal(t, want.name, list[k].Variable)
		assert.Equal(t, want.init, strings.HasPrefix(list[k].Msg, "initial equation: "), list[k].Msg)
		assert.NotNil(t, list[k].Pos, list[k].Msg)
	}
}

// TestCvarSize keeps the size of a variable's record, which README.md
// states, in step: every variable of a model has one.
func TestCvarSize(t *testing.T) {
	if strconv.IntSize == 64 {
		assert.Equal(t, uintptr(176), unsafe.Sizeof(cvar{}))
	}
}

// TestCSETableGrows fills a table far beyond its first buckets: every
// subexpression must still be found, once, with its count.
func TestCSETableGrows(t *testing.T) {
	tab := &cseTable{seed: maphash.MakeSeed(), names: map[string]string{}, buckets: make([]int32, 16)}
	nodes := make([]expr.Node, 1000)
	for i := range nodes {
		n, err := expr.Parse(fmt.Sprintf("x * %d + y", i))
		require.NoError(t, err)
		nodes[i] = n
	}
	for round := 1; round <= 3; round++ {
		for _, n := range nodes {
			tab.add(n, tab.hash(n))
		}
		require.Len(t, tab.entries, len(nodes))
		assert.GreaterOrEqual(t, len(tab.buckets), 2*len(nodes))
	}
	assert.Equal(t, len(nodes), tab.common)
	for i, n := range nodes {
		again, err := expr.Parse(fmt.Sprintf("(X * %d) + \"y\"", i))
		require.NoError(t, err)
		e := tab.lookup(again)
		require.NotNil(t, e, "node %d", i)
		assert.Equal(t, int32(3), e.count)
		assert.Same(t, n, e.n)
	}
}

// TestVariableParseKeepsTree: Parse keeps the tree of the text it parsed,
// Compile uses it while Equation is that text, and parses a changed
// Equation again.
func TestVariableParseKeepsTree(t *testing.T) {
	m := New("m")
	m.Add(&Variable{Name: "a", Kind: Const, Equation: "1"})
	x := m.Add(&Variable{Name: "x", Kind: Aux, Equation: "a * 2"})
	tree, err := x.Parse()
	require.NoError(t, err)
	require.Equal(t, "a * 2", expr.Format(tree))
	assert.Zero(t, testing.AllocsPerRun(10, func() {
		again, _ := x.Parse()
		require.Same(t, tree, again)
	}), "the second Parse returns the tree kept")

	value := func() float64 {
		c, err := m.Compile()
		require.NoError(t, err)
		res, err := c.Run()
		require.NoError(t, err)
		return res.Series("x")[0]
	}
	b := newCompiler(m)
	b.declare()
	require.Same(t, tree, b.c.vars[b.c.index["x"]].ast, "Compile takes the tree")
	assert.Equal(t, 2.0, value())

	x.Equation = "a * 3" // changed after Parse: compiled from the new text
	assert.Equal(t, 3.0, value())
	tree3, err := x.Parse()
	require.NoError(t, err)
	require.NotSame(t, tree, tree3)
	assert.Nil(t, m.Clone().Var("x").tree, "a clone keeps no tree")

	x.Equation = "a *"
	tree, err = x.Parse()
	assert.Nil(t, tree)
	var pe *expr.Error
	require.ErrorAs(t, err, &pe)
	x.Equation = "  "
	tree, err = x.Parse()
	assert.Nil(t, tree)
	assert.NoError(t, err, "a blank equation has no tree and no syntax error")
}
