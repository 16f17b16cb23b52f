package units

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseError is a malformed unit expression, with the place of the problem.
type ParseError struct {
	Offset int // byte offset in the text, from 0
	Column int // column in characters, from 1
	Msg    string
}

func (e *ParseError) Error() string { return fmt.Sprintf("column %d: %s", e.Column, e.Msg) }

// maxParseDepth bounds parenthesis nesting so that hostile input cannot
// exhaust the stack.
const maxParseDepth = 100

// maxExpLiteral bounds a written exponent; it equals maxExp so that every
// unit Parse returns prints as text Parse accepts.
const maxExpLiteral = maxExp

// Parse reads a unit expression.
//
// The grammar is products and quotients of powers of unit names:
//
//	units   = product
//	product = power { ("*" | "/" | "per") power }      left to right: a/b*c is (a*c)/b
//	power   = atom [ "^" exponent ]                      exponent: an integer, e.g. 2, -1, (-1)
//	atom    = name | "1" | "(" product ")"
//
// A name is one or more words separated by spaces or underscores, like a
// variable name in an equation: "victim months" is one base unit, the same as
// victim_month. A word starts with a letter, "%" or a currency sign such as
// "$", and goes on with those, digits, ".", "'", "&" and "#". Names are
// case-insensitive and each word is read in the singular (months is month,
// persons is person, families is family), then aliases apply: people is
// person; mo, mon and mos are month; yr is year; wk is week; hr is hour; min
// is minute; sec is second; deg is degree; $, USD and dollars are dollar; dmnl,
// dimensionless, unitless, fraction, percent and % are dimensionless. The word
// "per" divides (persons per month), so it cannot be part of a name. The
// only number allowed is 1 (1/month); scale factors such as 1000 are refused
// because the engine does not convert units.
//
// An empty or blank string is an error: the caller decides what "no units"
// means.
func Parse(s string) (Unit, error) {
	p := &parser{src: s}
	p.next()
	if p.tok == tEOF {
		return Unit{}, p.errAt(0, "empty units")
	}
	u, err := p.product(0)
	if err != nil {
		return Unit{}, err
	}
	if p.tok != tEOF {
		switch p.tok {
		case tRParen:
			return Unit{}, p.errAt(p.off, "unbalanced \")\"")
		case tIllegal:
			return Unit{}, p.errAt(p.off, fmt.Sprintf("unexpected character %q", p.lit))
		}
		return Unit{}, p.errAt(p.off, fmt.Sprintf("expected \"*\", \"/\" or \"^\" but found %s", p.describe()))
	}
	return u, nil
}

type token int

const (
	tEOF token = iota
	tName
	tNumber
	tMul
	tDiv
	tPow
	tLParen
	tRParen
	tSign
	tIllegal
)

type parser struct {
	src   string
	pos   int // scan position
	tok   token
	off   int      // offset of tok
	lit   string   // text of tok
	words []string // words of a tName
}

func (p *parser) errAt(off int, msg string) *ParseError {
	return &ParseError{Offset: off, Column: utf8.RuneCountInString(p.src[:off]) + 1, Msg: msg}
}

func (p *parser) describe() string {
	switch p.tok {
	case tEOF:
		return "the end of the units"
	case tName:
		return fmt.Sprintf("name %q", p.lit)
	case tNumber:
		return fmt.Sprintf("number %q", p.lit)
	}
	return fmt.Sprintf("%q", p.lit)
}

func isWordStart(r rune) bool {
	return unicode.IsLetter(r) || r == '%' || unicode.Is(unicode.Sc, r)
}

// isSpace reports white space; underscores count as spaces, as in variable
// names, so victim_months is victim months and a_per_b is a per b.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '_' }

func isWordChar(r rune) bool {
	// Combining marks keep decomposed accents (and lower-cased İ) in the word.
	return isWordStart(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) || r == '.' || r == '\'' || r == '&' || r == '#'
}

func (p *parser) rune(off int) (rune, int) {
	if off >= len(p.src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(p.src[off:])
}

func (p *parser) skipSpace(off int) int {
	for {
		r, w := p.rune(off)
		if w == 0 || !isSpace(r) {
			return off
		}
		off += w
	}
}

func (p *parser) word(off int) int {
	for {
		r, w := p.rune(off)
		if w == 0 || !isWordChar(r) {
			return off
		}
		off += w
	}
}

// next scans the next token.
func (p *parser) next() {
	p.pos = p.skipSpace(p.pos)
	p.off = p.pos
	p.words = nil
	r, w := p.rune(p.pos)
	switch {
	case w == 0:
		p.tok, p.lit = tEOF, ""
		return
	case unicode.IsDigit(r) || (r == '.' && p.pos+1 < len(p.src) && p.src[p.pos+1] >= '0' && p.src[p.pos+1] <= '9'):
		end := p.pos
		for end < len(p.src) && (p.src[end] >= '0' && p.src[end] <= '9' || p.src[end] == '.') {
			end++
		}
		p.tok, p.lit, p.pos = tNumber, p.src[p.pos:end], end
		return
	case isWordStart(r):
		end := p.word(p.pos)
		if strings.EqualFold(p.src[p.pos:end], "per") {
			p.tok, p.lit, p.pos = tDiv, p.src[p.pos:end], end
			return
		}
		p.words = []string{p.src[p.pos:end]}
		// Join following words unless the next one is "per".
		for {
			next := p.skipSpace(end)
			r, w := p.rune(next)
			if next == end || w == 0 || !isWordStart(r) {
				break
			}
			wend := p.word(next)
			if strings.EqualFold(p.src[next:wend], "per") {
				break
			}
			p.words = append(p.words, p.src[next:wend])
			end = wend
		}
		p.tok, p.lit, p.pos = tName, p.src[p.pos:end], end
		return
	}
	p.lit = string(r)
	p.pos += w
	switch r {
	case '*':
		p.tok = tMul
	case '/':
		p.tok = tDiv
	case '^':
		p.tok = tPow
	case '(':
		p.tok = tLParen
	case ')':
		p.tok = tRParen
	case '-', '+':
		p.tok = tSign
	default:
		p.tok = tIllegal
		if r == utf8.RuneError {
			p.lit = p.src[p.off:p.pos]
		}
	}
}

func (p *parser) product(depth int) (Unit, error) {
	u, err := p.power(depth)
	if err != nil {
		return Unit{}, err
	}
	for p.tok == tMul || p.tok == tDiv {
		op, opOff := p.tok, p.off
		p.next()
		v, err := p.power(depth)
		if err != nil {
			return Unit{}, err
		}
		if op == tMul {
			u = u.Mul(v)
		} else {
			u = u.Div(v)
		}
		if u.tooLarge() {
			return Unit{}, p.errAt(opOff, "exponent too large")
		}
	}
	return u, nil
}

func (p *parser) power(depth int) (Unit, error) {
	u, err := p.atom(depth)
	if err != nil {
		return Unit{}, err
	}
	if p.tok != tPow {
		return u, nil
	}
	powOff := p.off
	p.next()
	n, err := p.exponent()
	if err != nil {
		return Unit{}, err
	}
	if p.tok == tPow {
		return Unit{}, p.errAt(p.off, "a^m^n is ambiguous: use parentheses, (a^m)^n")
	}
	// Check in int64 before multiplying so that int cannot overflow.
	for _, f := range u.factors {
		if e := int64(f.Exp) * int64(n); e > maxExp || e < -maxExp {
			return Unit{}, p.errAt(powOff, "exponent too large")
		}
	}
	return u.Pow(n), nil
}

// exponent reads an integer exponent: 2, -1, +3 or (-1).
func (p *parser) exponent() (int, error) {
	paren := p.tok == tLParen
	if paren {
		p.next()
	}
	sign := 1
	if p.tok == tSign {
		if p.lit == "-" {
			sign = -1
		}
		p.next()
	}
	if p.tok != tNumber {
		return 0, p.errAt(p.off, fmt.Sprintf("expected an integer exponent but found %s", p.describe()))
	}
	n, err := strconv.Atoi(p.lit)
	if err != nil || n > maxExpLiteral {
		if strings.Contains(p.lit, ".") {
			return 0, p.errAt(p.off, fmt.Sprintf("exponent %s is not an integer", p.lit))
		}
		return 0, p.errAt(p.off, fmt.Sprintf("exponent %s too large", p.lit))
	}
	p.next()
	if paren {
		if p.tok != tRParen {
			return 0, p.errAt(p.off, fmt.Sprintf("expected \")\" after the exponent but found %s", p.describe()))
		}
		p.next()
	}
	return sign * n, nil
}

func (p *parser) atom(depth int) (Unit, error) {
	switch p.tok {
	case tName:
		words := p.words
		p.next()
		return Base(strings.Join(words, " ")), nil
	case tNumber:
		v, err := strconv.ParseFloat(p.lit, 64)
		if err != nil || v != 1 {
			return Unit{}, p.errAt(p.off, fmt.Sprintf("number %s in units: only 1 is allowed, as in 1/month (the engine does not convert units, so scale factors have no meaning)", p.lit))
		}
		p.next()
		return Unit{}, nil
	case tLParen:
		if depth >= maxParseDepth {
			return Unit{}, p.errAt(p.off, "units nested too deeply")
		}
		open := p.off
		p.next()
		u, err := p.product(depth + 1)
		if err != nil {
			return Unit{}, err
		}
		if p.tok != tRParen {
			if p.tok == tEOF {
				return Unit{}, p.errAt(open, "\"(\" is never closed")
			}
			return Unit{}, p.errAt(p.off, fmt.Sprintf("expected \")\" but found %s", p.describe()))
		}
		p.next()
		return u, nil
	case tEOF:
		return Unit{}, p.errAt(p.off, "units end where a unit name was expected")
	case tIllegal:
		return Unit{}, p.errAt(p.off, fmt.Sprintf("unexpected character %q", p.lit))
	}
	return Unit{}, p.errAt(p.off, fmt.Sprintf("expected a unit name but found %s", p.describe()))
}
