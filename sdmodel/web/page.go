package web

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

var (
	//go:embed assets/engine.wasm.gz
	engineGz []byte
	//go:embed assets/wasm_exec.js
	wasmExecJS string
	//go:embed assets/LICENSE-go
	goLicense string
	//go:embed assets/go-toolchain
	goToolchain string
	//go:embed assets/page.js
	pageJS string
	//go:embed assets/page.css
	pageCSS string
)

// Page is a flight simulator to build: a model, its sliders, the variables
// to plot and optional scenario presets.
type Page struct {
	Model *sdmodel.Model
	Title string // default: the model's name
	Intro string // a paragraph under the title (plain text)
	// Sliders are the constants the reader moves. Default: every constant
	// of the model, from 0 to twice its value (at most 12).
	Sliders []Slider
	// Vars are the variables plotted, one chart each. Default: the stocks
	// (at most 6).
	Vars    []string
	Presets []Preset
}

// Slider moves one constant of the model. A slider with no range (Min, Max
// and Step zero) goes from 0 to twice the constant's value.
type Slider struct {
	Name           string // the constant
	Label          string // default: Name
	Min, Max, Step float64
	// Switch, when set, names the constant that turns the slider's policy
	// on: the slider starts at Off, and whenever it is elsewhere the page
	// sets Switch to 1 as well as Name. Without a Switch the slider starts
	// at the constant's value in the model.
	Switch string
	Off    float64
}

// Preset is a named scenario: constant overrides. An entry for a slider's
// constant puts the slider there; an entry that sets a slider's Switch to 1
// (without an entry for its constant) puts the slider at the constant's
// value in the model, and 0 puts it at Off; every other entry is kept as an
// extra override, shown under the sliders.
type Preset struct {
	Name, Description string
	Set               map[string]float64
}

// config is what the page's script reads: everything but the engine.
type config struct {
	Title      string         `json:"title"`
	Model      string         `json:"model"`
	DateOrigin string         `json:"dateOrigin,omitempty"`
	TimeUnits  string         `json:"timeUnits,omitempty"`
	Start      float64        `json:"start"`
	Stop       float64        `json:"stop"`
	XMILE      string         `json:"xmile"`
	Sliders    []sliderConfig `json:"sliders"`
	Vars       []varConfig    `json:"vars"`
	Presets    []presetConfig `json:"presets"`
}

type sliderConfig struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Step   float64 `json:"step"`
	Base   float64 `json:"base"` // baseline position: no override there
	Model  float64 `json:"model"`
	Switch string  `json:"switch,omitempty"`
	Units  string  `json:"units"`
	Doc    string  `json:"doc"`
}

type varConfig struct {
	Name  string `json:"name"`
	Units string `json:"units"`
	Doc   string `json:"doc"`
}

// setting is one override, as an ordered pair (JSON objects would lose the order).
type setting struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

type presetConfig struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Sliders     []setting `json:"sliders"`
	Extras      []setting `json:"extras"`
}

const (
	defaultSliders = 12
	defaultVars    = 6
)

// compile checks the page against its model and returns the script's configuration.
func (p *Page) compile() (*config, error) {
	if p.Model == nil {
		return nil, fmt.Errorf("web page: no model")
	}
	m := p.Model
	fail := func(format string, args ...any) error {
		return fmt.Errorf("web page of model %q: %s", m.Name, fmt.Sprintf(format, args...))
	}
	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	consts := map[string]float64{}
	names, values := c.Constants()
	for i, n := range names {
		consts[expr.Canonical(n)] = values[i]
	}
	constant := func(what, name string) (*sdmodel.Variable, float64, error) {
		v := m.Var(name)
		val, ok := consts[expr.Canonical(name)]
		if v == nil || !ok {
			return nil, 0, fail("%s %q is not a constant of the model", what, name)
		}
		return v, val, nil
	}

	cfg := &config{Title: p.Title, Model: m.Name, DateOrigin: m.DateOrigin, TimeUnits: m.Time.Units,
		Start: m.Time.Start, Stop: m.Time.Stop}
	if cfg.Title == "" {
		cfg.Title = m.Name
	}
	var x bytes.Buffer
	if err := xmile.Write(&x, m); err != nil {
		return nil, err
	}
	cfg.XMILE = x.String()

	sliders := p.Sliders
	if len(sliders) == 0 {
		sliders = defaultSliderList(names)
	}
	bySlider := map[string]int{}
	for i, s := range sliders {
		v, val, err := constant("slider", s.Name)
		if err != nil {
			return nil, err
		}
		if s.Min == 0 && s.Max == 0 && s.Step == 0 {
			s.Min, s.Max, s.Step = defaultRange(val)
		}
		if !(s.Min < s.Max) || !(s.Step > 0) || math.IsInf(s.Max-s.Min, 0) {
			return nil, fail("slider %q: want min < max and step > 0, found %g:%g:%g", s.Name, s.Min, s.Max, s.Step)
		}
		if _, dup := bySlider[expr.Canonical(s.Name)]; dup {
			return nil, fail("two sliders for %q", s.Name)
		}
		bySlider[expr.Canonical(s.Name)] = i
		sc := sliderConfig{Name: v.Name, Label: s.Label, Min: s.Min, Max: s.Max, Step: s.Step, Base: val, Model: val,
			Units: v.Units, Doc: v.Doc}
		if sc.Label == "" {
			sc.Label = v.Name
		}
		if s.Switch != "" {
			sw, _, err := constant("switch of slider "+strconv.Quote(s.Name)+":", s.Switch)
			if err != nil {
				return nil, err
			}
			sc.Switch, sc.Base = sw.Name, s.Off
		}
		if sc.Base < s.Min || sc.Base > s.Max {
			return nil, fail("slider %q: its baseline position %g is outside %g:%g", s.Name, sc.Base, s.Min, s.Max)
		}
		cfg.Sliders = append(cfg.Sliders, sc)
	}

	vars := p.Vars
	if len(vars) == 0 {
		for _, v := range m.Variables() {
			if v.Kind == sdmodel.Stock && len(vars) < defaultVars {
				vars = append(vars, v.Name)
			}
		}
	}
	if len(vars) == 0 {
		return nil, fail("no variables to plot")
	}
	for _, n := range vars {
		v := m.Var(n)
		if v == nil {
			return nil, fail("variable to plot %q is not in the model", n)
		}
		cfg.Vars = append(cfg.Vars, varConfig{Name: v.Name, Units: v.Units, Doc: v.Doc})
	}

	for _, pr := range p.Presets {
		pc, err := presetOf(pr, cfg.Sliders, constant)
		if err != nil {
			return nil, fail("%v", err)
		}
		cfg.Presets = append(cfg.Presets, pc)
	}
	return cfg, nil
}

// defaultSliderList is a slider with the default range for each constant
// (up to defaultSliders).
func defaultSliderList(names []string) []Slider {
	var out []Slider
	for _, n := range names {
		if len(out) == defaultSliders {
			break
		}
		out = append(out, Slider{Name: n})
	}
	return out
}

// defaultRange is 0 to twice the value in about 100 steps (twice the value
// to 0 when it is negative, 0 to 1 when it is zero).
func defaultRange(v float64) (lo, hi, step float64) {
	lo, hi = 0, 2*v
	switch {
	case v < 0:
		lo, hi = 2*v, 0
	case v == 0:
		hi = 1
	}
	return lo, hi, NiceStep((hi - lo) / 100)
}

// NiceStep rounds a step up to 1, 2 or 5 times a power of ten, so slider
// values print short.
func NiceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= x*(1-1e-12) {
			return f * p
		}
	}
	return 10 * p
}

// HTML returns the page: one self-contained HTML file.
func (p *Page) HTML() ([]byte, error) {
	cfg, err := p.compile()
	if err != nil {
		return nil, err
	}
	cfgJSON, err := json.Marshal(cfg) // escapes <, > and &: safe inside <script>
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(engineGz)*4/3 + len(chart.LibraryJS()) + len(cfgJSON) + 64<<10)
	title := html.EscapeString(cfg.Title)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<meta name=\"generator\" content=\"sdmodel/web\">\n<title>" + title + "</title>\n")
	b.WriteString("<style>\n" + pageCSS + "</style>\n</head>\n<body>\n")
	b.WriteString(body(p, cfg))
	b.WriteString(licenceComment())
	b.WriteString(`<script type="application/json" id="sd-config">`)
	b.Write(cfgJSON)
	b.WriteString("</script>\n")
	b.WriteString(`<script type="application/octet-stream" id="sd-engine" data-encoding="gzip+base64">`)
	b.WriteString(base64.StdEncoding.EncodeToString(engineGz))
	b.WriteString("</script>\n")
	// The page's script starts the engine before the browser reads the chart library.
	b.WriteString("<script>\n" + wasmExecJS + "</script>\n<script>\n" + pageJS + "</script>\n<script>\n")
	b.Write(chart.LibraryJS())
	b.WriteString("</script>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// WriteFile writes the page to a file.
func (p *Page) WriteFile(path string) error {
	b, err := p.HTML()
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// licenceComment names the third-party code in the page and keeps its notices.
func licenceComment() string {
	return "<!--\nThird-party code in this page:\n" +
		"- Apache ECharts " + chart.EChartsVersion + " (Apache License 2.0), with its notice in its script below.\n" +
		"- The Go runtime and standard library (compiled into the engine) and wasm_exec.js, from Go " +
		strings.TrimPrefix(strings.TrimSpace(goToolchain), "go") + ":\n\n" +
		strings.ReplaceAll(strings.TrimSpace(goLicense), "--", "- -") +
		"\n\n- golang.org/x/text (compiled into the engine), under the same licence as Go.\n-->\n"
}

// body is the page's visible skeleton; the script fills it in.
func body(p *Page, cfg *config) string {
	var b strings.Builder
	b.WriteString(`<header><h1>` + html.EscapeString(cfg.Title) + `</h1>`)
	b.WriteString(`<div class="tools">`)
	if len(cfg.Presets) > 0 {
		b.WriteString(`<label>Scenario <select id="sd-preset"><option value="">(choose)</option>`)
		for i, pr := range cfg.Presets {
			fmt.Fprintf(&b, `<option value="%d" title="%s">%s</option>`, i, html.EscapeString(pr.Description), html.EscapeString(pr.Name))
		}
		b.WriteString(`</select></label>`)
	}
	b.WriteString(`<button id="sd-reset" type="button" title="every slider back to the baseline">Reset</button>` +
		`<button id="sd-csv" type="button" title="the current run as CSV">Download CSV</button>` +
		`<button id="sd-link" type="button" title="copy a link to this scenario">Copy link</button>` +
		`</div></header>` + "\n")
	if p.Intro != "" {
		b.WriteString(`<p class="intro">` + html.EscapeString(p.Intro) + "</p>\n")
	}
	b.WriteString(`<main><section id="sd-controls" aria-label="sliders"><div id="sd-sliders"></div>` +
		`<p id="sd-extras" hidden></p><p id="sd-status" class="status">Loading the engine…</p>` +
		`<p id="sd-error" class="error" hidden></p></section>` + "\n")
	b.WriteString(`<section id="sd-charts" aria-label="charts"><p class="key"><span class="run"></span>this run ` +
		`<span class="base"></span>baseline</p><div id="sd-grid"></div></section></main>` + "\n")
	b.WriteString(`<details id="sd-equations"><summary>Equations of the model</summary>` + equationTable(p.Model) + "</details>\n")
	b.WriteString(`<footer>Model: ` + html.EscapeString(cfg.Model) + `. Made with sdmodel (system dynamics in Go): the engine runs in this ` +
		`page as WebAssembly; charts by Apache ECharts ` + chart.EChartsVersion + `. Works offline.</footer>` + "\n")
	return b.String()
}

// equationTable is the model's equation listing as an HTML table.
func equationTable(m *sdmodel.Model) string {
	var b strings.Builder
	b.WriteString("<table><thead><tr><th>variable</th><th>kind</th><th>equation</th><th>units</th><th>documentation</th></tr></thead><tbody>\n")
	for _, r := range m.Equations() {
		b.WriteString("<tr><td>" + html.EscapeString(r.Name) + "</td><td>" + html.EscapeString(r.Kind) + "</td><td><code>" +
			html.EscapeString(r.Equation) + "</code></td><td>" + html.EscapeString(r.Units) + "</td><td>" + html.EscapeString(r.Doc) + "</td></tr>\n")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// presetOf places a preset's overrides on the sliders (see Preset); the rest
// are extras. Names are checked with constant.
func presetOf(pr Preset, sliders []sliderConfig, constant func(what, name string) (*sdmodel.Variable, float64, error)) (presetConfig, error) {
	pc := presetConfig{Name: pr.Name, Description: pr.Description, Sliders: []setting{}, Extras: []setting{}}
	keys := make([]string, 0, len(pr.Set))
	for k := range pr.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pos := map[int]float64{}
	var rest []setting
	for _, k := range keys {
		v, _, err := constant("preset "+strconv.Quote(pr.Name)+":", k)
		if err != nil {
			return pc, err
		}
		rest = append(rest, setting{v.Name, pr.Set[k]})
		for i, s := range sliders {
			if expr.Canonical(s.Name) == expr.Canonical(k) {
				pos[i] = pr.Set[k]
				rest = rest[:len(rest)-1]
				break
			}
		}
	}
	// A slider's switch places the slider unless the preset names its constant.
	var extras []setting
	for _, st := range rest {
		placed := false
		for i, s := range sliders {
			if s.Switch == "" || expr.Canonical(s.Switch) != expr.Canonical(st.Name) || (st.Value != 0 && st.Value != 1) {
				continue
			}
			if _, named := pos[i]; !named {
				pos[i] = s.Base
				if st.Value == 1 {
					pos[i] = s.Model
				}
			}
			placed = true
		}
		if !placed {
			extras = append(extras, st)
		}
	}
	for i, s := range sliders {
		if val, ok := pos[i]; ok {
			if val < s.Min || val > s.Max {
				return pc, fmt.Errorf("preset %q puts slider %q at %g, outside %g:%g", pr.Name, s.Name, val, s.Min, s.Max)
			}
			pc.Sliders = append(pc.Sliders, setting{s.Name, val})
		}
	}
	pc.Extras = append(pc.Extras, extras...)
	return pc, nil
}
