// Command sd runs, checks, lists and converts system dynamics models (XMILE
// files: .xmile, .stmx, .itmx; Vensim files: .mdl).
//
//	sd run [flags] MODEL        simulate and print the results as CSV
//	sd check MODEL              report parse, structure and units problems
//	sd equations MODEL          print the equations as a Markdown table
//	sd loops [-dominance] MODEL list the feedback loops, or their dominance over time
//	sd convert [-o OUT] MODEL   write the model as XMILE
//	sd diagram [-kind K] MODEL  draw the stock-and-flow diagram, a causal loop diagram or loop dominance
//	sd web [flags] MODEL        make a flight simulator: one offline HTML page with sliders
//
// Run "sd help COMMAND" for a command's flags. Errors go to standard error,
// naming the file, the variable and the position; the exit status is 1 when
// a model has problems and 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

func main() {
	prepareHeap() // before tuneGC: its collection would end tuneGC's setting
	tuneGC(os.Getenv)
	os.Exit(sd(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand. Each lives in its own file; commands lists them.
type command struct {
	name    string
	args    string // argument synopsis, after the flags
	short   string // one line for the list of commands
	summary string
	// flags declares the command's flags on fs and returns the function that
	// runs it with the positional arguments.
	setup func(fs *flag.FlagSet) func(e *env, args []string) error
}

// commands returns the subcommands by name. To add one, write its file
// with a command value and list it here.
func commands() map[string]*command {
	list := []*command{runCommand, checkCommand, equationsCommand, loopsCommand, convertCommand, diagramCommand, webCommand}
	m := make(map[string]*command, len(list))
	for _, c := range list {
		m[c.name] = c
	}
	return m
}

// env is what a command writes to.
type env struct {
	stdout, stderr io.Writer
}

// Exit statuses.
const (
	exitOK      = 0
	exitProblem = 1 // the model has problems, or a run failed
	exitUsage   = 2
)

// errUsage marks a usage error; the command's usage has been printed.
var errUsage = errors.New("usage")

// problemsError reports that problems were printed already: exit 1 quietly.
type problemsError struct{ n int }

func (e problemsError) Error() string { return fmt.Sprintf("%d problems", e.n) }

// sd runs the command line args and returns the exit status.
func sd(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 {
		usage(stderr, cmds)
		return exitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		if len(args) > 1 {
			if c := cmds[args[1]]; c != nil {
				fs := newFlagSet(c, stdout)
				c.setup(fs)
				fs.Usage()
				return exitOK
			}
		}
		usage(stdout, cmds)
		return exitOK
	}
	c := cmds[name]
	if c == nil {
		fmt.Fprintf(stderr, "sd: unknown command %q\n", name)
		usage(stderr, cmds)
		return exitUsage
	}
	fs := newFlagSet(c, stderr)
	run := c.setup(fs)
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch err := run(e, pos); {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage):
		fs.Usage()
		return exitUsage
	case errors.As(err, new(problemsError)):
		return exitProblem
	default:
		fmt.Fprintf(stderr, "sd %s: %v\n", name, err)
		return exitProblem
	}
}

func newFlagSet(c *command, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sd "+c.name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: sd %s [flags] %s\n\n%s\n", c.name, c.args, c.summary)
		var has bool
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintf(fs.Output(), "\nflags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseInterspersed parses flags that may come before or after the
// positional arguments (sd run model.xmile -dt 0.5), as users expect.
// Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return append(pos, tail...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func usage(w io.Writer, cmds map[string]*command) {
	fmt.Fprintf(w, "sd runs system dynamics models (XMILE: .xmile, .stmx, .itmx).\n\nusage: sd COMMAND [flags] MODEL\n\ncommands:\n")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].short)
	}
	fmt.Fprintf(w, "\nRun \"sd help COMMAND\" for a command's flags.\n")
}
