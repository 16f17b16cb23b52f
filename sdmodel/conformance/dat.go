package conformance

import (
	"math"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/vensim"
)

// ParseDat reads a Vensim .dat export (see vensim.ParseDat), the form
// SDEverywhere keeps its reference runs in, as a table. Vensim lists a
// constant at the initial time only, so the table holds NaN (not compared)
// where a variable has no value; its times are the union of the variables'
// times. Vensim's internal variables (named like #d1>DELAY1#, the stocks
// of a DELAY or SMOOTH) are left out: an engine need not have them.
func ParseDat(data []byte) (*Table, error) {
	series, err := vensim.ParseDat(data)
	if err != nil {
		return nil, err
	}
	t := &Table{}
	seen := map[float64]bool{}
	for _, s := range series {
		for _, tm := range s.Time {
			if !seen[tm] {
				seen[tm] = true
				t.Time = append(t.Time, tm)
			}
		}
	}
	sort.Float64s(t.Time)
	row := make(map[float64]int, len(t.Time))
	for i, tm := range t.Time {
		row[tm] = i
	}
	for _, s := range series {
		if strings.HasPrefix(s.Name, "#") {
			continue
		}
		col := make([]float64, len(t.Time))
		for i := range col {
			col[i] = math.NaN()
		}
		for i, tm := range s.Time {
			col[row[tm]] = s.Value[i]
		}
		t.Names = append(t.Names, s.Name)
		t.Keys = append(t.Keys, Key(s.Name))
		t.Columns = append(t.Columns, col)
	}
	return t, nil
}
