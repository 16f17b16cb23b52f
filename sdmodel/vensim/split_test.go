package vensim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// cleanByByte is clean as a byte-by-byte copy that records the file offset
// of every byte: what the spans of clean must give.
func cleanByByte(src string, start int) (string, []int) {
	var b []byte
	var off []int
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
		if src[i] == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			b = append(b, '\n')
			off = append(off, i)
			continue
		}
		b = append(b, src[i])
		off = append(off, i)
	}
	return string(b), append(off, len(src))
}

// checkClean compares clean and its spans with cleanByByte, for the whole
// text and for slices of it, and prepare without the byte map with prepare
// with it.
func checkClean(t *testing.T, src string, start int) {
	start = min(max(start, 0), len(src))
	want, off := cleanByByte(src, start)
	got := clean(src, start)
	require.Equal(t, want, got.s, "%q", src)
	for i := -1; i <= len(got.s)+1; i++ {
		require.Equal(t, off[min(max(i, 0), len(got.s))], got.at(i), "offset of byte %d of %q", i, src)
	}
	for i := 0; i <= len(got.s); i += 3 {
		part := got.slice(i, len(got.s)).trim()
		for k := 0; k <= len(part.s); k++ {
			require.Equal(t, off[part.pos+k], part.at(k), "%q from %d", src, i)
		}
	}
	plain, _ := prepare(got.s, false)
	mapped, from := prepare(got.s, true)
	require.Equal(t, mapped, plain, "%q", got.s)
	require.Len(t, from, len(mapped)+1)
}

// TestCleanSpans: the cleaned text maps back to the file as a copy with an
// offset per byte would, with continuations, CRLF and CR line ends, a
// backslash that ends no line, and at the ends of the file.
func TestCleanSpans(t *testing.T) {
	for _, src := range []string{
		"", "a = 1 ~~|", "a = b +\\\n   c ~~|", "a = b +\\\r\n\tc ~ u ~ d|\r\nb = 1~~|", "x = 1\r~\r~|\r",
		"a = b\\ c ~~|", "\\\n", "x = a \\  \n  + b\\", "{UTF-8}\r\n a = not yet sold + :NA: ~~|\\",
		"m = M(a : b) ~~|\\\n\\\n\\\ny = 1",
	} {
		for _, start := range []int{0, 1, 7} {
			checkClean(t, src, start)
		}
	}
}

// FuzzClean: clean's spans give every byte's file offset, and prepare gives
// the same text with and without the byte map, for any input.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a = b +\\\n   c ~~|", "x = 1\r~\r~|\r\n", "q = not x :NA: M(a : b)"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, src string, start int) {
		if len(src) > 4096 {
			return
		}
		checkClean(t, src, start)
	})
}
