package vensim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDat(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []DatSeries
		err      string
	}{
		{"LF", "a\n0\t1\n1\t2\nb[A1,B2]\n0\t5\n", []DatSeries{{"a", []float64{0, 1}, []float64{1, 2}}, {"b[A1,B2]", []float64{0}, []float64{5}}}, ""},
		{"CRLF and CR", "a\r\n0\t1\r1\t2\r\n", []DatSeries{{"a", []float64{0, 1}, []float64{1, 2}}}, ""},
		{"exponent and blank lines", "\nx\n2020\t1e+06\n\n", []DatSeries{{"x", []float64{2020}, []float64{1e6}}}, ""},
		{"value first", "0\t1\n", nil, "line 1: a value before any variable name"},
		{"bad value", "a\n0\tmany\n", nil, `line 2: a: value "many" is not a number`},
		{"time going back", "a\n1\t1\n0\t2\n", nil, "line 3: a: time 0 does not follow 1"},
		{"empty", "\n\n", nil, "no variables"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDat([]byte(tc.in))
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestDataVariables reads variables written with no equation from the data
// files: interpolated between the file's times, element by element.
func TestDataVariables(t *testing.T) {
	dir := t.TempDir()
	mdl := "D: D1, D2 ~~|\nprice ~~|\nstock[D] ~~|\ntotal = SUM(stock[D!]) + price ~~|\n" + control
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.mdl"), []byte(mdl), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "first.dat"), []byte("price\n0\t10\n4\t30\nstock[D1]\n0\t1\n6\t7\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "second.dat"), []byte("price\n0\t99\nstock[D2]\n0\t100\n"), 0o644))

	f, err := (&Reader{DataFiles: []string{"first.dat", filepath.Join(dir, "second.dat")}}).ReadFile(filepath.Join(dir, "m.mdl"))
	require.NoError(t, err)
	c, err := f.Model.Compile()
	require.NoError(t, err)
	r, err := c.Run()
	require.NoError(t, err)
	// price from the first file (it wins), interpolated, then held after t = 4.
	assert.Equal(t, []float64{10, 15, 20, 25, 30, 30, 30}, r.Series("price"))
	assert.Equal(t, []float64{1, 2, 3, 4, 5, 6, 7}, r.Series("stock[D1]"))
	assert.Equal(t, []float64{111, 117, 123, 129, 135, 136, 137}, r.Series("total"))

	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"no data files", nil, "price has no equation (a data variable: its values come from data files, and none were given)"},
		{"not in the files", []string{"second.dat"}, "data variable stock[D1] is in none of the data files"},
		{"missing file", []string{"nope.dat"}, "data file nope.dat: open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&Reader{DataFiles: tc.files}).ReadFile(filepath.Join(dir, "m.mdl"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// FuzzParseDat: any input gives series or an error, never a panic.
func FuzzParseDat(f *testing.F) {
	for _, s := range []string{"a\n0\t1\n1\t2\n", "a[A1]\r\n0\t1e+06\r\n", "0\t1\n", "a\n1\tx\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ss, err := ParseDat(b)
		if err == nil && len(ss) == 0 {
			t.Fatal("no series and no error")
		}
		for _, s := range ss {
			if len(s.Time) != len(s.Value) {
				t.Fatalf("%s: %d times, %d values", s.Name, len(s.Time), len(s.Value))
			}
		}
	})
}
