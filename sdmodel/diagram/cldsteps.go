package diagram

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// fadedColour draws the links of loops not yet introduced.
const fadedColour = "#d0d0d0"

// Steps returns the causal loop diagrams of a story told loop by loop: step
// k (titled "<title> k: <loop name>") draws the first k loops of c.Loops in
// full and the rest faint. Every step is laid out with all the loops, so a
// variable keeps its place from step to step.
func (c CLD) Steps(title string) []CLD {
	var out []CLD
	for k := range c.Loops {
		s := c
		s.Title = fmt.Sprintf("%s %d: %s", title, k+1, c.Loops[k].Name)
		s.Loops = append([]loops.LoopName(nil), c.Loops...)
		s.Shown = k + 1
		out = append(out, s)
	}
	return out
}

// fadeLoops draws the loops from index shown on faint: their links grey
// without polarity or delay marks, their markers left out, and the
// variables on none of the first shown loops grey. It runs after the
// layout and the frame, so the picture keeps the size and places of the
// full diagram.
func (p *picture) fadeLoops(shown int, arrowLoop, nodeLoop []int) {
	for i := range p.arrows {
		if arrowLoop[i] >= shown {
			a := &p.arrows[i]
			a.colour, a.width, a.polarity, a.delay = fadedColour, 1, "", false
		}
	}
	for i := range p.nodes {
		p.nodes[i].ghost = nodeLoop[i] >= shown
	}
	p.markers = p.markers[:shown]
}
