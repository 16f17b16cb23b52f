package vensim

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// keywordWord reports whether the equation scanner reads a word as an
// operator (a switch: a map literal is built by code at every start). Vensim
// writes its operators :AND:, :OR:, :NOT: and IF THEN ELSE(...), so in a
// Vensim equation these words are parts of names ("not yet sold", "mod").
func keywordWord(key string) bool {
	switch key {
	case "and", "or", "not", "if", "then", "else", "mod":
		return true
	}
	return false
}

// prepare rewrites a Vensim equation for the equation parser: names that
// contain operator words are quoted (a quoted name followed by "(" is still
// a call), :NA: becomes its value, and the colon of a macro call with
// further outputs, NAME(in : out), a comma. Most equations need none of
// this and come back as they are, without a copy. With withMap it also
// returns, for each byte of the new text, the offset in s it came from (for
// the position of a parse error; nil without withMap).
func prepare(s string, withMap bool) (string, []int) {
	var b strings.Builder
	var from []int
	done := 0 // s[:done] is in b (or needs no copy while b is empty)
	edit := func(str string, i, j int) {
		if b.Len() == 0 {
			b.Grow(len(s) + len(str))
		}
		b.WriteString(s[done:i])
		b.WriteString(str)
		done = j
	}
	// emit writes str in place of s[i:j] (j == i for an insertion).
	emit := func(str string, at, j int) {
		if withMap {
			for i := 0; i < len(str); i++ {
				from = append(from, at)
			}
		}
		edit(str, at, j)
	}
	copyRange := func(i, j int) {
		if withMap {
			for k := i; k < j; k++ {
				from = append(from, k)
			}
		}
	}
	i, depth := 0, 0 // depth: of parentheses
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				copyRange(i, len(s))
				i = len(s)
				continue
			}
			copyRange(i, i+end+2)
			i += end + 2
		case c == '{':
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 {
				copyRange(i, len(s))
				i = len(s)
				continue
			}
			copyRange(i, i+end+2)
			i += end + 2
		case c == ':' && hasPrefixFold(s[i:], ":NA:"):
			emit("("+na+")", i, i+4)
			i += 4
		case c == ':' && (hasPrefixFold(s[i:], ":AND:") || hasPrefixFold(s[i:], ":NOT:")):
			copyRange(i, i+5)
			i += 5
		case c == ':' && hasPrefixFold(s[i:], ":OR:"):
			copyRange(i, i+4)
			i += 4
		case c == ':' && depth > 0:
			// A call of a macro with further outputs: NAME(in, ... : out, ...)
			// reads as NAME(in, ..., out, ...).
			emit(",", i, i+1)
			i++
		case c == '(' || c == ')':
			if c == '(' {
				depth++
			} else if depth > 0 {
				depth--
			}
			copyRange(i, i+1)
			i++
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && s[k] >= '0' && s[k] <= '9' {
					for k < len(s) && s[k] >= '0' && s[k] <= '9' {
						k++
					}
					j = k
				}
			}
			if j == i {
				j++
			}
			copyRange(i, j)
			i = j
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			if !nameStart(r) {
				copyRange(i, i+w)
				i += w
				continue
			}
			j := nameRun(s, i)
			run := s[i:j]
			k := j
			for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n') {
				k++
			}
			isCall := k < len(s) && s[k] == '('
			// Function names with operator words (SAMPLE IF TRUE) are
			// quoted too; IF THEN ELSE is the parser's own.
			if hasKeywordWord(run) && !(isCall && strings.EqualFold(strings.Join(strings.Fields(run), " "), "IF THEN ELSE")) {
				emit(`"`, i, i)
				copyRange(i, j)
				emit(`"`, j, j)
			} else {
				copyRange(i, j)
			}
			i = j
		}
	}
	if withMap {
		from = append(from, len(s))
	}
	if done == 0 && b.Len() == 0 {
		return s, from
	}
	b.WriteString(s[done:])
	return b.String(), from
}

func nameStart(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) }

func nameChar(r rune) bool {
	return nameStart(r) || unicode.IsDigit(r) || r == '.' || r == '\'' || r == '&' || r == '#' || r == '%'
}

// nameRun returns the end of the name starting at i: name characters and
// single blanks between words.
func nameRun(s string, i int) int {
	end := i
	for j := i; j < len(s); {
		r, w := utf8.DecodeRuneInString(s[j:])
		if nameChar(r) {
			j += w
			end = j
			continue
		}
		if r == ' ' || r == '\t' {
			k := j
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			r2, _ := utf8.DecodeRuneInString(s[k:])
			if k < len(s) && nameChar(r2) {
				j = k
				continue
			}
		}
		break
	}
	return end
}

// hasKeywordWord reports whether a name (words separated by blanks) has a
// word that is an operator word in lower case.
func hasKeywordWord(run string) bool {
	for run != "" {
		k := strings.IndexAny(run, " \t")
		w := run
		if k >= 0 {
			w, run = run[:k], run[k+1:]
		} else {
			run = ""
		}
		if isKeywordWord(w) {
			return true
		}
	}
	return false
}

// isKeywordWord reports whether keywordWord(strings.ToLower(w)),
// without a copy for ASCII words.
func isKeywordWord(w string) bool {
	if len(w) > 4 || len(w) < 2 {
		return false // the words have 2 to 4 letters
	}
	var buf [4]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return keywordWord(strings.ToLower(w))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return keywordWord(string(buf[:len(w)]))
}
