package web

import (
	"html"
	"strconv"

	"github.com/janpfeifer/gonb/gonbui"
)

// Show displays the page in a GoNB notebook cell, in a frame of the given
// height in CSS pixels (0: 900). The frame holds the whole page (about
// 2.7 MB), so it works in the saved notebook too. On error, the message is
// displayed instead. Outside a notebook it only builds the page.
func (p *Page) Show(height int) error {
	b, err := p.HTML()
	if err != nil {
		gonbui.DisplayHTML(`<pre style="color:#b00">` + html.EscapeString(err.Error()) + "</pre>")
		return err
	}
	gonbui.DisplayHTML(Frame(b, height))
	gonbui.Sync() // a large output: make sure the notebook has it before the cell ends
	return nil
}

// Frame wraps a page in an iframe whose document is the page itself (its
// srcdoc), to embed it in another HTML document such as a notebook's output.
// The frame is not sandboxed: the engine does not start in a sandboxed frame
// of an opaque origin.
func Frame(page []byte, height int) string {
	if height <= 0 {
		height = 900
	}
	return `<iframe class="sdmodel-web" title="flight simulator" style="width:100%;height:` + strconv.Itoa(height) +
		`px;border:1px solid #d5dbe1" srcdoc="` +
		html.EscapeString(string(page)) + `"></iframe>`
}
