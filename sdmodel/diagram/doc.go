// Package diagram draws system dynamics models the way they are taught and
// published: stock-and-flow diagrams (StockFlow), causal loop diagrams of
// chosen feedback loops (CLD) and loop dominance charts (Dominance).
//
// A stock-and-flow diagram follows the model's own layout when it has one
// (Model.Views, read from XMILE <views> or a Vensim sketch) and is
// otherwise laid out by Graphviz, run in pure Go through
// github.com/goccy/go-graphviz; AutoView turns that layout into a view for
// XMILE export. A causal loop diagram
// collapses each chosen loop (package loops) to its key variables, with link
// polarities, delay marks and R/B loop markers placed inside their loops;
// CLD.Steps tells the loops one by one on a single layout.
//
// Every spec's Chart method returns a *chart.Chart: SVG and PNG for papers
// (the same drawing, byte-stable), a standalone HTML page (the SVG inline)
// and inline display in a GoNB notebook with chart.Show.
//
//	c, err := diagram.StockFlow{Model: m}.Chart()
//	err = c.Save("model.svg")
//	chart.Show(diagram.CLD{Model: m, Loops: []loops.LoopName{{Name: "growth", Through: []string{"births"}}}})
package diagram
