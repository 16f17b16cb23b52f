package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// PolicyEffect summarises one policy over the samples: the share of samples in
// which it lowers cumulative victim-months 2023-2030 against the baseline of
// the same sample, and percentiles of its effect (percent change).
type PolicyEffect struct {
	Policy           string
	Lowers           float64 // share of samples, 0-1
	P5, P50, P95     float64 // percent change of victim-months 2023-2030
	Samples          int
	TransactionsP50  float64 // median percent change of transactions 2023-2030
	LowersTransacted float64 // share of samples with fewer transactions
}

// The outcomes recorded for every run: harm 2023-2030 and 2020-2030, and
// whether each reference behaviour measured on one run holds (1 or 0).
const (
	outVM = iota
	outTX
	outVM2020
	outRef1 // 1 to 5 on the baseline, then 7 on no-covid
	outRef7 = outRef1 + 5
	nOut    = outRef7 + 1
)

func outcomes() []sensitivity.Outcome {
	of := func(k int) func(*sdmodel.Results) (float64, error) {
		return func(res *sdmodel.Results) (float64, error) {
			switch {
			case k <= outVM2020:
				o, err := trafficking.Measure("", res)
				return [...]float64{o.VictimMonths, o.Transactions, o.VictimMonths2020}[k], err
			case k < outRef7:
				ref, err := trafficking.MeasureReference(res)
				return b2f(ref.Holds(k - outRef1 + 1)), err
			}
			lo, hi, err := trafficking.NoCovidRange(res)
			return b2f(trafficking.NoCovidHolds(lo, hi)), err
		}
	}
	var list []sensitivity.Outcome
	for k := 0; k < nOut; k++ {
		list = append(list, sensitivity.Outcome{Name: fmt.Sprint("outcome ", k), Of: of(k)})
	}
	return list
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Robustness is the result of the sensitivity analysis.
type Robustness struct {
	Policies []PolicyEffect
	// Reference[i] is the share of samples in which reference behaviour i+1
	// holds; All the share in which all seven hold.
	Reference [7]float64
	All       float64
}

// policyEffects runs the baseline, no-covid and every policy on the same Latin
// hypercube sample of the uncertain parameters. Runs are spread over workers
// goroutines by package sensitivity, which returns them in sample order, so
// the numbers do not depend on the number of workers.
func policyEffects(runs int, seed uint64, workers int) (*Robustness, error) {
	c, err := trafficking.Compile()
	if err != nil {
		return nil, err
	}
	params := trafficking.UncertainParams()
	samples, err := sensitivity.Sample(params, runs, sensitivity.LatinHypercube, seed)
	if err != nil {
		return nil, err
	}
	outcomesOf := func(s trafficking.Scenario) ([][]float64, error) {
		opts := []sdmodel.RunOption{sdmodel.Keep(trafficking.CumVictimMonths, trafficking.CumTransactions,
			trafficking.TraffickedPersons, trafficking.Transactions, trafficking.IdentifiedVictims)}
		if len(s.Set) > 0 {
			opts = append(opts, sdmodel.SetAll(s.Set))
		}
		res, err := sensitivity.RunSamples(c, params, samples, &sensitivity.Settings{
			Seed: seed, Workers: workers, RunOptions: opts, Exact: -1, Outcomes: outcomes(),
		})
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
		return res.Outcomes, nil
	}
	scs := trafficking.Scenarios()
	base, err := outcomesOf(scs[0])
	if err != nil {
		return nil, err
	}
	rob := &Robustness{}
	holds := make([]bool, runs)
	for i := range holds {
		holds[i] = true
	}
	count := func(ref int, ok func(i int) bool) {
		for i := range holds {
			if ok(i) {
				rob.Reference[ref]++
			} else {
				holds[i] = false
			}
		}
		rob.Reference[ref] /= float64(runs)
	}
	for k := 0; k < 5; k++ {
		count(k, func(i int) bool { return base[outRef1+k][i] == 1 })
	}
	for _, s := range scs[1:] {
		out, err := outcomesOf(s)
		if err != nil {
			return nil, err
		}
		switch s.Name {
		case "no-covid":
			count(6, func(i int) bool { return out[outRef7][i] == 1 })
			continue // a counterfactual, not a policy
		case "no-4p":
			count(5, func(i int) bool {
				return trafficking.FourPHolds(trafficking.Change(out[outVM2020][i], base[outVM2020][i]))
			})
		}
		rob.Policies = append(rob.Policies, effectOf(s.Name, out, base))
	}
	for _, h := range holds {
		rob.All += b2f(h)
	}
	rob.All /= float64(runs)
	return rob, nil
}

// effectOf summarises a policy's outcomes against the baseline's, sample by sample.
func effectOf(name string, out, base [][]float64) PolicyEffect {
	n := len(out[outVM])
	eff, txEff := make([]float64, n), make([]float64, n)
	e := PolicyEffect{Policy: name, Samples: n}
	for i := 0; i < n; i++ {
		eff[i] = trafficking.Change(out[outVM][i], base[outVM][i])
		txEff[i] = trafficking.Change(out[outTX][i], base[outTX][i])
		e.Lowers += b2f(eff[i] < 0)
		e.LowersTransacted += b2f(txEff[i] < 0)
	}
	e.Lowers /= float64(n)
	e.LowersTransacted /= float64(n)
	sort.Float64s(eff)
	sort.Float64s(txEff)
	e.P5, e.P50, e.P95 = sensitivity.Quantile(eff, 0.05), sensitivity.Quantile(eff, 0.5), sensitivity.Quantile(eff, 0.95)
	e.TransactionsP50 = sensitivity.Quantile(txEff, 0.5)
	return e
}

func sensitivityCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", commands()[4].synopsis, stderr)
	runs := fs.Int("runs", 200, "number of Latin hypercube samples")
	seed := fs.Uint64("seed", 1, "seed of the sample")
	workers := fs.Int("workers", 0, "concurrent runs (default: all cores); the table does not depend on it")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *runs < 2 {
		return fmt.Errorf("-runs must be at least 2, found %d", *runs)
	}
	start := time.Now()
	rob, err := policyEffects(*runs, *seed, *workers)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d Latin hypercube samples of %d uncertain parameters, seed %d: each policy against the baseline of the same sample.\n",
		*runs, len(trafficking.UncertainParams()), *seed)
	fmt.Fprintln(stdout, "Effect = change of cumulative victim-months 2023-2030 (percent).")
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "policy\tlowers victim-months\tP5\tP50\tP95\tlowers transactions\ttransactions P50\t")
	for _, e := range rob.Policies {
		fmt.Fprintf(tw, "%s\t%.0f %%\t%+.1f %%\t%+.1f %%\t%+.1f %%\t%.0f %%\t%+.1f %%\t\n", e.Policy,
			100*e.Lowers, e.P5, e.P50, e.P95, 100*e.LowersTransacted, e.TransactionsP50)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprint(stdout, "\nReference behaviour holding, share of samples:")
	for i, x := range rob.Reference {
		fmt.Fprintf(stdout, " %d: %.0f %%;", i+1, 100*x)
	}
	fmt.Fprintf(stdout, " all seven: %.0f %%.\n", 100*rob.All)
	// The run time goes to standard error so that the table itself is
	// reproducible byte for byte.
	fmt.Fprintf(stderr, "%d runs in %s\n", *runs*(len(rob.Policies)+2), time.Since(start).Round(time.Millisecond))
	return nil
}
