package units

import (
	"strings"
	"unicode/utf8"
)

// aliases maps a lower-case, singular unit name to its canonical name; ""
// means dimensionless. The table is read-only.
var aliases = map[string]string{
	// dimensionless
	"dmnl": "", "dimensionless": "", "unitless": "", "fraction": "", "percent": "", "%": "", "unit less": "",
	// people
	"people": "person", "persons": "person", "person": "person",
	// money
	"$": "dollar", "usd": "dollar", "dollar": "dollar", "us dollar": "dollar", "us$": "dollar",
	// time: each unit is its own dimension
	"second": "second", "sec": "second", "secs": "second",
	"minute": "minute", "min": "minute", "mins": "minute",
	"hour": "hour", "hr": "hour", "hrs": "hour",
	// others
	"deg":  "degree",
	"day":  "day",
	"week": "week", "wk": "week", "wks": "week",
	"month": "month", "mo": "month", "mos": "month", "mon": "month",
	"quarter": "quarter", "qtr": "quarter",
	"year": "year", "yr": "year", "yrs": "year",
}

// irregular plurals, and words that end in s but are not plurals.
var irregular = map[string]string{
	"people": "person", "children": "child", "men": "man", "women": "woman",
	"feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
	"species": "species", "series": "series", "news": "news", "means": "means",
	"niches": "niche", "cliches": "cliche", "quiches": "quiche",
}

// ieWords end in "ie" in the singular, so their plural in "ies" must not
// become "y" (calories is calorie, not calory).
var ieWords = map[string]bool{
	"calories": true, "cookies": true, "movies": true, "pies": true, "ties": true,
	"lies": true, "dies": true, "zombies": true, "rookies": true, "prairies": true,
	"selfies": true, "hippies": true, "brownies": true, "goalies": true,
}

// singular returns the singular of a lower-case English word. The rules are
// the regular ones (-s, -es after s, sh, ch, x or z, -ies) plus a short list
// of irregular plurals; words ending in ss, us or is are left alone (status,
// basis, celsius), and so are words of three letters or fewer (gas, bus),
// which keeps abbreviations intact.
func singular(w string) string {
	s := singularRule(w)
	if s == "per" { // "pers" would become the keyword per, which divides
		return w
	}
	return s
}

func singularRule(w string) string {
	if s, ok := irregular[w]; ok {
		return s
	}
	if len(w) <= 3 || !strings.HasSuffix(w, "s") {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		if ieWords[w] {
			return w[:len(w)-1]
		}
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zzes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ches"):
		// matches -> match, reaches -> reach, but headaches -> headache.
		if strings.HasSuffix(w, "aches") && !strings.HasSuffix(w, "eaches") && !strings.HasSuffix(w, "oaches") {
			return w[:len(w)-1]
		}
		return w[:len(w)-2]
	}
	return w[:len(w)-1]
}

// normalizeName turns the words of a unit name into its canonical form:
// lower case, each word singular, words joined by one space, then aliases
// applied (so "Persons", "people" and "person" are all "person", and "mo" is
// "month"). It returns "" for the names of the dimensionless unit.
func normalizeName(words []string) string {
	parts := make([]string, 0, len(words))
	for _, w := range words {
		for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '_' }) {
			p = strings.ToLower(p)
			// A piece that cannot start a word (a_000) keeps its underscore,
			// so that the canonical name reads back as the same name.
			if r, _ := utf8.DecodeRuneInString(p); !isWordStart(r) {
				if len(parts) > 0 {
					parts[len(parts)-1] += "_" + p
					continue
				}
				p = "_" + p
			}
			parts = append(parts, p)
		}
	}
	joined := strings.Join(parts, " ")
	if a, ok := aliases[joined]; ok {
		return a
	}
	for i, p := range parts {
		parts[i] = singular(p)
	}
	joined = strings.Join(parts, " ")
	if a, ok := aliases[joined]; ok {
		return a
	}
	return joined
}
