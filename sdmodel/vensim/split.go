package vensim

import (
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// text is a piece of the file with the offsets of its bytes in the file, so
// that positions in cleaned text (line continuations removed) map back to a
// line and column of the file.
type text struct {
	s   string
	off []int // off[i] is the file offset of s[i]; len(off) == len(s)+1
}

// at returns the file offset of byte i of t.
func (t text) at(i int) int {
	if i < 0 {
		i = 0
	}
	if i >= len(t.off) {
		i = len(t.off) - 1
	}
	if i < 0 {
		return 0
	}
	return t.off[i]
}

// slice returns t[i:j].
func (t text) slice(i, j int) text {
	return text{s: t.s[i:j], off: t.off[i : j+1]}
}

// trim removes surrounding white space.
func (t text) trim() text {
	i, j := 0, len(t.s)
	for i < j && isSpace(t.s[i]) {
		i++
	}
	for j > i && isSpace(t.s[j-1]) {
		j--
	}
	return t.slice(i, j)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// entry is one "equation ~ units ~ documentation |" block of the file, or a
// macro marker (:MACRO: header, :END OF MACRO:).
type entry struct {
	eq, units, doc text
	macro          string // "start" (eq is the header) or "end"; "" for equations
}

// decode returns the file as UTF-8: files that start with {UTF-8} or are
// valid UTF-8 are kept, others are read as Windows-1252 (Vensim's Latin-1 on
// Windows, a superset of ISO-8859-1's printable characters).
func decode(b []byte) string {
	s := string(b)
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.HasPrefix(s, "{UTF-8}") || utf8.ValidString(s) {
		return strings.ToValidUTF8(s, "\ufffd")
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		out, _ = charmap.ISO8859_1.NewDecoder().String(s)
	}
	return out
}

// sketchMarker starts the sketch section; everything after it is not equations.
const sketchMarker = `\\\---///`

// split cuts the equation section of src into entries, removing line
// continuations (a backslash at the end of a line) and keeping the file
// offset of every byte. It returns the entries and the rest of the file from
// the sketch marker on ("" when there is none).
func split(src string) ([]entry, string) {
	body, rest := src, ""
	if i := strings.Index(src, `\\---///`); i >= 0 {
		// Some files write the marker with two backslashes, some with three.
		for i > 0 && src[i-1] == '\\' {
			i--
		}
		body, rest = src[:i], src[i:]
	}
	// Skip the {UTF-8} header and any other {comment} before the first equation.
	start := 0
	for {
		for start < len(body) && isSpace(body[start]) {
			start++
		}
		if start < len(body) && body[start] == '{' {
			if end := strings.IndexByte(body[start:], '}'); end >= 0 {
				start += end + 1
				continue
			}
		}
		break
	}
	cleaned := clean(body, start)
	var out []entry
	s := cleaned.s
	i := 0
	for i < len(s) {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		if hasPrefixFold(s[i:], ":MACRO:") || hasPrefixFold(s[i:], ":END OF MACRO:") {
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			kind := "start"
			if hasPrefixFold(s[i:], ":END OF MACRO:") {
				kind = "end"
			}
			out = append(out, entry{eq: cleaned.slice(i, i+end).trim(), macro: kind})
			i += end
			continue
		}
		// Fields: equation, units, documentation; quotes and {comments} in
		// the equation may hold ~ and |.
		var fields [3]text
		field, fstart := 0, i
		j := i
		for ; j < len(s); j++ {
			c := s[j]
			if field == 0 {
				if c == '"' {
					if k := strings.IndexByte(s[j+1:], '"'); k >= 0 {
						j += k + 1
						continue
					}
				}
				if c == '{' {
					if k := strings.IndexByte(s[j+1:], '}'); k >= 0 {
						j += k + 1
						continue
					}
				}
			}
			if c == '~' && field < 2 {
				fields[field] = cleaned.slice(fstart, j)
				field++
				fstart = j + 1
				continue
			}
			if c == '|' {
				break
			}
		}
		fields[field] = cleaned.slice(fstart, j)
		for f := field + 1; f < 3; f++ {
			fields[f] = cleaned.slice(j, j)
		}
		out = append(out, entry{eq: fields[0].trim(), units: fields[1].trim(), doc: fields[2].trim()})
		i = j + 1
	}
	return out, rest
}

// clean removes line continuations (backslash, line break and the next
// line's indentation) from src[start:].
func clean(src string, start int) text {
	var b strings.Builder
	off := make([]int, 0, len(src)-start+1)
	for i := start; i < len(src); i++ {
		if src[i] == '\\' {
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j < len(src) && (src[j] == '\n' || src[j] == '\r') {
				if src[j] == '\r' && j+1 < len(src) && src[j+1] == '\n' {
					j++
				}
				j++
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				i = j - 1
				continue
			}
		}
		if src[i] == '\r' { // CR and CRLF line ends read as LF
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			b.WriteByte('\n')
			off = append(off, i)
			continue
		}
		b.WriteByte(src[i])
		off = append(off, i)
	}
	off = append(off, len(src))
	return text{s: b.String(), off: off}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// lineStarts returns the offsets at which the lines of src start (line
// breaks as lineCol counts them).
func lineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' || (src[i] == '\r' && (i+1 >= len(src) || src[i+1] != '\n')) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the line (from 1) holding offset off.
func lineOf(starts []int, off int) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i] > off })
}

// lineCol converts a file offset to a line and column (in characters), from 1.
func lineCol(src string, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line, col := 1, 1
	for i, r := range src[:off] {
		switch {
		case r == '\n', r == '\r' && (i+1 >= len(src) || src[i+1] != '\n'):
			line++ // LF, CRLF and CR line ends
			col = 1
		case r == '\r':
		default:
			col++
		}
	}
	return line, col
}
