package sdmodel

import (
	"bytes"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainTable formats results the obvious way, one number at a time: what
// WriteTSV and WriteCSV must write, whatever their shortcuts.
func plainTable(r *Results, sep byte, names []string) string {
	var b strings.Builder
	b.WriteString("time")
	if len(names) == 0 {
		names = r.Names()
	}
	for _, n := range names {
		b.WriteByte(sep)
		b.WriteString(n)
	}
	b.WriteByte('\n')
	for i, t := range r.Time() {
		b.WriteString(strconv.FormatFloat(t, 'g', -1, 64))
		for _, n := range names {
			b.WriteByte(sep)
			b.WriteString(strconv.FormatFloat(r.Value(n, i), 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestWriteTableMatchesPlainFormatting: the blocks formatted in parallel and
// the values copied from the row above give the same bytes as formatting
// every number, for any number of processors, with constants, repeats,
// NaN, infinities and negative zero, across block boundaries.
func TestWriteTableMatchesPlainFormatting(t *testing.T) {
	const rows, width = 700, 60 // about three blocks of rows
	r := &Results{Model: "table", index: map[string]int{}}
	for c := range width {
		name := "v" + strconv.Itoa(c)
		r.names = append(r.names, name)
		r.index[name] = c
	}
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1e-300, 123456789.125}
	for i := range rows {
		r.time = append(r.time, float64(i)*0.25)
		row := make([]float64, width)
		for c := range row {
			switch c % 4 {
			case 0: // a constant
				row[c] = float64(c) / 3
			case 1: // changes every row
				row[c] = math.Sin(float64(i*c)) * 1e3
			case 2: // repeats in runs
				row[c] = float64(i/7) / 9
			default: // special values, repeated and not
				row[c] = special[(i/3+c)%len(special)]
			}
		}
		r.rows = append(r.rows, row)
	}
	// Row positions in another order than the names, as the engine saves them.
	r.pos = make([]int, width)
	for c := range r.pos {
		r.pos[c] = width - 1 - c
	}
	for c := range r.rows {
		slices.Reverse(r.rows[c])
	}
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	for _, n := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(n)
		var tsv, csv, some bytes.Buffer
		require.NoError(t, r.WriteTSV(&tsv))
		require.NoError(t, r.WriteCSV(&csv))
		require.NoError(t, r.WriteTSV(&some, "v7", "v2", "v3"))
		assert.Equal(t, plainTable(r, '\t', nil), tsv.String(), "%d processors", n)
		assert.Equal(t, plainTable(r, ',', nil), csv.String(), "%d processors", n)
		assert.Equal(t, plainTable(r, '\t', []string{"v7", "v2", "v3"}), some.String(), "%d processors", n)
	}
}
