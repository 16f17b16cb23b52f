package web_test

import (
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/web"
)

// A flight simulator of the teacup: one slider, one chart.
func Example() {
	m := sdmodel.New("teacup")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 30, DT: 0.125, SavePer: 1, Units: "minute"})
	m.Stock("teacup temperature", "180", "degree").Out("heat loss")
	m.Flow("heat loss", "(teacup temperature - room temperature) / characteristic time", "degree/minute")
	m.Const("room temperature", 70, "degree").Describe("Temperature of the room.")
	m.Const("characteristic time", 10, "minute")

	p := &web.Page{Model: m, Title: "Cooling tea",
		Sliders: []web.Slider{{Name: "room temperature", Min: 0, Max: 100, Step: 1}},
		Vars:    []string{"teacup temperature"}}
	page, err := p.HTML() // or p.WriteFile("tea.html"), or p.Show(0) in a notebook
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.HasPrefix(string(page), "<!DOCTYPE html>"), len(page) > 1<<20)
	fmt.Println(strings.Contains(string(page), `"name":"room temperature","label":"room temperature","min":0,"max":100,"step":1,"base":70`))
	// Output:
	// true true
	// true
}
