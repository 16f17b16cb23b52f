package cli_test

import (
	"flag"
	"fmt"
	"os"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

// A program with one command: flags may follow the positional arguments.
func ExampleProgram_Run() {
	greet := &cli.Command{
		Name: "greet", Args: "NAME", Short: "greet NAME", Summary: "Print a greeting.",
		Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
			loud := fs.Bool("loud", false, "shout")
			return func(e *cli.Env, args []string) error {
				if len(args) != 1 {
					return cli.ErrUsage
				}
				if *loud {
					args[0] += "!"
				}
				_, err := fmt.Fprintf(e.Stdout, "hello, %s\n", args[0])
				return err
			}
		},
	}
	p := &cli.Program{Name: "hello", Intro: "hello greets.", Commands: []*cli.Command{greet}}
	code := p.Run([]string{"greet", "world", "-loud"}, &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr})
	fmt.Println("exit status", code)
	// Output:
	// hello, world!
	// exit status 0
}
