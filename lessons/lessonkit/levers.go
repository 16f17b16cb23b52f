package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// The policy levers of lesson 5 (trafficking.Levers, the flight simulator's sliders): settings,
// the chart of a setting, the slider panel, and the self-checks of the lesson's exercises.

// LeversOff returns every lever at its Off position (the baseline), one value per trafficking.Levers.
func LeversOff() []float64 {
	var v []float64
	for _, l := range trafficking.Levers() {
		v = append(v, l.Off)
	}
	return v
}

// LeverSettings returns the constant overrides of lever values, one per trafficking.Levers; it is an
// error when there are not as many values as levers or a value is outside its lever's range.
func LeverSettings(values []float64) (map[string]float64, error) {
	levers := trafficking.Levers()
	if len(values) != len(levers) {
		return nil, fmt.Errorf("%d lever values for %d levers (start from lessonkit.LeversOff())", len(values), len(levers))
	}
	set := map[string]float64{}
	for i, l := range levers {
		if values[i] < l.Min-1e-9 || values[i] > l.Max+1e-9 {
			return nil, fmt.Errorf("lever %d, %s: %g is outside its range %g to %g", i, l.Label, values[i], l.Min, l.Max)
		}
		for k, v := range l.Settings(values[i]) {
			set[k] = v
		}
	}
	return set, nil
}

// LeverOutcome runs the lever values and the baseline and returns the changes of victim-months and
// transactions 2023-2030 against the baseline, in percent, and the policy's run.
func LeverOutcome(c *sdmodel.Compiled, values []float64) (victimMonths, transactions float64, res *sdmodel.Results, err error) {
	set, err := LeverSettings(values)
	if err != nil {
		return 0, 0, nil, err
	}
	base, err := c.Run()
	if err != nil {
		return 0, 0, nil, err
	}
	if res, err = c.Run(sdmodel.SetAll(set)); err != nil {
		return 0, 0, nil, err
	}
	ob, err := trafficking.Measure(trafficking.Baseline, base)
	if err != nil {
		return 0, 0, nil, err
	}
	op, err := trafficking.Measure("your policy", res)
	if err != nil {
		return 0, 0, nil, err
	}
	return trafficking.Change(op.VictimMonths, ob.VictimMonths), trafficking.Change(op.Transactions, ob.Transactions), res, nil
}

// LeverChart runs the baseline and the lever values and returns HTML: the settings, the changes of the
// harm measures, and a static (SVG) chart of trafficked persons in both runs.
func LeverChart(c *sdmodel.Compiled, values []float64) (string, error) {
	vm, tx, pol, err := LeverOutcome(c, values)
	if err != nil {
		return "", err
	}
	base, err := c.Run()
	if err != nil {
		return "", err
	}
	ch, err := chart.Line{Title: "Trafficked persons", Height: 320, YLabel: "persons", Vars: []string{trafficking.TraffickedPersons},
		Runs: []chart.Run{{Label: "baseline", Results: base}, {Label: "your policy", Results: pol}}}.Chart()
	if err != nil {
		return "", err
	}
	svg, err := ch.SVG()
	if err != nil {
		return "", err
	}
	var parts []string
	for i, l := range trafficking.Levers() {
		parts = append(parts, fmt.Sprintf("%s: %g", l.Label, values[i]))
	}
	return fmt.Sprintf("<p>%s<br><b>victim-months 2023-2030: %+.1f %%, transactions %+.1f %%</b> against the baseline</p>%s",
		strings.Join(parts, " · "), vm, tx, svg), nil
}

// LeverPanel is the interactive cell of lesson 5: a slider per lever (trafficking.Levers, in steps of
// the lever's Step, starting at Off) over LeverChart.
func LeverPanel(c *sdmodel.Compiled) Panel {
	levers := trafficking.Levers()
	steps := make([]int, len(levers))
	p := Panel{Draw: func() (string, error) {
		values := make([]float64, len(levers))
		for i, l := range levers {
			values[i] = math.Min(l.Max, l.Min+float64(float64(steps[i])*l.Step))
		}
		return LeverChart(c, values)
	}}
	for i, l := range levers {
		steps[i] = int(math.Round((l.Off - l.Min) / l.Step))
		p.Sliders = append(p.Sliders, Slider{Label: l.Label, Min: 0, Max: int(math.Round((l.Max - l.Min) / l.Step)), Value: &steps[i]})
	}
	return p
}

// LeverEnd is the end of a lever's range farthest from Off: the lever moved all the way.
func LeverEnd(l trafficking.Lever) float64 {
	if math.Abs(l.Max-l.Off) >= math.Abs(l.Min-l.Off) {
		return l.Max
	}
	return l.Min
}

// LeverAlone returns the lever values with only lever i moved to value v.
func LeverAlone(i int, v float64) []float64 {
	values := LeversOff()
	values[i] = v
	return values
}

// findLever finds a lever by its constant's name or its label, in any spelling.
func findLever(name string) (int, error) {
	var names []string
	for i, l := range trafficking.Levers() {
		if expr.Canonical(name) == expr.Canonical(l.Name) || strings.EqualFold(strings.TrimSpace(name), l.Label) {
			return i, nil
		}
		names = append(names, fmt.Sprintf("%q", l.Name))
	}
	if strings.TrimSpace(name) == "" {
		return 0, fmt.Errorf("predict first: name a lever, one of %s", strings.Join(names, ", "))
	}
	return 0, fmt.Errorf("no lever %q: name one of %s", name, strings.Join(names, ", "))
}

// CheckBestLever checks the answer to "which single lever, moved to the end of its range, lowers
// victim-months 2023-2030 the most, and which lowers transactions the most?", answered with the
// levers' names (the constants they move, trafficking.Levers). It runs every lever alone at its end.
func CheckBestLever(c *sdmodel.Compiled, forVictimMonths, forTransactions string) error {
	if c == nil {
		return errors.New("pass the compiled model (trafficking.Compile())")
	}
	levers := trafficking.Levers()
	vm, tx := make([]float64, len(levers)), make([]float64, len(levers))
	bestVM, bestTx := 0, 0
	for i, l := range levers {
		var err error
		if vm[i], tx[i], _, err = LeverOutcome(c, LeverAlone(i, LeverEnd(l))); err != nil {
			return err
		}
		if vm[i] < vm[bestVM] {
			bestVM = i
		}
		if tx[i] < tx[bestTx] {
			bestTx = i
		}
	}
	for _, a := range []struct {
		answer, measure string
		best            int
		changes         []float64
	}{{forVictimMonths, "victim-months", bestVM, vm}, {forTransactions, "transactions", bestTx, tx}} {
		i, err := findLever(a.answer)
		if err != nil {
			return err
		}
		if i != a.best {
			return fmt.Errorf("%q at its end changes %s by %+.1f %%, and another lever does better: run each lever alone (lessonkit.LeverAlone)",
				levers[i].Name, a.measure, a.changes[i])
		}
	}
	return nil
}

// CheckBeats checks a combination of lever values that should lower victim-months 2023-2030 more than
// the scenario target does, with as few levers moved as possible and the levers named in keepOff (by
// name or label) left off: it says by how much it falls short, or whether fewer levers, each moved to
// the end of its range, would do too.
func CheckBeats(c *sdmodel.Compiled, values []float64, target string, keepOff ...string) error {
	if c == nil {
		return errors.New("pass the compiled model (trafficking.Compile())")
	}
	if len(values) != len(trafficking.Levers()) {
		_, err := LeverSettings(values)
		return err
	}
	off := map[int]bool{}
	for _, name := range keepOff {
		i, err := findLever(name)
		if err != nil {
			return err
		}
		if off[i] = true; values[i] != trafficking.Levers()[i].Off {
			return fmt.Errorf("%q must stay off (at %g) in this exercise", trafficking.Levers()[i].Name, trafficking.Levers()[i].Off)
		}
	}
	cmp, err := trafficking.Compare(c)
	if err != nil {
		return err
	}
	if _, ok := cmp.Outcomes[target]; !ok {
		return fmt.Errorf("no scenario %q", target)
	}
	want, _ := cmp.Change(target)
	vm, _, _, err := LeverOutcome(c, values)
	if err != nil {
		return err
	}
	if vm >= want {
		return fmt.Errorf("your levers change victim-months by %+.1f %%, %s by %+.1f %%: not yet better", vm, target, want)
	}
	moved := 0
	for i, l := range trafficking.Levers() {
		if values[i] != l.Off {
			moved++
		}
	}
	if fewer, err := fewestLevers(c, want, off); err != nil {
		return err
	} else if fewer < moved {
		return fmt.Errorf("your %d levers beat %s (%+.1f %% against %+.1f %%), but %d would do: which can you leave off?", moved, target, vm, want, fewer)
	}
	return nil
}

// fewestLevers is the smallest number of levers, other than those off, that moved to their ends lower
// victim-months more than the change want; 0 when none do.
func fewestLevers(c *sdmodel.Compiled, want float64, off map[int]bool) (int, error) {
	levers := trafficking.Levers()
	best := 0
	for mask := 1; mask < 1<<len(levers); mask++ {
		n := 0
		for i := range off {
			if mask&(1<<i) != 0 {
				n = len(levers) + 1 // a lever that must stay off
			}
		}
		values := LeversOff()
		for i, l := range levers {
			if mask&(1<<i) != 0 {
				values[i], n = LeverEnd(l), n+1
			}
		}
		if best != 0 && n >= best {
			continue
		}
		vm, _, _, err := LeverOutcome(c, values)
		if err != nil {
			return 0, err
		}
		if vm < want {
			best = n
		}
	}
	return best, nil
}

// LeverRobustness runs lever values on the accepted parameter sets of an ensemble and returns the
// share of those worlds in which they lower victim-months 2023-2030 against the same world's baseline,
// and the share in which they lower them more than the scenario target does there.
func LeverRobustness(c *sdmodel.Compiled, e *trafficking.Ensemble, values []float64, target string) (lowers, beats float64, err error) {
	set, err := LeverSettings(values)
	if err != nil {
		return 0, 0, err
	}
	bi, ti := -1, -1
	for i, s := range e.Scenarios {
		switch s {
		case trafficking.Baseline:
			bi = i
		case target:
			ti = i
		}
	}
	acc := e.Accepted()
	if bi < 0 || ti < 0 || len(acc) == 0 {
		return 0, 0, fmt.Errorf("the ensemble has no accepted sets, or no baseline or %q", target)
	}
	for _, k := range acc {
		m := e.Members[k]
		params := map[string]float64{}
		for j, p := range e.Params {
			params[p.Name] = m.Values[j]
		}
		for name, v := range set {
			params[name] = v
		}
		res, err := c.Run(sdmodel.SetAll(params))
		if err != nil {
			return 0, 0, err
		}
		o, err := trafficking.Measure("your policy", res)
		if err != nil {
			return 0, 0, err
		}
		if o.VictimMonths < m.Outcomes[bi].VictimMonths {
			lowers++
		}
		if o.VictimMonths < m.Outcomes[ti].VictimMonths {
			beats++
		}
	}
	return lowers / float64(len(acc)), beats / float64(len(acc)), nil
}

// CheckResistance checks the predictions for supply-side-only, over 2024-2030 against the baseline,
// each "rises" or "falls": what does price do, and what do the traffickers' recruitment starts do? It
// explains each wrong answer with the loop that decides it; nothing is measured before both
// predictions are written.
func CheckResistance(cmp *trafficking.Comparison, price, recruitment string) error {
	if cmp == nil {
		return errors.New("pass the scenario comparison (trafficking.Compare)")
	}
	priceFalls, err := fallsOrRises(price)
	if err != nil {
		return err
	}
	recruitmentFalls, err := fallsOrRises(recruitment)
	if err != nil {
		return err
	}
	mean := func(scenario, v string) (float64, error) {
		r, ok := cmp.Runs[scenario]
		if !ok {
			return 0, fmt.Errorf("no scenario %q in the comparison", scenario)
		}
		s, err := r.Get(v)
		if err != nil {
			return 0, err
		}
		sum, n := 0.0, 0
		for i, t := range r.Time() {
			if t >= trafficking.Jan2023+12 && t < trafficking.StopTime {
				sum, n = sum+s[i], n+1
			}
		}
		return sum / float64(n), nil
	}
	for _, q := range []struct {
		v, why string
		rises  bool
	}{
		{trafficking.Price, "fewer victims make supply scarce, and the risk cost is passed on (the market price loop)", !priceFalls},
		{trafficking.RecruitmentStarts, "arrests free victims, a loss the exploiters replace, and a higher price raises profit per victim (the capacity acquisition and replacement loops)", !recruitmentFalls},
	} {
		p, err := mean("supply-side-only", q.v)
		if err != nil {
			return err
		}
		b, err := mean(trafficking.Baseline, q.v)
		if err != nil {
			return err
		}
		if (p > b) != q.rises {
			return fmt.Errorf("%s over 2024-2030 is %+.1f %% against the baseline, not what you predicted: think of how %s", q.v, trafficking.Change(p, b), q.why)
		}
	}
	return nil
}
