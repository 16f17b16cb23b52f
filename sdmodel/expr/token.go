// Package expr holds the equation language of system dynamics models: a
// scanner, a parser and the syntax tree for the XMILE / Vensim expression
// language used in stock, flow and auxiliary equations.
//
// The split follows go/scanner, go/parser and go/ast: Scanner turns text into
// tokens, Parse turns tokens into a Node tree, and Format prints a tree back as
// equation text. Names are not resolved here; the sdmodel package does that.
package expr

import (
	"fmt"
	"strings"
	"unicode"
)

// Token is the kind of a lexical token.
type Token int

// The tokens of the equation language.
const (
	ILLEGAL Token = iota
	EOF
	NUMBER // 12, 1.5, .5, 1e-3
	IDENT  // population, birth_rate, "quoted name", birth rate

	ADD // +
	SUB // -
	MUL // *
	QUO // /
	POW // ^

	EQL // = or ==
	NEQ // <> or !=
	LSS // <
	LEQ // <=
	GTR // >
	GEQ // >=

	LPAREN // (
	RPAREN // )
	COMMA  // ,
	LBRACK // [ (subscripts: x[a, b])
	RBRACK // ]
	AND    // AND, :AND:, &&
	OR     // OR, :OR:, ||
	NOT    // NOT, :NOT:, !
	IF     // IF
	THEN   // THEN
	ELSE   // ELSE
	MOD    // MOD (infix)
	keywordEnd
)

var tokenNames = [...]string{
	ILLEGAL: "illegal token", EOF: "end of equation", NUMBER: "number", IDENT: "name",
	ADD: "+", SUB: "-", MUL: "*", QUO: "/", POW: "^",
	EQL: "=", NEQ: "<>", LSS: "<", LEQ: "<=", GTR: ">", GEQ: ">=",
	LPAREN: "(", RPAREN: ")", COMMA: ",", LBRACK: "[", RBRACK: "]",
	AND: "AND", OR: "OR", NOT: "NOT", IF: "IF", THEN: "THEN", ELSE: "ELSE", MOD: "MOD",
}

func (t Token) String() string {
	if t >= 0 && int(t) < len(tokenNames) && tokenNames[t] != "" {
		return tokenNames[t]
	}
	return fmt.Sprintf("token(%d)", int(t))
}

// keyword returns the keyword that word spells in any case, without
// lower-casing the word into a new string.
func keyword(word string) (Token, bool) {
	if len(word) < 2 || len(word) > 4 {
		return ILLEGAL, false
	}
	var lower [4]byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	switch string(lower[:len(word)]) {
	case "and":
		return AND, true
	case "or":
		return OR, true
	case "not":
		return NOT, true
	case "if":
		return IF, true
	case "then":
		return THEN, true
	case "else":
		return ELSE, true
	case "mod":
		return MOD, true
	}
	return ILLEGAL, false
}

// Precedence returns the binding power of a binary operator token, following
// the XMILE 1.0 table: OR < AND < equality < relational < additive <
// multiplicative < ^. Non-operators return 0.
func (t Token) Precedence() int {
	switch t {
	case OR:
		return 1
	case AND:
		return 2
	case EQL, NEQ:
		return 3
	case LSS, LEQ, GTR, GEQ:
		return 4
	case ADD, SUB:
		return 5
	case MUL, QUO, MOD:
		return 6
	case POW:
		return 8
	}
	return 0
}

// Canonical returns the canonical form of a variable or function name: lower
// case, surrounding quotes removed, and every run of spaces, underscores and
// line breaks (including the two-character escape \n that XMILE files use in
// names) folded into one underscore. Two names refer to the same variable
// exactly when their canonical forms are equal.
func Canonical(name string) string {
	if isCanonical(name) {
		return name // the common case, without allocating
	}
	return canonical(name)
}

// SameNames reports whether two lists name the same variables in the same
// order, comparing canonical forms.
func SameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if Canonical(a[i]) != Canonical(b[i]) {
			return false
		}
	}
	return true
}

// canonical is Canonical's general path. A pass can leave a name in
// quotes again (`"" x ""` gives `"_x_"`): passes repeat until it does not,
// so that Canonical of a canonical name is that name.
func canonical(name string) string {
	for {
		c := canonicalPass(name)
		if len(c) < 2 || c[0] != '"' || c[len(c)-1] != '"' {
			return c
		}
		name = c
	}
}

func canonicalPass(name string) string {
	name = strings.TrimSpace(name)
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		name = name[1 : len(name)-1]
	}
	// Names are compared in any case, so \N is the escape \n too (and
	// lower-casing cannot make a \n that a second Canonical would fold).
	name = strings.ReplaceAll(strings.ReplaceAll(name, `\n`, " "), `\N`, " ")
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for _, r := range name {
		if r == '_' || unicode.IsSpace(r) {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isCanonical reports whether Canonical would return name unchanged, for
// plain ASCII names (others take the general path).
func isCanonical(name string) bool {
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		return false
	}
	sep := true // no leading separator
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_':
			if sep {
				return false
			}
			sep = true
			continue
		case c >= 0x80, c >= 'A' && c <= 'Z', c == '\\', c <= ' ', c == 0x7f:
			return false
		}
		sep = false
	}
	return !sep || name == ""
}

// Quote returns name as it must be written in an equation: unchanged when the
// scanner reads it back as that one name, otherwise in double quotes
// ("victim-months", "if").
func Quote(name string) string {
	if strings.HasPrefix(name, `"`) && strings.HasSuffix(name, `"`) && len(name) >= 2 {
		return name
	}
	s := NewScanner(name)
	tok, _, lit, err := s.Scan()
	if err == nil && tok == IDENT && lit == strings.TrimSpace(name) {
		if next, _, _, err := s.Scan(); err == nil && next == EOF {
			return name
		}
	}
	return `"` + name + `"`
}
