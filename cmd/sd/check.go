package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel"
)

var checkCommand = &cli.Command{
	Name:  "check",
	Args:  "MODEL",
	Short: "report parse, structure and units problems",
	Summary: "Check a model: report problems reading the file, in its structure and equations\n" +
		"(unknown names, circular definitions, bad arguments) and in its units. The exit status\n" +
		"is 1 when there are problems.",
	Setup: func(fs *flag.FlagSet) func(*cli.Env, []string) error {
		noUnits := fs.Bool("nounits", false, "do not check units")
		return func(e *cli.Env, args []string) error {
			if len(args) != 1 {
				return cli.ErrUsage
			}
			return check(e, args[0], !*noUnits)
		}
	},
}

func check(e *cli.Env, path string, units bool) error {
	n := 0
	report := func(kind string, err error) {
		for _, msg := range splitErrors(err) {
			fmt.Fprintf(e.Stderr, "%s: %s%s\n", path, kind, msg)
			n++
		}
	}
	l, err := e.Load(path)
	if err != nil {
		// The reader's messages name the file already.
		for _, msg := range splitErrors(err) {
			fmt.Fprintln(e.Stderr, msg)
		}
		return cli.ProblemsError{N: len(splitErrors(err))}
	}
	if _, err := l.Model.Compile(); err != nil {
		report("", l.Locate(err))
	}
	if units {
		if err := l.Model.CheckUnits(); err != nil {
			report("units: ", l.Locate(err))
		}
	}
	if n > 0 {
		fmt.Fprintf(e.Stdout, "%s: %d problem%s\n", path, n, plural(n))
		return cli.ProblemsError{N: n}
	}
	fmt.Fprintf(e.Stdout, "%s: ok: %s\n", path, census(l.Model))
	return nil
}

// splitErrors returns one message per problem of an ErrorList.
func splitErrors(err error) []string {
	var list sdmodel.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = e.Error()
		}
		return out
	}
	var fe *cli.FileError
	if errors.As(err, &fe) {
		return splitErrors(fe.Err)
	}
	return []string{err.Error()}
}

// census describes a model's size: "4 variables (1 stock, 1 flow, 2 constants)".
func census(m *sdmodel.Model) string {
	counts := map[sdmodel.Kind]int{}
	for _, v := range m.Variables() {
		counts[v.Kind]++
	}
	var parts []string
	for _, k := range []sdmodel.Kind{sdmodel.Stock, sdmodel.Flow, sdmodel.Aux, sdmodel.Const, sdmodel.Graphical} {
		if c := counts[k]; c > 0 {
			name := k.String()
			if c > 1 {
				name = pluralKind(name)
			}
			parts = append(parts, fmt.Sprintf("%d %s", c, name))
		}
	}
	n := len(m.Variables())
	return fmt.Sprintf("%d variable%s (%s)", n, plural(n), strings.Join(parts, ", "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pluralKind(name string) string {
	if name == "graphical function" {
		return "graphical functions"
	}
	if strings.HasSuffix(name, "y") {
		return strings.TrimSuffix(name, "y") + "ies"
	}
	return name + "s"
}
