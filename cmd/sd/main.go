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
// diagram and web are in a companion program, sd-draw, which sd runs with
// the same arguments, input and outputs, and whose exit status it returns:
// the Graphviz and chart libraries they link would slow every start of sd
// (sd run included) by about as much again as the rest of sd costs. sd
// looks for sd-draw beside its own executable, then on PATH; install both
// with
//
//	go install github.com/sdlessons/trafficking/cmd/sd@latest github.com/sdlessons/trafficking/cmd/sd-draw@latest
//
// Run "sd help COMMAND" for a command's flags. Errors go to standard error,
// naming the file, the variable and the position; the exit status is 1 when
// a model has problems and 2 on a usage error (or when sd-draw is needed
// and not installed).
package main

import (
	"io"
	"os"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

func main() {
	os.Exit(program().Run(os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, BeforeLoad: setMemory}))
}

// drawProgram runs the commands that draw.
const drawProgram = "sd-draw"

// program is sd: its own commands, each in its own file, and sd-draw's.
func program() *cli.Program {
	return &cli.Program{
		Name:  "sd",
		Intro: "sd runs system dynamics models (XMILE: .xmile, .stmx, .itmx; Vensim: .mdl).",
		Commands: []*cli.Command{
			runCommand, checkCommand, equationsCommand, loopsCommand, convertCommand,
			{Name: "diagram", Short: "draw the stock-and-flow diagram, a causal loop diagram or the loop dominance chart", Companion: drawProgram},
			{Name: "web", Short: "make a flight simulator: one offline HTML page with sliders", Companion: drawProgram},
		},
	}
}

// sd runs the command line args and returns the exit status, as main does
// but with the test process's memory settings left alone.
func sd(args []string, stdout, stderr io.Writer) int {
	return program().Run(args, &cli.Env{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr})
}
