// Package conformance checks simulation results against the canonical
// outputs of the SD community test suite (SDXorg/test-models) and other
// reference runs.
//
// ReadTable reads an output file (CSV, or a Vensim .tab file of tab-separated
// values) whatever its line endings and encoding; Compare checks results
// against it with the suite's rules: columns are matched by a canonical key,
// control columns (INITIAL TIME, FINAL TIME, TIME STEP, SAVEPER) are
// ignored, and a value passes where both it and the expected value are
// near zero or where their relative difference is within a tolerance.
package conformance

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Table is a simulation output: one row per saved time.
type Table struct {
	Names   []string    // column headers as written, time column excluded
	Keys    []string    // canonical keys of Names (see Key)
	Time    []float64   // the time of each row
	Columns [][]float64 // Columns[j][i] is column j at row i; NaN where the file has no number
}

// Key returns the canonical key of a column header or variable name: lower
// case, surrounding quotes and blanks removed, and every run of spaces and
// underscores (and the two-character escape \n) as one underscore.
func Key(name string) string { return expr.Canonical(name) }

// Column returns the values of the column with that key (see Key), or nil.
func (t *Table) Column(name string) []float64 {
	k := Key(name)
	for j, key := range t.Keys {
		if key == k {
			return t.Columns[j]
		}
	}
	return nil
}

// ReadTableFile reads an output file: a Vensim .dat export (see ParseDat)
// or a table (see ReadTable).
func ReadTableFile(path string) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	parse := ParseTable
	if strings.EqualFold(filepath.Ext(path), ".dat") {
		parse = ParseDat
	}
	t, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// ReadTable reads an output table: a header row then one row per saved
// time, separated by tabs (Vensim .tab) or commas (CSV). Line endings may be
// CR, LF or CRLF, mixed; text that is not valid UTF-8 is read as Latin-1.
// The time column is the one headed "time" or else the first. Empty cells
// take the value above them, since Vensim writes constants only in the first row.
func ReadTable(r io.Reader) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return ParseTable(data)
}

// ParseTable is ReadTable on the bytes of a file.
func ParseTable(data []byte) (*Table, error) {
	text, err := normalize(data)
	if err != nil {
		return nil, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	header, _, _ := strings.Cut(text, "\n")
	sep := ','
	if strings.Contains(header, "\t") {
		sep = '\t'
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	records, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	// Drop blank lines.
	rows := records[:0]
	for _, rec := range records {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		rows = append(rows, rec)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("empty table")
	}
	head := rows[0]
	// Trailing empty headers come from a separator at the end of the line.
	for len(head) > 0 && strings.TrimSpace(head[len(head)-1]) == "" {
		head = head[:len(head)-1]
	}
	timeCol := 0
	for j, h := range head {
		if Key(h) == "time" {
			timeCol = j
			break
		}
	}
	t := &Table{}
	colOf := make([]int, len(head)) // file column -> table column (-1 for time)
	for j, h := range head {
		if j == timeCol {
			colOf[j] = -1
			continue
		}
		colOf[j] = len(t.Names)
		t.Names = append(t.Names, strings.TrimSpace(h))
		t.Keys = append(t.Keys, Key(h))
	}
	t.Columns = make([][]float64, len(t.Names))
	last := make([]float64, len(t.Names))
	for j := range last {
		last[j] = math.NaN()
	}
	for i, rec := range rows[1:] {
		if timeCol >= len(rec) {
			return nil, fmt.Errorf("row %d has no time", i+2)
		}
		tm, ok := number(rec[timeCol])
		if !ok {
			return nil, fmt.Errorf("row %d: time %q is not a number", i+2, rec[timeCol])
		}
		t.Time = append(t.Time, tm)
		for j := range head {
			c := colOf[j]
			if c < 0 {
				continue
			}
			v := last[c] // forward fill
			if j < len(rec) && strings.TrimSpace(rec[j]) != "" {
				if x, ok := number(rec[j]); ok {
					v = x
				} else {
					v = math.NaN()
				}
			}
			last[c] = v
			t.Columns[c] = append(t.Columns[c], v)
		}
	}
	return t, nil
}

func number(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v, err == nil
}

// normalize decodes an output file (UTF-8, or Latin-1 when it is not valid
// UTF-8, as one file of the suite is) and turns CR and CRLF line endings into LF.
func normalize(data []byte) (string, error) {
	if !utf8.Valid(data) {
		var err error
		if data, err = charmap.ISO8859_1.NewDecoder().Bytes(data); err != nil {
			return "", err
		}
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(text, "\r", "\n"), nil
}
