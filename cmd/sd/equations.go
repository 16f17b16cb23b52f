package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel"
)

var equationsCommand = &cli.Command{
	Name:  "equations",
	Args:  "MODEL",
	Short: "print the equations as a Markdown table",
	Summary: "Print a model's equations as a Markdown table: name, kind, equation, units and\n" +
		"documentation. A stock's equation is written INTEG(inflows - outflows, initial value).",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		return func(e *cli.Env, args []string) error {
			if len(args) != 1 {
				return cli.ErrUsage
			}
			l, err := e.Load(args[0])
			if err != nil {
				return err
			}
			return writeEquations(e.Stdout, l.Model)
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
	b.WriteString(m.EquationTable())
	_, err := io.WriteString(w, b.String())
	return err
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
