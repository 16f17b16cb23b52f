package lessonkit

import "github.com/sdlessons/trafficking/sdmodel"

// sketchView is the stock-and-flow diagram of Sketch as a modeller would draw it: the chain of
// people at risk and trafficked persons across the middle, the traffickers' perceived profit above
// it, perception and response below. Information links follow the equations.
func sketchView(m *sdmodel.Model) *sdmodel.View {
	v := &sdmodel.View{}
	stock := func(name string, x, y float64) {
		v.Elements = append(v.Elements, sdmodel.ViewElement{Name: name, Kind: sdmodel.Stock, X: x, Y: y, Width: 110, Height: 50})
	}
	flow := func(name string, x, y float64, pipe ...float64) {
		e := sdmodel.ViewElement{Name: name, Kind: sdmodel.Flow, X: x, Y: y}
		for i := 0; i+1 < len(pipe); i += 2 {
			e.Pipe = append(e.Pipe, sdmodel.Point{X: pipe[i], Y: pipe[i+1]})
		}
		v.Elements = append(v.Elements, e)
	}
	aux := func(name string, x, y float64) {
		v.Elements = append(v.Elements, sdmodel.ViewElement{Name: name, Kind: sdmodel.Aux, X: x, Y: y})
	}
	stock(SketchProfit, 330, 40)
	flow("change in perceived profit", 200, 40, 80, 40, 275, 40)
	aux("price index", 640, -60)
	aux("demand index", 800, -60)
	aux("profit index", 200, -60)
	aux("desired victims", 470, 40)
	aux("victim gap", 560, 100)

	stock(SketchAtRisk, 300, 200)
	stock(SketchVictims, 640, 200)
	flow("risk onset", 150, 200, 40, 200, 245, 200)
	flow("recruitment", 470, 200, 355, 200, 585, 200)
	flow("exits", 800, 200, 695, 200, 900, 200)
	flow("risk resolution", 300, 300, 300, 225, 300, 380)
	flow("identification", 640, 300, 640, 225, 640, 380)
	aux("normal recruitment", 150, 120)
	aux("pool effect", 390, 120)
	aux("expected losses", 800, 100)
	aux("lockdown", 940, 60)

	stock(SketchPerceived, 780, 470)
	flow("change in perceived prevalence", 640, 470, 530, 470, 725, 470)
	aux("reported prevalence", 780, 370)
	aux("indicated response", 900, 560)
	stock(SketchResponse, 780, 640)
	flow("change in response", 640, 640, 530, 640, 725, 640)

	on := map[string]bool{}
	for _, e := range v.Elements {
		on[e.Name] = true
	}
	for _, e := range v.Elements {
		if e.Kind == sdmodel.Stock {
			continue // a stock's equation is its initial value
		}
		refs, _ := m.References(e.Name)
		for _, r := range refs {
			if on[r] && r != e.Name {
				v.Connectors = append(v.Connectors, sdmodel.Connector{From: r, To: e.Name})
			}
		}
	}
	return v
}
