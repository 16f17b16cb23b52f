package units

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParse(t testing.TB, s string) Unit {
	t.Helper()
	u, err := Parse(s)
	require.NoError(t, err, s)
	return u
}

func TestParseUnits(t *testing.T) {
	cases := []struct{ in, want string }{
		{"persons/month", "person/month"},
		{"$/transaction", "dollar/transaction"},
		{"1/month", "1/month"},
		{"dmnl", "dmnl"},
		{"Dmnl", "dmnl"},
		{"dimensionless", "dmnl"},
		{"fraction", "dmnl"},
		{"percent", "dmnl"},
		{"%", "dmnl"},
		{"unitless", "dmnl"},
		{"1", "dmnl"},
		{"people*month", "month*person"},
		{"month^2", "month^2"},
		{"(persons/month)/$", "person/(dollar*month)"},
		{"Person", "person"},
		{"people", "person"},
		{"PEOPLE", "person"},
		{"months", "month"},
		{"Month", "month"},
		{"mo", "month"},
		{"transactions", "transaction"},
		{"yr", "year"},
		{"years", "year"},
		{"days", "day"},
		{"week", "week"},
		{"weeks", "week"},
		{"hours", "hour"},
		{"minutes", "minute"},
		{"seconds", "second"},
		{"USD", "dollar"},
		{"dollars", "dollar"},
		{"USD/year", "dollar/year"},
		{"victim months", "victim month"},
		{"victim_months", "victim month"},
		{"_victim__months_", "victim month"},
		{"person_per_month", "person/month"},
		{"dollars_per_capita", "dollar/capita"},
		{"Victim  Months/year", "victim month/year"},
		{"persons per month", "person/month"},
		{"dollars per person per year", "dollar/(person*year)"},
		{"month^-1", "1/month"},
		{"month^(-1)", "1/month"},
		{"person*month/month", "person"},
		{"people/person", "dmnl"},
		{"a/b*c", "a*c/b"},
		{"families", "family"},
		{"calories", "calorie"},
		{"matches", "match"},
		{"boxes", "box"},
		{"status", "status"},
		{"gas", "gas"},
		{"children", "child"},
		{"degrees/minute", "degree/minute"},
		{"deg/min", "degree/minute"},
		{"  person / month  ", "person/month"},
		{"(((person)))", "person"},
		{"person^0", "dmnl"},
		{"1/(month*month)", "1/month^2"},
		{"m2", "m2"},
		{"kg*m/s^2", "kg*m/s^2"},
		{"€/person", "€/person"},
		{"dmnl/month", "1/month"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			u := mustParse(t, c.in)
			assert.Equal(t, c.want, u.String())
			// The canonical text reads back as the same unit.
			back := mustParse(t, u.String())
			assert.True(t, back.Equal(u), "%q -> %q -> %q", c.in, u, back)
		})
	}
}

func TestParseUnitsErrors(t *testing.T) {
	cases := []struct {
		in     string
		column int
		msg    string
	}{
		{"", 1, "empty units"},
		{"   ", 1, "empty units"},
		{"person//month", 8, "expected a unit name"},
		{"person/", 8, "units end where a unit name was expected"},
		{"*person", 1, "expected a unit name"},
		{"(person/month", 1, "\"(\" is never closed"},
		{"person/month)", 13, "unbalanced \")\""},
		{"person month)", 13, "unbalanced"},
		{"1000 persons", 1, "only 1 is allowed"},
		{"persons/0.5", 9, "only 1 is allowed"},
		{"month^x", 7, "expected an integer exponent"},
		{"month^1.5", 7, "not an integer"},
		{"month^", 7, "expected an integer exponent"},
		{"month^2^3", 8, "ambiguous"},
		{"month^9999999", 7, "too large"},
		{"(month^1000)^2000", 13, "too large"},
		{"month^(2", 9, "expected \")\" after the exponent"},
		{"person @ month", 8, "unexpected character \"@\""},
		{"person/per", 8, "expected a unit name"},
		{"per month", 1, "expected a unit name"},
		{"per_capita", 1, "expected a unit name but found \"per\""},
		{"1month", 2, "expected \"*\", \"/\" or \"^\""},
		{"person ()", 8, "expected \"*\", \"/\" or \"^\""},
		{"()", 2, "expected a unit name"},
		{"_", 1, "empty units"},
		{"per_", 1, "expected a unit name"},
		{"a_000", 3, "expected \"*\", \"/\" or \"^\" but found number"},
		{"€€ / ((", 8, "units end"},
		{"héllo/\xff", 7, "unexpected character"},
		{"-month", 1, "expected a unit name"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			u, err := Parse(c.in)
			require.Error(t, err, "parsed as %s", u)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, c.column, pe.Column, "column of %q: %v", c.in, err)
			assert.Contains(t, pe.Msg, c.msg)
			assert.Contains(t, err.Error(), "column ")
		})
	}
}

func TestParseUnitsDeepNesting(t *testing.T) {
	deep := ""
	for range 1000 {
		deep += "("
	}
	_, err := Parse(deep + "person")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nested too deeply")

	// Exponents that would grow without bound are refused, not wrapped.
	s := "month"
	for range 10 {
		s = "(" + s + ")^100"
	}
	_, err = Parse(s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "too large")
}

func FuzzParseUnits(f *testing.F) {
	for _, s := range []string{"persons/month", "$/transaction", "(persons/month)/$", "month^-2", "victim months per year",
		"1/(a*b)", "dmnl", "", "((", "a^(", "İ", "a^1000*a^1000", "x per per", "1.0/month", "€"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !assert.ErrorAs(t, err, &pe) {
				return
			}
			assert.True(t, pe.Offset >= 0 && pe.Offset <= len(s), "offset %d of %q", pe.Offset, s)
			assert.GreaterOrEqual(t, pe.Column, 1)
			assert.True(t, u.IsDimensionless())
			return
		}
		// Whatever parses prints canonically and reads back as itself.
		text := u.String()
		back, err := Parse(text)
		if assert.NoError(t, err, "%q printed as %q", s, text) {
			assert.True(t, back.Equal(u), "%q printed as %q read back as %q", s, text, back)
			assert.Equal(t, text, back.String())
		}
	})
}
