package loops_test

import (
	"fmt"
	"os"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

func logisticModel() *sdmodel.Model {
	m := sdmodel.New("logistic")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 60, DT: 0.125, SavePer: 1, Units: "year"})
	m.Stock("population", "10", "animals").In("births")
	m.Flow("births", "population * fractional growth", "animals/year")
	m.Aux("fractional growth", "r * (1 - population / capacity)", "1/year")
	m.Const("r", 0.25, "1/year")
	m.Const("capacity", 1000, "animals")
	return m
}

// The feedback loops of logistic growth, found from the equations.
func ExampleBuild() {
	g, err := loops.Build(logisticModel())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range g.Loops() {
		fmt.Println(l)
	}
	// Output:
	// R1: population → births → population
	// B1: population → fractional growth → births → population
}

// Loop dominance in logistic growth: the reinforcing loop drives the early
// exponential growth, the balancing loop takes over at the inflection point.
func ExampleAnalyze() {
	m := logisticModel()
	a, err := loops.Analyze(m, &loops.Settings{Names: []loops.LoopName{
		{Name: "growth", Through: []string{"births"}},
		{Name: "crowding", Through: []string{"fractional growth"}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range a.Periods() {
		fmt.Printf("%g to %g: %s\n", p.Start, p.End, p.Loop)
	}
	// Output:
	// 0 to 18.625: growth
	// 18.625 to 60: crowding
}

// The causal loop diagram as Graphviz DOT, without the constants.
func ExampleGraph_WriteDOT() {
	g, _ := loops.Build(logisticModel())
	g.WriteDOT(os.Stdout, true)
	// Output:
	// digraph "logistic" {
	//   rankdir=LR;
	//   node [fontname="Helvetica"];
	//   edge [fontname="Helvetica"];
	//   "population" [shape=box];
	//   "births" [shape=ellipse, style=bold];
	//   "fractional growth" [shape=plaintext];
	//   "births" -> "population" [label="+", style=bold];
	//   "population" -> "births" [label="+"];
	//   "fractional growth" -> "births" [label="+"];
	//   "population" -> "fractional growth" [label="-"];
	//   "loops: logistic" [shape=note, label="R1: population → births → population\lB1: population → fractional growth → births → population\l"];
	// }
}
