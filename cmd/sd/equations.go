package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

var equationsCommand = &command{
	name:  "equations",
	args:  "MODEL",
	short: "print the equations as a Markdown table",
	summary: "Print a model's equations as a Markdown table: name, kind, equation, units and\n" +
		"documentation. A stock's equation is written INTEG(inflows - outflows, initial value).",
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		return func(e *env, args []string) error {
			if len(args) != 1 {
				return errUsage
			}
			l, err := load(args[0])
			if err != nil {
				return err
			}
			return writeEquations(e.stdout, l.model)
		}
	},
}

// writeEquations prints the simulation specs and a table of the variables.
func writeEquations(w io.Writer, m *sdmodel.Model) error {
	var b strings.Builder
	t := m.Time
	fmt.Fprintf(&b, "# %s\n\n", cell(m.Name))
	if m.Doc != "" {
		fmt.Fprintf(&b, "%s\n\n", m.Doc)
	}
	units := t.Units
	if units == "" {
		units = "time units"
	}
	fmt.Fprintf(&b, "From %s to %s %s, DT %s", num(t.Start), num(t.Stop), units, num(t.DT))
	if t.SavePer > 0 {
		fmt.Fprintf(&b, ", SAVEPER %s", num(t.SavePer))
	}
	fmt.Fprintf(&b, ", %s integration.\n\n", t.Method)
	b.WriteString("| Name | Kind | Equation | Units | Documentation |\n|---|---|---|---|---|\n")
	for _, v := range m.Variables() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", cell(v.Name), kindLabel(v), code(equationText(v)), cell(v.Units), cell(v.Doc))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func kindLabel(v *sdmodel.Variable) string {
	k := v.Kind.String()
	if v.NonNegative {
		switch v.Kind {
		case sdmodel.Stock:
			k += " (non-negative)"
		case sdmodel.Flow:
			k += " (uniflow)"
		}
	}
	return k
}

// equationText is a variable's equation as practitioners write it.
func equationText(v *sdmodel.Variable) string {
	eqn := strings.Join(strings.Fields(v.Equation), " ")
	switch v.Kind {
	case sdmodel.Stock:
		net := strings.Join(v.Inflows, " + ")
		for _, f := range v.Outflows {
			if net == "" {
				net = "-" + f
			} else {
				net += " - " + f
			}
		}
		if net == "" {
			net = "0"
		}
		return fmt.Sprintf("INTEG(%s, %s)", net, eqn)
	case sdmodel.Graphical:
		var pts []string
		if v.GF != nil {
			for i := range v.GF.X {
				if i < len(v.GF.Y) {
					pts = append(pts, "("+num(v.GF.X[i])+", "+num(v.GF.Y[i])+")")
				}
			}
		}
		table := "[" + strings.Join(pts, ", ") + "]"
		if v.GF != nil && v.GF.Type != "" && v.GF.Type != "continuous" {
			table += " " + v.GF.Type
		}
		if eqn == "" {
			return "GRAPH " + table
		}
		return fmt.Sprintf("GRAPH(%s) %s", eqn, table)
	}
	return eqn
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// code writes an equation as inline code (a pipe inside is escaped, which
// GitHub's tables require even in code).
func code(s string) string {
	if s == "" {
		return ""
	}
	s = cell(s)
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}
