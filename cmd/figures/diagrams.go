package main

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/diagram"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func stockFlowCaption() string {
	return "Stocks are boxes, flows pipes with valves (clouds where a pipe leaves the sector), auxiliaries circles, " +
		"graphical functions circles with a curve; red arrows are the information each flow and auxiliary uses, up to " + strconv.Itoa(diagram.SectorReach) + " links back from the flows " +
		"(stocks of other sectors drawn where they act; constants left out). Laid out by Graphviz (dot) from the equations."
}

// diagramFigures draws the model: its stock-and-flow diagram sector by
// sector, the causal loop diagram of its named loops and their dominance in
// the baseline.
func diagramFigures(e *experiment) ([]Figure, error) {
	var figs []Figure
	for _, sec := range trafficking.Sectors() {
		var stocks []string
		for _, s := range sec.Stocks {
			if v := e.model.Var(s); v != nil {
				stocks = append(stocks, v.Name)
			}
		}
		if len(stocks) == 0 {
			continue
		}
		vars, err := diagram.Sector(e.model, stocks...)
		if err != nil {
			return nil, err
		}
		f, err := build("diagram-"+sec.Name,
			"Stock-and-flow diagram of one sector, "+sec.Title+" (stocks: "+strings.Join(stocks, ", ")+"). "+stockFlowCaption(),
			nil, diagram.StockFlow{Title: "Stock-and-flow diagram: " + sec.Title, Model: e.model, Vars: vars, HideConstants: true})
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	a, err := trafficking.LoopDominance("baseline")
	if err != nil {
		return nil, err
	}
	names := trafficking.LoopNames()
	f, err := build("diagram-loops",
		"Causal loop diagram of the dynamic hypothesis: the model's "+strconv.Itoa(len(names))+" named feedback loops (`trafficking.LoopNames`), "+
			"each collapsed to the variables where loops meet. Link polarities come from the equations (and, where the equation alone cannot tell, "+
			"from the baseline run); ‖ marks a link that passes through a stock or a delay; R loops reinforce, B loops balance.",
		nil, diagram.CLD{Title: "Feedback loops of the dynamic hypothesis", Model: e.model, Analysis: a, Loops: names})
	if err != nil {
		return nil, err
	}
	figs = append(figs, f)
	f, err = build("diagram-dominance",
		"Loop dominance in the baseline (Loops That Matter): the relative loop score of the seven named loops with the largest share, "+
			"numbered as in the causal loop diagram, "+
			"monthly means, stacked; above zero loops acting as reinforcing, below as balancing; grey: all other loops together.",
		nil, diagram.Dominance{Title: "Loop dominance in the baseline", Analysis: a, Every: 1, NumberAs: names})
	if err != nil {
		return nil, err
	}
	return append(figs, f), nil
}
