package expr

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseSmoke(t *testing.T) {
	for _, src := range []string{"a + b * c", "-2^2", "IF THEN ELSE(a > 1, 2, 3)", "IF a THEN b ELSE c", "birth rate * population", "SMTH1(x, 3)", "a MOD b", "MOD(a,b)", `"quoted name" / 2`, "NOT a = b AND c", "1e-3 + .5"} {
		n, err := Parse(src)
		require.NoError(t, err, src)
		t.Log(src, " => ", Format(n))
	}
}
