package lessonkit

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// ErrNoBrowser is returned (wrapped, with the reason) by Panel.Run when no browser page is
// attached to the notebook's kernel: a headless run (nbconvert --execute, the lessons' test
// runner), a script, or a go test. Widgets cannot work there, and waiting for one would hang.
var ErrNoBrowser = errors.New("interactive cell skipped: no browser is attached to this notebook (the sliders need a live notebook page)")

// HeadlessEnv is the environment variable that, when set to anything, tells Panel.Run that the
// notebook runs headless without probing for a browser (kernel-setup/run-notebooks.sh sets it).
const HeadlessEnv = "SDLESSONS_HEADLESS"

// Slider is one integer slider of a Panel.
type Slider struct {
	Label    string
	Min, Max int
	Value    *int // read for the starting position; written, by Run's goroutine only, as the slider moves
}

// Panel is an interactive cell: sliders above a drawing that is redrawn whenever one moves.
type Panel struct {
	Sliders []Slider
	// Draw returns the HTML to show under the sliders; it reads the sliders' Values. An error is
	// shown in place of the drawing.
	Draw func() (string, error)
	// Probe is how long to wait for the page to answer before deciding there is no browser
	// (default 5 s: installing GoNB's connection to the page alone may take 3 s).
	Probe time.Duration
	// Idle ends the cell after this long without a slider moving (default 15 minutes), so that a
	// forgotten cell does not hold the kernel.
	Idle time.Duration
}

// Run shows the panel and redraws on every slider move until the Done button is pressed or the
// panel has been idle for Idle; then it keeps the last drawing in the notebook. Values are
// written and Draw is called from Run's own goroutine only, so Draw needs no locking. When no
// browser is attached it returns an error wrapping ErrNoBrowser within Probe, having shown nothing.
func (p Panel) Run() error {
	if p.Draw == nil || len(p.Sliders) == 0 {
		return errors.New("lessonkit.Panel: needs sliders and a Draw function")
	}
	for _, s := range p.Sliders {
		if s.Value == nil || s.Min >= s.Max {
			return fmt.Errorf("lessonkit.Panel: slider %q needs a Value and Min < Max", s.Label)
		}
	}
	if err := attached(orDefault(p.Probe, 5*time.Second)); err != nil {
		return err
	}
	div := dom.CreateTransientDiv()
	type update struct {
		value *int
		v     int
	}
	updates := make(chan update, 16)
	for _, s := range p.Sliders {
		dom.Append(div, "<div style='margin-top:6px'>"+s.Label+"</div>")
		w := widgets.Slider(s.Min, s.Max, *s.Value).AppendTo(div).Done()
		go func(value *int, ch chan int) { // forward to one channel: only Run's loop writes Values
			for v := range ch {
				updates <- update{value, v}
			}
		}(s.Value, w.Listen().LatestOnly().C)
	}
	done := widgets.Button("Done").AppendTo(div).Done().Listen()
	out := "lessonkit_panel_" + gonbui.UniqueId()
	draw := func() string {
		html, err := p.Draw()
		if err != nil {
			html = "<pre>" + err.Error() + "</pre>"
		}
		gonbui.UpdateHTML(out, html)
		return html
	}
	last := draw()
	idle := orDefault(p.Idle, 15*time.Minute)
	for stop := false; !stop; {
		select {
		case u := <-updates:
			*u.value = u.v
			last = draw()
		case <-done.C:
			stop = true
		case <-time.After(idle):
			stop = true
		}
	}
	gonbui.UpdateHTML(out, "")
	dom.Persist(div)
	gonbui.DisplayHTML(last)
	return nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// attached reports, as nil, that a browser page answers for the notebook: it asks the page to
// send a value back through GoNB's connection and waits up to wait for it. The page's script
// retries until GoNB's connection object exists, which GoNB installs on the first Listen.
func attached(wait time.Duration) error {
	switch {
	case os.Getenv(HeadlessEnv) != "":
		return fmt.Errorf("%w; %s is set", ErrNoBrowser, HeadlessEnv)
	case !gonbui.IsNotebook:
		return fmt.Errorf("%w; not running in a GoNB notebook", ErrNoBrowser)
	case gonbui.Error() != nil:
		return fmt.Errorf("%w; no connection to GoNB: %v", ErrNoBrowser, gonbui.Error())
	}
	address := "/lessonkit/probe/" + gonbui.UniqueId()
	answer := comms.Listen[int](address)
	defer answer.Close()
	dom.TransientJavascript(fmt.Sprintf(`(() => {
	let tries = 0;
	const probe = setInterval(() => {
		if (globalThis.gonb_comm) { globalThis.gonb_comm.send(%q, 1); clearInterval(probe); }
		else if (++tries > 100) { clearInterval(probe); }
	}, 50);
})();`, address))
	select {
	case <-answer.C:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("%w; the page did not answer within %v", ErrNoBrowser, wait)
	}
}
