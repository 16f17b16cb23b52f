package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkParseNumber requires ParseNumber to give what Parse gives for src
// whenever it gives anything, and to give something for plain numbers.
func checkParseNumber(t *testing.T, src string) {
	var n Number
	if !ParseNumber(src, &n) {
		return
	}
	want, err := Parse(src)
	require.NoError(t, err, "ParseNumber accepted %q", src)
	require.Equal(t, want, Node(&n), "ParseNumber(%q)", src)
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		src    string
		number bool // ParseNumber gives a node (else it leaves src to Parse)
	}{
		{"7", true}, {" 12.000000000000002 ", true}, {"\t.5\n", true}, {"5.", true},
		{"1e3", true}, {"1E-3", true}, {"2e+10", true}, {"0", true},
		// The scanner's blanks and comments around a number, as Parse reads them.
		{"5 {units}", true}, {"\u00a05", true},
		{"", false}, {"  ", false}, {".", false}, {".e5", false}, {"-5", false}, {"+5", false},
		{"2e", false}, {"2ex", false}, {"1e400", false}, {"NaN", false}, {"0x10", false},
		{"1_000", false}, {"5 + 1", false}, {"1..2", false}, {"5 {units", false},
	} {
		t.Run(tc.src, func(t *testing.T) {
			var n Number
			assert.Equal(t, tc.number, ParseNumber(tc.src, &n))
			checkParseNumber(t, tc.src)
		})
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"7", " 1.5e3 ", ".5", "5.", "2e", "1e400", "x", "-1", "5 {u}"} {
		f.Add(s)
	}
	f.Fuzz(checkParseNumber)
}
