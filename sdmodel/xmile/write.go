package xmile

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Namespaces written in the files we produce.
const (
	xmileNS = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"
	iseeNS  = "http://iseesystems.com/XMILE"
)

// Write prints a model as an XMILE 1.0 document. Equations are written in
// XMILE spelling: names with blanks get underscores (quoted when they hold
// other characters), and engine-only builtin names become their XMILE
// equivalents (SMOOTH as SMTH1, INITIAL as INIT, DELAY_FIXED as DELAY,
// MODULO as MOD). Documentation, units, non-negative flags and graphical
// functions are kept. A save interval is written as Stella's
// isee:save_interval attribute.
func Write(w io.Writer, m *sdmodel.Model) error {
	if m == nil {
		return fmt.Errorf("xmile: nil model")
	}
	bw := bufio.NewWriter(w)
	x := &writer{w: bw, model: m}
	x.document()
	if x.err != nil {
		return x.err
	}
	return bw.Flush()
}

// WriteFile writes a model to an XMILE file.
func WriteFile(path string, m *sdmodel.Model) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(f, m); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type writer struct {
	w     *bufio.Writer
	model *sdmodel.Model
	err   error
}

func (x *writer) printf(format string, args ...any) {
	if x.err == nil {
		_, x.err = fmt.Fprintf(x.w, format, args...)
	}
}

func (x *writer) fail(v *sdmodel.Variable, format string, args ...any) {
	if x.err == nil {
		x.err = &sdmodel.Error{Model: x.model.Name, Variable: v.Name, Msg: fmt.Sprintf(format, args...)}
	}
}

// escapers escape text for element content and attribute values (in
// double quotes); quotes in equations stay readable in element content.
// They are made on the first write, not at every start of a program that
// links the package.
var escapers struct {
	once       sync.Once
	text, attr *strings.Replacer
}

func makeEscapers() {
	escapers.text = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
	escapers.attr = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;")
}

func esc(s string) string {
	escapers.once.Do(makeEscapers)
	return escapers.text.Replace(validXML(s))
}

func attr(s string) string {
	escapers.once.Do(makeEscapers)
	return escapers.attr.Replace(validXML(s))
}

// validXML drops the characters XML 1.0 cannot hold (control characters
// other than tab and line breaks), which no reader would accept.
func validXML(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF && r != utf8.RuneError {
			return r
		}
		return -1
	}, s)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func (x *writer) document() {
	m := x.model
	x.printf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
	x.printf("<xmile version=\"1.0\" xmlns=\"%s\" xmlns:isee=\"%s\">\n", xmileNS, iseeNS)
	x.printf("  <header>\n    <name>%s</name>\n", esc(m.Name))
	if m.Doc != "" {
		x.printf("    <caption>%s</caption>\n", esc(m.Doc))
	}
	x.printf("    <vendor>sdlessons</vendor>\n    <product version=\"1.0\" lang=\"en\">trafficking sd</product>\n  </header>\n")
	x.simSpecs(m.Time)
	x.modelUnits(m.UnitAliases)
	x.dimensions(withMacroDims(m))
	x.macros(m.Macros())
	x.printf("  <model>\n    <variables>\n")
	for _, v := range m.Variables() {
		x.variable(v)
	}
	x.printf("    </variables>\n")
	x.views()
	x.printf("  </model>\n</xmile>\n")
}

func (x *writer) simSpecs(t sdmodel.Time) {
	method := map[sdmodel.Method]string{sdmodel.Euler: "Euler", sdmodel.RK2: "RK2", sdmodel.RK4: "RK4"}[t.Method]
	if method == "" {
		method = "Euler"
	}
	x.printf("  <sim_specs method=\"%s\"", method)
	if t.Units != "" {
		x.printf(" time_units=\"%s\"", attr(t.Units))
	}
	if t.SavePer > 0 {
		x.printf(" isee:save_interval=\"%s\"", num(t.SavePer))
	}
	x.printf(">\n    <start>%s</start>\n    <stop>%s</stop>\n", num(t.Start), num(t.Stop))
	// A DT of 1/n that prints long (1/3, 1/7) is written as the reciprocal,
	// as Stella does, when that gives back the same number.
	if r := 1 / t.DT; t.DT < 1 && r == math.Round(r) && 1/r == t.DT && len(num(t.DT)) > 8 {
		x.printf("    <dt reciprocal=\"true\">%s</dt>\n", num(r))
	} else {
		x.printf("    <dt>%s</dt>\n", num(t.DT))
	}
	x.printf("  </sim_specs>\n")
}

// equation returns a variable's equation in XMILE spelling.
func (x *writer) equation(v *sdmodel.Variable, eqn string) string {
	eqn = strings.TrimSpace(eqn)
	if eqn == "" {
		return ""
	}
	n, err := expr.Parse(eqn)
	if err != nil {
		// Written as is: the reader reports the error where it is.
		return eqn
	}
	isGF := func(c string) bool {
		gv := x.model.Var(c)
		return gv != nil && gv.Kind == sdmodel.Graphical
	}
	rw := &rewriter{isVar: isGF, toXMILE: true}
	n = rw.node(n)
	if !rw.changed {
		return eqn
	}
	return expr.Format(n)
}

func (x *writer) variable(v *sdmodel.Variable) {
	if strings.Contains(v.Name, "\"") {
		x.fail(v, "a name with a double quote cannot be written to XMILE")
		return
	}
	name := attr(v.Name)
	elem := "aux"
	switch v.Kind {
	case sdmodel.Stock:
		elem = "stock"
	case sdmodel.Flow:
		elem = "flow"
	case sdmodel.Graphical:
		if strings.TrimSpace(v.Equation) == "" && v.GF != nil {
			elem = "gf"
		}
	}
	x.printf("      <%s name=\"%s\"", elem, name)
	if elem == "gf" {
		x.gfAttrs(v.GF)
	}
	x.printf(">\n")
	if v.Doc != "" {
		x.printf("        <doc>%s</doc>\n", esc(v.Doc))
	}
	if len(v.Dims) > 0 {
		x.printf("        <dimensions>\n")
		for _, d := range v.Dims {
			x.printf("          <dim name=\"%s\"/>\n", attr(d))
		}
		x.printf("        </dimensions>\n")
	}
	if elem != "gf" && (len(v.Elements) == 0 || strings.TrimSpace(v.Equation) != "") {
		x.printf("        <eqn>%s</eqn>\n", esc(x.equation(v, v.Equation)))
	}
	for _, e := range v.Elements {
		x.printf("        <element subscript=\"%s\">\n", attr(strings.Join(e.Subs, ", ")))
		if strings.TrimSpace(e.Equation) != "" || e.GF == nil {
			x.printf("          <eqn>%s</eqn>\n", esc(x.equation(v, e.Equation)))
		}
		if e.GF != nil {
			x.printf("          <gf")
			x.gfAttrs(e.GF)
			x.printf(">\n")
			x.points(e.GF, "            ")
			x.printf("          </gf>\n")
		}
		if strings.TrimSpace(e.InitEquation) != "" {
			x.printf("          <init_eqn>%s</init_eqn>\n", esc(x.equation(v, e.InitEquation)))
		}
		x.printf("        </element>\n")
	}
	if strings.TrimSpace(v.InitEquation) != "" {
		x.printf("        <init_eqn>%s</init_eqn>\n", esc(x.equation(v, v.InitEquation)))
	}
	for _, f := range v.Inflows {
		x.printf("        <inflow>%s</inflow>\n", esc(xmileIdent(f)))
	}
	for _, f := range v.Outflows {
		x.printf("        <outflow>%s</outflow>\n", esc(xmileIdent(f)))
	}
	if v.NonNegative && (v.Kind == sdmodel.Stock || v.Kind == sdmodel.Flow) {
		x.printf("        <non_negative/>\n")
	}
	if v.GF != nil && (v.Kind == sdmodel.Graphical || v.Kind == sdmodel.Flow) {
		if elem == "gf" {
			x.points(v.GF, "        ")
		} else {
			x.printf("        <gf")
			x.gfAttrs(v.GF)
			x.printf(">\n")
			x.points(v.GF, "          ")
			x.printf("        </gf>\n")
		}
	} else if v.Kind == sdmodel.Graphical && !elementTables(v) {
		x.fail(v, "graphical function without a table")
	}
	if v.Units != "" {
		x.printf("        <units>%s</units>\n", esc(v.Units))
	}
	x.printf("      </%s>\n", elem)
}

func (x *writer) gfAttrs(gf *sdmodel.GF) {
	if gf != nil && gf.Type != "" && gf.Type != "continuous" {
		x.printf(" type=\"%s\"", attr(gf.Type))
	}
}

func (x *writer) points(gf *sdmodel.GF, indent string) {
	list := func(vs []float64) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = num(v)
		}
		return strings.Join(parts, ",")
	}
	x.printf("%s<xpts>%s</xpts>\n%s<ypts>%s</ypts>\n", indent, list(gf.X), indent, list(gf.Y))
}

// elementTables reports whether every element of an arrayed graphical
// function has its own table.
func elementTables(v *sdmodel.Variable) bool {
	if len(v.Elements) == 0 {
		return false
	}
	for _, e := range v.Elements {
		if e.GF == nil {
			return false
		}
	}
	return true
}

// dimensions writes the model's dimensions. A mapping onto another
// dimension, which XMILE 1.0 lacks, is written as <map to="other">, with
// the target elements listed when the mapping is not by position.
func (x *writer) dimensions(ds []*sdmodel.Dimension) {
	if len(ds) == 0 {
		return
	}
	x.printf("  <dimensions>\n")
	for _, d := range ds {
		x.printf("    <dim name=\"%s\">\n", attr(d.Name))
		for _, e := range d.Elements {
			x.printf("      <elem name=\"%s\"/>\n", attr(e))
		}
		for _, mp := range d.Maps {
			x.printf("      <map to=\"%s\">%s</map>\n", attr(mp.To), esc(strings.Join(mp.Elements, ", ")))
		}
		x.printf("    </dim>\n")
	}
	x.printf("  </dimensions>\n")
}

// macros writes each macro as <macro> with its <parm>s, its <eqn> and its
// own <variables>.
func (x *writer) macros(ms []*sdmodel.Macro) {
	for _, mac := range ms {
		x.printf("  <macro name=\"%s\">\n", attr(mac.Name))
		if mac.Doc != "" {
			x.printf("    <doc>%s</doc>\n", esc(mac.Doc))
		}
		for _, p := range mac.Params {
			x.printf("    <parm>%s</parm>\n", esc(xmileIdent(p)))
		}
		// Further outputs (Vensim's NAME(inputs : outputs)) have no XMILE
		// form: they are written as parameters marked output="true".
		for _, o := range mac.Outputs {
			x.printf("    <parm output=\"true\">%s</parm>\n", esc(xmileIdent(o)))
		}
		outer := x.model
		if mac.Body != nil {
			x.model = mac.Body
		} else {
			x.model = sdmodel.New(mac.Name)
		}
		x.printf("    <eqn>%s</eqn>\n", esc(x.equation(&sdmodel.Variable{Name: mac.Name}, mac.Equation)))
		if vars := x.model.Variables(); len(vars) > 0 {
			x.printf("    <variables>\n")
			for _, v := range vars {
				x.variable(v)
			}
			x.printf("    </variables>\n")
		}
		x.model = outer
		x.printf("  </macro>\n")
	}
}

// modelUnits writes unit aliases as <model_units>, one <unit> per unit
// with its <alias>es, in name order.
func (x *writer) modelUnits(aliases map[string]string) {
	if len(aliases) == 0 {
		return
	}
	byUnit := map[string][]string{}
	for alias, name := range aliases {
		byUnit[name] = append(byUnit[name], alias)
	}
	names := make([]string, 0, len(byUnit))
	for name := range byUnit {
		names = append(names, name)
	}
	sort.Strings(names)
	x.printf("  <model_units>\n")
	for _, name := range names {
		x.printf("    <unit name=\"%s\">\n", attr(name))
		as := byUnit[name]
		sort.Strings(as)
		for _, a := range as {
			x.printf("      <alias>%s</alias>\n", esc(a))
		}
		x.printf("    </unit>\n")
	}
	x.printf("  </model_units>\n")
}

// withMacroDims returns the model's dimensions and those that only its
// macros declare: XMILE declares dimensions for the whole file.
func withMacroDims(m *sdmodel.Model) []*sdmodel.Dimension {
	ds := m.Dimensions()
	for _, mac := range m.Macros() {
		if mac.Body == nil {
			continue
		}
		for _, d := range mac.Body.Dimensions() {
			if m.Dim(d.Name) == nil && !slices.ContainsFunc(ds, func(e *sdmodel.Dimension) bool { return expr.Canonical(e.Name) == expr.Canonical(d.Name) }) {
				ds = append(ds, d)
			}
		}
	}
	return ds
}
