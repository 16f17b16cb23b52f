package vensim

import (
	"iter"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// text is a piece of the cleaned equation section (line continuations
// removed, line ends read as LF) that knows where each of its bytes is in
// the file, so that positions map back to a line and column of the file.
type text struct {
	s   string
	pos int      // position of s[0] in the cleaned section
	m   *spanMap // shared by every text of one file
}

// spanMap maps positions in the cleaned section to file offsets. The
// cleaned section is the file with a few bytes left out, so it is stored as
// spans: the bytes from clean[k] up to clean[k+1] are consecutive in the
// file from file[k]. The position just past the section maps to end, the
// end of the equation section in the file. A file without continuations or
// CR line ends has one span, and the cleaned section is the file itself.
type spanMap struct {
	clean, file []int
	size, end   int // length of the cleaned section; file offset past it
}

// at returns the file offset of byte i of t (clamped to 0..len(t.s)).
func (t text) at(i int) int {
	i = min(max(i, 0), len(t.s))
	if t.m == nil {
		return 0
	}
	return t.m.at(t.pos + i)
}

// at returns the file offset of position c of the cleaned section.
func (m *spanMap) at(c int) int {
	if c >= m.size {
		return m.end
	}
	// The last span starting at or before c.
	lo, hi := 0, len(m.clean)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if m.clean[mid] <= c {
			lo = mid
		} else {
			hi = mid
		}
	}
	return m.file[lo] + c - m.clean[lo]
}

// slice returns t[i:j].
func (t text) slice(i, j int) text {
	return text{s: t.s[i:j], pos: t.pos + i, m: t.m}
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
func decode(s string) string {
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
// offset of every byte. It returns the entries, in file order as they are
// cut (none is kept once seen), and the rest of the file from the sketch
// marker on ("" when there is none).
func split(src string) (iter.Seq[entry], string) {
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
	return func(yield func(entry) bool) { cut(cleaned, yield) }, rest
}

// cut gives the entries of the cleaned equation section to yield.
func cut(cleaned text, yield func(entry) bool) {
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
			if !yield(entry{eq: cleaned.slice(i, i+end).trim(), macro: kind}) {
				return
			}
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
		if !yield(entry{eq: fields[0].trim(), units: fields[1].trim(), doc: fields[2].trim()}) {
			return
		}
		i = j + 1
	}
}

// clean removes line continuations (backslash, line break and the next
// line's indentation) from src[start:] and reads CR and CRLF line ends as
// LF. Most files have neither, and their cleaned text is src[start:] itself.
func clean(src string, start int) text {
	m := &spanMap{clean: []int{0}, file: []int{start}, end: len(src)}
	if !needsClean(src[start:]) {
		m.size = len(src) - start
		return text{s: src[start:], m: m}
	}
	var b strings.Builder
	b.Grow(len(src) - start)
	// add writes byte c, found at file offset i, starting a span when i
	// does not follow the previous byte's offset.
	last := start - 1
	add := func(c byte, i int) {
		if i != last+1 {
			m.clean = append(m.clean, b.Len())
			m.file = append(m.file, i)
		}
		b.WriteByte(c)
		last = i
	}
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
			add('\n', i)
			continue
		}
		add(src[i], i)
	}
	m.size = b.Len()
	return text{s: b.String(), m: m}
}

// needsClean reports whether s has a CR or a backslash that ends a line
// (blanks allowed before the line break).
func needsClean(s string) bool {
	if strings.IndexByte(s, '\r') >= 0 {
		return true
	}
	for i := strings.IndexByte(s, '\\'); i >= 0; {
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			return true
		}
		k := strings.IndexByte(s[i+1:], '\\')
		if k < 0 {
			break
		}
		i += k + 1
	}
	return false
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
