package diagram

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/loops"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
	"github.com/sdlessons/trafficking/sdmodel/vensim"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata/golden")

func readSample(t *testing.T, name string) *sdmodel.Model {
	t.Helper()
	read := xmile.ReadFile
	if filepath.Ext(name) == ".mdl" {
		read = vensim.ReadFile
	}
	m, err := read(filepath.Join("testdata", name))
	require.NoError(t, err)
	return m
}

// population is logistic growth: births (R) and crowding (B), the
// perceived population smoothed (a delay).
func population() *sdmodel.Model {
	m := sdmodel.New("population")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 50, DT: 0.25, SavePer: 1, Units: "year"})
	m.Stock("population", "10", "person").In("births").Out("deaths")
	m.Flow("births", "population * birth rate", "person/year")
	m.Flow("deaths", "population / lifetime", "person/year")
	m.Aux("birth rate", "normal birth rate * (1 - perceived crowding)", "1/year")
	m.Aux("perceived crowding", "SMTH1(population / capacity, 2)", "dimensionless")
	m.Const("normal birth rate", 0.3, "1/year")
	m.Const("capacity", 1000, "person")
	m.Const("lifetime", 20, "year")
	return m
}

// svgText is a text element of an SVG, with its box.
type svgText struct {
	s   string
	box rect
}

var (
	textRe  = regexp.MustCompile(`<text x="([-\d.]+)" y="([-\d.]+)" font-size="([\d.]+)" text-anchor="(\w+)"( font-weight="bold")? fill="[^"]*">([^<]*)</text>`)
	stockRe = regexp.MustCompile(`<path d="M([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)Z" fill="` + stockFill + `"`)
	linkRe  = regexp.MustCompile(`<path d="(M[^"]*C[^"]*)" fill="none" stroke="(` + linkColour + `|` + cldColour + `)"`)
)

func atof(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }

// parseSVG reads the texts, stock boxes and link curves of a diagram.
func parseSVG(t *testing.T, svg []byte) (texts []svgText, stocks []rect, links [][]pt) {
	t.Helper()
	unescape := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`)
	for _, m := range textRe.FindAllStringSubmatch(string(svg), -1) {
		x, y, size := atof(m[1]), atof(m[2]), atof(m[3])
		s := unescape.Replace(m[6])
		w := textWidth(s, size, m[5] != "")
		x0 := x
		switch m[4] {
		case "middle":
			x0 = x - w/2
		case "end":
			x0 = x - w
		}
		texts = append(texts, svgText{s, rect{x0, y - 0.8*size, x0 + w, y + 0.2*size}})
	}
	for _, m := range stockRe.FindAllStringSubmatch(string(svg), -1) {
		stocks = append(stocks, rect{atof(m[1]), atof(m[2]), atof(m[5]), atof(m[6])})
	}
	num := regexp.MustCompile(`[-\d.]+`)
	for _, m := range linkRe.FindAllStringSubmatch(string(svg), -1) {
		var ps []pt
		f := num.FindAllString(m[1], -1)
		for i := 0; i+1 < len(f); i += 2 {
			ps = append(ps, pt{atof(f[i]), atof(f[i+1])})
		}
		links = append(links, ps)
	}
	return texts, stocks, links
}

// problems lists what keeps a diagram off a slide: text over another text
// or over a stock (a stock's own name inside it aside), a link through a
// stock, text under 11 pixels.
func problems(t *testing.T, svg []byte) []string {
	texts, stocks, links := parseSVG(t, svg)
	var out []string
	for i, a := range texts {
		for _, b := range texts[i+1:] {
			if a.box.grow(-0.5).overlaps(b.box.grow(-0.5)) {
				out = append(out, "text "+strconv.Quote(a.s)+" overlaps "+strconv.Quote(b.s))
			}
		}
		for _, s := range stocks {
			inside := a.box.x0 >= s.x0 && a.box.x1 <= s.x1 && a.box.y0 >= s.y0 && a.box.y1 <= s.y1
			if !inside && a.box.overlaps(s) {
				out = append(out, "text "+strconv.Quote(a.s)+" overlaps a stock")
			}
		}
	}
	for _, l := range links {
		crosses := false
		for i := 0; i+3 < len(l); i += 3 {
			for k := 1; k < 20; k++ {
				q := cubic(l[i], l[i+1], l[i+2], l[i+3], float64(k)/20)
				for _, s := range stocks {
					crosses = crosses || s.grow(-3).contains(q)
				}
			}
		}
		if crosses {
			out = append(out, "a link crosses a stock")
		}
	}
	for _, s := range regexp.MustCompile(`font-size="([\d.]+)"`).FindAllStringSubmatch(string(svg), -1) {
		if atof(s[1]) < 11 {
			out = append(out, "text of "+s[1]+" pixels")
		}
	}
	return out
}

func checkQuality(t *testing.T, name string, svg []byte) {
	t.Helper()
	texts, _, _ := parseSVG(t, svg)
	require.NotEmpty(t, texts, name)
	assert.Empty(t, problems(t, svg), name)
}

// The checker finds overlaps, links through stocks and small text.
func TestProblemsFound(t *testing.T) {
	bad := `<svg>
<path d="M0,0L100,0L100,50L0,50Z" fill="` + stockFill + `" stroke="#000" stroke-width="1"/>
<path d="M-50,25C0,25 50,25 150,25" fill="none" stroke="` + linkColour + `" stroke-width="1"/>
<text x="200" y="100" font-size="12" text-anchor="middle" fill="#000">some name</text>
<text x="210" y="104" font-size="12" text-anchor="middle" fill="#000">other name</text>
<text x="90" y="55" font-size="9" text-anchor="start" fill="#000">tiny</text>
</svg>`
	assert.ElementsMatch(t, []string{`text "some name" overlaps "other name"`, `text "tiny" overlaps a stock`,
		"a link crosses a stock", "text of 9 pixels"}, problems(t, []byte(bad)))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs from the golden file; if the change is intended, run go test ./sdmodel/diagram -update", name)
}

func TestStockFlowGolden(t *testing.T) {
	for _, c := range []struct {
		file, golden string
		auto         bool
	}{
		{"teacup.xmile", "teacup.svg", false},
		{"SIR.xmile", "SIR.svg", false},
		{"teacup.xmile", "teacup-auto.svg", true},
		{"SIR.xmile", "SIR-auto.svg", true},
	} {
		t.Run(c.golden, func(t *testing.T) {
			m := readSample(t, c.file)
			svg, err := StockFlow{Model: m, Auto: c.auto}.SVG()
			require.NoError(t, err)
			golden(t, c.golden, svg)
			checkQuality(t, c.golden, svg)
			// The checker sees what is drawn.
			texts, stocks, links := parseSVG(t, svg)
			assert.Len(t, stocks, map[string]int{"teacup.xmile": 1, "SIR.xmile": 3}[c.file])
			assert.Len(t, links, map[string]int{"teacup.xmile": 3, "SIR.xmile": 6}[c.file])
			assert.Greater(t, len(texts), len(stocks))
			again, err := StockFlow{Model: m, Auto: c.auto}.SVG()
			require.NoError(t, err)
			assert.Equal(t, svg, again, "the same model gives the same bytes")
		})
	}
}

// The samples are drawn where the modeller put them, in Stella's views
// and Vensim's sketches alike: centres at the view's coordinates, scaled
// alike; pipes between stocks, or to a cloud.
func TestStockFlowUsesTheView(t *testing.T) {
	for _, c := range []struct {
		file          string
		stock, aux    string // a stock and an auxiliary above it
		pipes, arrows int
		clouds        int
		second, third string // more stocks, on the first's row
	}{
		{file: "SIR.xmile", stock: "susceptible", aux: "duration", pipes: 2, arrows: 6, second: "infectious", third: "recovered"},
		{file: "SIR.mdl", stock: "susceptible", aux: "duration", pipes: 2, arrows: 7, second: "infectious", third: "recovered"},
		{file: "teacup.xmile", stock: "teacup temperature", aux: "characteristic time", pipes: 1, arrows: 3, clouds: 1, second: "heat loss to room", third: "room temperature"},
		{file: "teacup.mdl", stock: "teacup temperature", aux: "characteristic time", pipes: 1, arrows: 3, clouds: 1, second: "heat loss to room", third: "room temperature"},
	} {
		t.Run(c.file, func(t *testing.T) {
			m := readSample(t, c.file)
			require.Len(t, m.Views, 1)
			p, err := StockFlow{Model: m}.picture()
			require.NoError(t, err)
			at := map[string]pt{}
			clouds := 0
			for _, n := range p.nodes {
				at[expr.Canonical(n.name)] = n.c
				if n.kind == cloudNode {
					clouds++
				}
			}
			v := m.Views[0]
			s, a, b, d := v.Element(c.stock), v.Element(c.aux), v.Element(c.second), v.Element(c.third)
			require.NotNil(t, s)
			require.NotNil(t, a)
			require.NotNil(t, b)
			require.NotNil(t, d)
			k := (at[expr.Canonical(c.second)].X - at[expr.Canonical(c.stock)].X) / (b.X - s.X)
			assert.Greater(t, k, 0.0)
			assert.InDelta(t, k*(d.X-s.X), at[expr.Canonical(c.third)].X-at[expr.Canonical(c.stock)].X, 0.01)
			assert.InDelta(t, k*(s.Y-a.Y), at[expr.Canonical(c.stock)].Y-at[expr.Canonical(c.aux)].Y, 0.01)
			assert.InDelta(t, k*(d.Y-s.Y), at[expr.Canonical(c.third)].Y-at[expr.Canonical(c.stock)].Y, 0.01)
			assert.Len(t, p.pipes, c.pipes)
			assert.Len(t, p.arrows, c.arrows, "one arrow per connector")
			assert.Equal(t, c.clouds, clouds, "SIR's pipes run from stock to stock; the teacup loses heat to a cloud")
		})
	}
}

func TestPNGAndHTML(t *testing.T) {
	c, err := StockFlow{Model: readSample(t, "teacup.xmile")}.Chart()
	require.NoError(t, err)
	png1, err := c.PNG()
	require.NoError(t, err)
	png2, err := c.PNG()
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(png1, []byte("\x89PNG")))
	assert.Equal(t, png1, png2, "PNG bytes are stable")
	page, err := c.HTML()
	require.NoError(t, err)
	assert.Contains(t, string(page), "<svg ")
	assert.NotContains(t, string(page), "<script", "a diagram page needs no script")
	assert.Equal(t, "stock-flow", c.Kind)
}

func TestTraffickingSectors(t *testing.T) {
	m := trafficking.Build()
	for _, stocks := range [][]string{
		{trafficking.Demand, trafficking.Price},
		{trafficking.AtRiskPopulation, trafficking.SurvivalSexTrading, trafficking.GroomingPipeline, trafficking.TraffickedPersons},
	} {
		vars, err := Sector(m, stocks...)
		require.NoError(t, err)
		svg, err := StockFlow{Model: m, Vars: vars, HideConstants: true}.SVG()
		require.NoError(t, err)
		checkQuality(t, strings.Join(stocks, ", "), svg)
	}
}

func TestCLD(t *testing.T) {
	m := population()
	names := []loops.LoopName{{Name: "growth", Through: []string{"births"}}, {Name: "crowding", Through: []string{"perceived crowding"}}}
	c := CLD{Model: m, Loops: names, Keep: []string{"population", "births", "birth rate"}}
	p, err := c.picture()
	require.NoError(t, err)
	var ids []string
	for _, mk := range p.markers {
		ids = append(ids, mk.id+" "+mk.name)
	}
	assert.Equal(t, []string{"R1 growth", "B1 crowding"}, ids)
	links := map[string]arrow{}
	for _, a := range p.arrows {
		links[p.nodes[a.from].name+" → "+p.nodes[a.to].name] = a
	}
	assert.Equal(t, "−", links["population → birth rate"].polarity, "more people, more crowding, lower birth rate")
	assert.True(t, links["population → birth rate"].delay, "the perception is smoothed: a delay")
	assert.Equal(t, "+", links["births → population"].polarity)
	assert.False(t, links["births → population"].delay)
	svg, err := c.SVG()
	require.NoError(t, err)
	checkQuality(t, "population", svg)
	for _, s := range []string{">R1<", ">B1<", ">growth<", ">crowding<"} {
		assert.Contains(t, string(svg), s)
	}
}

func TestTraffickingCLD(t *testing.T) {
	m := trafficking.Build()
	c := CLD{Model: m, Loops: trafficking.LoopNames()}
	p, err := c.picture()
	require.NoError(t, err)
	assert.Len(t, p.markers, len(trafficking.LoopNames()), "every named loop has its marker")
	assert.LessOrEqual(t, len(p.nodes), 16)
	for _, n := range p.nodes {
		assert.NotContains(t, n.name, ".", "no builtin internals in a diagram for students")
	}
	svg, err := c.SVG()
	require.NoError(t, err)
	checkQuality(t, "trafficking CLD", svg)
	again, err := c.SVG()
	require.NoError(t, err)
	assert.Equal(t, svg, again)
}

func TestErrors(t *testing.T) {
	m := population()
	for _, c := range []struct {
		name string
		err  func() error
		want string
	}{
		{"nil model", func() error { _, err := StockFlow{}.Chart(); return err }, "no model"},
		{"unknown variable", func() error { _, err := StockFlow{Model: m, Vars: []string{"births", "nothing"}}.Chart(); return err }, `model "population": no variable "nothing"`},
		{"bad equation", func() error {
			b := population()
			b.Aux("broken", "births +* 2", "")
			_, err := StockFlow{Model: b}.Chart()
			return err
		}, "broken"},
		{"no loops", func() error { _, err := CLD{Model: m}.Chart(); return err }, "no loops chosen"},
		{"unknown loop", func() error {
			_, err := CLD{Model: m, Loops: []loops.LoopName{{Name: "x", Through: []string{"capacity"}}}}.Chart()
			return err
		}, `loop "x"`},
		{"unknown kept variable", func() error {
			_, err := CLD{Model: m, Loops: []loops.LoopName{{Name: "growth", Through: []string{"births"}}}, Keep: []string{"nothing"}}.Chart()
			return err
		}, `no variable "nothing"`},
		{"no analysis", func() error { _, err := Dominance{}.Chart(); return err }, "no analysis"},
		{"unknown sector stock", func() error { _, err := Sector(m, "nothing"); return err }, `no stock "nothing"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.err()
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestDominance(t *testing.T) {
	a, err := loops.Analyze(population(), &loops.Settings{Names: []loops.LoopName{{Name: "growth", Through: []string{"births"}}}})
	require.NoError(t, err)
	c, err := Dominance{Analysis: a, Points: 50}.Chart()
	require.NoError(t, err)
	opt, err := c.Option()
	require.NoError(t, err)
	assert.Contains(t, string(opt), "growth")
	assert.Contains(t, string(opt), "other loops")
	svg, err := c.SVG()
	require.NoError(t, err)
	assert.Contains(t, string(svg), "<svg")
	_, err = Dominance{Analysis: a, Loops: []string{"nothing"}}.Chart()
	assert.ErrorContains(t, err, `no loop "nothing"`)

	// Numbered as a causal loop diagram of the same loops numbers them.
	names := []loops.LoopName{{Name: "growth", Through: []string{"births"}}}
	id := ""
	for _, l := range a.Loops {
		if l.Name == "growth" {
			id = l.ID
		}
	}
	require.NotEmpty(t, id)
	c, err = Dominance{Analysis: a, Points: 50, NumberAs: names}.Chart()
	require.NoError(t, err)
	opt, err = c.Option()
	require.NoError(t, err)
	assert.Contains(t, string(opt), `R1 growth`, "the causal loop diagram's number")
	if id != "R1" {
		assert.NotContains(t, string(opt), id+" growth", "not the analysis's id")
	}
	_, err = Dominance{Analysis: a, NumberAs: []loops.LoopName{{Name: "nothing"}}}.Chart()
	assert.ErrorContains(t, err, `no loop named "nothing" to number`)
}

// An automatic layout written to XMILE and read back gives the same view,
// and the diagram drawn from it is the modeller's (view) layout.
func TestAutoViewRoundTrip(t *testing.T) {
	m := population()
	v, err := AutoView(m)
	require.NoError(t, err)
	require.NotEmpty(t, v.Elements)
	assert.NotNil(t, v.Element("population"))
	assert.NotEmpty(t, v.Element("births").Pipe)
	m.Views = []*sdmodel.View{v}
	var buf bytes.Buffer
	require.NoError(t, xmile.Write(&buf, m))
	back, err := xmile.Read(&buf)
	require.NoError(t, err)
	require.Len(t, back.Views, 1)
	assert.Equal(t, v, back.Views[0])
	_, err = StockFlow{Model: back}.SVG()
	require.NoError(t, err)
}

// chains is a model of n aging chains of 10 stocks, like the 1,000-stock
// benchmark model: each chain fed through a graphical function of its
// population, with one smoothed outflow; constants shared by all chains.
func chains(n int) *sdmodel.Model {
	m := sdmodel.New("chains")
	m.Const("smoothing time", 4, "month")
	m.Const("stage time", 3, "month")
	for c := 1; c <= n; c++ {
		p := "chain" + strconv.Itoa(c) + " "
		m.Const(p+"base", 100, "person/month")
		m.Const(p+"capacity", 5000, "person")
		m.Flow(p+"inflow", p+"base * "+p+"effect("+p+"population / "+p+"capacity)", "person/month")
		m.Graphical(p+"effect", "", []float64{0, 1, 2}, []float64{1, 0.5, 0}, "dimensionless")
		var stocks []string
		for k := 1; k <= 10; k++ {
			s, out := p+"stock"+strconv.Itoa(k), p+"outflow"+strconv.Itoa(k)
			st := m.Stock(s, "100", "person").Out(out)
			if k == 1 {
				st.In(p + "inflow")
			} else {
				st.In(p + "outflow" + strconv.Itoa(k-1))
			}
			m.Flow(out, s+" / stage time", "person/month")
			stocks = append(stocks, s)
		}
		m.Aux(p+"population", strings.Join(stocks, " + "), "person")
		m.Aux(p+"smoothed", "SMTH1("+p+"outflow10, smoothing time)", "person/month")
	}
	return m
}

func TestLargeModelLayout(t *testing.T) {
	m := chains(100)
	svg, err := StockFlow{Model: m}.SVG()
	require.NoError(t, err)
	_, stocks, _ := parseSVG(t, svg)
	assert.Len(t, stocks, 1000)
	assert.Contains(t, string(svg), "&lt;stage time&gt;", "shared constants are drawn as ghosts in each chain")
}

// BenchmarkLayoutLarge lays out and draws 1,000 stocks (100 aging chains).
func BenchmarkLayoutLarge(b *testing.B) {
	m := chains(100)
	for b.Loop() {
		if _, err := (StockFlow{Model: m}).SVG(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPNGTooLarge: a picture whose PNG would pass MaxPNGPixels is an error
// that says what to do, before any pixel is drawn (TestPNGAndHTML draws
// ones within the bound).
func TestPNGTooLarge(t *testing.T) {
	drawn := false
	draw := func(painter) { drawn = true }
	_, err := renderPNG("large", 23048, 13988, draw)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `diagram of "large": a PNG of it would be 46096 × 27976 pixels, more than 40 million`)
	assert.Contains(t, err.Error(), "write it as SVG instead")
	assert.False(t, drawn)

	// Just over: a square whose side at PNGScale is one pixel more than
	// the square root of the bound.
	side := (math.Floor(math.Sqrt(MaxPNGPixels)) + 1) / PNGScale
	_, err = renderPNG("square", side, side, draw)
	require.Error(t, err)
	assert.False(t, drawn)

	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	assert.Contains(t, strings.Join(strings.Fields(string(readme)), " "),
		"one of more than "+strconv.Itoa(MaxPNGPixels/1_000_000)+" million pixels is refused", "the README states the bound")
}
