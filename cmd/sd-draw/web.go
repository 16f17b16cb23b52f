package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel/web"
)

var webCommand = &cli.Command{
	Name:  "web",
	Args:  "MODEL",
	Short: "make a flight simulator: one offline HTML page with sliders",
	Summary: "Make a management flight simulator of a model: one self-contained HTML page that works offline\n" +
		"(the engine in WebAssembly, the model and the chart library inside). A slider moves each chosen\n" +
		"constant and the model re-runs in the browser at once; the baseline stays as a faint line.\n" +
		"Without -slider, every constant gets one (up to 12) from 0 to twice its value; without -vars,\n" +
		"the stocks are plotted (up to 6).",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		o := &webOptions{}
		fs.StringVar(&o.out, "o", "", "write the page to `FILE` (default: standard output)")
		fs.StringVar(&o.title, "title", "", "the page's title (default: the model's name)")
		fs.StringVar(&o.vars, "vars", "", "comma-separated `names` of the variables to plot")
		fs.Func("slider", "a slider: `name=min:max:step` (repeatable; name alone: 0 to twice its value)", func(s string) error {
			sl, err := parseSlider(s)
			if err != nil {
				return err
			}
			o.sliders = append(o.sliders, sl)
			return nil
		})
		return o.run
	},
}

type webOptions struct {
	out, title, vars string
	sliders          []web.Slider
}

// parseSlider reads name=min:max:step; a name alone takes the default range.
func parseSlider(s string) (web.Slider, error) {
	name, spec, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if name == "" {
		return web.Slider{}, fmt.Errorf("want name=min:max:step, found %q", s)
	}
	if !ok {
		return web.Slider{Name: name}, nil
	}
	parts := strings.Split(spec, ":")
	if len(parts) != 3 {
		return web.Slider{}, fmt.Errorf("%s: want min:max:step, found %q", name, spec)
	}
	var v [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return web.Slider{}, fmt.Errorf("%s: %q is not a number", name, strings.TrimSpace(p))
		}
		v[i] = x
	}
	if !(v[0] < v[1]) || !(v[2] > 0) {
		return web.Slider{}, fmt.Errorf("%s: want min < max and step > 0, found %s", name, spec)
	}
	return web.Slider{Name: name, Min: v[0], Max: v[1], Step: v[2]}, nil
}

func (o *webOptions) run(e *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.ErrUsage
	}
	l, err := e.Load(args[0])
	if err != nil {
		return err
	}
	p := &web.Page{Model: l.Model, Title: o.title}
	p.Vars = cli.List(o.vars)
	p.Sliders = o.sliders
	page, err := p.HTML()
	if err != nil {
		return cli.InFile(l.Path, err)
	}
	if o.out == "" {
		_, err = e.Stdout.Write(page)
		return err
	}
	return os.WriteFile(o.out, page, 0o644)
}
