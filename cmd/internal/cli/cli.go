// Package cli is what the sd commands share: the command type, the
// dispatch of a command line to a command (flags before or after the
// positional arguments), usage text, exit statuses, reading a model file
// and flag helpers. Commands that link heavy packages (Graphviz, the chart
// libraries) live in a companion program, sd-draw, so that every start of
// sd stays small and fast; sd runs the companion for them (see Companion).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
)

// Module is the import path of the module the commands belong to.
const Module = "github.com/sdlessons/trafficking"

// Command is one subcommand. Each lives in its own file.
type Command struct {
	Name    string
	Args    string // argument synopsis, after the flags
	Short   string // one line for the list of commands
	Summary string
	// Setup declares the command's flags on fs and returns the function
	// that runs it with the positional arguments.
	Setup func(fs *flag.FlagSet) func(e *Env, args []string) error
	// Companion, when set, names the program that runs this command: the
	// command line goes to it unparsed (see FindCompanion), and Setup
	// and Summary are not used.
	Companion string
}

// Env is what a command reads from and writes to.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// BeforeLoad, if set, is called once with the size of the first model
	// file Load reads, before it reads it: a program sets its memory up
	// there for the size of the work.
	BeforeLoad func(size int64)
}

// Exit statuses.
const (
	ExitOK      = 0
	ExitProblem = 1 // the model has problems, or a run failed
	ExitUsage   = 2 // a usage error, or a companion program not installed
)

// ErrUsage marks a usage error: the command's usage is printed.
var ErrUsage = errors.New("usage")

// ProblemsError reports that problems were printed already: exit 1 quietly.
type ProblemsError struct{ N int }

func (e ProblemsError) Error() string { return fmt.Sprintf("%d problems", e.N) }

// Program is a command-line program made of subcommands.
type Program struct {
	Name     string // the executable's name, as in "sd-draw"
	Intro    string // the first paragraph of the usage text
	Commands []*Command
}

func (p *Program) command(name string) *Command {
	for _, c := range p.Commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Run runs the command line args (without the program's name) and
// returns the exit status.
func (p *Program) Run(args []string, e *Env) int {
	if len(args) == 0 {
		p.usage(e.Stderr)
		return ExitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		if len(args) > 1 {
			if c := p.command(args[1]); c != nil {
				if c.Companion != "" {
					return e.runCompanion(c, []string{"help", c.Name})
				}
				fs := newFlagSet(c, e.Stdout)
				c.Setup(fs)
				fs.Usage()
				return ExitOK
			}
		}
		p.usage(e.Stdout)
		return ExitOK
	}
	c := p.command(name)
	if c == nil {
		fmt.Fprintf(e.Stderr, "%s: unknown command %q\n", p.Name, name)
		p.usage(e.Stderr)
		return ExitUsage
	}
	if c.Companion != "" {
		return e.runCompanion(c, args)
	}
	fs := newFlagSet(c, e.Stderr)
	run := c.Setup(fs)
	pos, err := ParseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	switch err := run(e, pos); {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrUsage):
		fs.Usage()
		return ExitUsage
	case errors.As(err, new(ProblemsError)):
		return ExitProblem
	default:
		fmt.Fprintf(e.Stderr, "sd %s: %v\n", name, err)
		return ExitProblem
	}
}

// newFlagSet makes a command's flag set. Commands are named "sd NAME"
// whichever program runs them: sd runs them all.
func newFlagSet(c *Command, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sd "+c.Name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: sd %s [flags] %s\n\n%s\n", c.Name, c.Args, c.Summary)
		var has bool
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintf(fs.Output(), "\nflags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// ParseInterspersed parses flags that may come before or after the
// positional arguments (sd run model.xmile -dt 0.5), as users expect.
// Everything after "--" is positional.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
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

func (p *Program) usage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nusage: %s COMMAND [flags] MODEL\n\ncommands:\n", p.Intro, p.Name)
	cmds := append([]*Command(nil), p.Commands...)
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].Name < cmds[j].Name })
	for _, c := range cmds {
		short := c.Short
		if c.Companion != "" {
			short += " (runs " + c.Companion + ")"
		}
		fmt.Fprintf(w, "  %-10s %s\n", c.Name, short)
	}
	fmt.Fprintf(w, "\nRun \"%s help COMMAND\" for a command's flags.\n", p.Name)
}
