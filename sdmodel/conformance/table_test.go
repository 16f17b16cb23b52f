package conformance

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

func TestKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Teacup Temperature", "teacup_temperature"},
		{`"Heat Loss  to_Room"`, "heat_loss_to_room"},
		{"  hares.hares killed per lynx ", "hares.hares_killed_per_lynx"},
		{"Stock with   Newline Character", "stock_with_newline_character"},
		{`size_of_one\ntime_lynx_harvest`, "size_of_one_time_lynx_harvest"},
		{"__a__b__", "a_b"},
	} {
		assert.Equal(t, tc.want, Key(tc.in), tc.in)
	}
}

func TestParseTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
	}{
		{"csv LF", "Time,Stock A,\"Flow, B\"\n0,1,2\n1,3,4\n"},
		{"csv CR", "Time,Stock A,\"Flow, B\"\r0,1,2\r1,3,4\r"},
		{"csv CRLF no final newline", "Time,Stock A,\"Flow, B\"\r\n0,1,2\r\n1,3,4"},
		{"tab mixed endings, forward fill", "Time\tStock A\tFlow, B\r\n0\t1\t2\r1\t3\t4\n"},
		{"time column not first", "Stock A\tTime\tFlow, B\n1\t0\t2\n3\t1\t4\n"},
		{"blank lines and BOM", "\ufeffTime,Stock A,\"Flow, B\"\n\n0,1,2\n\n1,3,4\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := ParseTable([]byte(tc.data))
			require.NoError(t, err)
			assert.Equal(t, []float64{0, 1}, tb.Time)
			assert.Equal(t, []string{"stock_a", "flow,_b"}, tb.Keys)
			assert.Equal(t, []float64{1, 3}, tb.Column("stock a"))
			assert.Equal(t, []float64{2, 4}, tb.Column("FLOW, B"))
		})
	}
}

func TestParseTableForwardFill(t *testing.T) {
	tb, err := ParseTable([]byte("Time\tc\tv\tSAVEPER\n0\t5\t1\t1\n1\t\t2\t\n2\t\tx\t\n"))
	require.NoError(t, err)
	assert.Equal(t, []float64{5, 5, 5}, tb.Column("c"))
	v := tb.Column("v")
	assert.Equal(t, []float64{1, 2}, v[:2])
	assert.True(t, math.IsNaN(v[2]), "a cell that is not a number reads as NaN")
	assert.True(t, IsControl("SAVEPER"))
	assert.True(t, IsControl("initial  time"))
	assert.False(t, IsControl("time"))
}

func TestParseTableLatin1(t *testing.T) {
	tb, err := ParseTable([]byte("Time\tcaf\xe9 \xfcber\n0\t1\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"café über"}, tb.Names)
}

func TestParseTableErrors(t *testing.T) {
	for _, data := range []string{"", "\n\n", "Time,a\nx,1\n"} {
		_, err := ParseTable([]byte(data))
		assert.Error(t, err, "%q", data)
	}
}

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		want, got, rel float64
		zero, pass     bool
	}{
		{100, 100.009, Relaxed, true, true},
		{100, 100.011, Relaxed, true, false},
		{100, 100.0009, Strict, true, true},
		{100, 100.0011, Strict, true, false},
		{2e-6, -9e-7, Relaxed, true, true}, // both near zero
		{2e-6, -9e-7, Relaxed, false, false},
		{4e-6, 0, Relaxed, true, false},
		{0, 2e-6, Relaxed, true, false},
		{-1, 1, Relaxed, true, false},
		{math.NaN(), math.NaN(), Relaxed, true, true},
		{1, math.NaN(), Relaxed, true, false},
		{math.Inf(1), math.Inf(1), Relaxed, true, true},
		{math.Inf(1), 1e300, Relaxed, true, false},
	} {
		assert.Equal(t, tc.pass, Within(tc.want, tc.got, tc.rel, tc.zero), "%v vs %v", tc.want, tc.got)
	}
}

func TestFindTime(t *testing.T) {
	times := []float64{0, 0.125, 0.25, 0.375, 0.5}
	assert.Equal(t, 2, findTime(times, 0.25))
	assert.Equal(t, 4, findTime(times, 0.5+1e-12))
	assert.Equal(t, -1, findTime(times, 0.3))
	assert.Equal(t, 1, findTime(times, 0.125004), "times printed to six digits")
	assert.Equal(t, -1, findTime(times, 1))
}

func TestParseDat(t *testing.T) {
	tb, err := ParseDat([]byte("#d>DELAY1#\r\n0\t9\r\nstock\r\n0\t1\r\n0.5\t2\r\n1\t3\r\nrate\r\n0\t4\r\n"))
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0.5, 1}, tb.Time, "the union of the times")
	assert.Equal(t, []string{"stock", "rate"}, tb.Names, "Vensim's internal variables are left out")
	assert.Equal(t, []float64{1, 2, 3}, tb.Column("stock"))
	rate := tb.Column("rate")
	assert.Equal(t, 4.0, rate[0])
	assert.True(t, math.IsNaN(rate[1]) && math.IsNaN(rate[2]), "a constant is compared at the initial time only")

	_, err = ParseDat([]byte("0\t1\n"))
	assert.EqualError(t, err, "line 1: a value before any variable name")
}

// TestCompare checks the suite's rule on a run: values pass within 1e-4
// relative or both near zero, a value off near a zero crossing fails, and
// the report gives the largest difference scaled by its column's largest
// magnitude.
func TestCompare(t *testing.T) {
	m := sdmodel.New("compare")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 4, DT: 1})
	m.Aux("x", "TIME", "")
	m.Aux("y", "TIME - 2", "")
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	for _, tc := range []struct {
		table  string
		pass   bool
		failed int
		scaled float64
	}{
		{"Time,x,y\n0,0,-2\n1,1.00005,-1\n2,2,2e-6\n3,3,1\n4,4,2\n", true, 0, 0},
		// y is 1e-4 at its zero crossing where the run has 0: out of
		// tolerance, though 5e-5 of y's largest magnitude
		{"Time,x,y\n0,0,-2\n1,1,-1\n2,2,1e-4\n3,3,1\n4,4,2\n", false, 1, 5e-5},
		{"Time,x,y\n0,0,-2\n1,1,-1\n2,2,0\n3,3,1\n4,4.1,2\n", false, 1, 0.1 / 4.1},
	} {
		want, err := ParseTable([]byte(tc.table))
		require.NoError(t, err)
		rep := Compare(want, res, Options{})
		assert.Equal(t, tc.pass, rep.Pass(), tc.table)
		assert.Equal(t, tc.failed, rep.Failed, tc.table)
		if !tc.pass {
			assert.InDelta(t, tc.scaled, rep.Scaled, 1e-12, tc.table)
			assert.Contains(t, rep.String(), "every column within")
		}
	}
}
