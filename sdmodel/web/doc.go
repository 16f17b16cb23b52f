// Package web makes a management flight simulator of a model: one
// self-contained HTML page, working offline from file://, where a slider
// moves each chosen constant and the model re-runs in the browser at once.
//
// The page holds the engine of this repository compiled to WebAssembly
// (package sdmodel/web/wasm, about 1 MB gzipped, unpacked by the browser's
// DecompressionStream), the model as XMILE, Apache ECharts (with its
// licence notice) and a small script. In the page: a slider per constant
// with its units and documentation as a tooltip, one chart per plotted
// variable with the baseline as a faint line, a reset, scenario presets,
// the slider values in the URL fragment (a link reproduces a scenario), a
// CSV download of the current run and the model's equation listing.
//
//	p := &web.Page{Model: m, Sliders: []web.Slider{{Name: "room temperature", Min: 0, Max: 40, Step: 1}},
//		Vars: []string{"teacup temperature"}}
//	err := p.WriteFile("teacup.html") // or p.HTML(), or p.Show() in a GoNB notebook
//
// The same page comes from the command line with "sd web MODEL -o page.html"
// (sd runs its companion program sd-draw for it, which "sd-draw web" runs
// directly).
//
// Sliders and switches. A slider sets its constant whenever it is away
// from its baseline position; at that position the run is the model's own.
// A policy lever often needs a switch too: with Slider.Switch set, the
// slider starts at Off (the value at which the policy does nothing) and the
// page sets the switch to 1 whenever the slider is elsewhere.
//
// Reproducible: the same page settings give the same bytes. The engine is
// built by internal/wasmbuild ("go generate ./sdmodel/web", make wasm) with
// -trimpath and the Go toolchain named in assets/go-toolchain; the tests
// rebuild it and fail when the committed assets differ.
package web
