// Package chart draws the results of system dynamics models: behaviour over
// time (several variables, several runs, calendar dates, reference data),
// sensitivity bands, phase plots, bar charts comparing policies and stacked
// areas (loop dominance); package diagram draws its diagrams as Pictures.
//
// Each chart is described by a spec (Line, Bands, Phase, Bars, Areas, Picture)
// whose Chart method builds it. A *Chart is then written as
//
//   - a standalone HTML page that works offline (Apache ECharts is embedded
//     inline; no CDN is ever referenced): Chart.HTML, Chart.Save("x.html");
//   - an HTML snippet for GoNB notebooks: Show displays it, loading the
//     ECharts library once per kernel session;
//   - static SVG and PNG figures drawn in pure Go with gonum.org/v1/plot
//     (pictures are drawn by their maker): Chart.SVG, Chart.PNG, Chart.Save("x.png").
//
// Interactive charts are built with github.com/go-echarts/go-echarts/v2.
// Output is deterministic: the same inputs give the same bytes, so saved
// notebooks and committed figures only change when the data do.
//
//	res, _ := compiled.Run()
//	c, err := chart.Line{
//		Title:  "Victims in exploitation",
//		Runs:   []chart.Run{{Label: "baseline", Results: res}},
//		Vars:   []string{"victims"},
//		YLabel: "people",
//	}.Chart()
//	chart.Show(c)              // in a GoNB notebook
//	err = c.Save("victims.svg") // static figure for a paper
package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Default size of a chart, in CSS pixels (HTML) and, at 96 pixels per inch,
// of static figures.
const (
	DefaultWidth  = 800
	DefaultHeight = 450
)

// Run is one simulation run shown on a chart: a label for the legend (the
// scenario or policy name) and its results.
type Run struct {
	Label   string
	Results *sdmodel.Results
}

// Spec is anything that builds a chart: the specs of this package and *Chart
// itself.
type Spec interface {
	Chart() (*Chart, error)
}

// Chart is a built chart, ready to be written as HTML, SVG or PNG.
type Chart struct {
	Title string
	Kind  string // "line", "bands", "phase", "bars", "areas", or a picture's kind
	// Width and Height are the size in CSS pixels; static figures keep the
	// same size at 96 pixels per inch.
	Width, Height int

	option  map[string]any          // the ECharts option
	static  func() (*figure, error) // nil for kinds without a static form
	picture *Picture                // set for pictures, which have no option
}

// Chart returns the chart itself, so a *Chart is a Spec.
func (c *Chart) Chart() (*Chart, error) { return c, nil }

// funcMarker is how go-echarts marks JavaScript functions inside JSON
// strings; its renderer strips the markers, and so do we.
var funcMarker = regexp.MustCompile(`(__f__")|("__f__)|(__f__)`)

// Option returns the chart's ECharts option as JSON. Keys are sorted, so the
// bytes are the same on every call.
func (c *Chart) Option() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c.option); err != nil {
		return nil, fmt.Errorf("chart %q: encoding the ECharts option: %w", c.Title, err)
	}
	out := funcMarker.ReplaceAll(bytes.TrimSpace(buf.Bytes()), nil)
	// The option is placed inside a <script> element: "</" must not end it early.
	return bytes.ReplaceAll(out, []byte("</"), []byte(`<\/`)), nil
}

// ID returns the HTML element id of the chart. It is derived from the title
// and the content, so the same chart gets the same id on every run and a
// saved notebook does not change when it is executed again.
func (c *Chart) ID() string {
	// A picture's content is its SVG; only charts need their option built.
	var opt []byte
	if c.picture != nil {
		opt = c.picture.SVG
	} else {
		opt, _ = c.Option()
	}
	sum := sha256.Sum256(append([]byte(c.Kind+"\x00"+c.Title+"\x00"), opt...))
	slug := slugify(c.Title)
	if slug == "" {
		slug = c.Kind
	}
	return "sdchart-" + slug + "-" + hex.EncodeToString(sum[:5])
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Save writes the chart to a file; the extension chooses the format:
// .html (standalone page), .svg or .png (static figure).
func (c *Chart) Save(path string) error {
	var data []byte
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		data, err = c.HTML()
	case ".svg":
		data, err = c.SVG()
	case ".png":
		data, err = c.PNG()
	default:
		return fmt.Errorf("chart %q: cannot save as %q: use .html, .svg or .png", c.Title, path)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func (c *Chart) size() (w, h int) {
	w, h = c.Width, c.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	return w, h
}

// errorf returns an error naming the chart.
func errorf(kind, title, format string, args ...any) error {
	if title == "" {
		return fmt.Errorf("%s chart: %s", kind, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%s chart %q: %s", kind, title, fmt.Sprintf(format, args...))
}
