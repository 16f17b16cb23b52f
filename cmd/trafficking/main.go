// Command trafficking runs the project's model of sex trafficking dynamics
// around the COVID-19 pandemic and the 4 P provisioning systems (package
// sdmodel/trafficking).
//
//	trafficking                     compare every scenario with the baseline
//	trafficking run [flags]         one run as CSV or TSV: time, date, every variable
//	                                (-set "name=value" overrides a constant, repeatable)
//	trafficking scenarios           list the scenarios
//	trafficking check [-method M]   the reference behaviour and policy checks
//	trafficking export -format xmile [-o FILE]   (with its stock-and-flow diagram in <views>)
//	                                write the baseline model as XMILE
//	trafficking sensitivity [-accept N] [-batch N] [-seed S] [-workers W]
//	                                policy effects over the parameter sets consistent with the
//	                                reference behaviour, beside the full ranges
//	trafficking calibrate [-write FILE]
//	                                estimates with confidence intervals and fit statistics
//	trafficking loops [-scenario NAME] [-dominance]
//	                                the named feedback loops, or their loop dominance as CSV
//
// Errors go to standard error; the exit status is 1 when a run fails and 2 on
// a usage error.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/diagram"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// errUsage marks a usage error whose message has been printed.
var errUsage = errors.New("usage")

type command struct {
	name, synopsis, short string
	run                   func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "run [-scenario NAME] [-set name=value]... [-format csv|tsv] [-method euler|rk4]", "one run: time, date and every variable, one row per month", runCmd},
		{"scenarios", "scenarios", "list the scenarios and what they change", scenariosCmd},
		{"check", "check [-method euler|rk4] [-dt DT]", "evaluate the reference behaviour and each policy's expected result", checkCmd},
		{"export", "export -format xmile [-o FILE]", "write the baseline model as XMILE", exportCmd},
		{"sensitivity", "sensitivity [-accept N] [-batch N] [-seed S] [-workers W]", "every policy against the baseline over the parameter sets that reproduce the reference behaviour, beside the full ranges", sensitivityCmd},
		{"calibrate", "calibrate [-write FILE]", "estimate the uncertain parameters the reference data test, with confidence intervals and fit statistics", calibrateCmd},
		{"loops", loopsSynopsis, "the named feedback loops; -dominance: their relative loop scores by month (CSV)", loopsCmd},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: trafficking [COMMAND [flags]]")
	fmt.Fprintln(w, "\nWithout a command, runs every scenario and prints the comparison with the baseline.")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-62s %s\n", c.synopsis, c.short)
	}
}

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) == 0:
		err = compare(stdout)
	case args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
		usage(stdout)
		return exitOK
	default:
		found := false
		for _, c := range commands() {
			if c.name == args[0] {
				found = true
				err = c.run(args[1:], stdout, stderr)
			}
		}
		if !found {
			fmt.Fprintf(stderr, "trafficking: unknown command %q\n", args[0])
			usage(stderr)
			return exitUsage
		}
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp):
		return exitUsage
	}
	fmt.Fprintln(stderr, "trafficking:", err)
	return exitFailure
}

// newFlags returns a flag set that prints its errors and usage to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: trafficking %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage // the flag package has printed the problem and the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return errUsage
	}
	return nil
}

// compare runs every scenario and prints the comparison table.
func compare(w io.Writer) error {
	c, err := trafficking.Compile()
	if err != nil {
		return err
	}
	cmp, err := trafficking.Compare(c)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tvictim-months 2023-2030\tchange\ttransactions 2023-2030\tchange\tpeak trafficked persons\tpeak month\t")
	for _, s := range trafficking.Scenarios() {
		o := cmp.Outcomes[s.Name]
		vm, tx := cmp.Change(s.Name)
		fmt.Fprintf(tw, "%s\t%.0f\t%+.1f %%\t%.4g\t%+.1f %%\t%.0f\t%s\t\n", s.Name,
			o.VictimMonths, vm, o.Transactions, tx, o.PeakTrafficked, o.PeakDate())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	sp := cmp.ThreeSiblings()
	var parts []string
	for _, p := range sp.Parts {
		parts = append(parts, fmt.Sprintf("%s %+.1f %%", p.Scenario, p.Change))
	}
	_, err = fmt.Fprintf(w, "\nthree-siblings %+.1f %% against the sum of its parts %+.1f %% (%s).\n",
		sp.Together, sp.Sum, strings.Join(parts, ", "))
	return err
}

func methodFlag(fs *flag.FlagSet) *string {
	return fs.String("method", "euler", "integration method: euler or rk4 (rk2 also works)")
}

func methodOption(name string) (sdmodel.RunOption, error) {
	m, err := sdmodel.ParseMethod(name)
	if err != nil {
		return nil, err
	}
	return sdmodel.WithMethod(m), nil
}

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", commands()[0].synopsis, stderr)
	scenario := fs.String("scenario", trafficking.Baseline, "scenario `NAME` (see trafficking scenarios)")
	format := fs.String("format", "csv", "output format: csv or tsv")
	method := methodFlag(fs)
	var sets []sdmodel.RunOption
	fs.Func("set", "override a constant after the scenario's settings: `name=value` (repeatable)", func(s string) error {
		opt, err := sdmodel.ParseSet(s)
		if err == nil {
			sets = append(sets, opt)
		}
		return err
	})
	if err := parse(fs, args); err != nil {
		return err
	}
	var sep byte
	switch *format {
	case "csv":
		sep = ','
	case "tsv":
		sep = '\t'
	default:
		return fmt.Errorf("unknown format %q (want csv or tsv)", *format)
	}
	s, err := trafficking.FindScenario(*scenario)
	if err != nil {
		return err
	}
	opt, err := methodOption(*method)
	if err != nil {
		return err
	}
	c, err := trafficking.Compile()
	if err != nil {
		return err
	}
	res, err := trafficking.Run(c, s, append([]sdmodel.RunOption{opt}, sets...)...)
	if err != nil {
		return err
	}
	return writeTable(stdout, res, sep)
}

// writeTable writes the results with a calendar column after time.
func writeTable(w io.Writer, res *sdmodel.Results, sep byte) error {
	bw := bufio.NewWriter(w)
	names := res.Names()
	bw.WriteString("time")
	bw.WriteByte(sep)
	bw.WriteString("date")
	for _, n := range names {
		bw.WriteByte(sep)
		bw.WriteString(field(n, sep))
	}
	bw.WriteByte('\n')
	cols := make([][]float64, len(names))
	for j, n := range names {
		cols[j] = res.Series(n)
	}
	buf := make([]byte, 0, 32)
	for i, t := range res.Time() {
		bw.Write(strconv.AppendFloat(buf[:0], t, 'g', -1, 64))
		bw.WriteByte(sep)
		bw.WriteString(trafficking.Date(t))
		for _, col := range cols {
			bw.WriteByte(sep)
			bw.Write(strconv.AppendFloat(buf[:0], col[i], 'g', -1, 64))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// field quotes a CSV field that needs it.
func field(s string, sep byte) string {
	if !strings.ContainsAny(s, string(sep)+"\"\n\r") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func scenariosCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", "scenarios", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, s := range trafficking.Scenarios() {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
	}
	return tw.Flush()
}

func checkCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", commands()[2].synopsis, stderr)
	method := methodFlag(fs)
	dt := fs.Float64("dt", trafficking.DT, "time step `DT`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !(*dt > 0) {
		return fmt.Errorf("-dt must be positive, found %g", *dt)
	}
	opt, err := methodOption(*method)
	if err != nil {
		return err
	}
	c, err := trafficking.Compile()
	if err != nil {
		return err
	}
	runs, err := trafficking.RunAll(c, opt, sdmodel.WithDT(*dt))
	if err != nil {
		return err
	}
	ref, err := trafficking.ReferenceChecks(runs)
	if err != nil {
		return err
	}
	pol, err := trafficking.PolicyChecks(runs)
	if err != nil {
		return err
	}
	failed := 0
	for _, ch := range append(ref, pol...) {
		verdict := "ok  "
		switch {
		case !ch.Pass:
			verdict = "FAIL"
			failed++
		case ch.Reported:
			verdict = "note"
		}
		fmt.Fprintf(stdout, "%s %-26s %s\n     %-26s %s\n", verdict, ch.ID, ch.Statement, "", ch.Measured)
	}
	if failed > 0 {
		return fmt.Errorf("%d checks failed", failed)
	}
	return nil
}

func exportCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", commands()[3].synopsis, stderr)
	format := fs.String("format", "xmile", "output format: xmile")
	out := fs.String("o", "", "write to `FILE` instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "xmile" {
		return fmt.Errorf("unknown export format %q (want xmile)", *format)
	}
	m := trafficking.Build()
	// The diagram goes with the model: Stella and Simlin open it drawn.
	v, err := diagram.AutoView(m)
	if err != nil {
		return err
	}
	m.Views = []*sdmodel.View{v}
	if *out == "" {
		return xmile.Write(stdout, m)
	}
	return xmile.WriteFile(*out, m)
}
