package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

var loopsCommand = &cli.Command{
	Name:  "loops",
	Args:  "MODEL",
	Short: "list the feedback loops, or their dominance over time",
	Summary: "List a model's feedback loops: id (R for reinforcing, B for balancing, U when the\n" +
		"sign changes during the run), length and variables in causal order. Stateful builtins\n" +
		"(SMTH1, DELAY3, ...) count as the stocks they stand for. With -dominance, print CSV:\n" +
		"time, then one column per loop id with its relative loop score (Loops That Matter).",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		dominance := fs.Bool("dominance", false, "print the relative loop scores over time as CSV")
		internal := fs.Bool("internal", false, "also list the loops inside builtins (a smooth's own adjustment loop)")
		method := fs.String("method", "", "integration method for the run: euler, rk2 or rk4 (default: the model's)")
		var sets []sdmodel.RunOption
		fs.Func("set", "override a constant for the run: `name=value` (repeatable)", cli.SetFlag(&sets))
		return func(e *cli.Env, args []string) error {
			if len(args) != 1 {
				return cli.ErrUsage
			}
			l, err := e.Load(args[0])
			if err != nil {
				return err
			}
			opts := sets
			if *method != "" {
				m, err := sdmodel.ParseMethod(*method)
				if err != nil {
					return err
				}
				opts = append(opts, sdmodel.WithMethod(m))
			}
			a, err := loops.Analyze(l.Model, &loops.Settings{RunOptions: opts})
			if err != nil {
				return cli.InFile(l.Path, err)
			}
			if *dominance {
				return a.WriteCSV(e.Stdout)
			}
			for i, lp := range a.Loops {
				if lp.Internal && !*internal {
					continue
				}
				kind := a.Observed[i].LoopType()
				fmt.Fprintf(e.Stdout, "%s\t%s\t%d\t%s\n", lp.ID, kind, len(lp.Variables), strings.Join(lp.Variables, " -> "))
			}
			return nil
		}
	},
}
