package vensim

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// DatSeries is one variable of a Vensim .dat file.
type DatSeries struct {
	Name        string // as written, subscripts included: "stock[A1,B2]"
	Time, Value []float64
}

// maxDatSize bounds the .dat files read, as maxFileSize bounds models.
const maxDatSize = 256 << 20

// ParseDat reads Vensim's .dat format, in which Vensim exports runs and
// reads data files: a line naming a variable, then one "time<TAB>value"
// line per time. Line endings may be LF, CRLF or CR.
func ParseDat(data []byte) ([]DatSeries, error) {
	text := strings.ReplaceAll(decode(string(data)), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []DatSeries
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		ts, vs, ok := strings.Cut(line, "\t")
		tm, err := strconv.ParseFloat(strings.TrimSpace(ts), 64)
		if !ok || err != nil {
			out = append(out, DatSeries{Name: strings.TrimSpace(line)})
			continue
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("line %d: a value before any variable name", n+1)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(vs), 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s: value %q is not a number", n+1, out[len(out)-1].Name, strings.TrimSpace(vs))
		}
		s := &out[len(out)-1]
		if k := len(s.Time); k > 0 && tm <= s.Time[k-1] {
			return nil, fmt.Errorf("line %d: %s: time %g does not follow %g", n+1, s.Name, tm, s.Time[k-1])
		}
		s.Time, s.Value = append(s.Time, tm), append(s.Value, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no variables")
	}
	return out, nil
}

// datSeries loads the Reader's data files once and returns their series by
// canonical name (the first file that has a name wins, as Vensim reads them
// in order).
func (p *reader) datSeries() map[string]DatSeries {
	if p.dat != nil {
		return p.dat
	}
	p.dat = map[string]DatSeries{}
	for _, file := range p.rd.DataFiles {
		path := file
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.rd.Dir, path)
		}
		b, err := readLimited(path, maxDatSize)
		if err == nil {
			var ss []DatSeries
			if ss, err = ParseDat(b); err == nil {
				for _, s := range ss {
					if k := datKey(s.Name); p.dat[k].Name == "" {
						p.dat[k] = s
					}
				}
				continue
			}
		}
		p.errorAt(0, "", "data file %s: %v", file, err)
	}
	return p.dat
}

// datKey is the canonical form of a .dat variable name, subscripts
// included.
func datKey(name string) string {
	base, subs, ok := strings.Cut(name, "[")
	if !ok {
		return expr.Canonical(name)
	}
	subs = strings.TrimSuffix(strings.TrimSpace(subs), "]")
	parts := strings.Split(subs, ",")
	for i, s := range parts {
		parts[i] = expr.Canonical(s)
	}
	return expr.Canonical(base) + "[" + strings.Join(parts, ",") + "]"
}

// loadDat fills a data variable (one written with no equation) from the
// data files: Vensim interpolates between the times a file gives.
func (p *reader) loadDat(d *def) {
	series := p.datSeries()
	names := []string{d.name}
	if len(d.subs) > 0 {
		names = nil
		for _, t := range p.tuples(d.subs, d.except) {
			names = append(names, d.name+"["+strings.Join(t, ",")+"]")
		}
	}
	var gfs []*sdmodel.GF
	for _, n := range names {
		s, ok := series[datKey(n)]
		if !ok || len(s.Time) == 0 {
			p.errorAt(d.at, d.name, "data variable %s is in none of the data files %q", n, p.rd.DataFiles)
			return
		}
		gfs = append(gfs, &sdmodel.GF{X: s.Time, Y: s.Value})
	}
	if len(d.subs) == 0 {
		d.gf = gfs[0]
		return
	}
	d.gfs = gfs
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("larger than %d MiB", limit>>20)
	}
	return os.ReadFile(path)
}

// dataVariable makes d, written with no equation, a data variable read
// from the Reader's data files; an error when there are none.
func (p *reader) dataVariable(d *def) *def {
	if len(p.rd.DataFiles) == 0 {
		p.errorAt(d.at, d.name, "%s has no equation (a data variable: its values come from data files, and none were given)", d.name)
		return nil
	}
	d.data = &dataCall{fn: "dat", at: d.at}
	d.kind, d.rhs = dGraphical, ident("TIME")
	return d
}
