package diagram_test

import (
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/diagram"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

func logistic() *sdmodel.Model {
	m := sdmodel.New("population")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 50, DT: 0.25, SavePer: 1, Units: "year"})
	m.Stock("population", "10", "person").In("births")
	m.Flow("births", "population * fractional growth", "person/year")
	m.Aux("fractional growth", "0.3 * (1 - population / capacity)", "1/year")
	m.Const("capacity", 1000, "person")
	return m
}

// A stock-and-flow diagram, laid out automatically, as SVG.
func ExampleStockFlow() {
	c, err := diagram.StockFlow{Model: logistic()}.Chart()
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, _ := c.SVG()
	fmt.Println(c.Kind, strings.Count(string(svg), ">births</text>"))
	// Output: stock-flow 1
}

// A causal loop diagram of two named loops: markers R1 and B1.
func ExampleCLD() {
	svg, err := diagram.CLD{Model: logistic(), Loops: []loops.LoopName{
		{Name: "growth", Through: []string{"births"}},
		{Name: "crowding", Through: []string{"fractional growth"}},
	}}.SVG()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(string(svg), ">R1</text>"), strings.Contains(string(svg), ">B1</text>"))
	// Output: true true
}
