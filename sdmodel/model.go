// Package sdmodel is a system dynamics engine. A Model holds stocks, flows,
// auxiliaries, constants and graphical functions whose equations are text in
// the XMILE / Vensim expression language, each with units and documentation.
// Compile checks and orders the equations once and returns a Compiled model
// that runs many times, concurrently, with Euler, RK2 or RK4 integration, each
// run free to override constants and graphical functions.
//
// Equations call the builtins of XMILE and Vensim: math, time, test inputs,
// smooths, delays and trends, NPV and NPVE, the random functions of both families,
// and Vensim's array functions (VECTOR SELECT, VECTOR ELM MAP, VECTOR RANK,
// ALLOCATE BY PRIORITY, ALLOCATE AVAILABLE, ...). Where the two differ for
// one distribution the names keep them apart: Vensim's RANDOM POISSON(min,
// max, mean, shift, stretch, seed) is shifted, stretched and truncated to
// [min, max] by drawing again, Stella's POISSON(mean[, seed]) is not;
// RANDOM BINOMIAL takes (probability, count), BINOMIAL (count,
// probability). NPV follows Vensim, and XMILE's optional initial value and
// factor default to 0 and 1. Random builtins draw one number per call site
// per time step from a stream fixed by the run's seed (WithSeed), the call
// site and the call's seed argument, so runs repeat bit for bit.
//
// Go may fuse a product and a sum (x*y + z) into one multiply-add, rounded
// once instead of twice, on arm64, on amd64 built with GOAMD64=v3 and on
// other platforms; the same model would then give other last bits there.
// The engine's code and the analysis packages beside it write each such
// product as float64(x*y), which the language rounds on its own, so they
// compute the same operations everywhere (TestNoFusedMultiplyAdd checks the
// compiled code). Results can still differ in the last bits between
// platforms where Go's math library (EXP, SIN, ...) or gonum's
// distributions do.
//
// Variables may be arrays over dimensions (subscript ranges), with one
// equation for all elements or equations per element, and equations may
// call macros; Compile flattens both into scalar variables first (see
// Dimension, Variable.Over, Macro and Flatten).
//
//	m := sdmodel.New("teacup")
//	m.SetTime(sdmodel.Time{Start: 0, Stop: 30, DT: 0.125, SavePer: 1, Units: "minutes"})
//	m.Stock("teacup temperature", "180", "degrees").Out("heat loss")
//	m.Flow("heat loss", "(teacup temperature - room temperature) / characteristic time", "degrees/minute")
//	m.Const("room temperature", 70, "degrees")
//	m.Const("characteristic time", 10, "minutes")
//	c, err := m.Compile()
//	res, err := c.Run()
package sdmodel

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Kind is the kind of a model variable.
type Kind int

// The kinds of variables.
const (
	Stock Kind = iota
	Flow
	Aux
	Const // an auxiliary whose equation is a number; runs may override it
	Graphical
)

func (k Kind) String() string {
	switch k {
	case Stock:
		return "stock"
	case Flow:
		return "flow"
	case Aux:
		return "auxiliary"
	case Const:
		return "constant"
	case Graphical:
		return "graphical function"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Method is an integration method.
type Method int

// The integration methods.
const (
	Euler Method = iota
	RK2
	RK4
)

func (m Method) String() string {
	switch m {
	case Euler:
		return "euler"
	case RK2:
		return "rk2"
	case RK4:
		return "rk4"
	}
	return "method(" + strconv.Itoa(int(m)) + ")"
}

// ParseMethod reads a method name: euler, rk2 or rk4 (any case; "runge-kutta 4" and "rk45" are read as rk4).
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "euler", "":
		return Euler, nil
	case "rk2", "runge-kutta 2", "runge_kutta_2":
		return RK2, nil
	case "rk4", "runge-kutta 4", "runge_kutta_4", "rk45", "rk4auto":
		return RK4, nil
	}
	return Euler, fmt.Errorf("unknown integration method %q (want euler, rk2 or rk4)", s)
}

// Time holds a model's simulation specs.
type Time struct {
	Start, Stop float64
	DT          float64 // time step; 1/8 and other reciprocals are fine
	SavePer     float64 // save interval (SAVEPER); 0 means every DT
	Units       string  // time unit, e.g. "month"
	Method      Method
}

// GF is the table of a graphical function (a lookup): y as a function of x.
type GF struct {
	X, Y []float64
	// Type is how the table is read between and beyond its points:
	// "continuous" (linear interpolation, clamped at the ends; the default),
	// "extrapolate" (linear, extended beyond the ends) or "discrete" (steps:
	// each y holds from its x up to the next x).
	Type string
}

// Variable is one variable of a model.
type Variable struct {
	Name     string // display name, spelled as given
	Kind     Kind
	Equation string // for a stock, its initial value; for a graphical function, its input (may be empty)
	// InitEquation, for an auxiliary or a flow, is the equation of its value
	// during initialisation (what stocks' initial values see), when that
	// differs from its running equation: XMILE's <init_eqn>, Vensim's
	// ACTIVE INITIAL(active, initial). Empty means the same equation.
	InitEquation string
	Units        string
	Doc          string

	Inflows, Outflows []string // stocks only: names of flows
	NonNegative       bool     // stocks: never below zero; flows: uniflow (never negative)
	GF                *GF      // graphical functions only

	// Dims makes the variable an array over these dimensions (see
	// Dimension); nil for a scalar. Equation then applies to all elements
	// except those Elements defines.
	Dims     []string
	Elements []Element

	// tree is Equation parsed by Parse, and treeOf the text it was parsed
	// from: Compile takes the tree instead of parsing Equation again while
	// Equation is still that text.
	tree   expr.Node
	treeOf string
}

// Parse returns the syntax tree of the variable's equation, or its syntax
// error (an *expr.Error, with the position in Equation); the tree is nil
// for an equation that is empty or blank. The variable keeps the tree, and
// Compile uses it rather than parsing the equation again as long as
// Equation is the text it was parsed from: a file reader that parses each
// equation to check it saves the compiler that work. Change Equation, not
// the tree, to change the variable; and, as any change to a model, not
// while it compiles. The tree is a cache that Clone does not copy: a
// variable that keeps one is not reflect.DeepEqual to the same variable
// without.
func (v *Variable) Parse() (expr.Node, error) {
	if v.tree != nil && v.treeOf == v.Equation {
		return v.tree, nil
	}
	if strings.TrimSpace(v.Equation) == "" {
		return nil, nil
	}
	r := parseEquation(v.Equation)
	if r.err != nil {
		return nil, r.err
	}
	v.tree, v.treeOf = r.node, v.Equation
	return r.node, nil
}

// Model is a system dynamics model under construction. Its methods add and
// change variables; Compile checks it and turns it into a runnable form.
type Model struct {
	Name string
	Doc  string
	Time Time
	// DateOrigin, when set, is the calendar month of time 0 as "YYYY-MM"
	// (for models whose time unit is the month); charts and tables use it.
	DateOrigin string
	// UnitAliases maps other names of units to the unit they stand for
	// ("min" -> "minutes"), as XMILE's <model_units> declares them;
	// CheckUnits reads units through them.
	UnitAliases map[string]string
	// Views are the model's diagrams (XMILE <views>, a Vensim sketch), if it has any.
	Views []*View

	vars   []*Variable
	index  map[string]int // canonical name -> position in vars
	dims   []*Dimension
	macros []*Macro
}

// New returns an empty model with one-unit time from 0 to 100, DT 1 and Euler.
func New(name string) *Model {
	return &Model{Name: name, Time: Time{Start: 0, Stop: 100, DT: 1, SavePer: 1}, index: map[string]int{}}
}

// SetTime sets the simulation specs and returns the model.
func (m *Model) SetTime(t Time) *Model { m.Time = t; return m }

// Variables returns the model's variables in the order they were added.
func (m *Model) Variables() []*Variable { return m.vars }

// Var returns the variable of that name (any case, spaces or underscores), or nil.
func (m *Model) Var(name string) *Variable {
	if i, ok := m.index[expr.Canonical(name)]; ok {
		return m.vars[i]
	}
	return nil
}

// Grow makes room for n more variables, so that adding many at once (as
// the file readers do) does not copy the list and its index as they grow.
func (m *Model) Grow(n int) {
	if n <= 0 {
		return
	}
	m.vars = slices.Grow(m.vars, n)
	index := make(map[string]int, len(m.index)+n)
	maps.Copy(index, m.index)
	m.index = index
}

// Add adds a variable and returns it. A variable whose name is already in
// the model (in any spelling: "Population" and "population" are one name) is
// kept too, and Compile reports it as defined twice: use Replace to change a
// variable on purpose. Var and Remove find the first of the two. The builder
// methods below call Add.
func (m *Model) Add(v *Variable) *Variable {
	if m.index == nil {
		m.index = map[string]int{}
	}
	key := expr.Canonical(v.Name)
	if _, ok := m.index[key]; !ok {
		m.index[key] = len(m.vars)
	}
	m.vars = append(m.vars, v)
	return v
}

// Replace puts v in the place of the variable of the same name, or adds it
// when there is none, and returns it.
func (m *Model) Replace(v *Variable) *Variable {
	if i, ok := m.index[expr.Canonical(v.Name)]; ok {
		m.vars[i] = v
		return v
	}
	return m.Add(v)
}

// Remove deletes a variable; it reports whether the variable existed.
func (m *Model) Remove(name string) bool {
	i, ok := m.index[expr.Canonical(name)]
	if !ok {
		return false
	}
	m.vars = append(m.vars[:i], m.vars[i+1:]...)
	m.reindex()
	return true
}

// reindex rebuilds the name index: each name maps to its first variable.
func (m *Model) reindex() {
	m.index = make(map[string]int, len(m.vars))
	for j, v := range m.vars {
		key := expr.Canonical(v.Name)
		if _, ok := m.index[key]; !ok {
			m.index[key] = j
		}
	}
}

// Stock adds a stock with its initial-value equation and units.
func (m *Model) Stock(name, initial, units string) *Variable {
	return m.Add(&Variable{Name: name, Kind: Stock, Equation: initial, Units: units})
}

// Flow adds a flow with its equation and units.
func (m *Model) Flow(name, equation, units string) *Variable {
	return m.Add(&Variable{Name: name, Kind: Flow, Equation: equation, Units: units})
}

// Aux adds an auxiliary with its equation and units.
func (m *Model) Aux(name, equation, units string) *Variable {
	return m.Add(&Variable{Name: name, Kind: Aux, Equation: equation, Units: units})
}

// Const adds a constant: a number that runs may override.
func (m *Model) Const(name string, value float64, units string) *Variable {
	return m.Add(&Variable{Name: name, Kind: Const, Equation: strconv.FormatFloat(value, 'g', -1, 64), Units: units})
}

// Graphical adds a graphical function. The input equation may be empty, in
// which case the function is only used by calling it: name(x) or
// LOOKUP(name, x). With an input, the variable's value is the table read at it.
func (m *Model) Graphical(name, input string, xs, ys []float64, units string) *Variable {
	return m.Add(&Variable{Name: name, Kind: Graphical, Equation: input, Units: units,
		GF: &GF{X: append([]float64(nil), xs...), Y: append([]float64(nil), ys...), Type: "continuous"}})
}

// In adds inflows to a stock and returns it.
func (v *Variable) In(flows ...string) *Variable { v.Inflows = append(v.Inflows, flows...); return v }

// Out adds outflows to a stock and returns it.
func (v *Variable) Out(flows ...string) *Variable {
	v.Outflows = append(v.Outflows, flows...)
	return v
}

// Describe sets the documentation string and returns the variable.
func (v *Variable) Describe(doc string) *Variable { v.Doc = doc; return v }

// NonNeg marks a stock non-negative or a flow a uniflow and returns it.
func (v *Variable) NonNeg() *Variable { v.NonNegative = true; return v }

// Interp sets a graphical function's interpolation type ("continuous",
// "extrapolate" or "discrete") and returns it.
func (v *Variable) Interp(typ string) *Variable {
	if v.GF != nil {
		v.GF.Type = typ
	}
	return v
}

// Clone returns a deep copy of the model, to change without touching the original.
func (m *Model) Clone() *Model {
	c := &Model{Name: m.Name, Doc: m.Doc, Time: m.Time, DateOrigin: m.DateOrigin, index: map[string]int{}}
	for _, v := range m.vars {
		c.Add(v.clone())
	}
	c.dims = cloneDims(m.dims)
	if m.UnitAliases != nil {
		c.UnitAliases = make(map[string]string, len(m.UnitAliases))
		for k, v := range m.UnitAliases {
			c.UnitAliases[k] = v
		}
	}
	for _, mac := range m.macros {
		c.macros = append(c.macros, mac.clone())
	}
	for _, v := range m.Views {
		c.Views = append(c.Views, v.Clone())
	}
	return c
}

func (v *Variable) clone() *Variable {
	nv := *v
	nv.tree, nv.treeOf = nil, "" // a cache: a copy parses again (and compares equal to a variable that never parsed)
	nv.Inflows = append([]string(nil), v.Inflows...)
	nv.Outflows = append([]string(nil), v.Outflows...)
	nv.GF = cloneGF(v.GF)
	nv.Dims = append([]string(nil), v.Dims...)
	nv.Elements = cloneElements(v.Elements)
	return &nv
}
