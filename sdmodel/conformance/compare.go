package conformance

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// The suite's tolerances.
const (
	// Relaxed is the relative tolerance the suite's peers use.
	Relaxed = 1e-4
	// Strict is PySD's relative tolerance.
	Strict = 1e-5
	// Near-zero values pass when |expected| <= ZeroExpected and |actual| <= ZeroActual.
	ZeroExpected = 3e-6
	ZeroActual   = 1e-6
)

// controlColumns are Vensim's time-spec variables, which outputs carry and
// comparisons ignore.
var controlColumns = map[string]bool{"initial_time": true, "final_time": true, "time_step": true, "saveper": true}

// IsControl reports whether a column is one of the control columns (INITIAL
// TIME, FINAL TIME, TIME STEP, SAVEPER) that comparisons ignore.
func IsControl(name string) bool { return controlColumns[Key(name)] }

// Options tune a comparison.
type Options struct {
	// Rel is the relative tolerance (scaled by the larger magnitude); 0 means Relaxed.
	Rel float64
	// NoZeroRule turns off the near-zero rule, for comparisons with
	// references printed to full precision.
	NoZeroRule bool
}

// Report is the outcome of comparing results with an expected table.
type Report struct {
	Compared  int      // values compared
	Failed    int      // values out of tolerance
	Missing   []string // expected columns the results lack (control columns aside)
	NoTime    []float64
	Worst     float64 // largest relative difference among the values compared
	WorstVar  string  // the column of the largest difference
	WorstTime float64 // the time of the largest difference
	WorstExp  float64
	WorstGot  float64
	// Scaled is the largest difference in a column divided by the column's
	// largest expected magnitude, over the columns compared: how far the
	// results are from the file at the precision the file prints each
	// series with, which a value near a zero crossing does not show.
	Scaled float64
}

// Pass reports whether every expected value was found and within tolerance.
func (r *Report) Pass() bool { return r.Failed == 0 && len(r.Missing) == 0 && len(r.NoTime) == 0 }

func (r *Report) String() string {
	var b strings.Builder
	if r.Pass() {
		fmt.Fprintf(&b, "pass: %d values", r.Compared)
	} else {
		fmt.Fprintf(&b, "FAIL: %d of %d values out of tolerance", r.Failed, r.Compared)
		if len(r.Missing) > 0 {
			fmt.Fprintf(&b, "; missing columns %q", r.Missing)
		}
		if len(r.NoTime) > 0 {
			fmt.Fprintf(&b, "; %d expected times not in the results (first %g)", len(r.NoTime), r.NoTime[0])
		}
	}
	if r.WorstVar != "" {
		fmt.Fprintf(&b, "; worst relative difference %.3g on %q at time %g (expected %g, got %g)", r.Worst, r.WorstVar, r.WorstTime, r.WorstExp, r.WorstGot)
	}
	if !r.Pass() && r.Compared > 0 {
		fmt.Fprintf(&b, "; every column within %.2g of its largest magnitude", r.Scaled)
	}
	return b.String()
}

// Within reports whether got matches want under the suite's rule.
func Within(want, got, rel float64, zeroRule bool) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if want == got {
		return true
	}
	if zeroRule && math.Abs(want) <= ZeroExpected && math.Abs(got) <= ZeroActual {
		return true
	}
	return relDiff(want, got) <= rel
}

func relDiff(want, got float64) float64 {
	if want == got {
		return 0
	}
	d := math.Abs(want - got)
	scale := math.Max(math.Abs(want), math.Abs(got))
	if math.IsInf(d, 0) || math.IsNaN(d) {
		return math.Inf(1)
	}
	return d / scale
}

// Compare checks results against an expected table, row by row at the
// table's times (the results may hold more rows, for instance every DT).
func Compare(want *Table, got *sdmodel.Results, opt Options) *Report {
	rel := opt.Rel
	if rel == 0 {
		rel = Relaxed
	}
	rep := &Report{}
	series := map[string][]float64{}
	for _, name := range got.Names() {
		series[Key(name)] = got.Series(name)
	}
	times := got.Time()
	rows := make([]int, len(want.Time))
	for i, t := range want.Time {
		rows[i] = findTime(times, t)
		if rows[i] < 0 {
			rep.NoTime = append(rep.NoTime, t)
		}
	}
	for j, key := range want.Keys {
		if controlColumns[key] || key == "" {
			continue
		}
		s, ok := series[key]
		if !ok {
			rep.Missing = append(rep.Missing, want.Names[j])
			continue
		}
		colMax, colDiff := 0.0, 0.0
		for i, row := range rows {
			w := want.Columns[j][i]
			if row < 0 || math.IsNaN(w) {
				continue
			}
			g := s[row]
			colMax, colDiff = math.Max(colMax, math.Abs(w)), math.Max(colDiff, math.Abs(w-g))
			if math.IsNaN(g) {
				colDiff = math.Inf(1)
			}
			rep.Compared++
			pass := Within(w, g, rel, !opt.NoZeroRule)
			if !pass {
				rep.Failed++
			}
			d := 0.0
			if !pass || !(math.Abs(w) <= ZeroExpected && math.Abs(g) <= ZeroActual) {
				d = relDiff(w, g)
				if math.IsNaN(g) {
					d = math.Inf(1)
				}
			}
			if d > rep.Worst || (rep.WorstVar == "" && d >= rep.Worst) {
				rep.Worst, rep.WorstVar, rep.WorstTime, rep.WorstExp, rep.WorstGot = d, want.Names[j], want.Time[i], w, g
			}
		}
		if colDiff > 0 {
			rep.Scaled = math.Max(rep.Scaled, colDiff/colMax)
		}
	}
	sort.Strings(rep.Missing)
	return rep
}

// findTime returns the row of times nearest to t, or -1 when none is within
// the precision of the output files, which print times with as few as six
// significant digits (10.0312 for 10.03125).
func findTime(times []float64, t float64) int {
	tol := 1e-5 * math.Max(1, math.Abs(t))
	i := sort.SearchFloat64s(times, t)
	best := -1
	for _, j := range []int{i - 1, i} {
		if j >= 0 && j < len(times) && math.Abs(times[j]-t) <= tol && (best < 0 || math.Abs(times[j]-t) < math.Abs(times[best]-t)) {
			best = j
		}
	}
	return best
}
