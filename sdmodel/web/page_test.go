package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// policyModel has a policy with a switch and an effect size, as the
// trafficking model's levers do.
func policyModel() *sdmodel.Model {
	m := sdmodel.New("policy")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 24, DT: 0.25, SavePer: 1, Units: "month"})
	m.DateOrigin = "2020-01"
	m.Stock("victims", "100", "persons").In("recruitment").Out("exits")
	m.Flow("recruitment", "10 * (1 - policy switch * (1 - demand multiplier))", "persons/month")
	m.Flow("exits", "victims / duration", "persons/month")
	m.Const("duration", 10, "month").Describe("Average time in the stock.")
	m.Const("policy switch", 0, "dimensionless")
	m.Const("demand multiplier", 0.6, "dimensionless").Describe("Demand with the law, as a fraction.")
	m.Const("other switch", 0, "dimensionless")
	return m
}

func TestCompileDefaults(t *testing.T) {
	cfg, err := (&Page{Model: policyModel()}).compile()
	require.NoError(t, err)
	assert.Equal(t, "policy", cfg.Title)
	assert.Equal(t, "2020-01", cfg.DateOrigin)
	assert.Equal(t, []float64{0, 24}, []float64{cfg.Start, cfg.Stop})
	require.Len(t, cfg.Sliders, 4, "every constant")
	d := cfg.Sliders[0]
	assert.Equal(t, sliderConfig{Name: "duration", Label: "duration", Min: 0, Max: 20, Step: 0.2, Base: 10, Model: 10,
		Units: "month", Doc: "Average time in the stock."}, d)
	assert.Equal(t, []float64{0, 1, 0.01}, []float64{cfg.Sliders[1].Min, cfg.Sliders[1].Max, cfg.Sliders[1].Step}, "a zero constant: 0 to 1")
	require.Len(t, cfg.Vars, 1, "the stocks")
	assert.Equal(t, "victims", cfg.Vars[0].Name)
	assert.Contains(t, cfg.XMILE, `<stock name="victims">`)
}

func TestPresets(t *testing.T) {
	p := &Page{Model: policyModel(), Vars: []string{"victims", "recruitment"},
		Sliders: []Slider{
			{Name: "demand_multiplier", Label: "law", Min: 0.4, Max: 1, Step: 0.05, Off: 1, Switch: "Policy Switch"},
			{Name: "duration", Min: 5, Max: 20, Step: 1},
		},
		Presets: []Preset{
			{Name: "law", Set: map[string]float64{"policy switch": 1}},
			{Name: "weak law", Set: map[string]float64{"policy switch": 1, "demand multiplier": 0.9}},
			{Name: "no law", Set: map[string]float64{"policy switch": 0, "duration": 12}},
			{Name: "other", Set: map[string]float64{"other_switch": 1, "duration": 5}},
		}}
	cfg, err := p.compile()
	require.NoError(t, err)
	law := cfg.Sliders[0]
	assert.Equal(t, "demand multiplier", law.Name, "the model's spelling")
	assert.Equal(t, "policy switch", law.Switch)
	assert.Equal(t, 1.0, law.Base, "a lever starts at Off")
	assert.Equal(t, 0.6, law.Model)
	want := []presetConfig{
		{Name: "law", Sliders: []setting{{"demand multiplier", 0.6}}, Extras: []setting{}},
		{Name: "weak law", Sliders: []setting{{"demand multiplier", 0.9}}, Extras: []setting{}},
		{Name: "no law", Sliders: []setting{{"demand multiplier", 1}, {"duration", 12}}, Extras: []setting{}},
		{Name: "other", Sliders: []setting{{"duration", 5}}, Extras: []setting{{"other switch", 1}}},
	}
	assert.Equal(t, want, cfg.Presets)
}

func TestPageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		page Page
		msg  string
	}{
		{"no model", Page{}, "no model"},
		{"slider on a stock", Page{Sliders: []Slider{{Name: "victims", Min: 0, Max: 1, Step: 1}}}, `slider "victims" is not a constant`},
		{"slider on nothing", Page{Sliders: []Slider{{Name: "durration", Min: 0, Max: 1, Step: 1}}}, `slider "durration" is not a constant`},
		{"empty range", Page{Sliders: []Slider{{Name: "duration", Min: 1, Max: 1, Step: 1}}}, "want min < max and step > 0"},
		{"no step", Page{Sliders: []Slider{{Name: "duration", Min: 0, Max: 20}}}, "want min < max and step > 0"},
		{"twice", Page{Sliders: []Slider{{Name: "duration"}, {Name: "Duration"}}}, `two sliders for "Duration"`},
		{"baseline outside", Page{Sliders: []Slider{{Name: "duration", Min: 0, Max: 5, Step: 1}}}, "baseline position 10 is outside 0:5"},
		{"switch unknown", Page{Sliders: []Slider{{Name: "demand multiplier", Min: 0, Max: 1, Step: 0.1, Off: 1, Switch: "law"}}}, `"law" is not a constant`},
		{"variable unknown", Page{Vars: []string{"victim"}}, `variable to plot "victim" is not in the model`},
		{"preset unknown", Page{Presets: []Preset{{Name: "p", Set: map[string]float64{"nope": 1}}}}, `preset "p": "nope" is not a constant`},
		{"preset outside", Page{Sliders: []Slider{{Name: "duration", Min: 5, Max: 15, Step: 1}},
			Presets: []Preset{{Name: "p", Set: map[string]float64{"duration": 20}}}}, `preset "p" puts slider "duration" at 20, outside 5:15`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.page
			if tc.name != "no model" {
				p.Model = policyModel()
			}
			_, err := p.HTML()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
			if tc.name != "no model" {
				assert.Contains(t, err.Error(), `model "policy"`)
			}
		})
	}
	t.Run("a model that does not compile", func(t *testing.T) {
		m := policyModel()
		m.Aux("broken", "duration *", "month")
		_, err := (&Page{Model: m}).HTML()
		require.Error(t, err)
		assert.Contains(t, err.Error(), `variable "broken"`)
	})
}

func TestHTMLIsDeterministicAndSelfContained(t *testing.T) {
	p := &Page{Model: policyModel(), Title: "A <policy> & more", Intro: "Move it.",
		Presets: []Preset{{Name: "b", Set: map[string]float64{"duration": 5, "other switch": 1, "policy switch": 1}}}}
	a, err := p.HTML()
	require.NoError(t, err)
	for range 3 {
		b, err := p.HTML()
		require.NoError(t, err)
		require.True(t, bytes.Equal(a, b), "same page, same bytes")
	}
	s := string(a)
	assert.Contains(t, s, "<title>A &lt;policy&gt; &amp; more</title>")
	assert.Contains(t, s, `<p class="intro">Move it.</p>`)
	assert.Contains(t, s, "Apache ECharts 5.6.0")
	assert.Contains(t, s, "Copyright 2009 The Go Authors", "Go's licence for the engine and wasm_exec.js")
	assert.Contains(t, s, `<td>victims</td><td>stock</td>`, "the equation listing")
	// Every </script> closes one of the page's scripts: the embedded JSON cannot end a script early.
	assert.Equal(t, strings.Count(s, "<script"), strings.Count(s, "</script>"))
	assert.Equal(t, 5, strings.Count(s, "</script>"), "config, engine, wasm_exec.js, page script, ECharts")
	assert.Less(t, len(a), 6<<20)
}

func TestNiceStep(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0.2, 0.2}, {0.03, 0.05}, {0.7, 1}, {1.5, 2}, {3, 5}, {12, 20}, {0, 1}, {-1, 1}, {1e-7, 1e-7},
	} {
		assert.InDelta(t, tc.want, NiceStep(tc.in), 1e-15*tc.want, "NiceStep(%g)", tc.in)
	}
}

func TestFrame(t *testing.T) {
	f := Frame([]byte(`<p title="a">x & y</p>`), 0)
	assert.True(t, strings.HasPrefix(f, `<iframe class="sdmodel-web"`))
	assert.Contains(t, f, `height:900px`)
	assert.Contains(t, f, `srcdoc="&lt;p title=&#34;a&#34;&gt;x &amp; y&lt;/p&gt;"`)
}
