package expr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a byte offset into an equation's text, starting at 0.
type Pos int

// Position is a human-readable location in an equation's text.
type Position struct {
	Offset int // byte offset, from 0
	Line   int // line number, from 1
	Column int // column in characters, from 1
}

func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// PositionOf converts an offset in src to a line and column.
func PositionOf(src string, pos Pos) Position {
	off := int(pos)
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line, col := 1, 1
	for _, r := range src[:off] {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return Position{Offset: off, Line: line, Column: col}
}

// Error is a syntax error in an equation, with its position.
type Error struct {
	Pos Position
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Pos, e.Msg) }

// Scanner splits an equation into tokens. Names may contain spaces (Vensim
// style: "birth rate * population"): consecutive words that are not keywords
// form one name. Comments in braces ({like this}) are skipped.
type Scanner struct {
	src string
	off int
}

// NewScanner returns a scanner over src.
func NewScanner(src string) *Scanner { return &Scanner{src: src} }

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_' || r == '$'
	}
	return unicode.IsLetter(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isNameChar(r rune) bool {
	return isLetter(r) || isDigit(r) || r == '.' || r == '\'' || r == '&' || r == '#' || r == '%'
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func (s *Scanner) peekRune(off int) (rune, int) {
	if off >= len(s.src) {
		return -1, 0
	}
	if c := s.src[off]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s.src[off:])
}

// skipSpace skips white space and {comments}; it reports an unterminated comment.
func (s *Scanner) skipSpace() error {
	for s.off < len(s.src) {
		r, w := s.peekRune(s.off)
		switch {
		case isSpace(r):
			s.off += w
		case r == '{':
			end := strings.IndexByte(s.src[s.off:], '}')
			if end < 0 {
				return &Error{PositionOf(s.src, Pos(s.off)), "comment not terminated: missing }"}
			}
			s.off += end + 1
		default:
			return nil
		}
	}
	return nil
}

// Scan returns the next token, its position and its literal text (the number
// or the name as written). At the end it returns EOF; on a bad character it
// returns ILLEGAL and a non-nil error.
func (s *Scanner) Scan() (tok Token, pos Pos, lit string, err error) {
	if err := s.skipSpace(); err != nil {
		return ILLEGAL, Pos(s.off), "", err
	}
	pos = Pos(s.off)
	if s.off >= len(s.src) {
		return EOF, pos, "", nil
	}
	r, w := s.peekRune(s.off)
	switch {
	case isDigit(r) || (r == '.' && s.digitAt(s.off+1)):
		return s.scanNumber()
	case r == '"':
		end := strings.IndexByte(s.src[s.off+1:], '"')
		if end < 0 {
			return ILLEGAL, pos, "", &Error{PositionOf(s.src, pos), "quoted name not terminated: missing \""}
		}
		lit = s.src[s.off : s.off+end+2]
		s.off += end + 2
		return IDENT, pos, lit, nil
	case isLetter(r):
		return s.scanName()
	case r == ':':
		// Vensim's :AND:, :OR:, :NOT:
		for _, kw := range []struct {
			text string
			tok  Token
		}{{":AND:", AND}, {":OR:", OR}, {":NOT:", NOT}} {
			if len(s.src)-s.off >= len(kw.text) && strings.EqualFold(s.src[s.off:s.off+len(kw.text)], kw.text) {
				s.off += len(kw.text)
				return kw.tok, pos, kw.text, nil
			}
		}
	}
	s.off += w
	if s.off < len(s.src) {
		if tok := twoCharOps(r, s.src[s.off]); tok != ILLEGAL {
			s.off++
			return tok, pos, s.src[s.off-2 : s.off], nil
		}
	}
	switch r {
	case '+':
		return ADD, pos, "+", nil
	case '-':
		return SUB, pos, "-", nil
	case '*':
		return MUL, pos, "*", nil
	case '/':
		return QUO, pos, "/", nil
	case '^':
		return POW, pos, "^", nil
	case '=':
		return EQL, pos, "=", nil
	case '<':
		return LSS, pos, "<", nil
	case '>':
		return GTR, pos, ">", nil
	case '(':
		return LPAREN, pos, "(", nil
	case ')':
		return RPAREN, pos, ")", nil
	case ',':
		return COMMA, pos, ",", nil
	case '[':
		return LBRACK, pos, "[", nil
	case ']':
		return RBRACK, pos, "]", nil
	case '!':
		return NOT, pos, "!", nil
	}
	return ILLEGAL, pos, string(r), &Error{PositionOf(s.src, pos), fmt.Sprintf("unexpected character %q", r)}
}

// twoCharOps returns the operator that the characters a, b spell, or ILLEGAL.
func twoCharOps(a rune, b byte) Token {
	switch {
	case a == '<' && b == '=':
		return LEQ
	case a == '<' && b == '>', a == '!' && b == '=':
		return NEQ
	case a == '>' && b == '=':
		return GEQ
	case a == '=' && b == '=':
		return EQL
	case a == '&' && b == '&':
		return AND
	case a == '|' && b == '|':
		return OR
	}
	return ILLEGAL
}

func (s *Scanner) digitAt(off int) bool {
	return off < len(s.src) && s.src[off] >= '0' && s.src[off] <= '9'
}

func (s *Scanner) scanNumber() (Token, Pos, string, error) {
	start := s.off
	for s.digitAt(s.off) {
		s.off++
	}
	if s.off < len(s.src) && s.src[s.off] == '.' {
		s.off++
		for s.digitAt(s.off) {
			s.off++
		}
	}
	if s.off < len(s.src) && (s.src[s.off] == 'e' || s.src[s.off] == 'E') {
		save := s.off
		s.off++
		if s.off < len(s.src) && (s.src[s.off] == '+' || s.src[s.off] == '-') {
			s.off++
		}
		if !s.digitAt(s.off) {
			s.off = save // "2e" followed by a name: the number ends before e
		}
		for s.digitAt(s.off) {
			s.off++
		}
	}
	return NUMBER, Pos(start), s.src[start:s.off], nil
}

// nameBytes marks the ASCII characters of names (isNameChar), read-only.
var nameBytes = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isNameChar(rune(c))
	}
	return t
}()

// scanWord scans one word of a name starting at off and returns its end.
func (s *Scanner) scanWord(off int) int {
	for off < len(s.src) {
		if c := s.src[off]; c < utf8.RuneSelf {
			if !nameBytes[c] {
				break
			}
			off++
			continue
		}
		r, w := utf8.DecodeRuneInString(s.src[off:])
		if !isNameChar(r) {
			break
		}
		off += w
	}
	return off
}

func (s *Scanner) scanName() (Token, Pos, string, error) {
	start := s.off
	end := s.scanWord(s.off)
	word := s.src[start:end]
	if kw, ok := keyword(word); ok {
		s.off = end
		return kw, Pos(start), word, nil
	}
	// Join following words separated by blanks unless a word is a keyword.
	for {
		next := end
		for next < len(s.src) && (s.src[next] == ' ' || s.src[next] == '\t') {
			next++
		}
		if next == end || next >= len(s.src) {
			break
		}
		r, _ := s.peekRune(next)
		// A later word may start with a digit ("population 0 to 14"): two
		// operands side by side are never valid, so joining is unambiguous.
		if !isLetter(r) && !isDigit(r) {
			break
		}
		wend := s.scanWord(next)
		if _, kw := keyword(s.src[next:wend]); kw {
			break
		}
		end = wend
	}
	s.off = end
	return IDENT, Pos(start), s.src[start:end], nil
}
