package expr

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFormat(t *testing.T) {
	cases := []struct{ src, want string }{
		{"a + b * c", "a + b * c"},
		{"(a + b) * c", "(a + b) * c"},
		{"a - (b - c)", "a - (b - c)"},
		{"-2^2", "-2 ^ 2"},
		{"(-2)^2", "(-2) ^ 2"},
		{"2^-1", "2 ^ -1"},
		{"-(a + b)", "-(a + b)"},
		{"NOT (a AND b)", "NOT (a AND b)"},
		{"2^3^2", "2 ^ 3 ^ 2"},
		{"IF THEN ELSE(a > 1, 2, 3)", "IF a > 1 THEN 2 ELSE 3"},
		{"if a then b else c", "IF a THEN b ELSE c"},
		{"birth rate * population", "birth rate * population"},
		{"SMTH1(x, 3)", "SMTH1(x, 3)"},
		{"a MOD b", "a MOD b"},
		{"MOD(a,b)", "MOD(a, b)"},
		{`"quoted name" / 2`, `"quoted name" / 2`},
		{"NOT a = b AND c", "NOT a = b AND c"},
		{"a :AND: b :OR: :NOT: c", "a AND b OR NOT c"},
		{"1e-3 + .5 + 2E+2", "1e-3 + .5 + 2E+2"},
		{"a {a comment} + b", "a + b"},
		{"x <> y", "x <> y"},
		{"x != y", "x <> y"},
		{"TIME()", "TIME()"},
		{"hares.area * 2", "hares.area * 2"},
		{"population 0 to 14 + stage 2", "population 0 to 14 + stage 2"},
		{"x[a,b] * 2", "x[a, b] * 2"},
		{"SUM(x[dim!]) + SUM(y[*, b])", "SUM(x[dim!]) + SUM(y[*, b])"},
		{"x[1] + x[i + 1]", "x[1] + x[i + 1]"},
		{`"my table"[region](ratio)`, `"my table"[region](ratio)`},
		{"SUM(x[dim!, other!])", "SUM(x[dim!, other!])"},
		{"( IF false_input not  THEN 1 ELSE 0 )", "(IF NOT (false_input) THEN 1 ELSE 0)"},
	}
	for _, tc := range cases {
		n, err := Parse(tc.src)
		require.NoError(t, err, tc.src)
		assert.Equal(t, tc.want, Format(n), tc.src)
		// Printing and parsing again gives the same text.
		n2, err := Parse(Format(n))
		require.NoError(t, err)
		assert.Equal(t, Format(n), Format(n2))
	}
}

func TestParseStructure(t *testing.T) {
	n, err := Parse("a - b - c")
	require.NoError(t, err)
	b := n.(*Binary)
	assert.Equal(t, SUB, b.Op)
	assert.Equal(t, "c", b.Y.(*Ident).Name, "subtraction is left-associative")

	n, err = Parse("2 ^ 3 ^ 2")
	require.NoError(t, err)
	assert.Equal(t, 2.0, n.(*Binary).X.(*Number).Value, "^ is right-associative")

	n, err = Parse("-x ^ 2")
	require.NoError(t, err)
	_, ok := n.(*Unary).X.(*Binary)
	assert.True(t, ok, "^ binds tighter than unary minus: -x^2 = -(x^2)")

	n, err = Parse("2 ^ -1 * 3")
	require.NoError(t, err)
	assert.Equal(t, MUL, n.(*Binary).Op, "a signed exponent: (2^-1) * 3")

	n, err = Parse("IF x > 0 THEN y / x ELSE 0")
	require.NoError(t, err)
	assert.IsType(t, &If{}, n)
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "1:1: empty equation"},
		{"1 +", "1:4: equation ends where an operand was expected"},
		{"1 + * 2", `1:5: unexpected "*" where an operand was expected`},
		{"(a + b", `1:7: expected ")" to close the parenthesis, found end of equation`},
		{"f(a, b", `1:7: expected ")" or "," in the arguments of F`},
		{"a b + 2 3", `1:9: unexpected number "3" after the end of the expression`},
		{"a ? b", "1:3: unexpected character '?'"},
		{"IF a THEN b", `1:12: expected "ELSE" after IF ... THEN ..., found end of equation`},
		{"IF THEN ELSE(a, b)", "1:1: IF THEN ELSE takes 3 arguments"},
		{"IF a NOT b THEN 1 ELSE 0", `1:10: expected "THEN" after the IF condition, found name "b"`},
		{"x[1", `1:4: expected "]" or "," in the subscripts of x, found end of equation`},
		{"x[]", `1:3: unexpected "]" where an operand was expected`},
		{"x[(a)!]", "1:6: only a dimension name can be marked with !"},
		{"a {unclosed", "1:3: comment not terminated"},
		{`"unclosed`, "1:1: quoted name not terminated"},
		{"a +\n  * b", "2:3: unexpected"},
		{"MOD + 1", "1:1: MOD needs two operands"},
		{strings.Repeat("(", 20000) + "1" + strings.Repeat(")", 20000), "nested too deeply"},
	}
	for _, tc := range cases {
		_, err := Parse(tc.src)
		require.Error(t, err, tc.src)
		assert.Contains(t, err.Error(), tc.want, tc.src)
		var e *Error
		assert.ErrorAs(t, err, &e)
	}
}

func TestParseSubscripts(t *testing.T) {
	n, err := Parse("SUM(pop[region!, *]) / pop[north, 2]")
	require.NoError(t, err)
	b := n.(*Binary)
	sum := b.X.(*Call).Args[0].(*Index)
	assert.Equal(t, "pop", sum.X.Name)
	require.Len(t, sum.Subs, 2)
	assert.Equal(t, "region", sum.Subs[0].(*Bang).Dim.Name)
	assert.IsType(t, &Star{}, sum.Subs[1])
	el := b.Y.(*Index)
	assert.Equal(t, "north", el.Subs[0].(*Ident).Name)
	assert.Equal(t, 2.0, el.Subs[1].(*Number).Value)
	var names []string
	Inspect(n, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			names = append(names, id.Name)
		}
		return true
	})
	assert.Equal(t, []string{"pop", "region", "pop", "north"}, names)
}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Birth Rate", "birth_rate"}, {"birth_rate", "birth_rate"}, {"  birth   rate ", "birth_rate"},
		{`"Birth Rate"`, "birth_rate"}, {`birth\nrate`, "birth_rate"}, {"a__b", "a_b"}, {"Übergang", "übergang"},
		{`birth\Nrate`, "birth_rate"}, {`""""`, ""}, {`"" x ""`, "x"},
	} {
		assert.Equal(t, tc.want, Canonical(tc.in), tc.in)
	}
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"birth rate", "birth rate"}, {"victim-months", `"victim-months"`}, {"if", `"if"`},
		{"population 0 to 14", "population 0 to 14"}, {"2nd stage", `"2nd stage"`}, {`"already"`, `"already"`},
		{"a (b)", `"a (b)"`}, {"hares.area", "hares.area"},
	} {
		assert.Equal(t, tc.want, Quote(tc.in), tc.in)
	}
}

func TestScannerPositions(t *testing.T) {
	s := NewScanner("ab +\n 12")
	var got []Position
	for {
		tok, pos, _, err := s.Scan()
		require.NoError(t, err)
		if tok == EOF {
			break
		}
		got = append(got, PositionOf("ab +\n 12", pos))
	}
	assert.Equal(t, []Position{{0, 1, 1}, {3, 1, 4}, {6, 2, 2}}, got)
}

func ExampleParse() {
	n, err := Parse("IF THEN ELSE(stock > capacity, 0, inflow rate * (1 - stock / capacity))")
	if err != nil {
		panic(err)
	}
	fmt.Println(Format(n))
	_, err = Parse("birth rate * * population")
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// IF stock > capacity THEN 0 ELSE inflow rate * (1 - stock / capacity)
	// 1:14: unexpected "*" where an operand was expected
}

// FuzzParse: any input gives a tree or an error, never a panic, and a tree
// prints as text that parses to the same printed form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a + b * c", "IF a THEN b ELSE c", "SMTH1(x, 3)", "-2^2", `"q" / 2`, "a {c} MOD b", "IF THEN ELSE(1,2,3)", ":NOT: x", "1e5", ".5e-3", "f()", "x[1]", "SUM(x[d!, *])", "f[a](x)", strings.Repeat("NOT ", 200) + "x", strings.Repeat("a + NOT (", 50) + "b" + strings.Repeat(")", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Parse(src)
		if err != nil {
			var e *Error
			if !assert.ErrorAs(t, err, &e) {
				return
			}
			assert.GreaterOrEqual(t, e.Pos.Line, 1)
			return
		}
		if !utf8.ValidString(src) {
			return
		}
		out := Format(n)
		n2, err := Parse(out)
		require.NoError(t, err, "reparsing %q (printed from %q)", out, src)
		assert.Equal(t, out, Format(n2))
	})
}

// TestDepthLimit: nesting is bounded at MaxDepth levels with an error that
// says what to do, chains of any length are walked without recursion, and
// every accepted tree prints as text that parses again (Format adds
// parentheses, which MaxDepth does not count).
func TestDepthLimit(t *testing.T) {
	chain := func(n int) string { return "1" + strings.Repeat("+1", n-1) }
	nots := func(n int) string { return strings.Repeat("NOT ", n) + "x" }
	negs := func(n int) string { return strings.Repeat("-", n) + "x" }
	parens := func(n int) string { return strings.Repeat("(", n) + "x" + strings.Repeat(")", n) }
	pows := func(n int) string { return strings.Repeat("2^", n) + "x" }
	ifs := func(n int) string { return strings.Repeat("IF a THEN ", n) + "x" + strings.Repeat(" ELSE y", n) }
	calls := func(n int) string { return strings.Repeat("f(", n) + "x" + strings.Repeat(")", n) }
	mixed := func(n int) string { return strings.Repeat("a + NOT (b * -", n) + "x" + strings.Repeat(")", n) }
	cases := []struct {
		name string
		src  string
		ok   bool
	}{
		{"chain at the limit", chain(MaxDepth), true},
		{"chain beyond the limit", chain(MaxDepth + 1), false},
		{"chain of a million terms", chain(1_000_000), false},
		{"200 nested NOTs", nots(200), true},
		{"NOTs at the limit", nots(MaxDepth - 1), true},
		{"NOTs beyond the limit", nots(MaxDepth), false},
		{"minus signs at the limit", negs(MaxDepth - 1), true},
		{"minus signs beyond", negs(MaxDepth + 5), false},
		{"parentheses at the limit", parens(MaxDepth), true},
		{"parentheses beyond", parens(MaxDepth + 2), false},
		{"powers", pows(MaxDepth / 2), true},
		{"IFs", ifs(MaxDepth / 2), true},
		{"calls", calls(MaxDepth - 1), true},
		{"mixed prefix and parentheses", mixed(MaxDepth / 5), true},
		{"mixed beyond", mixed(MaxDepth), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(tc.src)
			if !tc.ok {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "nested too deeply (more than 10000 levels): split it into intermediate variables")
				return
			}
			require.NoError(t, err)
			out := Format(n)
			n2, err := Parse(out)
			require.NoError(t, err, "the printed form parses again")
			assert.Equal(t, out, Format(n2))
		})
	}
}

// FuzzCanonical: the fast path for names already canonical agrees with the
// general one.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"birth_rate", "Birth Rate", "_a", "a_", "a__b", `"q"`, "a\\nb", "é", "", " a", "x1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Canonical(s)
		assert.Equal(t, c, Canonical(c), "canonical names are fixed points")
		assert.Equal(t, canonical(s), c, "the fast path agrees with the general one")
	})
}
