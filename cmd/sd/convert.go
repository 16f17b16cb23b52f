package main

import (
	"bytes"
	"flag"
	"os"

	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

var convertCommand = &command{
	name:  "convert",
	args:  "MODEL",
	short: "write a model (XMILE or Vensim) as XMILE",
	summary: "Write any model sd reads as XMILE 1.0: the equations with XMILE builtin names, units,\n" +
		"documentation, arrays, macros and the simulation specs. The XMILE file runs to the same\n" +
		"numbers (Vensim macros are written expanded, as the reader expands them).",
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		return func(e *env, args []string) error {
			if len(args) != 1 {
				return errUsage
			}
			l, err := e.load(args[0])
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := xmile.Write(&buf, l.model); err != nil {
				return inFile(l.path, err)
			}
			if *out == "" {
				_, err = e.stdout.Write(buf.Bytes())
				return err
			}
			return os.WriteFile(*out, buf.Bytes(), 0o644)
		}
	},
}
