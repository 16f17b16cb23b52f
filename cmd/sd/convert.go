package main

import (
	"bytes"
	"flag"
	"os"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

var convertCommand = &cli.Command{
	Name:  "convert",
	Args:  "MODEL",
	Short: "write a model (XMILE or Vensim) as XMILE",
	Summary: "Write any model sd reads as XMILE 1.0: the equations with XMILE builtin names, units,\n" +
		"documentation, arrays, macros and the simulation specs. The XMILE file runs to the same\n" +
		"numbers (Vensim macros are written expanded, as the reader expands them).",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		return func(e *cli.Env, args []string) error {
			if len(args) != 1 {
				return cli.ErrUsage
			}
			l, err := e.Load(args[0])
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := xmile.Write(&buf, l.Model); err != nil {
				return cli.InFile(l.Path, err)
			}
			if *out == "" {
				_, err = e.Stdout.Write(buf.Bytes())
				return err
			}
			return os.WriteFile(*out, buf.Bytes(), 0o644)
		}
	},
}
