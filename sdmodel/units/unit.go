// Package units reads and checks units of measure as system dynamics
// modellers write them: person/month, $/transaction, 1/month, dmnl,
// people*month, month^2, (persons/month)/$.
//
// A Unit is a product of base units with integer exponents. Base units are
// named by the modeller; nothing is built in except a table of aliases that
// folds common spellings together (people and persons are person; mo, Month
// and months are month; $, USD and dollars are dollar; dmnl, dimensionless,
// fraction and percent are dimensionless). Each time unit is its own
// dimension: month and year do not mix, as in Vensim, because the engine
// never converts between them.
//
// Parse reads a unit expression; Env.Infer works out the units of an
// equation (a tree from package expr) from the units of the variables it
// references and reports every mismatch with its position.
package units

import (
	"slices"
	"strconv"
	"strings"
)

// Factor is one base unit raised to a non-zero integer power.
type Factor struct {
	Name string // canonical name: lower case, singular, words separated by one space
	Exp  int
}

// Unit is a product of base units with integer exponents. The zero value is
// dimensionless. Units are values: the operations return new units and never
// change their operands.
type Unit struct {
	// factors is sorted by name and holds no zero exponents; nil when
	// dimensionless, so that == on the slice header is never needed and
	// reflect.DeepEqual agrees with Equal.
	factors []Factor
}

// Base returns the unit made of one base unit with exponent 1. The name is
// normalised as Parse normalises names (case, plurals, aliases), so
// Base("Persons") equals Base("people"); an alias of dimensionless, such as
// "dmnl", gives the dimensionless unit.
func Base(name string) Unit {
	n := normalizeName(strings.Fields(name))
	if n == "" {
		return Unit{}
	}
	return Unit{factors: []Factor{{Name: n, Exp: 1}}}
}

// Dimensionless returns the dimensionless unit (the zero Unit).
func Dimensionless() Unit { return Unit{} }

// Factors returns the unit's base units and exponents, sorted by name.
func (u Unit) Factors() []Factor { return slices.Clone(u.factors) }

// Exponent returns the exponent of a base unit (0 when absent). The name is
// normalised as in Base.
func (u Unit) Exponent(name string) int {
	n := normalizeName(strings.Fields(name))
	for _, f := range u.factors {
		if f.Name == n {
			return f.Exp
		}
	}
	return 0
}

// IsDimensionless reports whether the unit has no base units.
func (u Unit) IsDimensionless() bool { return len(u.factors) == 0 }

// Equal reports whether two units are the same product of base units.
func (u Unit) Equal(v Unit) bool { return slices.Equal(u.factors, v.factors) }

// Mul returns u*v.
func (u Unit) Mul(v Unit) Unit { return combine(u, v, 1) }

// Div returns u/v.
func (u Unit) Div(v Unit) Unit { return combine(u, v, -1) }

// Pow returns u^n. Exponents are machine integers; powers large enough to
// overflow them are the caller's to avoid (Parse and Infer refuse them).
func (u Unit) Pow(n int) Unit {
	if n == 0 {
		return Unit{}
	}
	out := make([]Factor, len(u.factors))
	for i, f := range u.factors {
		out[i] = Factor{f.Name, f.Exp * n}
	}
	return Unit{factors: nilIfEmpty(out)}
}

// Sqrt returns the square root of u and true, or the dimensionless unit and
// false when an exponent is odd.
func (u Unit) Sqrt() (Unit, bool) {
	out := make([]Factor, len(u.factors))
	for i, f := range u.factors {
		if f.Exp%2 != 0 {
			return Unit{}, false
		}
		out[i] = Factor{f.Name, f.Exp / 2}
	}
	return Unit{factors: nilIfEmpty(out)}, true
}

// maxExp bounds exponents in parsed and inferred units, far above anything a
// model needs and far below integer overflow.
const maxExp = 1 << 20

// tooLarge reports whether any exponent exceeds maxExp in magnitude.
func (u Unit) tooLarge() bool {
	for _, f := range u.factors {
		if f.Exp > maxExp || f.Exp < -maxExp {
			return true
		}
	}
	return false
}

// combine merges two sorted factor lists, adding v's exponents times sign.
func combine(u, v Unit, sign int) Unit {
	out := make([]Factor, 0, len(u.factors)+len(v.factors))
	i, j := 0, 0
	for i < len(u.factors) || j < len(v.factors) {
		switch {
		case j == len(v.factors) || (i < len(u.factors) && u.factors[i].Name < v.factors[j].Name):
			out = append(out, u.factors[i])
			i++
		case i == len(u.factors) || v.factors[j].Name < u.factors[i].Name:
			out = append(out, Factor{v.factors[j].Name, sign * v.factors[j].Exp})
			j++
		default:
			if e := u.factors[i].Exp + sign*v.factors[j].Exp; e != 0 {
				out = append(out, Factor{u.factors[i].Name, e})
			}
			i++
			j++
		}
	}
	return Unit{factors: nilIfEmpty(out)}
}

func nilIfEmpty(f []Factor) []Factor {
	if len(f) == 0 {
		return nil
	}
	return f
}

// String returns the canonical text of the unit: "dmnl" when dimensionless,
// otherwise the base units with positive exponents joined by "*", then "/"
// and those with negative exponents (in parentheses when there are several),
// each sorted by name: person/month, dollar*person/month^2, 1/month,
// person/(dollar*month). Parse reads it back as an equal unit.
func (u Unit) String() string {
	if len(u.factors) == 0 {
		return "dmnl"
	}
	var num, den []string
	for _, f := range u.factors {
		if f.Exp > 0 {
			num = append(num, power(f.Name, f.Exp))
		} else {
			den = append(den, power(f.Name, -f.Exp))
		}
	}
	var b strings.Builder
	if len(num) == 0 {
		b.WriteString("1")
	} else {
		b.WriteString(strings.Join(num, "*"))
	}
	switch len(den) {
	case 0:
	case 1:
		b.WriteString("/" + den[0])
	default:
		b.WriteString("/(" + strings.Join(den, "*") + ")")
	}
	return b.String()
}

func power(name string, exp int) string {
	if exp == 1 {
		return name
	}
	return name + "^" + strconv.Itoa(exp)
}
