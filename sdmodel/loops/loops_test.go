package loops

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// logistic is logistic growth with its two loops: births reinforce the
// population, crowding lowers the fractional growth.
func logistic() *sdmodel.Model {
	m := sdmodel.New("logistic")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 60, DT: 0.125, SavePer: 1, Units: "year"})
	m.Stock("population", "10", "animals").In("births")
	m.Flow("births", "population * fractional growth", "animals/year")
	m.Aux("fractional growth", "r * (1 - population / capacity)", "1/year")
	m.Const("r", 0.25, "1/year")
	m.Const("capacity", 1000, "animals")
	return m
}

func TestBuildLogistic(t *testing.T) {
	g, err := Build(logistic())
	require.NoError(t, err)
	require.Len(t, g.Nodes, 5)
	want := []struct {
		from, to string
		kind     LinkKind
		pol      Polarity
	}{
		{"births", "population", Inflow, Positive},
		{"population", "births", Info, Positive},
		{"fractional growth", "births", Info, Positive},
		{"population", "fractional growth", Info, Negative},
		{"r", "fractional growth", Info, Unknown}, // r·(1 - P/K): the sign of 1 - P/K is not known from the equation
		{"capacity", "fractional growth", Info, Positive},
	}
	require.Len(t, g.Links, len(want))
	for _, w := range want {
		l, ok := g.Link(w.from, w.to)
		require.True(t, ok, "%s -> %s", w.from, w.to)
		assert.Equal(t, w.kind, l.Kind, "%s -> %s", w.from, w.to)
		assert.Equal(t, w.pol, l.Polarity, "%s -> %s", w.from, w.to)
	}

	ls := g.Loops()
	require.Len(t, ls, 2)
	assert.Equal(t, "R1", ls[0].ID)
	assert.Equal(t, []string{"population", "births"}, ls[0].Variables)
	assert.Equal(t, Positive, ls[0].Polarity)
	assert.Equal(t, "B1", ls[1].ID)
	assert.Equal(t, []string{"population", "fractional growth", "births"}, ls[1].Variables)
	assert.Equal(t, Negative, ls[1].Polarity)
	assert.Equal(t, "B1: population → fractional growth → births → population", ls[1].String())
	assert.Equal(t, []string{"population"}, ls[1].Stocks(g))

	require.NoError(t, g.Name("growth", "births", "population"))
	require.NoError(t, g.Name("crowding", "fractional growth"))
	assert.Equal(t, "growth", g.Loop("R1").Name)
	assert.Equal(t, "B1", g.Loop("crowding").ID)
	_, err = g.Find("r")
	assert.ErrorContains(t, err, "no loop through r")
	l, err := g.Find("population")
	require.NoError(t, err)
	assert.Equal(t, "R1", l.ID, "the shortest loop through it")

	tie := sdmodel.New("tie")
	tie.Stock("s", "1", "").In("in 1", "in 2")
	tie.Flow("in 1", "s * 0.1", "")
	tie.Flow("in 2", "s * 0.2", "")
	tg, err := Build(tie)
	require.NoError(t, err)
	_, err = tg.Find("s")
	assert.ErrorContains(t, err, "several loops through s (R1, R2)")
	_, err = g.Find("nope")
	assert.ErrorContains(t, err, `no variable "nope"`)
	assert.ErrorContains(t, g.Name("growth", "fractional growth"), "already given")
}

// The reinforcing loop dominates before the inflection point (population =
// capacity/2), the balancing loop after.
func TestAnalyzeLogisticDominance(t *testing.T) {
	m := logistic()
	a, err := Analyze(m, nil)
	require.NoError(t, err)
	require.Len(t, a.Loops, 2)
	pop := a.Results.Series("population")
	require.Len(t, a.Time, len(pop))
	assert.Equal(t, 0.125, a.Time[1]-a.Time[0], "saved every DT")
	checked := 0
	for k := 1; k < len(a.Time); k++ {
		r, b := a.Relative[0][k], a.Relative[1][k]
		if r == 0 && b == 0 {
			continue
		}
		assert.InDelta(t, 1, math.Abs(r)+math.Abs(b), 1e-9)
		assert.Greater(t, r, 0.0, "R1 acts as reinforcing")
		assert.Less(t, b, 0.0, "B1 acts as balancing")
		// Clear of the inflection point, the dominant loop is known.
		switch {
		case pop[k] < 450:
			assert.Equal(t, 0, a.Dominant(k), "t=%g population %g", a.Time[k], pop[k])
			checked++
		case pop[k-1] > 550:
			assert.Equal(t, 1, a.Dominant(k), "t=%g population %g", a.Time[k], pop[k])
			checked++
		}
	}
	assert.Greater(t, checked, 300)
	// Analytically |R|/|B| = (K - P)/P for this model: check the ratio.
	for _, k := range []int{40, 120, 300} {
		ratio := a.Score[0][k] / -a.Score[1][k]
		assert.InEpsilon(t, (1000-pop[k-1])/pop[k-1], ratio, 0.02, "k=%d", k)
	}
	assert.Equal(t, []Polarity{Positive, Negative}, a.Observed)
	rl, ok := a.Graph.Link("r", "fractional growth")
	require.True(t, ok)
	assert.Equal(t, Positive, rl.Polarity, "resolved from the run: 1 - P/K stays positive")

	ps := a.Periods()
	require.Len(t, ps, 2)
	assert.Equal(t, "R1", ps[0].ID)
	assert.Equal(t, "B1", ps[1].ID)
	assert.Equal(t, ps[0].End, ps[1].Start)
	// The switch happens where the population crosses half the capacity.
	k := int(ps[1].Start / 0.125)
	assert.InDelta(t, 500, pop[k], 15)
	assert.Equal(t, 60.0, ps[1].End)

	// Link scores: births → population is +1 whenever births change; the
	// link population → fractional growth is negative.
	for _, l := range a.Links {
		if l.From == "births" {
			assert.Equal(t, 1.0, l.Score[10])
		}
		if l.From == "population" && l.To == "fractional growth" {
			assert.Equal(t, -1.0, l.Score[10], "sole changing input: ±1")
		}
	}

	require.NoError(t, a.Graph.Name("growth", "births"))
	assert.NotNil(t, a.RelativeScore("growth"))
	assert.Contains(t, a.String(), "R1 (growth): population → births → population")
	var buf bytes.Buffer
	require.NoError(t, a.WriteCSV(&buf))
	assert.True(t, strings.HasPrefix(buf.String(), "time,growth,B1\n0,0,0\n"))
}

func TestPolarityAnalysis(t *testing.T) {
	m := sdmodel.New("signs")
	m.Aux("a", "1", "")
	m.Aux("b", "1", "")
	m.Graphical("effect", "", []float64{0, 1, 2}, []float64{1, 0.5, 0.2}, "")
	m.Graphical("bump", "", []float64{0, 1, 2}, []float64{0, 1, 0}, "")
	cases := []struct {
		eqn  string
		want Polarity
	}{
		{"a * b", Positive},
		{"b / a", Negative},
		{"a / b", Positive},
		{"b - a", Negative},
		{"-(a * 2) + b", Negative},
		{"(1 - a / b) * 3", Negative},
		{"a ^ 2", Positive},
		{"a ^ -1", Negative},
		{"MIN(a, b)", Positive},
		{"MAX(b, 1 - a)", Negative},
		{"effect(a)", Negative},
		{"LOOKUP(effect, a / b)", Negative},
		{"bump(a)", Unknown},
		{"IF b > 1 THEN a ELSE 2 * a", Positive},
		{"IF a > 1 THEN b ELSE 0", Unknown},
		{"SMTH1(a, 3)", Positive},
		{"DELAY3(b / a, 5)", Negative},
		{"EXP(-a)", Negative},
		{"ZIDZ(b, a)", Negative},
		{"SIN(a)", Unknown},
		{"a * (b - 1)", Unknown},
	}
	for _, c := range cases {
		n, err := expr.Parse(c.eqn)
		require.NoError(t, err, c.eqn)
		assert.Equal(t, c.want, linkPolarity(m, n, "a"), c.eqn)
	}
}

// A graphical function variable with an input, a table of negative slope and
// an aging chain: loop polarity through the table.
func TestBuildWithTableAndChain(t *testing.T) {
	m := sdmodel.New("workforce")
	m.Stock("trainees", "10", "people").In("hiring").Out("graduating")
	m.Stock("workers", "50", "people").In("graduating").Out("quitting")
	m.Flow("hiring", "gap / hiring time", "people/month")
	m.Aux("gap", "target - workers - trainees", "people")
	m.Flow("graduating", "trainees / training time", "people/month")
	m.Flow("quitting", "workers * quit fraction", "people/month")
	m.Graphical("quit fraction", "workers / target", []float64{0, 1, 2}, []float64{0.01, 0.02, 0.1}, "1/month")
	m.Const("target", 100, "people")
	m.Const("hiring time", 2, "month")
	m.Const("training time", 6, "month")
	g, err := Build(m)
	require.NoError(t, err)
	var got []string
	for _, l := range g.Loops() {
		got = append(got, l.String())
	}
	assert.Equal(t, []string{
		"B1: trainees → graduating → trainees",
		"B2: workers → quitting → workers",
		"B3: trainees → gap → hiring → trainees",
		"B4: workers → quit fraction → quitting → workers",
		"B5: trainees → graduating → workers → gap → hiring → trainees",
	}, got)

	d := g.Diagram(true)
	assert.Len(t, d.Loops, 5)
	for _, n := range d.Nodes {
		assert.NotEqual(t, "target", n.Name, "constants are in no loop")
	}
	js, err := json.Marshal(d)
	require.NoError(t, err)
	assert.Contains(t, string(js), `{"from":"quit fraction","to":"quitting","polarity":"+","kind":"info","loops":["B4"]}`)

	var dot bytes.Buffer
	require.NoError(t, g.WriteDOT(&dot, false))
	s := dot.String()
	assert.True(t, strings.HasPrefix(s, "digraph \"workforce\" {\n"))
	assert.Contains(t, s, `"trainees" [shape=box];`)
	assert.Contains(t, s, `"hiring" -> "trainees" [label="+", style=bold];`)
	assert.Contains(t, s, `"quitting" -> "workers" [label="-", style=bold];`)
	assert.Contains(t, s, `"target" -> "gap" [label="+", style=dashed];`)
	assert.Contains(t, s, `"workers" -> "gap" [label="-"];`)
	assert.True(t, strings.HasSuffix(s, "}\n"))
}

func TestErrors(t *testing.T) {
	m := logistic()
	m.Var("fractional growth").Equation = "r * (1 - population / "
	_, err := Build(m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `variable "fractional growth"`)

}

// Loops through a stateful builtin are found in the expanded model.
func TestAnalyzeThroughSmooth(t *testing.T) {
	m := logistic()
	m.Aux("perceived population", "SMTH1(population, 2)", "animals")
	m.Var("fractional growth").Equation = "r * (1 - perceived population / capacity)"
	a, err := Analyze(m, nil)
	require.NoError(t, err)
	require.Len(t, a.Loops, 3)
	assert.Equal(t, "R1: population → births → population", a.Loops[0].String())
	assert.False(t, a.Loops[0].Internal)
	assert.Equal(t, "B1: perceived population.smth1 → perceived population.smth1.change → perceived population.smth1", a.Loops[1].String())
	assert.True(t, a.Loops[1].Internal, "SMTH1's own adjustment loop")
	assert.Equal(t, []string{"population", "perceived population.smth1.change", "perceived population.smth1",
		"perceived population", "fractional growth", "births"}, a.Loops[2].Variables)
	assert.Equal(t, Negative, a.Loops[2].Polarity)
	assert.Equal(t, "R1", a.Periods()[0].ID, "exponential growth first")
	assert.Contains(t, a.String(), "(internal)")

	// The unexpanded model links the smoothed input straight to its output.
	g, err := Build(m)
	require.NoError(t, err)
	l, ok := g.Link("population", "perceived population")
	require.True(t, ok)
	assert.Equal(t, Positive, l.Polarity)
	assert.Len(t, g.Loops(), 2)
}

// Initial-value arguments act only at the start: they make no link.
func TestInitialArgumentsMakeNoLinks(t *testing.T) {
	m := sdmodel.New("init")
	m.Aux("a", "1", "")
	m.Aux("b", "1", "")
	m.Aux("c", "1", "")
	m.Aux("relative", "a / INIT(b)", "")
	m.Aux("smoothed", "SMTH1(a, c, b)", "")
	m.Aux("looked up", "LOOKUP(table, a)", "")
	m.Graphical("table", "", []float64{0, 1}, []float64{0, 1}, "")
	g, err := Build(m)
	require.NoError(t, err)
	var got []string
	for _, l := range g.Links {
		got = append(got, l.From+" -> "+l.To+" "+l.Polarity.String())
	}
	assert.Equal(t, []string{"a -> relative +", "a -> smoothed +", "c -> smoothed ?", "a -> looked up +"}, got)
}

func TestRanking(t *testing.T) {
	a, err := Analyze(logistic(), nil)
	require.NoError(t, err)
	r := a.Ranking()
	require.Len(t, r, 2)
	assert.Equal(t, "B1", r[0].Loop.ID)
	assert.InDelta(t, 1, r[0].Share+r[1].Share, 0.01, "two loops share the behaviour")
	assert.Greater(t, r[0].Share, r[1].Share)
}

// TestAnalyzeMacrosAndArrays: the loops of a macro call's copy and of array
// elements are the model's own, not internal ones.
func TestAnalyzeMacrosAndArrays(t *testing.T) {
	m := sdmodel.New("macro loops")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 4, DT: 0.5})
	m.Dimension("d", "d1", "d2")
	mac := m.Macro("decay", "start")
	mac.Equation = "level"
	mac.Body.Stock("level", "start", "").Out("loss")
	mac.Body.Flow("loss", "level / 2", "")
	m.Aux("decaying", "decay(10)", "")
	m.Stock("s", "1", "").Over("d").In("growth")
	m.Flow("growth", "s * 0.1", "").Over("d")
	a, err := Analyze(m, nil)
	require.NoError(t, err)
	var names []string
	for _, lp := range a.Loops {
		assert.False(t, lp.Internal, lp.String())
		names = append(names, strings.Join(lp.Variables, " "))
	}
	assert.ElementsMatch(t, []string{"decaying.decay.1.level decaying.decay.1.loss", "s[d1] growth[d1]", "s[d2] growth[d2]"}, names)
}
