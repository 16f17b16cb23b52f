package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// Measure is a number measured on a run, for the self-checks that compare runs.
type Measure func(res *sdmodel.Results) (float64, error)

// PeakAfter measures the largest value of a variable at or after time t.
func PeakAfter(variable string, t float64) Measure {
	return extremeAfter(variable, t, math.Max, math.Inf(-1))
}

// TroughAfter measures the smallest value of a variable at or after time t.
func TroughAfter(variable string, t float64) Measure {
	return extremeAfter(variable, t, math.Min, math.Inf(1))
}

// TroughBetween measures the smallest value of a variable from time from to time to.
func TroughBetween(variable string, from, to float64) Measure {
	return extremeBetween(variable, from, to, math.Min, math.Inf(1))
}

func extremeAfter(variable string, t float64, pick func(a, b float64) float64, start float64) Measure {
	return extremeBetween(variable, t, math.Inf(1), pick, start)
}

func extremeBetween(variable string, from, to float64, pick func(a, b float64) float64, start float64) Measure {
	return func(res *sdmodel.Results) (float64, error) {
		s, err := res.Get(variable)
		if err != nil {
			return 0, err
		}
		x := start
		for i, ti := range res.Time() {
			if ti >= from && ti <= to {
				x = pick(x, s[i])
			}
		}
		return x, nil
	}
}

// Growth measures how much a stock grows from time from to time to (its value at to minus at from):
// for a cumulative stock such as victim-months, the total over that period.
func Growth(stock string, from, to float64) Measure {
	return func(res *sdmodel.Results) (float64, error) {
		s, err := res.Get(stock)
		if err != nil {
			return 0, err
		}
		at := func(t float64) (float64, error) {
			for i, ti := range res.Time() {
				if math.Abs(ti-t) < 1e-9 {
					return s[i], nil
				}
			}
			return 0, fmt.Errorf("no saved time %g in the run", t)
		}
		a, err := at(from)
		if err != nil {
			return 0, err
		}
		b, err := at(to)
		return b - a, err
	}
}

// CheckLoopType checks the polarity a student gives a named loop: answer is "R" (reinforcing) or "B"
// (balancing). A wrong answer is told how many links to sign, not which are negative.
func CheckLoopType(m *sdmodel.Model, names []loops.LoopName, loop, answer string) error {
	if m == nil {
		return errors.New("no model: pass the model")
	}
	a, err := loops.Analyze(m, &loops.Settings{Names: names})
	if err != nil {
		return err
	}
	l := a.Graph.Loop(loop)
	if l == nil {
		return fmt.Errorf("model %q has no loop named %q", m.Name, loop)
	}
	ans := strings.ToUpper(strings.TrimSpace(answer))
	if ans != "" && strings.HasPrefix("REINFORCING", ans) {
		ans = "R"
	} else if ans != "" && strings.HasPrefix("BALANCING", ans) {
		ans = "B"
	}
	if ans != "R" && ans != "B" {
		return fmt.Errorf("answer %q: say \"R\" (reinforcing) or \"B\" (balancing)", answer)
	}
	if ans != l.Polarity.LoopType() {
		return fmt.Errorf("%q has %d links: sign each (+ when cause and effect move the same way), then count the minus signs — an even count makes a loop reinforcing, an odd one balancing", loop, len(l.Links))
	}
	return nil
}

// CheckLoopThrough checks a student's answer to "which named loop passes through all these
// variables?": answer must name one of the loops of names whose path contains every variable.
func CheckLoopThrough(m *sdmodel.Model, names []loops.LoopName, answer string, vars ...string) error {
	lv, err := LoopVariables(m, names)
	if err != nil {
		return err
	}
	path, ok := lv[answer]
	if !ok {
		return fmt.Errorf("%q is not one of the named loops: pick a name from the list of named loops", answer)
	}
	for _, v := range vars {
		if !slices.Contains(path, v) {
			return fmt.Errorf("%q does not pass through %q: follow its path (Graph.Loop(name).Variables)", answer, v)
		}
	}
	return nil
}

// CheckPrediction checks a prediction of what a change does to a measured outcome: predicted is
// "higher" or "lower" (than with the model as it is). Differences under 0.1 % count as no change.
func CheckPrediction(m *sdmodel.Model, set map[string]float64, measure Measure, predicted string) error {
	if m == nil || measure == nil {
		return errors.New("pass the model, the change and what to measure")
	}
	if predicted != "higher" && predicted != "lower" {
		return fmt.Errorf("prediction %q: say \"higher\" or \"lower\"", predicted)
	}
	values, err := measureCases(m, []map[string]float64{nil, set}, measure)
	if err != nil {
		return err
	}
	base, changed := values[0], values[1]
	switch {
	case math.Abs(changed-base) <= 1e-3*math.Abs(base):
		return errors.New("the change hardly moves it: neither higher nor lower — why does this loop not matter here?")
	case (changed > base) != (predicted == "higher"):
		return fmt.Errorf("the simulation disagrees with %q: run both cases and compare; which loop did your prediction leave out?", predicted)
	}
	return nil
}

// CheckHelpsMore checks the answer to "which of these changes lowers the outcome more?": answer
// must be the name in cases whose run gives the smallest measure.
func CheckHelpsMore(m *sdmodel.Model, cases map[string]map[string]float64, measure Measure, answer string) error {
	if _, ok := cases[answer]; !ok {
		return fmt.Errorf("answer %q is not one of the cases", answer)
	}
	var names []string
	for n := range cases {
		names = append(names, n)
	}
	slices.Sort(names)
	sets := make([]map[string]float64, len(names))
	for i, n := range names {
		sets[i] = cases[n]
	}
	values, err := measureCases(m, sets, measure)
	if err != nil {
		return err
	}
	best := 0
	for i := range values {
		if values[i] < values[best] {
			best = i
		}
	}
	if names[best] != answer {
		return fmt.Errorf("%q is not the one that lowers it most: run every case and compare the outcome", answer)
	}
	return nil
}

func measureCases(m *sdmodel.Model, sets []map[string]float64, measure Measure) ([]float64, error) {
	c, err := m.Compile()
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(sets))
	for i, set := range sets {
		res, err := c.Run(sdmodel.SetAll(set))
		if err != nil {
			return nil, err
		}
		if out[i], err = measure(res); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Steadily says how a list of numbers moves from one case to the next: "rises with every case",
// "falls with every case" or "does not move steadily one way" — so that prose about an experiment
// stays true when the numbers change.
func Steadily(xs []float64) string {
	up, down := true, true
	for i := 1; i < len(xs); i++ {
		up = up && xs[i] > xs[i-1]
		down = down && xs[i] < xs[i-1]
	}
	switch {
	case len(xs) < 2:
		return "has a single case"
	case up:
		return "rises with every case"
	case down:
		return "falls with every case"
	}
	return "does not move steadily one way"
}
