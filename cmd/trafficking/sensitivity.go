package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func sensitivityCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", commands()[4].synopsis, stderr)
	accept := fs.Int("accept", 200, "parameter sets to accept: Latin hypercubes are drawn until that many reproduce the reference behaviour")
	batch := fs.Int("batch", 500, "samples per Latin hypercube")
	maxN := fs.Int("max", 10000, "most samples to draw")
	seed := fs.Uint64("seed", 1, "seed of the first hypercube (batch b uses seed+b)")
	workers := fs.Int("workers", 0, "concurrent samples (default: all cores); the tables do not depend on it")
	top := fs.Int("deciders", 3, "parameters listed per policy as deciding its effect")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *accept < 1 || *batch < 2 || *maxN < *batch {
		return fmt.Errorf("need -accept at least 1, -batch at least 2 and -max at least -batch; found %d, %d, %d", *accept, *batch, *maxN)
	}
	c, err := trafficking.Compile()
	if err != nil {
		return err
	}
	start := time.Now()
	set := &trafficking.EnsembleSettings{Accept: *accept, Batch: *batch, MaxSamples: *maxN, Seed: *seed, Workers: *workers}
	if isTerminal(stderr) {
		set.Progress = func(done, acc int) {
			if done%20 == 0 {
				fmt.Fprintf(stderr, "\r%d samples, %d accepted", done, acc)
			}
		}
	}
	e, err := trafficking.RunEnsemble(c, set)
	if set.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if err := writeEnsemble(stdout, e, *top); err != nil {
		return err
	}
	// The run time goes to standard error so that the tables themselves are
	// reproducible byte for byte.
	fmt.Fprintf(stderr, "%d samples, %d runs in %s\n", len(e.Members), e.Runs(), time.Since(start).Round(time.Millisecond))
	return nil
}

// writeEnsemble prints the acceptance, the policy tables on the accepted
// sets and on the full ranges, and the parameters that decide each policy.
func writeEnsemble(w io.Writer, e *trafficking.Ensemble, top int) error {
	acc, ran := e.Accepted(), e.Ran()
	fmt.Fprintf(w, "%d parameter sets drawn over %d uncertain parameters (Latin hypercube batches: %d, first seed %d); %d reproduce every reference behaviour: acceptance rate %.1f %%.\n",
		len(e.Members), len(e.Params), e.Batches, e.Seed, len(acc), 100*e.AcceptanceRate())
	if n := e.Failed(); n > 0 {
		fmt.Fprintf(w, "%d sets left out: the engine stopped one of their runs.\n", n)
	}
	fmt.Fprint(w, "Reference behaviour holding, share of the sets:")
	for k, x := range e.ReferenceRates() {
		fmt.Fprintf(w, " %s: %.0f %%;", e.Reference[k], 100*x)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "\nEffect = change of cumulative victim-months 2023-2030 against the baseline of the same set (percent);")
	fmt.Fprintln(w, "as expected = share of the sets in which the scenario's expected result (trafficking check) holds.")
	for _, part := range []struct {
		title   string
		members []int
	}{{"accepted sets (consistent with the reference behaviour)", acc}, {fmt.Sprintf("full ranges (the first %d sets drawn)", e.FullRange), ran}} {
		fmt.Fprintf(w, "\nOn the %s, n = %d:\n", part.title, len(part.members))
		if len(part.members) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "scenario\tlowers victim-months\tP5\tP50\tP95\tlowers transactions\ttransactions P50\tas expected\t")
		for _, p := range e.Effects(part.members) {
			exp := "-"
			if p.AsExpected == p.AsExpected {
				exp = fmt.Sprintf("%.0f %%", 100*p.AsExpected)
			}
			fmt.Fprintf(tw, "%s\t%.0f %%\t%+.1f %%\t%+.1f %%\t%+.1f %%\t%.0f %%\t%+.1f %%\t%s\t\n", p.Policy,
				100*p.Lowers, p.P5, p.P50, p.P95, 100*p.LowersTransactions, p.TransactionsP50, exp)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(acc) < 3 || top < 1 {
		return nil
	}
	fmt.Fprintf(w, "\nWhat decides each effect on the accepted sets: the %d parameters most rank-correlated with it (Spearman;\n", top)
	fmt.Fprintln(w, "positive: larger values make the scenario do less good), and the half of each parameter's range where")
	fmt.Fprintln(w, "the scenario lowers victim-months more often (share there against the other half).")
	for _, p := range e.Effects(acc) {
		ds, err := e.Deciders(p.Policy, acc, top)
		if err != nil {
			return err
		}
		var parts []string
		for _, d := range ds {
			parts = append(parts, fmt.Sprintf("%s %+.2f (%s %.3g: %.0f %% vs %.0f %%)", d.Param, d.Spearman, d.Box, d.Median, 100*d.HelpsIn, 100*d.HelpsOut))
		}
		fmt.Fprintf(w, "  %s: %s\n", p.Policy, strings.Join(parts, "; "))
	}
	return nil
}
