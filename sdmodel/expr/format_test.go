package expr

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAppendFormat: AppendFormat appends Format's text, after what the
// buffer holds, whatever its room.
func TestAppendFormat(t *testing.T) {
	for _, src := range []string{"a + b * (c - 1e-3)", "IF a > 0 THEN -b ^ 2 ELSE f(x[d, *], 2.5)", "NOT a = b", "x[d!]"} {
		n, err := Parse(src)
		require.NoError(t, err)
		want := Format(n)
		require.Equal(t, "=> "+want, string(AppendFormat([]byte("=> "), n)), src)
		require.Equal(t, want, string(AppendFormat(make([]byte, 0, 1), n)), src)
	}
}
