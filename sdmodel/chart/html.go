package chart

import (
	_ "embed"
	"html"
	"strconv"
	"strings"
)

// EChartsVersion is the version of Apache ECharts embedded in this package
// (assets/echarts.min.js, from the npm package echarts@5.6.0, Apache-2.0;
// its LICENSE and NOTICE are in assets/).
const EChartsVersion = "5.6.0"

//go:embed assets/echarts.min.js
var echartsJS string

//go:embed assets/NOTICE
var echartsNotice string

// libraryComment keeps the ECharts licence notice next to the inlined code.
func libraryComment() string {
	notice := strings.ReplaceAll(strings.TrimSpace(echartsNotice), "--", "- -")
	return "<!-- Apache ECharts " + EChartsVersion + ", licensed under the Apache License 2.0.\n" +
		notice + "\n-->\n"
}

// LibrarySnippet returns the HTML that defines window.echarts: the whole
// library (about 1 MB) inline, with no network access. Under RequireJS
// (Jupyter's classic notebook and nbconvert's HTML export) a plain script of
// the UMD bundle would register an anonymous module and leave window.echarts
// undefined, so the bundle runs with define, module and exports shadowed.
// It does nothing when window.echarts is already defined.
func LibrarySnippet() string {
	var b strings.Builder
	b.Grow(len(echartsJS) + 512)
	b.WriteString(libraryComment())
	b.WriteString(`<script type="text/javascript">` + "\n")
	b.WriteString(wrappedLibrary())
	b.WriteString("</script>\n")
	return b.String()
}

func wrappedLibrary() string {
	return "if (!window.echarts) {\n(function (define, module, exports) {\n" + echartsJS + "\n}).call(window);\n}\n"
}

// LibraryJS returns the library as a script file, for pages that share one
// copy (<script src="echarts.min.js">): the same RequireJS-safe code as
// LibrarySnippet, with the licence notice as a comment.
func LibraryJS() []byte {
	notice := strings.ReplaceAll(strings.TrimSpace(echartsNotice), "*/", "* /")
	return []byte("/*! Apache ECharts " + EChartsVersion + ", licensed under the Apache License 2.0.\n" + notice +
		"\n(The licence is in sdmodel/chart/assets/LICENSE of this repository.) */\n" + wrappedLibrary())
}

// Snippet returns the chart as an HTML fragment for a notebook: a <div> and a
// script that draws into it once window.echarts is defined (see
// LibrarySnippet and Show). It does not contain the library.
func (c *Chart) Snippet() (string, error) {
	if c.picture != nil {
		return c.pictureSnippet(), nil
	}
	opt, err := c.Option()
	if err != nil {
		return "", err
	}
	w, h := c.size()
	id := c.ID()
	var b strings.Builder
	b.WriteString(`<div id="` + id + `" class="sdmodel-chart" style="width:` + strconv.Itoa(w) +
		"px;height:" + strconv.Itoa(h) + `px;"></div>` + "\n")
	b.WriteString(`<script type="text/javascript">` + "\n")
	b.WriteString(drawScript(id, string(opt)))
	b.WriteString("</script>\n")
	return b.String(), nil
}

// drawScript draws option into the element of that id. It waits a little for
// the library (outputs may be rendered out of order) and then explains what
// is missing instead of leaving a blank box. Ids are stable, so the same
// chart may appear twice on a page: the first element without a chart wins.
func drawScript(id, option string) string {
	return `(function () {
  var id = ` + strconv.Quote(id) + `;
  var option = ` + option + `;
  function target(ec) {
    var els = document.querySelectorAll('[id="' + id + '"]');
    for (var i = 0; i < els.length; i++) {
      if (!ec.getInstanceByDom(els[i])) { return els[i]; }
    }
    var last = els[els.length - 1];
    if (last) { ec.getInstanceByDom(last).dispose(); }
    return last;
  }
  function draw(tries) {
    var ec = window.echarts;
    if (!ec) {
      if (tries < 50) { setTimeout(function () { draw(tries + 1); }, 100); return; }
      var el = document.getElementById(id);
      if (el) { el.textContent = "The ECharts library is not loaded: run chart.Load() (or chart.Show) in an earlier cell."; }
      return;
    }
    var el = target(ec);
    if (el) { ec.init(el, null, { renderer: "svg" }).setOption(option); }
  }
  draw(0);
})();
`
}

// HTML returns a standalone page showing the chart. ECharts is inlined, so
// the page works offline and from file:// URLs.
func (c *Chart) HTML() ([]byte, error) {
	snippet, err := c.Snippet()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Grow(len(echartsJS) + len(snippet) + 1024)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + html.EscapeString(c.Title) + "</title>\n")
	if c.picture == nil {
		b.WriteString(LibrarySnippet())
	}
	b.WriteString("<style>body{margin:0;font-family:sans-serif;} .sdmodel-chart{margin:16px auto;}</style>\n")
	b.WriteString("</head>\n<body>\n")
	b.WriteString(snippet)
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String()), nil
}
