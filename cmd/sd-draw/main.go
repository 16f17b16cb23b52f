// Command sd-draw holds sd's drawing commands, which link Graphviz and the
// chart libraries: sd runs it for "sd diagram" and "sd web", and it runs
// on its own with the same command lines.
//
//	sd-draw diagram [-kind K] MODEL  draw the stock-and-flow diagram, a causal loop diagram or loop dominance
//	sd-draw web [flags] MODEL        make a flight simulator: one offline HTML page with sliders
//
// Install it beside sd:
//
//	go install github.com/sdlessons/trafficking/cmd/sd@latest github.com/sdlessons/trafficking/cmd/sd-draw@latest
//
// Run "sd-draw help COMMAND" for a command's flags. Exit statuses are sd's:
// 1 when a model has problems, 2 on a usage error.
package main

import (
	"io"
	"os"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

func main() {
	os.Exit(sdDraw(os.Args[1:], os.Stdout, os.Stderr))
}

// program is sd-draw: its commands, each in its own file.
func program() *cli.Program {
	return &cli.Program{
		Name:     "sd-draw",
		Intro:    "sd-draw draws system dynamics models (XMILE: .xmile, .stmx, .itmx; Vensim: .mdl);\n\"sd diagram\" and \"sd web\" run it.",
		Commands: []*cli.Command{diagramCommand, webCommand},
	}
}

// sdDraw runs the command line args and returns the exit status.
func sdDraw(args []string, stdout, stderr io.Writer) int {
	return program().Run(args, &cli.Env{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr})
}
