package sensitivity

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Effect is one parameter's association with a scalar outcome over the runs
// of an experiment.
type Effect struct {
	Param string
	// Spearman is the rank correlation of the parameter with the outcome, in
	// [-1, 1]: positive when larger values tend to give a larger outcome. It
	// measures monotone, not only linear, association. NaN when either is
	// constant over the runs.
	Spearman float64
}

// Effects ranks the parameters by their effect on a named outcome
// (Settings.Outcomes): Spearman rank correlation of each parameter's sampled
// values with the outcome's values, largest |Spearman| first (ties in
// parameter order). Runs whose outcome is NaN are left out.
func (r *Result) Effects(outcome string) ([]Effect, error) {
	y := r.Outcome(outcome)
	if y == nil {
		return nil, fmt.Errorf("sensitivity: no outcome %q (have %q)", outcome, r.OutcomeNames)
	}
	keep := make([]int, 0, len(y))
	for i, v := range y {
		if !math.IsNaN(v) {
			keep = append(keep, i)
		}
	}
	if len(keep) < 3 {
		return nil, fmt.Errorf("sensitivity: outcome %q has %d non-NaN values; need at least 3", outcome, len(keep))
	}
	ys := make([]float64, len(keep))
	for k, i := range keep {
		ys[k] = y[i]
	}
	out := make([]Effect, len(r.Params))
	xs := make([]float64, len(keep))
	for j, p := range r.Params {
		for k, i := range keep {
			xs[k] = r.Samples[i][j]
		}
		out[j] = Effect{Param: p.Name, Spearman: Spearman(xs, ys)}
	}
	sort.SliceStable(out, func(a, b int) bool { return absNaN(out[a].Spearman) > absNaN(out[b].Spearman) })
	return out, nil
}

// absNaN is |x|, with NaN sorting last.
func absNaN(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return math.Abs(x)
}

// Spearman returns the Spearman rank correlation of x and y: the Pearson
// correlation (gonum stat.Correlation) of their ranks, tied values sharing
// their average rank. It is NaN when either is constant.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	return stat.Correlation(Ranks(x), Ranks(y), nil)
}

// Ranks returns the 1-based ranks of x, tied values sharing their average rank.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}
