package sdmodel

import (
	"strconv"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Arrays (subscripts)
//
// A dimension (a subscript range) is a named, ordered list of elements:
//
//	m.Dimension("region", "north", "south")
//	m.Dimension("age", "young", "old")
//
// A variable becomes arrayed by naming its dimensions with Over. Its
// Equation then applies to all elements, and references inside it name
// elements, dimensions or both:
//
//	m.Stock("population", "initial population[region, age]", "people").Over("region", "age").In("births")
//	m.Flow("births", "population[region, age] * birth rate[age]", "people/year").Over("region", "age")
//	m.Aux("birth rate", "", "1/year").Over("age").Element("0.03", "young").Element("0.01", "old")
//	m.Aux("total", "SUM(population[*, *])", "people")
//
// In an equation evaluated for the element (north, young), a dimension name
// used as a subscript stands for that element: population[region, age] is
// population[north, young]. A dimension that is a subrange of another (its
// elements are some of the other's), or that the other maps onto (Vensim's
// "DimA: a1, a2 -> DimB"), stands for the corresponding element. A reference
// to an arrayed variable without subscripts means the same as naming its
// dimensions. Subscripts may also be a 1-based position (x[2]), an
// expression that is constant once the dimension names in it are replaced
// by positions (x[region - 1]), * (all elements) or dim! (Vensim's mark of
// a dimension a reduction runs over).
//
// Reductions over dimensions: SUM, PROD, MEAN, MIN, MAX, VMIN, VMAX and
// SIZE (ELMCOUNT) take an argument whose free dimensions (those marked * or
// !, and dimension names the equation's own element does not fix) they
// expand over.
//
// Compile flattens arrays before it compiles: each element becomes a scalar
// variable named the way the test suite's outputs name columns,
// "population[north,young]", with its own equation, so stateful builtins
// (SMOOTH, DELAY, TREND) and graphical functions work per element, and
// nothing is looked up per step. Results, Set and WithTable use those names.
// Flatten returns that scalar model.

// Dimension is a subscript range: a named, ordered list of elements.
type Dimension struct {
	Name     string
	Elements []string
	// Maps lists the dimensions this one maps onto (Vensim's "-> DimB"):
	// a reference y[DimB] in an equation evaluated for this dimension's
	// element reads y's corresponding element of DimB.
	Maps []Mapping
}

// Mapping maps the elements of a dimension onto another dimension: the
// i-th element onto To's i-th element, or onto Elements[i] (names of To's
// elements) when Elements is given.
type Mapping struct {
	To       string
	Elements []string
}

// Element is the definition of one element (or, when a subscript names a
// dimension, a block of elements) of an arrayed variable that does not use
// the apply-to-all equation.
type Element struct {
	// Subs holds one subscript per dimension of the variable: an element
	// name, or a dimension (a subrange) name standing for each of its elements.
	Subs     []string
	Equation string // empty with a GF: the table is read at the variable's Equation
	GF       *GF    // graphical functions: the element's own table; nil uses the variable's
	// InitEquation is the element's equation during initialisation when it
	// differs (Vensim's ACTIVE INITIAL on some elements); an element with
	// its own Equation does not take the variable's InitEquation.
	InitEquation string
}

// Dimension adds (or replaces) a dimension with its elements and returns it.
func (m *Model) Dimension(name string, elements ...string) *Dimension {
	d := &Dimension{Name: name, Elements: append([]string(nil), elements...)}
	key := expr.Canonical(name)
	for i, old := range m.dims {
		if expr.Canonical(old.Name) == key {
			m.dims[i] = d
			return d
		}
	}
	m.dims = append(m.dims, d)
	return d
}

// NumberedDimension adds a dimension whose elements are 1, 2, ..., n, as
// Stella's <dim name="n" size="3"/> declares.
func (m *Model) NumberedDimension(name string, n int) *Dimension {
	els := make([]string, n)
	for i := range els {
		els[i] = strconv.Itoa(i + 1)
	}
	return m.Dimension(name, els...)
}

// Dimensions returns the model's dimensions in the order they were added.
func (m *Model) Dimensions() []*Dimension { return m.dims }

// Dim returns the dimension of that name (any case, spaces or underscores), or nil.
func (m *Model) Dim(name string) *Dimension {
	key := expr.Canonical(name)
	for _, d := range m.dims {
		if expr.Canonical(d.Name) == key {
			return d
		}
	}
	return nil
}

// MapTo maps the dimension onto another, element by element in order, or
// onto the named elements of to, and returns the dimension.
func (d *Dimension) MapTo(to string, elements ...string) *Dimension {
	d.Maps = append(d.Maps, Mapping{To: to, Elements: append([]string(nil), elements...)})
	return d
}

// Over makes the variable arrayed over the named dimensions and returns it.
// Its Equation applies to every element that Element does not define.
func (v *Variable) Over(dims ...string) *Variable {
	v.Dims = append([]string(nil), dims...)
	return v
}

// Element defines the elements named by subs (one element or dimension
// name per dimension of the variable) with their own equation and returns
// the variable.
func (v *Variable) Element(equation string, subs ...string) *Variable {
	v.Elements = append(v.Elements, Element{Subs: append([]string(nil), subs...), Equation: equation})
	return v
}

// ElementGF gives the elements named by subs their own graphical function
// table and input equation, and returns the variable.
func (v *Variable) ElementGF(input string, gf *GF, subs ...string) *Variable {
	v.Elements = append(v.Elements, Element{Subs: append([]string(nil), subs...), Equation: input, GF: gf})
	return v
}

// Arrayed reports whether the variable has dimensions.
func (v *Variable) Arrayed() bool { return len(v.Dims) > 0 }

func cloneGF(g *GF) *GF {
	if g == nil {
		return nil
	}
	c := *g
	c.X = append([]float64(nil), g.X...)
	c.Y = append([]float64(nil), g.Y...)
	return &c
}

func cloneDims(ds []*Dimension) []*Dimension {
	var out []*Dimension
	for _, d := range ds {
		nd := &Dimension{Name: d.Name, Elements: append([]string(nil), d.Elements...)}
		for _, mp := range d.Maps {
			nd.Maps = append(nd.Maps, Mapping{To: mp.To, Elements: append([]string(nil), mp.Elements...)})
		}
		out = append(out, nd)
	}
	return out
}

func cloneElements(es []Element) []Element {
	var out []Element
	for _, e := range es {
		out = append(out, Element{Subs: append([]string(nil), e.Subs...), Equation: e.Equation, GF: cloneGF(e.GF)})
	}
	return out
}
