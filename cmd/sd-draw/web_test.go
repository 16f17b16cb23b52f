package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

// pageConfig is the part of a flight-simulator page's configuration the
// tests read.
type pageConfig struct {
	Title   string `json:"title"`
	Sliders []struct {
		Name           string
		Min, Max, Step float64
		Base           float64
		Units, Doc     string
	} `json:"sliders"`
	Vars []struct{ Name string } `json:"vars"`
}

func readPageConfig(t *testing.T, page string) pageConfig {
	t.Helper()
	const open = `<script type="application/json" id="sd-config">`
	i := strings.Index(page, open)
	require.GreaterOrEqual(t, i, 0, "the page has its configuration")
	rest := page[i+len(open):]
	var c pageConfig
	require.NoError(t, json.Unmarshal([]byte(rest[:strings.Index(rest, "</script>")]), &c))
	return c
}

func TestWeb(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "teacup.html")
	code, out, errs := drawTest("web", teacup, "-slider", "room temperature=0:100:1", "-slider", "characteristic_time",
		"-vars", "teacup temperature,heat loss", "-title", "Tea", "-o", page)
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Empty(t, out)
	b, err := os.ReadFile(page)
	require.NoError(t, err)
	html := string(b)
	assert.True(t, strings.HasPrefix(html, "<!DOCTYPE html>"))
	assert.False(t, regexp.MustCompile(`<script[^>]* src=|<link[^>]* href=`).MatchString(html), "nothing loaded from elsewhere")
	c := readPageConfig(t, html)
	assert.Equal(t, "Tea", c.Title)
	require.Len(t, c.Sliders, 2)
	assert.Equal(t, "room temperature", c.Sliders[0].Name)
	assert.Equal(t, []float64{0, 100, 1, 70}, []float64{c.Sliders[0].Min, c.Sliders[0].Max, c.Sliders[0].Step, c.Sliders[0].Base})
	assert.Equal(t, "degree", c.Sliders[0].Units)
	assert.Equal(t, "characteristic time", c.Sliders[1].Name, "underscores and spaces alike; the model's spelling")
	assert.Equal(t, []float64{0, 20, 0.2, 10}, []float64{c.Sliders[1].Min, c.Sliders[1].Max, c.Sliders[1].Step, c.Sliders[1].Base},
		"a name alone: 0 to twice the value")
	require.Len(t, c.Vars, 2)

	t.Run("the same page twice, byte for byte, also on standard output", func(t *testing.T) {
		code, out, errs := drawTest("web", teacup, "-slider", "room temperature=0:100:1", "-slider", "characteristic_time",
			"-vars", "teacup temperature,heat loss", "-title", "Tea")
		require.Equal(t, cli.ExitOK, code, errs)
		assert.True(t, out == html, "same bytes")
	})

	t.Run("defaults: every constant, the stocks", func(t *testing.T) {
		code, out, errs := drawTest("web", teacup)
		require.Equal(t, cli.ExitOK, code, errs)
		c := readPageConfig(t, out)
		assert.Equal(t, "teacup", c.Title)
		require.Len(t, c.Sliders, 2)
		require.Len(t, c.Vars, 1)
		assert.Equal(t, "teacup temperature", c.Vars[0].Name)
	})

	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown slider", []string{"web", teacup, "-slider", "roomtemp=0:1:0.1"}, cli.ExitProblem, `slider "roomtemp" is not a constant of the model`},
		{"slider on a stock", []string{"web", teacup, "-slider", "teacup temperature=0:1:0.1"}, cli.ExitProblem, `slider "teacup temperature" is not a constant`},
		{"baseline outside the range", []string{"web", teacup, "-slider", "room temperature=0:40:1"}, cli.ExitProblem, "baseline position 70 is outside 0:40"},
		{"unknown variable", []string{"web", teacup, "-vars", "tea"}, cli.ExitProblem, `variable to plot "tea" is not in the model`},
		{"bad range", []string{"web", teacup, "-slider", "room temperature=5:1:1"}, cli.ExitUsage, "want min < max and step > 0"},
		{"not a number", []string{"web", teacup, "-slider", "room temperature=0:x:1"}, cli.ExitUsage, `"x" is not a number`},
		{"two numbers", []string{"web", teacup, "-slider", "room temperature=0:1"}, cli.ExitUsage, "want min:max:step"},
		{"no model", []string{"web"}, cli.ExitUsage, "usage: sd web"},
		{"missing file", []string{"web", "../sd/testdata/none.xmile"}, cli.ExitProblem, "none.xmile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := drawTest(tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errs, tc.msg)
		})
	}
}

// FuzzParseSlider: any -slider text gives a slider or an error, never a
// panic; a slider prints back to text that parses to the same slider.
func FuzzParseSlider(f *testing.F) {
	for _, s := range []string{"room temperature=0:100:1", "a", "a=1:0:1", "=1:2:3", "a=1:2", "a=-1e3:1e3:0.5", "a=x:1:1", "a=NaN:1:1", "a==1:2:3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sl, err := parseSlider(s)
		if err != nil {
			return
		}
		require.NotEmpty(t, sl.Name)
		if sl.Min == 0 && sl.Max == 0 && sl.Step == 0 {
			return // a name alone: the default range
		}
		require.Less(t, sl.Min, sl.Max)
		require.Greater(t, sl.Step, 0.0)
		again, err := parseSlider(sl.Name + "=" + strconv.FormatFloat(sl.Min, 'g', -1, 64) + ":" +
			strconv.FormatFloat(sl.Max, 'g', -1, 64) + ":" + strconv.FormatFloat(sl.Step, 'g', -1, 64))
		require.NoError(t, err)
		require.Equal(t, sl, again)
	})
}
