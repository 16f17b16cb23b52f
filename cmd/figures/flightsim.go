package main

import "github.com/sdlessons/trafficking/sdmodel/trafficking"

// flightSimulatorFile is the trafficking model's flight simulator: one
// self-contained page (package sdmodel/web) with its own copy of the chart
// library and the engine, so it works when copied anywhere on its own.
const flightSimulatorFile = "trafficking-flight-simulator.html"

// flightSimulator is the page's bytes, the same for the same model.
func flightSimulator() ([]byte, error) { return trafficking.FlightSimulator().HTML() }

// flightSimulatorReadme is the README's paragraph on the page.
func flightSimulatorReadme() string {
	return "**Flight simulator:** [" + flightSimulatorFile + "](" + flightSimulatorFile + ") is the model in one offline page: " +
		"move the policy levers of lesson 5 and the model re-runs in the browser (the engine compiled to WebAssembly), " +
		"against the baseline as a faint line; the scenarios are presets and a link keeps the settings in its fragment. " +
		"It is self-contained (its own copy of ECharts), so it can be copied and shared alone.\n\n"
}
