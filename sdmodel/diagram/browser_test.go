package diagram

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/internal/browsertest"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// TestBrowserDrawsPages opens the HTML pages of a stock-and-flow diagram, a
// causal loop diagram and a loop dominance chart in headless Chromium
// (driven by chromedp) and checks that each draws: an SVG of the diagram's
// size with its names laid out, or the chart's SVG from ECharts.
func TestBrowserDrawsPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := browsertest.Chromium(t)
	m := population()
	names := []loops.LoopName{{Name: "growth", Through: []string{"births"}}, {Name: "crowding", Through: []string{"perceived crowding"}}}
	a, err := loops.Analyze(m, &loops.Settings{Names: names})
	require.NoError(t, err)
	dir := t.TempDir()
	pages := map[string]chart.Spec{
		"stock-flow": StockFlow{Model: readSample(t, "SIR.xmile")},
		"loops":      CLD{Model: m, Analysis: a, Loops: names},
		"dominance":  Dominance{Analysis: a},
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	for _, kind := range []string{"stock-flow", "loops", "dominance"} {
		c, err := pages[kind].Chart()
		require.NoError(t, err)
		page, err := c.HTML()
		require.NoError(t, err)
		path := filepath.Join(dir, kind+".html")
		require.NoError(t, os.WriteFile(path, page, 0o644))
		u := &url.URL{Scheme: "file", Path: path}
		_, err = chromedp.Run(ctx, chromedp.Navigate(u.String()))
		require.NoError(t, err, kind)
		// ECharts draws after the page has loaded: wait for the names to be
		// drawn, in this page (not in the one just left, which has names too).
		const drawn = `Array.from(document.querySelectorAll("svg text")).filter(e => e.getBBox().width > 0).length > 3`
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, err = chromedp.Run(pctx, browsertest.RetryRead(chromedp.Poll[bool](
			"location.pathname === "+strconv.Quote(u.EscapedPath())+" && "+drawn, chromedp.WithPollingInterval(50*time.Millisecond))))
		cancel()
		require.NoError(t, err, "%s: names are drawn", kind)
		width, err := chromedp.Run(ctx, browsertest.Retry(chromedp.Evaluate[float64](`document.querySelector("svg").getBoundingClientRect().width`)))
		require.NoError(t, err, kind)
		assert.Greater(t, width, 200.0, "%s: the SVG has its size", kind)
	}
}
