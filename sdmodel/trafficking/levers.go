package trafficking

import "github.com/sdlessons/trafficking/sdmodel/web"

// Lever is a policy lever of lesson 5 and of the flight simulator: a
// policy's effect size moved over a range, with the switch that turns the
// policy on. At Off the policy does nothing and the run is the baseline.
type Lever struct {
	Name           string // the constant the lever moves (a parameter)
	Label          string // what a student reads
	Min, Max, Step float64
	Off            float64 // the value that means no policy
	Switch         string  // set to 1 whenever the lever is not at Off
}

// Levers returns the policy levers, in the order a student meets them.
func Levers() []Lever {
	return []Lever{
		{"end demand multiplier", "End-demand law: demand with the law (× without)", 0.4, 1, 0.05, 1, "end demand switch"},
		{"service capacity multiplier", "Protection: service capacity (× today)", 1, 3, 0.1, 1, "protection expansion switch"},
		{"upstream support effect", "Upstream support: cut in risk onset and survival-sex entry", 0, 0.45, 0.05, 0, "upstream support switch"},
		{"weight of measured prevalence", "Surveillance: weight of measured prevalence", 0, 0.8, 0.05, 0, "surveillance switch"},
		{"trafficker arrest multiplier", "Supply side: trafficker arrests (× today)", 1, 3, 0.1, 1, "supply side switch"},
	}
}

// Settings returns the constant overrides of the lever at value v: none at
// Off, else the constant and the switch.
func (l Lever) Settings(v float64) map[string]float64 {
	if v == l.Off {
		return map[string]float64{}
	}
	return map[string]float64{l.Name: v, l.Switch: 1}
}

// FlightSimulatorVars are the outputs the flight simulator plots.
func FlightSimulatorVars() []string {
	return []string{TraffickedPersons, Transactions, IdentifiedVictims, PerceivedPrevalence, Price}
}

// FlightSimulator returns the model's flight simulator page (package
// sdmodel/web): a slider per lever, the key outputs, and every scenario as
// a preset.
func FlightSimulator() *web.Page {
	p := &web.Page{
		Model: Build(),
		Title: "Sex trafficking dynamics: a policy flight simulator",
		Intro: "Move a policy lever and the model re-runs at once: the red line is your policy, the grey line the baseline. " +
			"Policies start in January 2023 and phase in over a year. Levels are illustrative (a state of about 3.5 million people); " +
			"shapes and ratios matter. Hover over a lever for its units and documentation; a scenario sets the levers as in lesson 5.",
		Vars: FlightSimulatorVars(),
	}
	for _, l := range Levers() {
		p.Sliders = append(p.Sliders, web.Slider{Name: l.Name, Label: l.Label, Min: l.Min, Max: l.Max, Step: l.Step,
			Off: l.Off, Switch: l.Switch})
	}
	for _, s := range Scenarios() {
		p.Presets = append(p.Presets, web.Preset{Name: s.Name, Description: s.Description, Set: s.Set})
	}
	return p
}
