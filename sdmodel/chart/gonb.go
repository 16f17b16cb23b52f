package chart

import (
	"html"
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
)

// GoNB runs each notebook cell as a new program, so "already loaded" cannot
// live in a Go variable. GoNB gives every kernel session its own temporary
// directory (GONB_TMP_DIR); a marker file there records that this session
// has sent the library to the notebook.
const loadedMarker = "sdmodel-chart-echarts-" + EChartsVersion + ".loaded"

// Show displays a chart in a GoNB notebook. The first chart of a kernel
// session also carries the ECharts library (inline, about 1 MB; later charts
// are a few kB). On error, the message is displayed in the notebook too.
// Outside a notebook it does nothing but build the chart.
//
//	chart.Show(chart.Line{Runs: runs, Vars: []string{"victims"}})
func Show(s Spec) error {
	c, err := s.Chart()
	if err != nil {
		gonbui.DisplayHTML(`<pre style="color:#b00">` + html.EscapeString(err.Error()) + "</pre>")
		return err
	}
	fragment, err := notebookHTML(c, os.Getenv("GONB_TMP_DIR"))
	if err != nil {
		gonbui.DisplayHTML(`<pre style="color:#b00">` + html.EscapeString(err.Error()) + "</pre>")
		gonbui.Sync()
		return err
	}
	gonbui.DisplayHTML(fragment)
	// Wait until the notebook has the output: a cell that ends right after
	// a large output could otherwise lose it.
	gonbui.Sync()
	return nil
}

// Load displays the ECharts library in the notebook, whether or not this
// kernel session has done so before. Call it in a notebook's first cell to
// make the saved notebook independent of which cells were run again: charts
// in later outputs find the library when the notebook is reopened.
func Load() {
	gonbui.DisplayHTML(LibrarySnippet())
	gonbui.Sync() // the library is 1 MB: make sure it is saved with the notebook
	markLoaded(os.Getenv("GONB_TMP_DIR"))
}

// notebookHTML is the HTML Show displays: the chart snippet, preceded by the
// library when the session in sessionDir has not loaded it yet. With no
// session directory (not in GoNB) the library is always included.
func notebookHTML(c *Chart, sessionDir string) (string, error) {
	snippet, err := c.Snippet()
	if err != nil {
		return "", err
	}
	if c.picture != nil { // an SVG needs no library
		return snippet, nil
	}
	if sessionDir != "" {
		if _, err := os.Stat(filepath.Join(sessionDir, loadedMarker)); err == nil {
			return snippet, nil
		}
	}
	markLoaded(sessionDir)
	return LibrarySnippet() + snippet, nil
}

func markLoaded(sessionDir string) {
	if sessionDir == "" {
		return
	}
	// A failure only means the next chart carries the library again.
	_ = os.WriteFile(filepath.Join(sessionDir, loadedMarker), []byte(EChartsVersion+"\n"), 0o644)
}
