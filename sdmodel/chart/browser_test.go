package chart

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/internal/browsertest"
)

var outDir = flag.String("chart.out", "", "also write the test charts (HTML, SVG, PNG, browser screenshots) to this directory")

// consoleError matches what Chromium logs for page errors with
// --enable-logging=stderr.
var consoleError = regexp.MustCompile(`(?i)CONSOLE.*(uncaught|error|not loaded)|ERR_|Failed to load`)

// screenshot renders a page with headless Chromium and returns the PNG and
// the console output.
func screenshot(t *testing.T, browser, page string, width, height int) (image.Image, string) {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
		"--enable-logging=stderr", "--v=0",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		fmt.Sprintf("--window-size=%d,%d", width, height), "--virtual-time-budget=8000",
		"--screenshot="+shot, "file://"+page)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	require.NoError(t, cmd.Run(), "chromium: %s", stderr.String())
	f, err := os.Open(shot)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	var console []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "CONSOLE") || strings.Contains(line, "ERR_") || strings.Contains(line, "Failed to load") {
			console = append(console, line)
		}
	}
	return img, strings.Join(console, "\n")
}

// inked counts pixels that differ clearly from white, leaving out top rows
// at the top and bottom rows at the bottom.
func inked(img image.Image, top, bottom int) int {
	return countPixels(img, top, bottom, func(r, g, b uint32) bool {
		return r < 0xe000 || g < 0xe000 || b < 0xe000
	})
}

// coloured counts clearly coloured (not grey) pixels, leaving out top rows
// at the top (the title) and bottom rows at the bottom (the legend).
func coloured(img image.Image, top, bottom int) int {
	return countPixels(img, top, bottom, func(r, g, b uint32) bool {
		hi, lo := max(r, g, b), min(r, g, b)
		return hi-lo >= 24<<8
	})
}

func countPixels(img image.Image, top, bottom int, keep func(r, g, b uint32) bool) int {
	n := 0
	bd := img.Bounds()
	for y := bd.Min.Y + top; y < bd.Max.Y-bottom; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if keep(r, g, b) {
				n++
			}
		}
	}
	return n
}

// requirejsShim stands in for Jupyter's RequireJS: an AMD define that
// swallows anonymous modules, which is what leaves a plain <script> of the
// ECharts bundle without window.echarts.
const requirejsShim = `<script>window.define = function () {}; window.define.amd = {};</script>` + "\n"

// Frame geometry of the browser test: every page is shown in an iframe of
// one page, stacked, so that one browser launch checks them all.
const (
	frameW, frameH, frameGap = 820, 470, 10
)

func TestBrowserRendersEveryKind(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := browsertest.Chromium(t)
	charts := fixtureCharts(t)
	dir := t.TempDir()
	if *outDir != "" {
		dir = *outDir
		require.NoError(t, os.MkdirAll(dir, 0o755))
	}
	kinds := make([]string, 0, len(charts))
	for k := range charts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		return name
	}

	// Each standalone page; the notebook form (RequireJS present, the
	// library once, then every chart snippet, as in a notebook with several
	// chart cells); and a snippet whose library was never loaded.
	var pages []string
	var notebook strings.Builder
	notebook.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + requirejsShim + "</head><body style=\"margin:0\">\n")
	notebook.WriteString(LibrarySnippet())
	for _, kind := range kinds {
		c := charts[kind]
		page, err := c.HTML()
		require.NoError(t, err)
		pages = append(pages, write(kind+".html", string(page)))
		if *outDir != "" && c.static != nil {
			require.NoError(t, c.Save(filepath.Join(dir, kind+".svg")))
			require.NoError(t, c.Save(filepath.Join(dir, kind+".png")))
		}
		snippet, err := c.Snippet()
		require.NoError(t, err)
		notebook.WriteString(snippet)
	}
	notebook.WriteString("</body></html>\n")
	pages = append(pages, write("notebook.html", notebook.String()))
	snippet, err := charts["line"].Snippet()
	require.NoError(t, err)
	pages = append(pages, write("missing-library.html", "<!DOCTYPE html><html><body>"+snippet+"</body></html>"))

	var all strings.Builder
	all.WriteString("<!DOCTYPE html><html><body style=\"margin:0\">\n")
	for _, p := range pages {
		fmt.Fprintf(&all, "<iframe src=%q style=\"display:block;border:0;width:%dpx;height:%dpx;margin:0 0 %dpx 0\"></iframe>\n",
			p, frameW, frameH, frameGap)
	}
	all.WriteString("</body></html>\n")
	index := filepath.Join(dir, write("all.html", all.String()))

	img, console := screenshot(t, browser, index, frameW+20, len(pages)*(frameH+frameGap))
	if *outDir != "" {
		saveImage(t, filepath.Join(dir, "all-browser.png"), img)
	}
	assert.NotRegexp(t, consoleError, console, "console errors")
	frame := func(i int) image.Image {
		r := image.Rect(0, i*(frameH+frameGap), frameW, i*(frameH+frameGap)+frameH)
		return img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(r)
	}
	for i, p := range pages {
		f := frame(i)
		if *outDir != "" {
			saveImage(t, filepath.Join(dir, strings.TrimSuffix(p, ".html")+"-browser.png"), f)
		}
		switch p {
		case "missing-library.html":
			// Only the message is drawn: grey text, no data.
			assert.Less(t, coloured(f, 0, 0), 100, p)
			assert.Greater(t, inked(f, 0, 0), 100, "%s: the missing-library message is not shown", p)
		default:
			// Titles, axes and labels are grey; what the data draw (lines,
			// bands, bars, nodes) is coloured. The notebook frame shows its
			// first chart.
			assert.Greater(t, inked(f, 0, 0), 5000, "%s looks blank", p)
			assert.Greater(t, coloured(f, 70, 60), 2500, "%s: the plot area has no data drawn", p)
		}
	}
}

func saveImage(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}
