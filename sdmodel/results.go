package sdmodel

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Results is the outcome of one run: the saved times and, for every model
// variable, its value at each saved time.
type Results struct {
	Model      string
	DateOrigin string // "YYYY-MM" of time 0 when the model has one (see Model.DateOrigin)
	TimeUnits  string

	time  []float64
	names []string       // display names, in model order
	index map[string]int // canonical name -> column
	rows  [][]float64    // one per saved time (rows of a size the allocator recycles)
	pos   []int          // column of names[c] in a row (the engine's slot order, so saving copies runs); nil: c
}

// Time returns the saved times. The slice is shared: do not modify it.
func (r *Results) Time() []float64 { return r.time }

// Names returns the display names of the variables, in model order.
func (r *Results) Names() []string { return r.names }

// Has reports whether the results hold a variable of that name.
func (r *Results) Has(name string) bool {
	_, ok := r.index[expr.Canonical(name)]
	return ok
}

// Series returns a new slice with a variable's values at the saved times, or
// nil when the results hold no such variable.
func (r *Results) Series(name string) []float64 {
	c, ok := r.index[expr.Canonical(name)]
	if !ok {
		return nil
	}
	out := make([]float64, len(r.time))
	c = r.at(c)
	for i := range out {
		out[i] = r.rows[i][c]
	}
	return out
}

// Value returns a variable's value at saved row i (NaN when out of range or unknown).
func (r *Results) Value(name string, i int) float64 {
	c, ok := r.index[expr.Canonical(name)]
	if !ok || i < 0 || i >= len(r.time) {
		return nan()
	}
	return r.rows[i][r.at(c)]
}

// at is the position in a row of the c-th variable.
func (r *Results) at(c int) int {
	if r.pos != nil {
		return r.pos[c]
	}
	return c
}

// Get is Series with an error naming the model and suggesting a close name.
func (r *Results) Get(name string) ([]float64, error) {
	if s := r.Series(name); s != nil {
		return s, nil
	}
	return nil, &Error{Model: r.Model, Variable: name, Msg: "no such variable in the results" + suggest(name, r.names)}
}

// At returns a variable's value at the saved time nearest to t (NaN when the
// variable does not exist).
func (r *Results) At(name string, t float64) float64 {
	best := 0
	for i, x := range r.time {
		if abs(x-t) < abs(r.time[best]-t) {
			best = i
		}
	}
	return r.Value(name, best)
}

// Final returns a variable's last saved value (NaN when it does not exist).
func (r *Results) Final(name string) float64 { return r.Value(name, len(r.time)-1) }

// WriteCSV writes the results as CSV: a header row "time" then the display
// names, one row per saved time. With names given, only those variables are
// written, in that order.
func (r *Results) WriteCSV(w io.Writer, names ...string) error { return r.write(w, ',', names) }

// WriteTSV is WriteCSV with tabs.
func (r *Results) WriteTSV(w io.Writer, names ...string) error { return r.write(w, '\t', names) }

func (r *Results) write(w io.Writer, sep byte, names []string) error {
	cols, err := r.columns(names)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("time")
	for _, c := range cols {
		bw.WriteByte(sep)
		writeField(bw, r.names[c], sep)
	}
	bw.WriteByte('\n')
	for k, c := range cols {
		cols[k] = r.at(c)
	}
	// Formatting the numbers is nearly all the work: blocks of rows are
	// formatted on all processors at once and written in order, so the
	// bytes are the same on any machine.
	per := max(1, formatBlock/(len(cols)+1)) // rows per block
	workers := runtime.GOMAXPROCS(0)
	bufs := make([][]byte, workers)
	for j := range bufs {
		// Room for a block at 19 bytes a number: growing it by doubling
		// would copy it and fault in fresh pages several times over.
		bufs[j] = make([]byte, 0, min(per, len(r.time))*(len(cols)+1)*19)
	}
	for i0 := 0; i0 < len(r.time); i0 += per * workers {
		var wg sync.WaitGroup
		for j := range workers {
			lo := min(i0+j*per, len(r.time))
			hi := min(lo+per, len(r.time))
			wg.Go(func() { bufs[j] = r.formatRows(bufs[j][:0], lo, hi, cols, sep) })
		}
		wg.Wait()
		for _, b := range bufs {
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// formatBlock is about how many numbers a block of rows holds: enough to
// make a goroutine worth starting, few enough to stay in the cache.
const formatBlock = 1 << 14

// formatRows appends rows lo..hi-1 (time, then the row positions cols) to
// dst. A value equal, bit for bit, to the one above it copies that one's
// text instead of formatting it again (constants, stocks at rest).
func (r *Results) formatRows(dst []byte, lo, hi int, cols []int, sep byte) []byte {
	// at[k]: where column k's text starts in dst, for the row above;
	// at[len(cols)]: one past the newline ending it. Column k's text is
	// dst[at[k] : at[k+1]-1], a separator or the newline following it.
	at := make([]int32, len(cols)+1)
	for i := lo; i < hi; i++ {
		dst = strconv.AppendFloat(dst, r.time[i], 'g', -1, 64)
		row := r.rows[i]
		var above []float64
		if i > lo {
			above = r.rows[i-1]
		}
		for k, c := range cols {
			dst = append(dst, sep)
			start := int32(len(dst))
			if x := row[c]; above != nil && math.Float64bits(x) == math.Float64bits(above[c]) {
				dst = append(dst, dst[at[k]:at[k+1]-1]...)
			} else {
				dst = strconv.AppendFloat(dst, x, 'g', -1, 64)
			}
			at[k] = start
		}
		at[len(cols)] = int32(len(dst)) + 1
		dst = append(dst, '\n')
	}
	return dst
}

// Columns resolves variable names to result columns (all when names is empty).
func (r *Results) columns(names []string) ([]int, error) {
	if len(names) == 0 {
		cols := make([]int, len(r.names))
		for i := range cols {
			cols[i] = i
		}
		return cols, nil
	}
	cols := make([]int, 0, len(names))
	for _, name := range names {
		c, ok := r.index[expr.Canonical(name)]
		if !ok {
			return nil, &Error{Model: r.Model, Variable: name, Msg: "no such variable in the results" + suggest(name, r.names)}
		}
		cols = append(cols, c)
	}
	return cols, nil
}

func writeField(w *bufio.Writer, s string, sep byte) {
	needs := false
	for i := 0; i < len(s); i++ {
		if s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r' {
			needs = true
			break
		}
	}
	if !needs {
		w.WriteString(s)
		return
	}
	// CSV quoting: the field in double quotes, inner quotes doubled.
	w.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			w.WriteByte('"')
		}
		w.WriteByte(s[i])
	}
	w.WriteByte('"')
}

// String summarises the results.
func (r *Results) String() string {
	return fmt.Sprintf("results of %q: %d variables at %d saved times", r.Model, len(r.names), len(r.time))
}
