package sdmodel

import (
	"math"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

func nan() float64          { return math.NaN() }
func abs(x float64) float64 { return math.Abs(x) }

// suggest returns ` (did you mean "x"?)` for the candidate closest to name by
// edit distance, or "" when none is close.
func suggest(name string, candidates []string) string {
	key := expr.Canonical(name)
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := editDistance(key, expr.Canonical(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := len(key)/3 + 1
	if best == "" || bestD > limit {
		return ""
	}
	return " (did you mean \"" + best + "\"?)"
}

// editDistance is the Levenshtein distance between two strings, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
