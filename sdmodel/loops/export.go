package loops

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Diagram is the causal loop diagram as plain data, for a structure chart
// (e.g. a force-directed graph in a notebook) or JSON.
type Diagram struct {
	Model string        `json:"model"`
	Nodes []DiagramNode `json:"nodes"`
	Links []DiagramLink `json:"links"`
	Loops []DiagramLoop `json:"loops"`
}

// DiagramNode is a variable.
type DiagramNode struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`  // stock, flow, auxiliary, constant, graphical function
	Loops int    `json:"loops"` // number of loops through it
}

// DiagramLink is a causal link.
type DiagramLink struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	Polarity string   `json:"polarity"` // "+", "-" or "?"
	Kind     string   `json:"kind"`     // info, inflow or outflow
	Loops    []string `json:"loops"`    // ids of the loops it belongs to
}

// DiagramLoop is a feedback loop.
type DiagramLoop struct {
	ID        string   `json:"id"`
	Name      string   `json:"name,omitempty"`
	Type      string   `json:"type"` // R, B or U
	Variables []string `json:"variables"`
	Internal  bool     `json:"internal,omitempty"` // inside an expanded builtin
}

// Diagram returns the graph as data. With onlyLoops, variables and links in
// no loop are left out (constants and other exogenous inputs, mostly).
func (g *Graph) Diagram(onlyLoops bool) Diagram {
	ls := g.Loops()
	nodeLoops := map[string]int{}
	linkLoops := map[[2]string][]string{}
	for _, l := range ls {
		for _, k := range l.Links {
			nodeLoops[k.From]++
			linkLoops[[2]string{k.From, k.To}] = append(linkLoops[[2]string{k.From, k.To}], l.ID)
		}
	}
	d := Diagram{Model: g.Model, Nodes: []DiagramNode{}, Links: []DiagramLink{}, Loops: []DiagramLoop{}}
	for _, n := range g.Nodes {
		if onlyLoops && nodeLoops[n.Name] == 0 {
			continue
		}
		d.Nodes = append(d.Nodes, DiagramNode{Name: n.Name, Kind: n.Kind.String(), Loops: nodeLoops[n.Name]})
	}
	for _, k := range g.Links {
		in := linkLoops[[2]string{k.From, k.To}]
		if onlyLoops && len(in) == 0 {
			continue
		}
		if in == nil {
			in = []string{}
		}
		d.Links = append(d.Links, DiagramLink{From: k.From, To: k.To, Polarity: k.Polarity.String(), Kind: k.Kind.String(), Loops: in})
	}
	for _, l := range ls {
		d.Loops = append(d.Loops, DiagramLoop{ID: l.ID, Name: l.Name, Type: l.Polarity.LoopType(), Variables: l.Variables, Internal: l.Internal})
	}
	return d
}

// WriteJSON writes Diagram(onlyLoops) as indented JSON.
func (g *Graph) WriteJSON(w io.Writer, onlyLoops bool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(g.Diagram(onlyLoops))
}

// WriteDOT writes the causal loop diagram in Graphviz DOT: stocks as boxes,
// flows as bold ellipses, other variables as plain text; links labelled +, -
// or ?, flow links drawn bold, links in no loop dashed, and a note listing
// the loops. With onlyLoops, variables and links in no
// loop are left out. Render with `dot -Tsvg`.
func (g *Graph) WriteDOT(w io.Writer, onlyLoops bool) error {
	d := g.Diagram(onlyLoops)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph %s {\n", dotID(g.Model))
	bw.WriteString("  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\"];\n")
	for _, n := range d.Nodes {
		shape := "plaintext"
		switch n.Kind {
		case sdmodel.Stock.String():
			shape = "box"
		case sdmodel.Flow.String():
			shape = "ellipse, style=bold"
		}
		fmt.Fprintf(bw, "  %s [shape=%s];\n", dotID(n.Name), shape)
	}
	for _, k := range d.Links {
		attrs := []string{fmt.Sprintf("label=%q", k.Polarity)}
		if k.Kind != Info.String() {
			attrs = append(attrs, "style=bold")
		} else if len(k.Loops) == 0 {
			attrs = append(attrs, "style=dashed")
		}
		fmt.Fprintf(bw, "  %s -> %s [%s];\n", dotID(k.From), dotID(k.To), strings.Join(attrs, ", "))
	}
	if len(d.Loops) > 0 {
		var b strings.Builder
		for _, l := range d.Loops {
			fmt.Fprintf(&b, "%s\\l", dotEscape(Loop{ID: l.ID, Name: l.Name, Variables: l.Variables}.String()))
		}
		fmt.Fprintf(bw, "  \"loops: %s\" [shape=note, label=\"%s\"];\n", dotEscape(g.Model), b.String())
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

func dotEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func dotID(s string) string { return `"` + dotEscape(s) + `"` }
