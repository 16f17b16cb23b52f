package diagram

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// Each step of a loop-by-loop story keeps every variable where the full
// diagram puts it; the loops not yet introduced are faint and unmarked.
func TestCLDSteps(t *testing.T) {
	names := []loops.LoopName{{Name: "growth", Through: []string{"births"}}, {Name: "crowding", Through: []string{"perceived crowding"}}}
	full := CLD{Model: population(), Loops: names, Keep: []string{"population", "births", "birth rate"}}
	steps := full.Steps("Step")
	require.Len(t, steps, 2)
	assert.Equal(t, "Step 1: growth", steps[0].Title)
	assert.Equal(t, "Step 2: crowding", steps[1].Title)

	all, err := full.picture()
	require.NoError(t, err)
	first, err := steps[0].picture()
	require.NoError(t, err)
	last, err := steps[1].picture()
	require.NoError(t, err)
	require.Len(t, first.nodes, len(all.nodes))
	for i := range all.nodes {
		assert.Equal(t, all.nodes[i].c, first.nodes[i].c, "%s keeps its place", all.nodes[i].name)
		assert.Equal(t, all.nodes[i], last.nodes[i], "the last step is the full diagram")
	}
	assert.Equal(t, all.arrows, last.arrows)
	require.Len(t, first.markers, 1)
	assert.Equal(t, "growth", first.markers[0].name)
	assert.Equal(t, all.markers[0].c, first.markers[0].c)

	faded := map[string]arrow{}
	for _, a := range first.arrows {
		faded[first.nodes[a.from].name+" → "+first.nodes[a.to].name] = a
	}
	assert.Equal(t, fadedColour, faded["population → birth rate"].colour, "crowding is not introduced yet")
	assert.Empty(t, faded["population → birth rate"].polarity)
	assert.Equal(t, cldColour, faded["births → population"].colour)
	assert.Equal(t, "+", faded["births → population"].polarity)
	for _, n := range first.nodes {
		assert.Equal(t, n.name == "birth rate", n.ghost, "%s: only the variables of loops to come are grey", n.name)
	}
	svg, err := steps[0].SVG()
	require.NoError(t, err)
	checkQuality(t, "step 1", svg)
}
