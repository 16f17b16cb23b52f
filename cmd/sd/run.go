package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/sdlessons/trafficking/sdmodel"
)

var runCommand = &command{
	name:  "run",
	args:  "MODEL",
	short: "simulate a model and print the results as CSV",
	summary: "Simulate a model and print the results: a header row (time, then every variable by\n" +
		"display name) and one row per save step (every DT unless the model or -saveper sets one).",
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		o := &runOptions{}
		fs.StringVar(&o.method, "method", "", "integration method: euler, rk2 or rk4 (default: the model's)")
		fs.Func("dt", "time step `DT` (default: the model's)", positive(&o.dt))
		fs.Func("saveper", "save interval `SAVEPER` (default: the model's, else every DT)", positive(&o.saveper))
		fs.Func("stop", "final `time` (default: the model's)", anyFloat(&o.stop))
		fs.Uint64Var(&o.seed, "seed", 0, "seed of the random functions")
		fs.StringVar(&o.format, "format", "csv", "output format: csv or tsv")
		fs.StringVar(&o.vars, "vars", "", "comma-separated `names` of the variables to print (default: all)")
		fs.StringVar(&o.out, "o", "", "write to `FILE` instead of standard output")
		fs.Func("set", "override a constant for the run: `name=value` (repeatable)", setFlag(&o.sets))
		return o.run
	},
}

type runOptions struct {
	method, format, vars, out string
	dt, saveper               float64
	stop                      *float64
	seed                      uint64
	sets                      []sdmodel.RunOption
}

// setFlag parses -set name=value into a constant override.
func setFlag(sets *[]sdmodel.RunOption) func(string) error {
	return func(s string) error {
		opt, err := sdmodel.ParseSet(s)
		if err == nil {
			*sets = append(*sets, opt)
		}
		return err
	}
}

func positive(dst *float64) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v > 0) {
			return fmt.Errorf("want a positive number, found %q", s)
		}
		*dst = v
		return nil
	}
}

func anyFloat(dst **float64) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("want a number, found %q", s)
		}
		*dst = &v
		return nil
	}
}

func (o *runOptions) run(e *env, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	if o.format != "csv" && o.format != "tsv" {
		return fmt.Errorf("-format %q: want csv or tsv", o.format)
	}
	opts := append([]sdmodel.RunOption(nil), o.sets...)
	if o.method != "" {
		m, err := sdmodel.ParseMethod(o.method)
		if err != nil {
			return fmt.Errorf("-method: %v", err)
		}
		opts = append(opts, sdmodel.WithMethod(m))
	}
	if o.dt > 0 {
		opts = append(opts, sdmodel.WithDT(o.dt))
	}
	if o.saveper > 0 {
		opts = append(opts, sdmodel.WithSavePer(o.saveper))
	}
	if o.stop != nil {
		opts = append(opts, sdmodel.WithStop(*o.stop))
	}
	if o.seed != 0 {
		opts = append(opts, sdmodel.WithSeed(o.seed))
	}
	names := list(o.vars)
	if len(names) > 0 {
		opts = append(opts, sdmodel.Keep(names...))
	}

	l, err := e.load(args[0])
	if err != nil {
		return err
	}
	c, err := l.compile()
	if err != nil {
		return err
	}
	res, err := c.Run(opts...)
	if err != nil {
		return inFile(l.path, err)
	}

	var w io.Writer = e.stdout
	var f *os.File
	if o.out != "" {
		if f, err = os.Create(o.out); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if o.format == "tsv" {
		err = res.WriteTSV(bw, names...)
	} else {
		err = res.WriteCSV(bw, names...)
	}
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
