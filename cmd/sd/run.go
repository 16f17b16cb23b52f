package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel"
)

var runCommand = &cli.Command{
	Name:  "run",
	Args:  "MODEL",
	Short: "simulate a model and print the results as CSV",
	Summary: "Simulate a model and print the results: a header row (time, then every variable by\n" +
		"display name) and one row per save step (every DT unless the model or -saveper sets one).\n" +
		"Rows are written as the run goes. When the run fails (a value becomes NaN or infinite),\n" +
		"the error goes to standard error and standard output keeps the rows saved before the\n" +
		"failure; with -o, FILE is written only when the run succeeds (a run that fails leaves\n" +
		"no file, or the file as it was).",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		o := &runOptions{}
		fs.StringVar(&o.method, "method", "", "integration method: euler, rk2 or rk4 (default: the model's)")
		fs.Func("dt", "time step `DT` (default: the model's)", cli.Positive(&o.dt))
		fs.Func("saveper", "save interval `SAVEPER` (default: the model's, else every DT)", cli.Positive(&o.saveper))
		fs.Func("stop", "final `time` (default: the model's)", cli.AnyFloat(&o.stop))
		fs.Uint64Var(&o.seed, "seed", 0, "seed of the random functions")
		fs.StringVar(&o.format, "format", "csv", "output format: csv or tsv")
		fs.StringVar(&o.vars, "vars", "", "comma-separated `names` of the variables to print (default: all)")
		fs.StringVar(&o.out, "o", "", "write to `FILE` instead of standard output")
		fs.Func("set", "override a constant for the run: `name=value` (repeatable)", cli.SetFlag(&o.sets))
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

func (o *runOptions) run(e *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.ErrUsage
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
	names := cli.List(o.vars)
	if len(names) > 0 {
		opts = append(opts, sdmodel.Keep(names...))
	}

	l, err := e.Load(args[0])
	if err != nil {
		return err
	}
	c, err := l.Compile()
	if err != nil {
		return err
	}
	// RunTSV/RunCSV write the rows as the run saves them, formatted while
	// the run goes on. With -vars the run keeps only those variables, in
	// that order.
	run := c.RunCSV
	if o.format == "tsv" {
		run = c.RunTSV
	}
	w := &outFile{w: e.Stdout, path: o.out}
	if err = run(w, opts...); err != nil && w.err == nil {
		err = cli.InFile(l.Path, err)
	}
	return w.close(err)
}

// outFile writes to w or, when path is not empty, to a new file beside
// path (created at the first write) that close renames to path when the
// run succeeded and removes otherwise: a failed run leaves no partial file
// and an existing file as it was.
type outFile struct {
	w    io.Writer
	path string
	f    *os.File
	err  error // the first error creating or writing the output
}

func (o *outFile) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	if o.path != "" && o.f == nil {
		if o.f, o.err = createBeside(o.path); o.err != nil {
			return 0, o.err
		}
		o.w = o.f
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// createBeside creates a new file in path's directory, with the
// permissions os.Create gives, for renaming to path.
func createBeside(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for i := 0; ; i++ {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d-%d.tmp", base, os.Getpid(), i))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil || !errors.Is(err, fs.ErrExist) || i == 100 {
			if err != nil {
				err = fmt.Errorf("cannot create %s: %w", path, err)
			}
			return f, err
		}
	}
}

// close closes the file, if one was created, and renames it to its path
// when err is nil, or removes it. It returns err, else the error closing
// or renaming the file.
func (o *outFile) close(err error) error {
	if o.f == nil {
		return err
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.f.Name())
	}
	return err
}
