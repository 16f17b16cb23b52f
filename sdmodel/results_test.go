package sdmodel

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
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
// the values copied from the row above or from another column give the
// same bytes as formatting every number, for any number of processors,
// with constants, repeats, NaN, infinities and negative zero, across block
// boundaries.
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
			switch c % 5 {
			case 0: // a constant
				row[c] = float64(c) / 3
			case 1: // changes every row
				row[c] = math.Sin(float64(i*c)) * 1e3
			case 2: // repeats in runs
				row[c] = float64(i/7) / 9
			case 3: // special values, repeated and not
				row[c] = special[(i/3+c)%len(special)]
			default: // another column's value, in this row or an earlier one
				row[c] = row[(c*7)%(c-1)]
				if i%3 == 0 {
					row[c] = math.Sin(float64((i-1)*(c-3))) * 1e3
				}
			}
		}
		// Row positions in another order than the names, as the engine saves them.
		slices.Reverse(row)
		r.data = append(r.data, row...)
	}
	r.width = width
	r.pos = make([]int, width)
	for c := range r.pos {
		r.pos[c] = width - 1 - c
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

// TestRunTableMatchesRunThenWrite: RunTSV and RunCSV, which stream the
// rows through a ring of a few blocks while the run goes on, write the
// bytes of Run then WriteTSV or WriteCSV, for any number of processors,
// with and without Keep, saving every DT or less often, with many more
// blocks of rows than the ring holds.
func TestRunTableMatchesRunThenWrite(t *testing.T) {
	c, err := agingChain().Compile()
	require.NoError(t, err)
	cases := []struct {
		name string
		opts []RunOption
	}{
		{"every DT", []RunOption{WithSavePer(agingDT), WithStop(30)}},
		{"the model's SAVEPER", []RunOption{WithStop(30)}},
		{"SAVEPER 2.5", []RunOption{WithSavePer(2.5)}},
		{"kept", []RunOption{Keep("chain2 stock3", "smoothing time", "chain1 inflow"), WithSavePer(agingDT)}},
		{"kept, SAVEPER 1", []RunOption{Keep("chain1 inflow", "chain2 stock3")}},
	}
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	for _, n := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(n)
		for _, tc := range cases {
			res, err := c.Run(tc.opts...)
			require.NoError(t, err)
			for _, f := range []struct {
				run   func(io.Writer, ...RunOption) error
				write func(io.Writer, ...string) error
			}{{c.RunTSV, res.WriteTSV}, {c.RunCSV, res.WriteCSV}} {
				var want, got bytes.Buffer
				require.NoError(t, f.write(&want))
				require.NoError(t, f.run(&got, tc.opts...))
				assert.Greater(t, bytes.Count(want.Bytes(), []byte("\n")), 20)
				assert.True(t, bytes.Equal(want.Bytes(), got.Bytes()), "%s, %d processors: %d bytes written, want %d", tc.name, n, got.Len(), want.Len())
			}
		}
	}
}

// TestRunTableStreamsInBoundedMemory: a run ten times as long allocates
// about the same memory to write its table: the rows go through a ring of
// blocks, not a slab of the whole run.
func TestRunTableStreamsInBoundedMemory(t *testing.T) {
	c, err := agingChain().Compile()
	require.NoError(t, err)
	allocated := func(stop float64) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		require.NoError(t, c.RunTSV(io.Discard, WithSavePer(agingDT), WithStop(stop)))
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	short, long := allocated(20), allocated(200)
	res, err := c.Run(WithSavePer(agingDT), WithStop(200))
	require.NoError(t, err)
	slab := uint64(len(res.data) * 8)
	assert.Less(t, long, short+short/4, "allocated for 10x the rows: %d bytes, against %d", long, short)
	assert.Less(t, long, slab/4, "allocated %d bytes, the results of Run hold %d", long, slab)
}

// lateBlowup is a model whose run fails at time 50 (LN(0)), after many
// blocks of rows.
func lateBlowup(t *testing.T) *Compiled {
	m := New("late blowup")
	m.SetTime(Time{Start: 0, Stop: 100, DT: 0.5, SavePer: 0.5})
	m.Stock("s", "1", "").In("f")
	m.Flow("f", "LN(50 - TIME) * s", "")
	for k := range 2000 {
		m.Aux(fmt.Sprintf("a%d", k), fmt.Sprintf("%d * TIME", k), "")
	}
	c, err := m.Compile()
	require.NoError(t, err)
	return c
}

// TestRunTableOnFailure: a run that fails after many blocks of rows
// returns Run's error and has written the header and the rows saved
// before the failure, which are those of Run's results then; one that
// fails before saving a row writes nothing. When the variables kept do
// not show the failure (it is found in the final stocks), rows past it
// may have been written: they follow those of Run's results.
func TestRunTableOnFailure(t *testing.T) {
	late := lateBlowup(t)
	m := New("early blowup")
	m.Stock("s", "1", "").In("f")
	m.Flow("f", "1 / (TIME - 0)", "")
	early, err := m.Compile()
	require.NoError(t, err)
	cases := []struct {
		name string
		c    *Compiled
		opts []RunOption
		rows int
		more bool // rows past the failure may follow
	}{
		{"late", late, nil, 100, false},
		{"late, a7 kept", late, []RunOption{Keep("a7")}, 100, true},
		{"late, kept", late, []RunOption{Keep("f", "a7", "s")}, 100, false},
		{"late, SAVEPER 2", late, []RunOption{WithSavePer(2)}, 25, false},
		{"early", early, nil, 0, false},
	}
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	for _, n := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(n)
		for _, tc := range cases {
			wantRes, wantErr := tc.c.Run(tc.opts...)
			require.Error(t, wantErr)
			require.Len(t, wantRes.Time(), tc.rows)
			var want, out bytes.Buffer
			if tc.rows > 0 {
				require.NoError(t, wantRes.WriteCSV(&want))
			}
			err := tc.c.RunCSV(&out, tc.opts...)
			require.Error(t, err)
			assert.Equal(t, wantErr.Error(), err.Error())
			if tc.more {
				assert.True(t, bytes.HasPrefix(out.Bytes(), want.Bytes()), "%s, %d processors", tc.name, n)
				assert.NotContains(t, out.String(), "Inf")
				continue
			}
			assert.True(t, bytes.Equal(want.Bytes(), out.Bytes()), "%s, %d processors: %d bytes written, want %d", tc.name, n, out.Len(), want.Len())
		}
	}
}

// failingWriter fails once it has taken n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

var errDiskFull = fmt.Errorf("disk full")

// TestRunTableWriteError: a write that fails stops the run's writing and
// RunTSV returns its error, whenever it happens (no goroutine waits
// forever).
func TestRunTableWriteError(t *testing.T) {
	c, err := agingChain().Compile()
	require.NoError(t, err)
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	for _, n := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(n)
		for _, after := range []int{0, 10, 100_000, 1_000_000} {
			err := c.RunTSV(&failingWriter{n: after}, WithSavePer(agingDT), WithStop(100))
			assert.ErrorIs(t, err, errDiskFull, "%d processors, after %d bytes", n, after)
		}
	}
}

// FuzzFormatRows: a table of any numbers, with any repeats, written as TSV
// is the numbers formatted one by one with strconv.
func FuzzFormatRows(f *testing.F) {
	f.Add([]byte{3, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, uint8(2))
	f.Add(bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 0x80, 0, 0, 0, 0, 0, 0, 0}, 9), uint8(3))
	f.Fuzz(func(t *testing.T, raw []byte, width uint8) {
		w := int(width%8) + 1
		xs := make([]float64, len(raw)/8)
		for i := range xs {
			// Few distinct values, so that repeats are common.
			b := binary.LittleEndian.Uint64(raw[8*i:])
			if b&1 == 0 {
				b &^= 0xffff
			}
			xs[i] = math.Float64frombits(b)
		}
		rows := len(xs) / w
		r := &Results{Model: "fuzz", index: map[string]int{}, width: w, data: xs[:rows*w]}
		for c := range w {
			r.names = append(r.names, "v"+strconv.Itoa(c))
			r.index[r.names[c]] = c
		}
		for i := range rows {
			r.time = append(r.time, float64(i))
		}
		var got bytes.Buffer
		require.NoError(t, r.WriteTSV(&got))
		require.Equal(t, plainTable(r, '\t', nil), got.String())
	})
}

// BenchmarkWriteTSVDistinct writes a table of 100 rows of 2,000 values
// that are all different: the worst case for the copying of equal values
// (every lookup misses).
func BenchmarkWriteTSVDistinct(b *testing.B) {
	const rows, width = 100, 2000
	r := &Results{Model: "distinct", width: width}
	for i := range rows {
		r.time = append(r.time, float64(i))
		for c := range width {
			r.data = append(r.data, math.Sin(float64(i*width+c))*1e3)
		}
	}
	r.names = make([]string, width)
	for c := range r.names {
		r.names[c] = "v" + strconv.Itoa(c)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteTSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
