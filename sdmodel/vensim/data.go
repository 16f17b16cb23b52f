package vensim

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Data functions: GET DIRECT / GET XLS CONSTANTS, LOOKUPS and DATA read
// numbers from .xlsx workbooks (xlsx.go) and CSV files, found
// relative to the model file, when the model is read. Constants become
// numbers, lookups graphical functions, data variables graphical functions
// of TIME (interpolated by default, :HOLD BACKWARD: as steps, :LOOK
// FORWARD: to the next point).

// maxSheetCells bounds how far a series is read along a row or column.
const maxSheetCells = 1 << 20

// sheet is one worksheet or CSV file.
type sheet interface {
	cell(col, row int) string // 1-based; "" when empty or outside
	name(ref string) (c1, r1, c2, r2 int, ok bool)
	extent() (cols, rows int) // the used area
}

type csvSheet struct{ rows [][]string }

func (s *csvSheet) cell(col, row int) string {
	if row < 1 || row > len(s.rows) || col < 1 || col > len(s.rows[row-1]) {
		return ""
	}
	return strings.TrimSpace(s.rows[row-1][col-1])
}

func (s *csvSheet) name(string) (int, int, int, int, bool) { return 0, 0, 0, 0, false }

func (s *csvSheet) extent() (int, int) {
	cols := 0
	for _, r := range s.rows {
		cols = max(cols, len(r))
	}
	return cols, len(s.rows)
}

// openSheet opens a sheet of a workbook, or a CSV file whose "sheet" is
// its separator (",", "\t" or ";"), relative to the model's folder.
func (p *reader) openSheet(file, tab string) (sheet, error) {
	if p.rd.Dir == "" {
		return nil, fmt.Errorf("data file %s: the model was not read from a file, so there is no folder to find it in", file)
	}
	path := filepath.Join(p.rd.Dir, filepath.FromSlash(file))
	key := path + "\x00" + tab
	if s, ok := p.sheets[key]; ok {
		return s, nil
	}
	var s sheet
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		f, ok := p.books[path]
		if !ok {
			var err error
			f, err = openXLSX(path)
			if err != nil {
				return nil, fmt.Errorf("data file %s: %v", file, err)
			}
			p.books[path] = f
		}
		xs, ok, err := f.sheet(tab)
		if err != nil {
			return nil, fmt.Errorf("data file %s: %v", file, err)
		}
		if !ok {
			return nil, fmt.Errorf("data file %s has no sheet %q", file, tab)
		}
		s = xs
	case ".csv", ".tab", ".txt":
		fh, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("data file %s: %v", file, err)
		}
		defer fh.Close()
		r := csv.NewReader(fh)
		r.FieldsPerRecord = -1
		r.Comma = ','
		switch tab {
		case `\t`, "\t", "tab":
			r.Comma = '\t'
		case ";":
			r.Comma = ';'
		}
		rows, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("data file %s: %v", file, err)
		}
		s = &csvSheet{rows: rows}
	case ".xls":
		rows, err := readXLS(path, tab)
		if err != nil {
			return nil, fmt.Errorf("data file %s: %v", file, err)
		}
		s = &csvSheet{rows: rows}
	default:
		return nil, fmt.Errorf("data file %s: only .xlsx and .xls workbooks and CSV files are read", file)
	}
	p.sheets[key] = s
	return s, nil
}

// dataCall is a GET ... call found at the start of an equation.
type dataCall struct {
	fn   string // "constants", "lookups", "data", or "dat" for a data variable of the data files
	args []string
	mode string // data equations: "interpolate", "hold backward", "look forward", "raw" or ""
	at   int    // file offset, for messages
}

var dataFuncs = []struct{ name, fn string }{
	{"GET DIRECT CONSTANTS", "constants"}, {"GET XLS CONSTANTS", "constants"},
	{"GET DIRECT LOOKUPS", "lookups"}, {"GET XLS LOOKUPS", "lookups"},
	{"GET DIRECT DATA", "data"}, {"GET XLS DATA", "data"},
}

// parseDataCall recognises GET DIRECT/XLS CONSTANTS/LOOKUPS/DATA('file',
// 'sheet', ...) with quoted arguments.
func parseDataCall(s string) (*dataCall, bool) {
	for _, f := range dataFuncs {
		k, ok := callPrefix(s, f.name)
		if !ok {
			continue
		}
		end := strings.LastIndexByte(s, ')')
		if end < k {
			return nil, false
		}
		c := &dataCall{fn: f.fn}
		// Arguments are 'quoted' and may hold commas (a CSV file's separator).
		args := s[k:end]
		for len(strings.TrimSpace(args)) > 0 {
			args = strings.TrimSpace(args)
			var a string
			if strings.HasPrefix(args, "'") {
				e := strings.IndexByte(args[1:], '\'')
				if e < 0 {
					return nil, false
				}
				a, args = args[1:e+1], args[e+2:]
			} else {
				e := strings.IndexByte(args, ',')
				if e < 0 {
					e = len(args)
				}
				a, args = strings.TrimSpace(args[:e]), args[e:]
			}
			c.args = append(c.args, a)
			args = strings.TrimSpace(args)
			args = strings.TrimPrefix(args, ",")
		}
		return c, true
	}
	return nil, false
}

// dataDef records a data call on d; loadData reads it once the subscript
// ranges are known.
func (p *reader) dataDef(d *def, c *dataCall, mode string, at int) *def {
	c.mode, c.at = mode, at
	d.data = c
	if c.fn == "constants" {
		d.rhs = num(0)
	} else if c.fn == "lookups" {
		d.kind = dLookup
	} else {
		d.kind, d.rhs = dGraphical, ident("TIME")
	}
	return d
}

// loadData reads the data of every definition that calls a data function.
func (p *reader) loadData() {
	for _, d := range p.defs {
		switch {
		case d.data != nil && d.data.fn == "dat":
			p.loadDat(d)
		case d.data != nil:
			p.load(d, d.data)
		}
	}
}

// load fills d from a data call: constants as numbers, lookups and data as
// graphical functions (one per element for an array).
func (p *reader) load(d *def, c *dataCall) {
	mode, at := c.mode, c.at
	want := map[string]int{"constants": 3, "lookups": 4, "data": 4}[c.fn]
	if len(c.args) != want {
		p.errorAt(at, d.name, "GET ... %s takes %d arguments, found %d", strings.ToUpper(c.fn), want, len(c.args))
		return
	}
	sh, err := p.openSheet(c.args[0], c.args[1])
	if err != nil {
		p.errorAt(at, d.name, "%v", err)
		return
	}
	n := 1
	var tuples [][]string
	if len(d.subs) > 0 {
		tuples = p.tuples(d.subs, d.except)
		n = len(tuples)
	}
	if c.fn == "constants" {
		vals, err := readConstants(sh, c.args[2], d, p, n)
		if err != nil {
			p.errorAt(at, d.name, "%s: %v", c.args[0], err)
			return
		}
		if len(d.subs) == 0 {
			d.rhs = num(vals[0])
			return
		}
		d.values = vals
		return
	}
	fill := mode != "hold backward" && mode != "look forward" && mode != "raw"
	gfs, err := readSeries(sh, c.args[2], c.args[3], n, fill)
	if err != nil {
		p.errorAt(at, d.name, "%s: %v", c.args[0], err)
		return
	}
	// Lookups interpolate; data hold the last value unless the equation
	// says :INTERPOLATE: (as Vensim's output shows).
	typ := "continuous"
	switch {
	case mode == "hold backward", mode == "" && c.fn == "data", mode == "raw":
		typ = "discrete"
	case mode == "look forward":
		typ = "forward"
	}
	for _, g := range gfs {
		g.Type = typ
		if typ == "forward" {
			forward(g)
		}
	}
	if len(d.subs) == 0 {
		d.gf = gfs[0]
		return
	}
	d.gfs = gfs
}

// forward turns a table into Vensim's LOOK FORWARD / LOOKUP FORWARD steps:
// the y of the next point at or after x. As a step table (each y holds
// from its x up to the next x), point i starts just after point i-1.
func forward(g *sdmodel.GF) {
	g.Type = "discrete"
	x := append([]float64(nil), g.X...)
	for i := 1; i < len(x); i++ {
		x[i] = math.Nextafter(g.X[i-1], math.Inf(1))
	}
	g.X = x
}

// fillMissing replaces missing values (NaN) by linear interpolation between
// the nearest values on either side, or the nearest value at the ends; without
// fill it drops them. A series with no value at all is emptied.
func fillMissing(g *sdmodel.GF, fill bool) {
	if !fill {
		var x, y []float64
		for i, v := range g.Y {
			if !math.IsNaN(v) {
				x, y = append(x, g.X[i]), append(y, v)
			}
		}
		g.X, g.Y = x, y
		return
	}
	var known []int
	for i, y := range g.Y {
		if !math.IsNaN(y) {
			known = append(known, i)
		}
	}
	if len(known) == 0 {
		g.X, g.Y = nil, nil
		return
	}
	k := 0
	for i := range g.Y {
		for k+1 < len(known) && known[k+1] <= i {
			k++
		}
		if !math.IsNaN(g.Y[i]) {
			continue
		}
		a := known[k]
		switch {
		case i < a || k+1 >= len(known):
			g.Y[i] = g.Y[a]
		default:
			b := known[k+1]
			t := (g.X[i] - g.X[a]) / (g.X[b] - g.X[a])
			g.Y[i] = g.Y[a] + float64(t*(g.Y[b]-g.Y[a]))
		}
	}
}

// start resolves a cell reference or a defined name to its first cell and,
// for a name, its last.
func start(sh sheet, ref string) (c1, r1, c2, r2 int, err error) {
	if c1, r1, c2, r2, ok := sh.name(ref); ok {
		return c1, r1, c2, r2, nil
	}
	c, r, e := parseCellRef(ref)
	if e != nil {
		return 0, 0, 0, 0, fmt.Errorf("%q is neither a cell (such as B2) nor a defined name", ref)
	}
	return c, r, 0, 0, nil
}

// readConstants reads n numbers from cell (or name) ref: along the row,
// rows after rows for a second dimension; a trailing * reads down columns.
func readConstants(sh sheet, ref string, d *def, p *reader, n int) ([]float64, error) {
	down := strings.HasSuffix(ref, "*")
	ref = strings.TrimSuffix(ref, "*")
	c, r, _, _, err := start(sh, ref)
	if err != nil {
		return nil, err
	}
	// The last dimension runs along a row (down a column with *); an
	// earlier one steps to the next row (column).
	// Subscripts that are single elements do not count as dimensions.
	inner := 1
	for _, s := range d.subs {
		if p.isDim(s) {
			inner = len(p.expand(s))
		}
	}
	out := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		a, b := i%inner, i/inner
		col, row := c+a, r+b
		if down {
			col, row = c+b, r+a
		}
		v, err := number1(sh.cell(col, row))
		if err != nil {
			return nil, fmt.Errorf("cell %s: %v", cellName(col, row), err)
		}
		out = append(out, v)
	}
	return out, nil
}

func number1(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty, expected a number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// readSeries reads n tables whose x values are in row xref (a row number:
// across) or column xref (a column letter: down), or a defined name, and
// whose y values start at cell yref, one table per row (column) after it.
// Empty y cells are left out of their table.
//
// A missing y value is dropped, or, with fill, interpolated from its
// neighbours (Vensim does so for lookups and for data without a keyword or
// with :INTERPOLATE:).
func readSeries(sh sheet, xref, yref string, n int, fill bool) ([]*sdmodel.GF, error) {
	yc, yr, _, _, err := start(sh, yref)
	if err != nil {
		return nil, err
	}
	across := true
	var xs []float64
	var xpos []int // column (across) or row (down) of each x
	cols, rows := sh.extent()
	// Read x values to the end of the used area: empty cells and text
	// among them are missing points.
	collect := func(get func(k int) (string, int)) error {
		for k := 0; k < maxSheetCells; k++ {
			s, pos := get(k)
			if pos == 0 {
				break
			}
			if s == "" {
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				continue // not a number: a missing point, as Vensim skips it
			}
			xs = append(xs, v)
			xpos = append(xpos, pos)
		}
		return nil
	}
	if c1, r1, c2, r2, ok := sh.name(xref); ok {
		across = r1 == r2 && c2 > c1
		if across {
			err = collect(func(k int) (string, int) {
				if c1+k > c2 {
					return "", 0
				}
				return sh.cell(c1+k, r1), c1 + k
			})
		} else {
			err = collect(func(k int) (string, int) {
				if r1+k > r2 {
					return "", 0
				}
				return sh.cell(c1, r1+k), r1 + k
			})
		}
	} else if row, e := strconv.Atoi(xref); e == nil {
		err = collect(func(k int) (string, int) {
			if yc+k > cols {
				return "", 0
			}
			return sh.cell(yc+k, row), yc + k
		})
	} else if col, _, e := parseCellRef(xref + "1"); e == nil {
		across = false
		err = collect(func(k int) (string, int) {
			if yr+k > rows {
				return "", 0
			}
			return sh.cell(col, yr+k), yr + k
		})
	} else {
		return nil, fmt.Errorf("%q is neither a row number, a column letter nor a defined name", xref)
	}
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("no x values at %s", xref)
	}
	var out []*sdmodel.GF
	for e := 0; e < n; e++ {
		g := &sdmodel.GF{}
		for k, pos := range xpos {
			col, row := pos, yr+e
			if !across {
				col, row = yc+e, pos
			}
			y := math.NaN() // a missing value, filled below
			if v, err := strconv.ParseFloat(sh.cell(col, row), 64); err == nil {
				y = v
			}
			g.X = append(g.X, xs[k])
			g.Y = append(g.Y, y)
		}
		fillMissing(g, fill)
		if len(g.X) == 0 {
			return nil, fmt.Errorf("no values at %s", yref)
		}
		for k := 1; k < len(g.X); k++ {
			if g.X[k] < g.X[k-1] || math.IsNaN(g.X[k]) {
				return nil, fmt.Errorf("x values must not decrease (%g after %g)", g.X[k], g.X[k-1])
			}
		}
		out = append(out, g)
	}
	return out, nil
}
