package units

import (
	"strings"
	"unicode/utf8"
)

// alias returns the canonical name of a lower-case, singular unit name
// that has one; "" means dimensionless.
func alias(name string) (string, bool) {
	switch name {
	case "dmnl", "dimensionless", "unitless", "fraction", "percent", "%", "unit less":
		return "", true
	case "people", "persons", "person":
		return "person", true
	case "$", "usd", "dollar", "us dollar", "us$":
		return "dollar", true
	// time: each unit is its own dimension
	case "second", "sec", "secs":
		return "second", true
	case "minute", "min", "mins":
		return "minute", true
	case "hour", "hr", "hrs":
		return "hour", true
	case "deg":
		return "degree", true
	case "day":
		return "day", true
	case "week", "wk", "wks":
		return "week", true
	case "month", "mo", "mos", "mon":
		return "month", true
	case "quarter", "qtr":
		return "quarter", true
	case "year", "yr", "yrs":
		return "year", true
	}
	return "", false
}

// irregular returns the singular of an irregular plural, or of a word
// that ends in s but is not a plural. The tables of this file are
// switches rather than maps: a map literal is built by code at every start
// of a program that links the package.
func irregular(key string) (string, bool) {
	switch key {
	case "people":
		return "person", true
	case "children":
		return "child", true
	case "men":
		return "man", true
	case "women":
		return "woman", true
	case "feet":
		return "foot", true
	case "teeth":
		return "tooth", true
	case "mice":
		return "mouse", true
	case "geese":
		return "goose", true
	case "species":
		return "species", true
	case "series":
		return "series", true
	case "news":
		return "news", true
	case "means":
		return "means", true
	case "niches":
		return "niche", true
	case "cliches":
		return "cliche", true
	case "quiches":
		return "quiche", true
	}
	return "", false
}

// ieWord reports whether a plural in "ies" is of a word that ends in "ie"
// in the singular, so it must not become "y" (calories is calorie, not
// calory).
func ieWord(key string) bool {
	switch key {
	case "calories", "cookies", "movies", "pies", "ties", "lies", "dies", "zombies", "rookies",
		"prairies", "selfies", "hippies", "brownies", "goalies":
		return true
	}
	return false
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
	if s, ok := irregular(w); ok {
		return s
	}
	if len(w) <= 3 || !strings.HasSuffix(w, "s") {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		if ieWord(w) {
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
	if a, ok := alias(joined); ok {
		return a
	}
	for i, p := range parts {
		parts[i] = singular(p)
	}
	joined = strings.Join(parts, " ")
	if a, ok := alias(joined); ok {
		return a
	}
	return joined
}
