package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/diagram"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

var diagramCommand = &cli.Command{
	Name:  "diagram",
	Args:  "MODEL",
	Short: "draw the stock-and-flow diagram, a causal loop diagram or the loop dominance chart",
	Summary: "Draw a model. -kind stock-flow (default): the stock-and-flow diagram, in the model's own\n" +
		"layout when the file has one (XMILE <views>), laid out by Graphviz otherwise; -vars draws\n" +
		"those variables alone. -kind loops: a causal loop diagram of the loops given by -loops\n" +
		"(ids as `sd loops` prints them; default the six with the largest share of the behaviour),\n" +
		"-vars choosing the variables shown. -kind dominance: the loops' relative scores over time\n" +
		"as stacked areas. Output: SVG, PNG or a standalone HTML page (offline), chosen by -format\n" +
		"or by the extension of -o; SVG on standard output by default.",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		kind := fs.String("kind", "stock-flow", "what to draw: stock-flow, loops or dominance")
		format := fs.String("format", "", "svg, png or html (default: from -o's extension, else svg)")
		vars := fs.String("vars", "", "comma-separated `names`: the variables drawn (stock-flow) or shown (loops)")
		loopList := fs.String("loops", "", "comma-separated loop `ids` for -kind loops or dominance")
		auto := fs.Bool("auto", false, "stock-flow: lay out automatically even when the model has a view")
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		return func(e *cli.Env, args []string) error {
			if len(args) != 1 {
				return cli.ErrUsage
			}
			f := strings.ToLower(*format)
			if f == "" {
				switch f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."); f {
				case "htm":
					f = "html"
				case "":
					f = "svg"
				}
			}
			if f != "svg" && f != "png" && f != "html" {
				return fmt.Errorf("unknown format %q (want svg, png or html)", f)
			}
			l, err := e.Load(args[0])
			if err != nil {
				return err
			}
			var spec chart.Spec
			switch *kind {
			case "stock-flow", "stockflow", "sfd":
				spec = diagram.StockFlow{Model: l.Model, Vars: cli.List(*vars), Auto: *auto}
			case "loops", "cld", "dominance":
				a, err := loops.Analyze(l.Model, nil)
				if err != nil {
					return cli.InFile(l.Path, err)
				}
				ids := cli.List(*loopList)
				if len(ids) == 0 {
					for _, s := range a.Ranking() {
						if len(ids) < 6 && !s.Loop.Internal {
							ids = append(ids, s.Loop.ID)
						}
					}
				}
				if *kind == "dominance" {
					spec = diagram.Dominance{Title: "Loop dominance: " + l.Model.Name, Analysis: a, Loops: ids}
					break
				}
				var chosen []loops.LoopName
				for _, id := range ids {
					lp := a.Graph.Loop(id)
					if lp == nil {
						return fmt.Errorf("%s: no loop %q (see sd loops)", l.Path, id)
					}
					chosen = append(chosen, loops.LoopName{Name: lp.Label(), Through: lp.Variables})
				}
				spec = diagram.CLD{Model: l.Model, Analysis: a, Loops: chosen, Keep: cli.List(*vars)}
			default:
				return fmt.Errorf("unknown kind %q (want stock-flow, loops or dominance)", *kind)
			}
			c, err := spec.Chart()
			if err != nil {
				return cli.InFile(l.Path, err)
			}
			var data []byte
			switch f {
			case "svg":
				data, err = c.SVG()
			case "png":
				data, err = c.PNG()
			default:
				data, err = c.HTML()
			}
			if err != nil {
				return cli.InFile(l.Path, err)
			}
			if *out == "" {
				_, err = e.Stdout.Write(data)
				return err
			}
			return os.WriteFile(*out, data, 0o644)
		}
	},
}
