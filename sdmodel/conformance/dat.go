package conformance

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// ParseDat reads a Vensim .dat export, the form SDEverywhere keeps its
// reference runs in: a line naming a variable, then one "time<TAB>value"
// line per saved time. Vensim lists a constant at the initial time only, so
// the table holds NaN (not compared) where a variable has no value; the
// times are the union of all the variables' times.
func ParseDat(data []byte) (*Table, error) {
	text, err := normalize(data)
	if err != nil {
		return nil, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	type series struct {
		name string
		vals map[float64]float64
	}
	var all []*series
	var cur *series
	timeSet := map[float64]bool{}
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		ts, vs, ok := strings.Cut(line, "\t")
		tm, okT := number(ts)
		if !ok || !okT {
			if strings.HasPrefix(line, "#") {
				cur = &series{vals: map[float64]float64{}} // an internal variable, not compared
				continue
			}
			cur = &series{name: strings.TrimSpace(line), vals: map[float64]float64{}}
			all = append(all, cur)
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("line %d: a value before any variable name", n+1)
		}
		v, ok := number(vs)
		if !ok {
			return nil, fmt.Errorf("line %d: %s: value %q is not a number", n+1, cur.name, vs)
		}
		cur.vals[tm] = v
		timeSet[tm] = true
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no variables")
	}
	t := &Table{}
	for tm := range timeSet {
		t.Time = append(t.Time, tm)
	}
	sort.Float64s(t.Time)
	for _, s := range all {
		if s.name == "" {
			continue
		}
		col := make([]float64, len(t.Time))
		for i, tm := range t.Time {
			v, ok := s.vals[tm]
			if !ok {
				v = math.NaN()
			}
			col[i] = v
		}
		t.Names = append(t.Names, s.name)
		t.Keys = append(t.Keys, Key(s.name))
		t.Columns = append(t.Columns, col)
	}
	return t, nil
}
