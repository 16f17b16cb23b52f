package vensim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// maxPoints bounds the points of one lookup table.
const maxPoints = 1 << 20

// parseTable reads the body of a lookup table (without its outer
// parentheses): an optional range [(xmin,ymin)-(xmax,ymax)] (with optional
// reference points after it), then (x,y) pairs; or the older flat form
// x1, x2, ..., y1, y2, .... It returns the table and, on error, the offset
// in s of the problem.
func parseTable(s string) (*sdmodel.GF, int, error) {
	i := skipSpaces(s, 0)
	if i < len(s) && s[i] == '[' {
		end := strings.IndexByte(s[i:], ']')
		if end < 0 {
			return nil, i, fmt.Errorf("lookup range not closed: missing ]")
		}
		i = skipSpaces(s, i+end+1)
		if i < len(s) && s[i] == ',' {
			i = skipSpaces(s, i+1)
		}
	}
	gf := &sdmodel.GF{Type: "continuous"}
	if i < len(s) && s[i] == '(' {
		for i < len(s) {
			if s[i] != '(' {
				return nil, i, fmt.Errorf("expected ( to start an (x, y) point, found %q", s[i])
			}
			x, j, err := number(s, i+1)
			if err != nil {
				return nil, j, err
			}
			j = skipSpaces(s, j)
			if j >= len(s) || s[j] != ',' {
				return nil, j, fmt.Errorf("expected , between x and y of a point")
			}
			y, k, err := number(s, j+1)
			if err != nil {
				return nil, k, err
			}
			k = skipSpaces(s, k)
			if k >= len(s) || s[k] != ')' {
				return nil, k, fmt.Errorf("expected ) to close an (x, y) point")
			}
			if len(gf.X) >= maxPoints {
				return nil, i, fmt.Errorf("lookup table has more than %d points", maxPoints)
			}
			gf.X = append(gf.X, x)
			gf.Y = append(gf.Y, y)
			i = skipSpaces(s, k+1)
			if i < len(s) && s[i] == ',' {
				i = skipSpaces(s, i+1)
			}
		}
	} else {
		var nums []float64
		for i < len(s) {
			v, j, err := number(s, i)
			if err != nil {
				return nil, j, err
			}
			if len(nums) >= 2*maxPoints {
				return nil, i, fmt.Errorf("lookup table has more than %d points", maxPoints)
			}
			nums = append(nums, v)
			i = skipSpaces(s, j)
			if i < len(s) && s[i] == ',' {
				i = skipSpaces(s, i+1)
			} else if i < len(s) {
				return nil, i, fmt.Errorf("expected , between the numbers of a lookup table, found %q", s[i])
			}
		}
		if len(nums)%2 != 0 {
			return nil, len(s), fmt.Errorf("lookup table has %d numbers: the x values then the y values must be as many", len(nums))
		}
		n := len(nums) / 2
		gf.X, gf.Y = nums[:n:n], nums[n:]
	}
	if len(gf.X) == 0 {
		return nil, 0, fmt.Errorf("lookup table has no points")
	}
	for k := 1; k < len(gf.X); k++ {
		if gf.X[k] < gf.X[k-1] {
			return nil, 0, fmt.Errorf("lookup table x values must not decrease (%g after %g)", gf.X[k], gf.X[k-1])
		}
	}
	return gf, 0, nil
}

func skipSpaces(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// number reads a number (with sign and exponent) at s[i:], after spaces.
func number(s string, i int) (float64, int, error) {
	i = skipSpaces(s, i)
	j := i
	sign := ""
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		sign = s[j : j+1]
		j = skipSpaces(s, j+1) // Vensim writes "- 1" too
		i = j
	}
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
		((s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E'))) {
		j++
	}
	v, err := strconv.ParseFloat(sign+s[i:j], 64)
	if err != nil || i == j {
		return 0, i, fmt.Errorf("expected a number in a lookup table, found %q", excerpt(s[i:]))
	}
	return v, j, nil
}

func excerpt(s string) string {
	if len(s) > 12 {
		return s[:12] + "..."
	}
	return s
}
