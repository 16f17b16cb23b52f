package chart

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

func seriesOf(t *testing.T, opt map[string]any) []map[string]any {
	t.Helper()
	raw, ok := opt["series"].([]any)
	require.True(t, ok, "option has no series")
	out := make([]map[string]any, len(raw))
	for i, s := range raw {
		out[i] = s.(map[string]any)
	}
	return out
}

func TestLineOption(t *testing.T) {
	c := fixtureCharts(t)["line"]
	opt := option(t, c)
	series := seriesOf(t, opt)
	// 2 runs x 2 variables, plus one reference data series.
	require.Len(t, series, 5)
	var names []string
	for _, s := range series {
		names = append(names, s["name"].(string))
	}
	assert.Equal(t, []string{"victims (baseline)", "survivors (baseline)", "victims (more exits)",
		"survivors (more exits)", "reported (illustrative)"}, names)

	// Runs by colour, variables by dash.
	style := func(i int) map[string]any { return series[i]["lineStyle"].(map[string]any) }
	assert.Equal(t, style(0)["color"], style(1)["color"])
	assert.NotEqual(t, style(0)["color"], style(2)["color"])
	assert.Equal(t, "solid", style(0)["type"])
	assert.Equal(t, "dashed", style(1)["type"])

	// Dates on the x axis: time 0 is January 2015, time 60 January 2020.
	x := opt["xAxis"].([]any)[0].(map[string]any)
	assert.Equal(t, "time", x["type"])
	assert.Equal(t, "Date", x["name"])
	data := series[0]["data"].([]any)
	require.Len(t, data, 61)
	assert.Equal(t, "2015-01-01", data[0].(map[string]any)["value"].([]any)[0])
	assert.Equal(t, "2016-01-01", data[12].(map[string]any)["value"].([]any)[0])
	assert.Equal(t, "2020-01-01", data[60].(map[string]any)["value"].([]any)[0])
	assert.Equal(t, 1000.0, data[0].(map[string]any)["value"].([]any)[1])

	// Reference points: dated, labelled, with their source in the tooltip.
	ref := series[4]
	assert.Equal(t, "scatter", ref["type"])
	points := ref["data"].([]any)
	require.Len(t, points, 2)
	p0 := points[0].(map[string]any)
	assert.Equal(t, []any{"2016-01-01", 1150.0}, p0["value"])
	assert.Equal(t, "2016", p0["name"])
	assert.Contains(t, p0["tooltip"].(map[string]any)["formatter"], "Source: illustrative figure")

	y := opt["yAxis"].([]any)[0].(map[string]any)
	assert.Equal(t, "people", y["name"])
	assert.Equal(t, "Victims and survivors", opt["title"].(map[string]any)["text"])
}

func TestLineWithoutDates(t *testing.T) {
	m := victimsModel()
	m.DateOrigin = ""
	c, err := Line{Title: "Victims", Runs: []Run{{Label: "baseline", Results: run(t, m)}}, Vars: []string{"Victims"}}.Chart()
	require.NoError(t, err)
	opt := option(t, c)
	x := opt["xAxis"].([]any)[0].(map[string]any)
	assert.Equal(t, "value", x["type"])
	assert.Equal(t, "Time (months)", x["name"])
	s := seriesOf(t, opt)
	require.Len(t, s, 1)
	// One run: the series is named after the variable, as asked for.
	assert.Equal(t, "Victims", s[0]["name"])
	assert.Equal(t, []any{1.0, s[0]["data"].([]any)[1].(map[string]any)["value"].([]any)[1]},
		s[0]["data"].([]any)[1].(map[string]any)["value"])
	// The y axis defaults to the only variable's name.
	assert.Equal(t, "Victims", opt["yAxis"].([]any)[0].(map[string]any)["name"])
}

func TestSpecErrors(t *testing.T) {
	runs := fixtureRuns(t)
	undated := victimsModel()
	undated.DateOrigin = ""
	yearly := victimsModel()
	yearly.Time.Units = "hours"
	cases := []struct {
		name string
		spec Spec
		want string
	}{
		{"no runs", Line{Title: "t", Vars: []string{"victims"}}, `line chart "t": no runs`},
		{"no vars", Line{Title: "t", Runs: runs}, "no variables"},
		{"unknown variable", Line{Title: "t", Runs: runs, Vars: []string{"victim"}}, `run "baseline"`},
		{"nil results", Line{Runs: []Run{{Label: "x"}}, Vars: []string{"victims"}}, `run 1 ("x") has no results`},
		{"mixed origins", Line{Runs: []Run{runs[0], {Label: "u", Results: run(t, undated)}}, Vars: []string{"victims"}}, "different date origins"},
		{"origin needs calendar units", Line{Runs: []Run{{Label: "h", Results: run(t, yearly)}}, Vars: []string{"victims"}}, `not "hours"`},
		{"date without origin", Line{Runs: []Run{{Label: "u", Results: run(t, undated)}}, Vars: []string{"victims"},
			Data: []Point{{Date: "2016-01", Value: 1}}}, "reference point 1"},
		{"bad date", Line{Runs: runs, Vars: []string{"victims"}, Data: []Point{{Date: "2016/01", Value: 1}}}, "not YYYY-MM"},
		{"bad percentile name", Bands{Time: []float64{0}, Percentiles: map[string][]float64{"q5": {1}}}, `"q5"`},
		{"short percentile", Bands{Time: []float64{0, 1}, Percentiles: map[string][]float64{"p5": {1}}}, "1 values for 2 times"},
		{"phase without y", Phase{Runs: runs, X: "victims"}, "set both X and Y"},
		{"phase unknown", Phase{Runs: runs, X: "victims", Y: "nobody"}, "nobody"},
		{"bars short", Bars{Names: []string{"a", "b"}, Series: []BarSeries{{Name: "s", Values: []float64{1}}}}, `series "s" has 1 values for 2 names`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.spec.Chart()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestBandsOption(t *testing.T) {
	opt := option(t, fixtureCharts(t)["bands"])
	series := seriesOf(t, opt)
	// Two bands of two stacked series each, the median, the baseline run.
	require.Len(t, series, 6)
	assert.Equal(t, "p5–p95", series[0]["name"])
	assert.Equal(t, "p25–p75", series[2]["name"])
	assert.Equal(t, "victims, median", series[4]["name"])
	assert.Equal(t, "baseline", series[5]["name"])
	for _, s := range series[:4] {
		assert.Equal(t, false, s["tooltip"].(map[string]any)["show"], "bands stay out of the tooltip")
	}
	assert.Equal(t, series[0]["stack"], series[1]["stack"])
	assert.NotEqual(t, series[0]["stack"], series[2]["stack"])
	// Inner bands are darker.
	outer := series[1]["areaStyle"].(map[string]any)["opacity"].(float64)
	inner := series[3]["areaStyle"].(map[string]any)["opacity"].(float64)
	assert.Less(t, outer, inner)
	// The stacked width is p95 - p5, drawn on top of p5.
	lo := series[0]["data"].([]any)[30].(map[string]any)["value"].([]any)[1].(float64)
	width := series[1]["data"].([]any)[30].(map[string]any)["value"].([]any)[1].(float64)
	assert.Greater(t, width, 0.0)
	assert.Greater(t, lo, 0.0)
}

func TestPercentiles(t *testing.T) {
	m := victimsModel()
	var runs []*sdmodel.Results
	for _, f := range []float64{0.01, 0.02, 0.03, 0.04, 0.05} {
		runs = append(runs, run(t, m, sdmodel.Set("exit fraction", f)))
	}
	tm, p, err := Percentiles(runs, "victims", 0, 50, 100)
	require.NoError(t, err)
	require.Len(t, tm, 61)
	require.Len(t, p, 3)
	last := len(tm) - 1
	// More exits, fewer victims: the extremes are the extreme runs.
	assert.Equal(t, runs[4].Final("victims"), p["p0"][last])
	assert.Equal(t, runs[2].Final("victims"), p["p50"][last])
	assert.Equal(t, runs[0].Final("victims"), p["p100"][last])

	_, _, err = Percentiles(runs, "nobody")
	assert.ErrorContains(t, err, "nobody")
	_, _, err = Percentiles(nil, "victims")
	assert.ErrorContains(t, err, "no runs")
	_, _, err = Percentiles(runs, "victims", 150)
	assert.ErrorContains(t, err, "150")
}

func TestPhaseAndBarsOptions(t *testing.T) {
	charts := fixtureCharts(t)
	opt := option(t, charts["phase"])
	series := seriesOf(t, opt)
	require.Len(t, series, 2)
	first := series[0]["data"].([]any)[0].(map[string]any)
	assert.Equal(t, []any{1000.0, 0.0}, first["value"], "x is victims, y survivors")
	assert.Equal(t, "circle", first["symbol"], "the start is marked")
	assert.Equal(t, "value", opt["xAxis"].([]any)[0].(map[string]any)["type"])

	opt = option(t, charts["bars"])
	series = seriesOf(t, opt)
	require.Len(t, series, 2)
	assert.Equal(t, "bar", series[0]["type"])
	x := opt["xAxis"].([]any)[0].(map[string]any)
	assert.Equal(t, []any{"baseline", "more exits", "awareness"}, x["data"])
}

// A script src or stylesheet that points to the network would fail offline.
var remoteRef = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`)

func TestHTMLIsOfflineAndStable(t *testing.T) {
	for kind, c := range fixtureCharts(t) {
		t.Run(kind, func(t *testing.T) {
			page, err := c.HTML()
			require.NoError(t, err)
			// The inlined library is checked once, below; the rest of the
			// page is ours.
			s := string(page)
			require.Equal(t, 1, strings.Count(s, LibrarySnippet()))
			s = strings.Replace(s, LibrarySnippet(), "", 1)
			assert.NotRegexp(t, remoteRef, s)
			assert.NotContains(t, s, "go-echarts.github.io")
			assert.NotContains(t, s, "cdn")
			assert.Equal(t, 1, strings.Count(s, `id="`+c.ID()+`"`))

			snippet, err := c.Snippet()
			require.NoError(t, err)
			assert.NotContains(t, snippet, "echarts.min.js")
			assert.Less(t, len(snippet), 60000, "snippets carry no library")
			assert.NotRegexp(t, remoteRef, snippet)
			// The option cannot end its script element early.
			body := snippet[strings.Index(snippet, "<script"):]
			assert.Equal(t, 1, strings.Count(body, "</script"))

			// Same chart, same bytes: saved notebooks do not change on re-runs.
			again := fixtureCharts(t)[kind]
			snippet2, err := again.Snippet()
			require.NoError(t, err)
			assert.Equal(t, snippet, snippet2)
			assert.Regexp(t, `^sdchart-[a-z0-9-]+-[0-9a-f]{10}$`, c.ID())
		})
	}
}

func TestLibrarySnippet(t *testing.T) {
	lib := LibrarySnippet()
	assert.NotRegexp(t, remoteRef, lib)
	assert.Contains(t, lib, "Apache ECharts "+EChartsVersion)
	assert.Contains(t, lib, "The Apache Software Foundation", "NOTICE kept")
	assert.Contains(t, lib, "(function (define, module, exports) {")
	assert.Contains(t, lib, "}).call(window);")
	assert.Equal(t, 1, strings.Count(lib, "</script"))
	assert.Contains(t, lib, `t.version="`+EChartsVersion+`"`, "EChartsVersion matches the embedded file")
}

func TestIDDependsOnContent(t *testing.T) {
	runs := fixtureRuns(t)
	a, err := Line{Title: "Victims </script>", Runs: runs, Vars: []string{"victims"}}.Chart()
	require.NoError(t, err)
	b, err := Line{Title: "Victims </script>", Runs: runs, Vars: []string{"survivors"}}.Chart()
	require.NoError(t, err)
	assert.NotEqual(t, a.ID(), b.ID())
	assert.True(t, strings.HasPrefix(a.ID(), "sdchart-victims-script-"), a.ID())
	snippet, err := a.Snippet()
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(snippet, "</script"), "a title cannot close the script")
}

func TestStaticFiguresAreDeterministic(t *testing.T) {
	for kind, c := range fixtureCharts(t) {
		t.Run(kind, func(t *testing.T) {
			svg1, err := c.SVG()
			require.NoError(t, err)
			svg2, err := fixtureCharts(t)[kind].SVG()
			require.NoError(t, err)
			assert.True(t, bytes.Equal(svg1, svg2), "SVG differs between renderings")
			assert.Contains(t, string(svg1), "<svg")
			assert.Contains(t, string(svg1), c.Title)

			png1, err := c.PNG()
			require.NoError(t, err)
			png2, err := c.PNG()
			require.NoError(t, err)
			assert.True(t, bytes.Equal(png1, png2), "PNG differs between renderings")
			img, err := png.Decode(bytes.NewReader(png1))
			require.NoError(t, err)
			assert.Equal(t, DefaultWidth*PNGScale, img.Bounds().Dx())
			assert.Equal(t, DefaultHeight*PNGScale, img.Bounds().Dy())
			assert.Greater(t, coloured(img, 0, 0), 5000, "no data drawn")
		})
	}
}

func TestSave(t *testing.T) {
	c := fixtureCharts(t)["phase"]
	dir := t.TempDir()
	for _, name := range []string{"a.html", "a.svg", "a.png"} {
		require.NoError(t, c.Save(filepath.Join(dir, name)))
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Greater(t, info.Size(), int64(1000))
	}
	assert.ErrorContains(t, c.Save(filepath.Join(dir, "a.pdf")), "use .html, .svg or .png")
}

func TestNotebookLoadsLibraryOncePerSession(t *testing.T) {
	charts := fixtureCharts(t)
	session := t.TempDir()
	first, err := notebookHTML(charts["line"], session)
	require.NoError(t, err)
	second, err := notebookHTML(charts["bars"], session)
	require.NoError(t, err)
	assert.Contains(t, first, "window.echarts")
	assert.Greater(t, len(first), 1_000_000, "the first chart carries the library")
	assert.Less(t, len(second), 60000, "later charts do not")
	assert.NotContains(t, second, "(function (define, module, exports)")

	// A new kernel session (new directory) loads it again; so does a
	// program outside GoNB, which has no session directory.
	other, err := notebookHTML(charts["bars"], t.TempDir())
	require.NoError(t, err)
	assert.Greater(t, len(other), 1_000_000)
	outside, err := notebookHTML(charts["bars"], "")
	require.NoError(t, err)
	assert.Greater(t, len(outside), 1_000_000)
}

func TestTimeAxis(t *testing.T) {
	cases := []struct {
		origin, units string
		t             float64
		want          any
	}{
		{"2015-01", "months", 0, "2015-01-01"},
		{"2015-01", "Month", 13, "2016-02-01"},
		{"2015-01", "months", 1.5, "2015-02-15"},
		{"2015-11", "months", 2, "2016-01-01"},
		{"2015-01", "years", 2.5, "2017-07-01"},
		{"2015-01", "weeks", 2, "2015-01-15"},
		{"2015-01", "days", 31, "2015-02-01"},
		{"", "months", 7.5, 7.5},
	}
	for _, tc := range cases {
		ax, err := newTimeAxis(tc.origin, tc.units)
		require.NoError(t, err)
		assert.Equal(t, tc.want, ax.x(tc.t), "%s %s %g", tc.origin, tc.units, tc.t)
		if ax.dated() {
			back, err := ax.timeOf(ax.date(tc.t).Format("2006-01-02"))
			require.NoError(t, err)
			assert.InDelta(t, tc.t, back, 1e-9, "round trip %s %g", tc.units, tc.t)
		}
	}
	_, err := newTimeAxis("2015", "months")
	assert.ErrorContains(t, err, "YYYY-MM")
	_, err = newTimeAxis("2015-01", "hours")
	assert.ErrorContains(t, err, `not "hours"`)
}

func TestDateTicks(t *testing.T) {
	ax, err := newTimeAxis("2015-01", "months")
	require.NoError(t, err)
	ticks := dateTicks{ax}.Ticks(0, 60)
	var labels []string
	for _, tk := range ticks {
		labels = append(labels, tk.Label)
	}
	assert.Equal(t, []string{"2015", "2016", "2017", "2018", "2019", "2020"}, labels)
	ticks = dateTicks{ax}.Ticks(0, 6)
	assert.Equal(t, "2015-01", ticks[0].Label)
	assert.Equal(t, "2015-02", ticks[1].Label)
	assert.Equal(t, 1.0, ticks[1].Value)
}

func TestMissingValuesAreGaps(t *testing.T) {
	p := &xyPlot{title: "gaps", lines: []xyLine{{name: "y", x: []float64{0, 1, 2}, y: []float64{1, math.NaN(), 3}, colour: colour(0)}}}
	c, err := xyChart("line", p, 0, 0)
	require.NoError(t, err)
	data, err := c.Option()
	require.NoError(t, err)
	assert.Contains(t, string(data), `[1,"-"]`)
	_, err = c.SVG()
	require.NoError(t, err, "static figures skip missing values")
}
