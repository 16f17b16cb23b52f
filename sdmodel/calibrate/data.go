package calibrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Series is an observed time series. Missing observations are NaN.
type Series struct {
	Name   string
	Time   []float64
	Values []float64
}

// missing reports whether a cell means "no observation".
func missing(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "n/a", "#n/a", "nan", ".", "-":
		return true
	}
	return false
}

// ReadCSV reads observed data: a header row, then one row per time. The
// first column is the time (its header may be anything, e.g. "time" or
// "month"); every other column is one series named by its header. Empty
// cells and NA, N/A, #N/A, NaN, "." or "-" are missing observations (NaN).
// Cells are separated by commas, or by tabs when the header has tabs and no
// commas. Rows need not be evenly spaced.
func ReadCSV(r io.Reader) ([]Series, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(data), "\ufeff") // spreadsheet BOM
	cr := csv.NewReader(strings.NewReader(text))
	first, _, _ := strings.Cut(text, "\n")
	if strings.Contains(first, "\t") && !strings.Contains(first, ",") {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("calibrate: reading data: %w", err)
	}
	if len(rows) < 2 {
		return nil, errors.New("calibrate: data needs a header row and at least one row of values")
	}
	header := rows[0]
	if len(header) < 2 {
		return nil, errors.New("calibrate: data needs a time column and at least one value column")
	}
	out := make([]Series, len(header)-1)
	seen := map[string]bool{}
	for j := range out {
		name := strings.TrimSpace(header[j+1])
		if name == "" {
			return nil, fmt.Errorf("calibrate: data column %d has no name", j+2)
		}
		if seen[name] {
			return nil, fmt.Errorf("calibrate: data column %q appears twice", name)
		}
		seen[name] = true
		out[j].Name = name
	}
	times := make([]float64, 0, len(rows)-1)
	for i, row := range rows[1:] {
		line := i + 2
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // blank line
		}
		if len(row) > len(header) {
			return nil, fmt.Errorf("calibrate: data line %d has %d cells, header has %d", line, len(row), len(header))
		}
		t, err := strconv.ParseFloat(strings.TrimSpace(row[0]), 64)
		if err != nil || math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("calibrate: data line %d: time %q is not a number", line, row[0])
		}
		if n := len(times); n > 0 && t <= times[n-1] {
			return nil, fmt.Errorf("calibrate: data line %d: time %g does not increase (previous %g)", line, t, times[n-1])
		}
		times = append(times, t)
		for j := range out {
			v := math.NaN()
			if j+1 < len(row) {
				cell := strings.TrimSpace(row[j+1])
				if !missing(cell) {
					v, err = strconv.ParseFloat(cell, 64)
					if err != nil {
						return nil, fmt.Errorf("calibrate: data line %d, column %q: %q is not a number", line, out[j].Name, cell)
					}
				}
			}
			out[j].Values = append(out[j].Values, v)
		}
	}
	for j := range out {
		out[j].Time = times
	}
	return out, nil
}

// ReadCSVFile reads observed data from a file; see ReadCSV.
func ReadCSVFile(path string) ([]Series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Targets makes one target per series, fitting the model variable of the
// same name with weight 1.
func Targets(data []Series) []Target {
	out := make([]Target, len(data))
	for i, s := range data {
		out[i] = Target{Variable: s.Name, Data: s}
	}
	return out
}
