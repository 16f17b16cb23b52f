package vensim

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// The sketch becomes the model's view: the positions are the file's (centres;
// a stock's size twice Vensim's half sizes), pipes run from the source
// stock's edge or cloud to the target's at the valve's height, and every
// information arrow is a connector.
func TestSketchViews(t *testing.T) {
	type p = sdmodel.Point
	for _, c := range []struct {
		path       string
		elements   []sdmodel.ViewElement
		connectors [][2]string
	}{
		{
			path: filepath.Join("testdata", "teacup.mdl"),
			elements: []sdmodel.ViewElement{
				{Name: "Teacup Temperature", Kind: sdmodel.Stock, X: 307, Y: 235, Width: 80, Height: 40},
				{Name: "Heat Loss to Room", Kind: sdmodel.Flow, X: 408, Y: 235, Pipe: []p{{X: 347, Y: 235}, {X: 469, Y: 235}}},
				{Name: "Room Temperature", Kind: sdmodel.Aux, X: 469, Y: 304},
				{Name: "Characteristic Time", Kind: sdmodel.Aux, X: 408, Y: 174},
			},
			connectors: [][2]string{
				{"Characteristic Time", "Heat Loss to Room"},
				{"Teacup Temperature", "Heat Loss to Room"},
				{"Room Temperature", "Heat Loss to Room"},
			},
		},
		{
			path: filepath.Join("..", "conformance", "testdata", "test-models", "samples", "SIR", "SIR.mdl"),
			elements: []sdmodel.ViewElement{
				{Name: "Susceptible", Kind: sdmodel.Stock, X: 248, Y: 267, Width: 80, Height: 40},
				{Name: "Infectious", Kind: sdmodel.Stock, X: 413, Y: 267, Width: 80, Height: 40},
				{Name: "Recovered", Kind: sdmodel.Stock, X: 579, Y: 267, Width: 80, Height: 40},
				{Name: "Succumbing", Kind: sdmodel.Flow, X: 331, Y: 268, Pipe: []p{{X: 288, Y: 268}, {X: 373, Y: 268}}},
				{Name: "Recovering", Kind: sdmodel.Flow, X: 495, Y: 268, Pipe: []p{{X: 453, Y: 268}, {X: 539, Y: 268}}},
				{Name: "Contact Infectivity", Kind: sdmodel.Aux, X: 263, Y: 200},
				{Name: "Total Population", Kind: sdmodel.Aux, X: 401, Y: 200},
				{Name: "Duration", Kind: sdmodel.Aux, X: 530, Y: 200},
			},
			connectors: [][2]string{
				{"Infectious", "Recovering"}, {"Susceptible", "Succumbing"}, {"Infectious", "Succumbing"},
				{"Contact Infectivity", "Succumbing"}, {"Total Population", "Succumbing"},
				{"Duration", "Recovering"}, {"Total Population", "Susceptible"},
			},
		},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			f, err := new(Reader).ReadFile(c.path)
			require.NoError(t, err)
			require.Len(t, f.Model.Views, 1)
			v := f.Model.Views[0]
			assert.Equal(t, "View 1", v.Name)
			assert.Equal(t, c.elements, v.Elements)
			var got [][2]string
			for _, k := range v.Connectors {
				got = append(got, [2]string{k.From, k.To})
				assert.True(t, k.HasAngle, "%s -> %s leaves at the arc's angle", k.From, k.To)
			}
			assert.Equal(t, c.connectors, got)
			// The first arrow of each: teacup's straight down (its control
			// point on the line); SIR's Infectious (413,267) -> Recovering
			// (495,284) through (459,313) leaves at the chord to the control
			// point, -45°, turned down by the inscribed angle at the end,
			// atan2(17,82)+atan2(29,36) = 50.6°.
			first := v.Connectors[0].Angle
			if c.elements[0].Name == "Teacup Temperature" {
				assert.Equal(t, -90.0, first)
			} else {
				assert.InDelta(t, -95.6, first, 0.05)
			}
		})
	}
}

// A shadow (a second drawing of a variable) is not placed again, but the
// arrows from it link the variable; a pipe with one end drawn gets the
// other mirrored through the valve; a pipe whose ends do not line up runs
// through the valve; a sketch naming nothing in the model gives no view.
func TestSketchShadowsAndPipes(t *testing.T) {
	src := `s = INTEG(f - g, 1) ~~|
f = a ~~|
g = s / 2 ~~|
a = 1 ~~|
` + control + sketchMarker + `
V300  Do not put anything below this section - it will be ignored
*View 1
$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|72,72,100,0
10,1,s,100,100,40,20,3,3,0,0,0,0,0,0
11,2,48,200,100,6,8,34,3,0,0,1,0,0,0
10,3,f,200,116,10,8,40,3,0,0,-1,0,0,0
1,4,2,1,4,0,0,22,0,0,0,-1--1--1,,1|(150,100)|
10,5,a,200,40,10,8,8,3,0,0,0,0,0,0
10,6,s,300,300,10,8,8,2,0,0,0,0,0,0
1,7,5,2,0,0,0,0,0,64,0,-1--1--1,,1|(200,70)|
11,8,48,150,200,6,8,34,3,0,0,1,0,0,0
10,9,g,150,216,10,8,40,3,0,0,-1,0,0,0
1,10,8,1,100,0,0,22,0,0,0,-1--1--1,,1|(130,160)|
12,11,48,250,220,10,8,0,3,0,0,-1,0,0,0
1,12,8,11,4,0,0,22,0,0,0,-1--1--1,,1|(200,210)|
1,13,6,9,0,0,0,0,0,64,0,-1--1--1,,1|(200,250)|
*View 2
10,1,nothing here,1,1,1,1,8,3,0,0,0,0,0,0
`
	f, err := new(Reader).Read(strings.NewReader(src))
	require.NoError(t, err)
	require.Len(t, f.Model.Views, 1, "a view naming no variable is left out")
	v := f.Model.Views[0]
	assert.Len(t, v.Elements, 4, "s once, f, a, g")
	fe, ge := v.Element("f"), v.Element("g")
	require.NotNil(t, fe)
	require.NotNil(t, ge)
	assert.Equal(t, []sdmodel.Point{{X: 260, Y: 100}, {X: 140, Y: 100}}, fe.Pipe, "from the mirror of the stock's edge into it")
	assert.Equal(t, []sdmodel.Point{{X: 140, Y: 120}, {X: 150, Y: 200}, {X: 240, Y: 212}}, ge.Pipe, "out of the stock's bottom, through the valve, to the cloud")
	assert.Equal(t, []sdmodel.Connector{
		{From: "a", To: "f", Angle: -90, HasAngle: true},
		{From: "s", To: "g"}, // from the shadow: no angle
	}, v.Connectors)
	assert.Equal(t, sdmodel.Point{X: 100, Y: 100}, sdmodel.Point{X: v.Element("s").X, Y: v.Element("s").Y}, "the first drawing places the stock")
}
