package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRename(t *testing.T) {
	names := map[string]string{"stock": "caller.m.1.stock", "rate": "new rate", "f": "g", "x": "caller.m.1.x"}
	for _, tc := range []struct{ in, want string }{
		{"stock * rate", `caller.m.1.stock * new rate`},
		{"f(stock) + other", `g(caller.m.1.stock) + other`},
		{"IF x > 0 THEN -x ELSE (x + 1)", `IF caller.m.1.x > 0 THEN -caller.m.1.x ELSE (caller.m.1.x + 1)`},
		{"SUM(x[d!]) + x[d, *]", `SUM(caller.m.1.x[d!]) + caller.m.1.x[d, *]`},
		{"SMTH1(Stock, 3)", `SMTH1(caller.m.1.stock, 3)`},
		{"untouched + 2", "untouched + 2"},
	} {
		n, err := Parse(tc.in)
		require.NoError(t, err, tc.in)
		before := Format(n)
		got := RenameMap(n, names)
		assert.Equal(t, tc.want, Format(got), tc.in)
		assert.Equal(t, before, Format(n), "%s: the tree given is not changed", tc.in)
		_, err = Parse(Format(got))
		assert.NoError(t, err, "%s: the result parses", tc.in)
	}
}

func TestSameNames(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want bool
	}{
		{[]string{"Birth Rate", "x"}, []string{"birth_rate", "X"}, true},
		{[]string{"a", "b"}, []string{"b", "a"}, false},
		{[]string{"a"}, []string{"a", "b"}, false},
		{nil, []string{}, true},
	} {
		assert.Equal(t, tc.want, SameNames(tc.a, tc.b), "%v %v", tc.a, tc.b)
	}
}
