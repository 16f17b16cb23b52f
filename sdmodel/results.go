package sdmodel

import (
	"bytes"
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
	// data holds the saved values, row after row: row i is
	// data[i*width:(i+1)*width]. One allocation of the planned size, so
	// saving a row allocates nothing and the run faults in its pages once.
	data  []float64
	width int
	pos   []int      // column of names[c] in a row (the engine's slot order, so saving copies runs); nil: c
	text  *textTable // the stream a run writes to (RunCSV, RunTSV), in place of data; nil otherwise
}

// row returns saved row i.
func (r *Results) row(i int) []float64 { return r.data[i*r.width : (i+1)*r.width : (i+1)*r.width] }

// addRow appends the saved time t and returns its row, for the run to fill
// (a stream's row while the results stream, see textTable).
func (r *Results) addRow(t float64) []float64 {
	if r.text != nil {
		return r.text.addRow(t)
	}
	n := len(r.time)
	r.time = append(r.time, t)
	if end := (n + 1) * r.width; end > len(r.data) {
		// Only when the slab was not sized for the run: grow it.
		r.data = append(r.data[:len(r.data):len(r.data)], make([]float64, end-len(r.data))...)
	}
	return r.row(n)
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
		out[i] = r.data[i*r.width+c]
	}
	return out
}

// Value returns a variable's value at saved row i (NaN when out of range or unknown).
func (r *Results) Value(name string, i int) float64 {
	c, ok := r.index[expr.Canonical(name)]
	if !ok || i < 0 || i >= len(r.time) {
		return nan()
	}
	return r.data[i*r.width+r.at(c)]
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
	t := r.newTable(sep, cols)
	t.start(runtime.GOMAXPROCS(0))
	err = t.writeTo(w)
	t.stop()
	return err
}

// A textTable formats rows of results as text. Formatting the numbers is
// nearly all the work: blocks of rows are formatted on several processors
// at once and written in order, so the bytes are the same on any machine.
//
// A table formats either saved results (WriteCSV: every row published at
// once) or a run as it goes (RunCSV: a stream). A stream keeps no results:
// the run saves its rows into a ring of a few blocks; each block, once
// complete, is formatted on a processor the run leaves free, its rows are
// then free for the run to reuse, and its text is written in order and its
// buffer reused. The run waits when the ring is full, so the memory is a
// few blocks of rows and of text whatever the run's length.
type textTable struct {
	names  []string // the results' names (for the header)
	cols   []int    // the columns written
	pos    []int    // their positions in a row
	sep    byte
	width  int // values in a saved row
	per    int // rows per block
	window int // blocks formatted ahead of the one being written, at most
	size   int // starting capacity of a block's buffer

	mu   sync.Mutex
	cond sync.Cond
	// time and data hold the rows: all of them (WriteCSV), or a ring of
	// ring rows where row i is at i%ring (a stream).
	time, data []float64
	ring       int
	rows       int  // rows published: complete (and, in a stream, finite)
	final      bool // no more rows will come: rows is all of them
	failed     bool // final, after a failed run: with no row, write nothing
	quit       bool // stop: writing failed
	next       int  // the next block to format
	written    int  // blocks written
	done       [][]byte
	ready      []bool // done[b%window] holds block b formatted
	free       [][]byte
	workers    sync.WaitGroup

	// A stream's run side (the run's goroutine only).
	saved      int  // rows the current run has saved
	skip       int  // rows of the current run a run before it published
	poisoned   bool // a saved row is not finite: publish no more
	scratch    []float64
	runScratch *formatScratch // for the blocks the run formats while it waits
}

// formatBlock is about how many numbers a block of rows holds: enough to
// make a goroutine worth starting, few enough to stay in the cache.
const formatBlock = 1 << 14

// streamBlock is formatBlock for a stream, smaller: its blocks of rows and
// of text are most of the memory a stream touches.
const streamBlock = 1 << 13

// newTextTable returns a table of r's columns cols (r's shape: its rows
// need not be saved yet).
func newTextTable(r *Results, sep byte, cols []int, window, rows, block int) *textTable {
	pos := make([]int, len(cols))
	for k, c := range cols {
		pos[k] = r.at(c)
	}
	t := &textTable{names: r.names, cols: cols, pos: pos, sep: sep, width: r.width, window: window, ring: math.MaxInt}
	t.per = max(1, block/(len(cols)+1))
	// Room for a block at 19 bytes a number: growing a buffer by doubling
	// would copy it and fault in fresh pages several times over.
	t.size = min(t.per, max(rows, 1)) * (len(cols) + 1) * 19
	t.done, t.ready = make([][]byte, t.window), make([]bool, t.window)
	t.cond.L = &t.mu
	return t
}

// newTable returns a table of r's columns cols, every row published.
func (r *Results) newTable(sep byte, cols []int) *textTable {
	t := newTextTable(r, sep, cols, 2*runtime.GOMAXPROCS(0), len(r.time), formatBlock)
	t.time, t.data, t.rows, t.final = r.time, r.data, len(r.time), true
	return t
}

// newStream returns a table that writes the rows of a run of r's shape as
// the run saves them (nrows is the planned number), with a window of
// window blocks.
func (r *Results) newStream(sep byte, window, nrows int) *textTable {
	t := newTextTable(r, sep, allColumns(len(r.names)), window, nrows, streamBlock)
	// A ring of window blocks, or fewer for a short run.
	t.ring = t.per * min(window, max(1, (nrows+t.per-1)/t.per))
	t.time, t.data = make([]float64, t.ring), make([]float64, t.ring*r.width)
	t.scratch = make([]float64, r.width)
	return t
}

// addRow returns the row of a stream for the run to save at time x (see
// Results.addRow). The rows before it are complete: at the end of each
// block they are published.
func (t *textTable) addRow(x float64) []float64 {
	n := t.saved
	if n > 0 && n%t.per == 0 {
		t.publishSaved(false) // rows up to n-1
	}
	t.saved++
	if n < t.skip || t.poisoned {
		return t.scratch // published by the run before, or never to be
	}
	if n%t.per == 0 && !t.roomFor(n/t.per) {
		t.poisoned = true // writing failed
		return t.scratch
	}
	i := n % t.ring
	t.time[i] = x
	return t.data[i*t.width : (i+1)*t.width : (i+1)*t.width]
}

// roomFor waits until block b can take the place of the block a ring
// before it, that is until that block is formatted. It reports false when
// writing has stopped.
func (t *textTable) roomFor(b int) bool {
	old := b - t.ring/t.per
	if old < 0 {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for !t.quit && old >= t.written && !(old < t.next && t.ready[old%t.window]) {
		// Rather than wait, the run's processor formats a block.
		if t.runScratch == nil {
			t.runScratch = new(formatScratch)
		}
		if t.formatNext(t.runScratch) != formatted {
			t.cond.Wait()
		}
	}
	return !t.quit
}

// publishSaved publishes the rows the run has saved, up to the first one
// holding a NaN or infinity: a fast run (see simulate) finds those only
// at its end, and its rows from there on are not written (end: final too).
func (t *textTable) publishSaved(end bool) {
	k := t.rows
	if !t.poisoned {
		for ; k < t.saved; k++ {
			i := k % t.ring
			if allFinite(t.data[i*t.width:(i+1)*t.width]) != 0 {
				t.poisoned = true
				break
			}
		}
	}
	t.mu.Lock()
	t.rows = k
	t.final = end
	t.cond.Broadcast()
	t.mu.Unlock()
}

// rerun prepares a stream for the run repeated with checks (see
// errRerunChecked): its rows up to those published are not saved again.
func (t *textTable) rerun() {
	t.skip, t.saved, t.poisoned = t.rows, 0, false
}

// end publishes the last rows of a stream's run (ok: the run succeeded).
func (t *textTable) end(ok bool) {
	t.mu.Lock()
	t.failed = !ok
	t.mu.Unlock()
	t.publishSaved(true)
}

// startAfterRun starts one more goroutine formatting blocks, when a
// stream's run has ended and left its processor free, with the run's
// scratch memory.
func (t *textTable) startAfterRun() {
	scratch := t.runScratch
	if scratch == nil {
		scratch = new(formatScratch)
	}
	t.workers.Go(func() { t.workWith(scratch) })
}

// start starts n goroutines formatting blocks.
func (t *textTable) start(n int) {
	for range n {
		t.workers.Go(t.work)
	}
}

// stop makes the goroutines formatting blocks return, and waits for them
// (on the goroutine that started them).
func (t *textTable) stop() {
	t.mu.Lock()
	t.quit = true
	t.cond.Broadcast()
	t.mu.Unlock()
	t.workers.Wait()
}

// work formats blocks, in order, as their rows are published and there
// is room for them in the window, until there are none left.
func (t *textTable) work() { t.workWith(new(formatScratch)) }

// workWith is work with the scratch memory given.
func (t *textTable) workWith(scratch *formatScratch) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		switch t.formatNext(scratch) {
		case noneLeft:
			return
		case notYet:
			t.cond.Wait()
		}
	}
}

const (
	formatted = iota // a block
	notYet           // no block can be formatted yet
	noneLeft         // nor will any
)

// formatNext formats the next block, if it can (with t.mu held, which it
// releases while formatting).
func (t *textTable) formatNext(scratch *formatScratch) int {
	b := t.next
	lo := b * t.per
	switch {
	case t.quit || (t.final && lo >= t.rows):
		return noneLeft
	case b >= t.written+t.window || (!t.final && t.rows < lo+t.per):
		return notYet
	}
	t.next++
	hi := min(lo+t.per, t.rows)
	i := lo % t.ring
	time, data := t.time[i:i+hi-lo], t.data[i*t.width:(i+hi-lo)*t.width]
	var buf []byte
	if n := len(t.free); n > 0 {
		buf, t.free = t.free[n-1][:0], t.free[:n-1]
	} else {
		buf = make([]byte, 0, t.size)
	}
	t.mu.Unlock()
	buf = t.formatRows(buf, time, data, scratch)
	t.mu.Lock()
	t.done[b%t.window], t.ready[b%t.window] = buf, true
	t.cond.Broadcast()
	return formatted
}

// header returns the header line.
func (t *textTable) header() []byte {
	n := len("time\n")
	for _, c := range t.cols {
		n += 1 + len(t.names[c])
	}
	var b bytes.Buffer
	b.Grow(n + n/8) // room for quoting a few names
	b.WriteString("time")
	for _, c := range t.cols {
		b.WriteByte(t.sep)
		writeField(&b, t.names[c], t.sep)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// writeTo writes the header, then each block as it is formatted. After a
// failed run that published no row it writes nothing. When a write fails
// it tells the formatting goroutines and the run to stop.
func (t *textTable) writeTo(w io.Writer) error {
	head := t.header()
	for b := 0; ; b++ {
		t.mu.Lock()
		for !t.ready[b%t.window] && !(t.final && b*t.per >= t.rows) {
			t.cond.Wait()
		}
		if !t.ready[b%t.window] {
			failed := t.failed
			t.mu.Unlock()
			if head != nil && !failed {
				_, err := w.Write(head)
				return err
			}
			return nil
		}
		buf := t.done[b%t.window]
		t.done[b%t.window], t.ready[b%t.window] = nil, false
		t.mu.Unlock()
		var err error
		if head != nil {
			_, err = w.Write(head)
			head = nil
		}
		if err == nil {
			_, err = w.Write(buf)
		}
		t.mu.Lock()
		t.written++
		t.free = append(t.free, buf)
		t.quit = t.quit || err != nil
		t.cond.Broadcast()
		t.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// formatScratch is a formatting goroutine's working memory, reused from
// block to block.
type formatScratch struct {
	at   []int32 // see formatRows
	seen [1 << seenBits]seenText
}

// seenText locates the text of a value formatted earlier in the block:
// dst[start : start+n], for the value of bits bits (n is 0 in an empty entry).
type seenText struct {
	bits     uint64
	start, n int32
}

const seenBits = 12

// formatRows appends the rows of a block, each its time then the values
// at the row positions t.pos, to dst. A value that is, bit for bit, one
// already formatted in the block copies that text instead of formatting
// it again: the one above it (constants, stocks at rest), or one
// remembered in a small table by its bits (equal values in other columns:
// parallel structures, zeros, stocks equal to their outflow). A value's
// text depends on its bits alone, so the bytes are the same as formatting
// every number.
func (t *textTable) formatRows(dst []byte, time, data []float64, s *formatScratch) []byte {
	// at[k]: where column k's text starts in dst, for the row above;
	// at[len(cols)]: one past the newline ending it. Column k's text is
	// dst[at[k] : at[k+1]-1], a separator or the newline following it.
	cols, sep, width := t.pos, t.sep, t.width
	if len(s.at) != len(cols)+1 {
		s.at = make([]int32, len(cols)+1)
	}
	at, seen := s.at, &s.seen
	clear(seen[:])
	for i := range time {
		dst = strconv.AppendFloat(dst, time[i], 'g', -1, 64)
		row := data[i*width : (i+1)*width]
		var above []float64
		if i > 0 {
			above = data[(i-1)*width : i*width]
		}
		for k, c := range cols {
			dst = append(dst, sep)
			start := int32(len(dst))
			x := row[c]
			bits := math.Float64bits(x)
			if above != nil && bits == math.Float64bits(above[c]) {
				dst = append(dst, dst[at[k]:at[k+1]-1]...)
			} else if e := &seen[(bits*0x9E3779B97F4A7C15)>>(64-seenBits)]; e.n > 0 && e.bits == bits {
				dst = append(dst, dst[e.start:e.start+e.n]...)
			} else {
				dst = strconv.AppendFloat(dst, x, 'g', -1, 64)
				*e = seenText{bits: bits, start: start, n: int32(len(dst)) - start}
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
		return allColumns(len(r.names)), nil
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

// allColumns returns 0..n-1.
func allColumns(n int) []int {
	cols := make([]int, n)
	for i := range cols {
		cols[i] = i
	}
	return cols
}

func writeField(w *bytes.Buffer, s string, sep byte) {
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
