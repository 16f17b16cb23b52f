package vensim

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/internal/readall"
)

// maxFileSize bounds what Read accepts.
const maxFileSize = 64 << 20

// maxVariables bounds the model after macro expansion.
const maxVariables = 1 << 18

// Range is the range a modeller gave with a variable's units
// (~ Month [0, 100, 1]): minimum, maximum and increment for sliders.
// A bound written ? is NaN.
type Range struct {
	Min, Max, Step float64
}

// File is a Vensim model file as read: the model and what Vensim keeps
// beside the equations.
type File struct {
	Model *sdmodel.Model
	// Ranges are the ranges given with units, by variable display name.
	Ranges map[string]Range
	// Groups are the group names (.Control, ...) in file order, and the
	// variables defined in each.
	Groups []Group
	// Sketch is the diagram as the modeller drew it; nil when the file has none.
	Sketch *Sketch

	// Where variables are defined, for Line and Locate: the maps are built
	// from src and defAt at the first question (most reads never ask).
	src        string
	defAt      []keyAt            // the model's definitions in p.defs order
	macroAt    map[string][]keyAt // macro (canonical) -> its definitions
	linesOnce  sync.Once
	lines      map[string]int            // canonical variable name -> line of its definition
	macroLines map[string]map[string]int // macro -> its variables -> line
}

// keyAt is a definition's canonical name and file offset.
type keyAt struct {
	key string
	at  int
}

// indexLines builds the maps of lines from the definitions' offsets.
func (f *File) indexLines() {
	starts := lineStarts(f.src)
	f.lines = make(map[string]int, len(f.defAt))
	for _, d := range f.defAt {
		if _, ok := f.lines[d.key]; !ok {
			f.lines[d.key] = lineOf(starts, d.at)
		}
	}
	f.macroLines = make(map[string]map[string]int, len(f.macroAt))
	for mac, defs := range f.macroAt {
		ml := map[string]int{}
		for _, d := range defs {
			ml[d.key] = lineOf(starts, d.at)
		}
		f.macroLines[mac] = ml
	}
}

// Line returns the line of the file where a variable is defined: for an
// array element ("x[a,b]") its array's, for a variable the reader made the
// line of the equation it came from (a macro's variable: its equation in the
// macro; a macro's argument, a SAMPLE IF TRUE helper, a net flow: the
// calling equation); 0 when unknown.
func (f *File) Line(variable string) int {
	f.linesOnce.Do(f.indexLines)
	name := variable
	if i := strings.IndexByte(name, '['); i > 0 {
		name = name[:i]
	}
	// A macro's copy, "<caller>.<macro>.<n>.<variable>": the line of the
	// variable in the macro.
	parts := strings.Split(name, ".")
	for i := len(parts) - 3; i >= 0; i-- {
		ml := f.macroLines[expr.Canonical(parts[i])]
		if _, err := strconv.Atoi(parts[i+1]); ml == nil || err != nil {
			continue
		}
		if l, ok := ml[expr.Canonical(strings.Join(parts[i+2:], "."))]; ok {
			return l
		}
	}
	for {
		if l, ok := f.lines[expr.Canonical(name)]; ok {
			return l
		}
		i := strings.LastIndexByte(name, '.')
		if i <= 0 {
			return 0
		}
		name = name[:i] // a variable made for a call: try its caller
	}
}

// Locate adds the file line to each problem of err (an sdmodel.ErrorList or
// *sdmodel.Error from compiling or checking the model) that names a
// variable, so that problems found after reading point into the file too:
// "line 12: equation 1:9: unknown name ...". Other errors are returned as
// they are.
func (f *File) Locate(err error) error {
	one := func(e *sdmodel.Error) *sdmodel.Error {
		l := f.Line(e.Variable)
		if l == 0 || strings.HasPrefix(e.Msg, "line ") {
			return e
		}
		c := *e
		c.Msg = fmt.Sprintf("line %d: ", l)
		if e.Pos != nil {
			c.Msg += fmt.Sprintf("equation %d:%d: ", e.Pos.Line, e.Pos.Column)
			c.Pos = nil
		}
		c.Msg += e.Msg
		return &c
	}
	var list sdmodel.ErrorList
	var single *sdmodel.Error
	switch {
	case errors.As(err, &list):
		out := make(sdmodel.ErrorList, len(list))
		for i, e := range list {
			out[i] = one(e)
		}
		return out
	case errors.As(err, &single):
		return one(single)
	}
	return err
}

// Group is a group of equations (a "********* .Name *********" header).
type Group struct {
	Name      string
	Variables []string
}

// Reader reads Vensim models with options. The zero Reader is ready to use.
type Reader struct {
	// Name identifies the file in error messages; ReadFile sets it to the path.
	Name string
	// Dir is the folder data files (GET XLS DATA, GET DIRECT DATA, ...) are
	// read from; ReadFile sets it to the model file's folder.
	Dir string
	// DataFiles are Vensim .dat files (relative to Dir, or absolute) that
	// data variables, written with no equation, take their values from, as
	// Vensim takes them from the data files of a run. Without them a data
	// variable is an error.
	DataFiles []string
}

// Read reads a Vensim model with the default Reader.
func Read(r io.Reader) (*sdmodel.Model, error) {
	f, err := new(Reader).Read(r)
	if err != nil {
		return nil, err
	}
	return f.Model, nil
}

// ReadFile reads a Vensim .mdl file with the default Reader.
func ReadFile(path string) (*sdmodel.Model, error) {
	f, err := new(Reader).ReadFile(path)
	if err != nil {
		return nil, err
	}
	return f.Model, nil
}

// ReadFile reads a Vensim .mdl file; errors name the file, and data files
// are found relative to it.
func (rd *Reader) ReadFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := *rd
	if r.Name == "" {
		r.Name = path
	}
	if r.Dir == "" {
		r.Dir = filepath.Dir(path)
	}
	return r.Read(f)
}

// Read reads a Vensim model. Problems in the model come back as an
// sdmodel.ErrorList, one *sdmodel.Error per problem, each naming the file,
// the variable, and the line and column in the file.
func (rd *Reader) Read(r io.Reader) (*File, error) {
	name := rd.Name
	if name == "" {
		name = "mdl"
	}
	b, err := readall.Bounded(r, maxFileSize)
	if err != nil {
		return nil, &sdmodel.Error{Model: name, Msg: err.Error()}
	}
	if len(b) > maxFileSize {
		return nil, &sdmodel.Error{Model: name, Msg: fmt.Sprintf("file larger than %d MiB", maxFileSize>>20)}
	}
	// b is Read's own and is not written again: the source text shares its
	// bytes instead of copying the file.
	src := decode(unsafe.String(unsafe.SliceData(b), len(b)))
	p := &reader{rd: rd, file: name, src: src, ranges: map[string]Range{}, byKey: map[string]*def{}, macros: map[string]*macro{},
		sheets: map[string]sheet{}, books: map[string]*xlsxBook{}, slabs: new(emitSlabs)}
	f := p.read()
	for _, b := range p.books {
		b.Close()
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return f, nil
}

// defKind is what a definition makes.
type defKind int

const (
	dAux       defKind = iota
	dStock             // rhs is the net rate, init the initial value
	dLookup            // a lookup table called as name(x)
	dGraphical         // WITH LOOKUP: rhs is the input
	dFlow              // an internal flow made by the reader
)

// def is one variable definition read from the file.
type def struct {
	name       string // display name
	key        string // canonical name
	kind       defKind
	rhs, init  expr.Node
	gf         *sdmodel.GF
	units, doc string
	at         int // file offset of the definition, for messages
	group      string
	inflows    []string
	outflows   []string
	// Arrays: the subscripts on the left (elements or range names), the
	// :EXCEPT: lists, and a constant list's numbers.
	subs   []string
	except [][]string
	values []float64
	gfs    []*sdmodel.GF // data and lookups read for each element (tuples order)
	data   *dataCall     // a GET ... function, read by loadData
	initEq expr.Node     // ACTIVE INITIAL's initial equation
}

// reader holds the state of one Read.
type reader struct {
	rd         *Reader
	file       string
	src        string
	errs       sdmodel.ErrorList
	defs       []*def
	byKey      map[string]*def
	ranges     map[string]Range
	groups     []Group
	macros     map[string]*macro
	macroOrder []*macro     // the macros in file order
	time       sdmodel.Time // the control section's specs, once read
	// Subscript ranges: as defined, then resolved to elements by
	// canonical name, in file order.
	dims     []*dimDef
	dimElems map[string][]string
	dimOrder []string
	// Data files opened by GET ... functions during this read.
	sheets  map[string]sheet
	dat     map[string]DatSeries // the series of Reader.DataFiles, by datKey, once read
	books   map[string]*xlsxBook
	defSlab []def      // for newDef
	fmtBuf  []byte     // for format
	slabs   *emitSlabs // what emit adds to the model (shared with macros' readers)
}

func (p *reader) errorAt(off int, variable, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if off >= 0 {
		line, col := lineCol(p.src, off)
		msg = fmt.Sprintf("line %d, column %d: %s", line, col, msg)
	}
	if len(p.errs) < 1000 {
		p.errs = append(p.errs, &sdmodel.Error{Model: p.file, Variable: variable, Msg: msg})
	}
}

func (p *reader) read() *File {
	entries, rest := split(p.src)
	sketchOff := len(p.src) - len(rest)
	// An equation ends with |: room for that many definitions, within
	// reason, so that the list and the index are not copied as they grow.
	if n := min(strings.Count(p.src[:sketchOff], "|"), 1<<14); len(p.byKey) == 0 {
		p.byKey = make(map[string]*def, n)
		p.defs = make([]*def, 0, n)
	}
	var cur *macro
	group := ""
	for e := range entries {
		switch e.macro {
		case "start":
			if cur != nil {
				p.errorAt(e.eq.at(0), "", "macro %s not closed before the next :MACRO:", cur.name)
			}
			cur = p.macroHeader(e.eq)
			continue
		case "end":
			if cur == nil {
				p.errorAt(e.eq.at(0), "", ":END OF MACRO: without :MACRO:")
				continue
			}
			if cur.name != "" {
				p.macros[expr.Canonical(cur.name)] = cur
				p.macroOrder = append(p.macroOrder, cur)
			}
			cur = nil
			continue
		}
		eq := e.eq.s
		if eq == "" {
			continue
		}
		if eq[0] == '*' {
			// A group header: ****\n .Name\n ****
			name := strings.Trim(eq, "*\n\t ")
			name = strings.TrimPrefix(name, ".")
			p.groups = append(p.groups, Group{Name: name})
			group = name
			continue
		}
		if eq[0] == '-' && strings.Trim(eq, "-") == "" {
			continue // a separator line
		}
		d := p.entry(e)
		if d == nil {
			continue
		}
		d.group = group
		if cur != nil {
			cur.defs = append(cur.defs, d)
			continue
		}
		p.add(d)
	}
	if cur != nil {
		p.errorAt(len(p.src), "", "macro %s not closed: missing :END OF MACRO:", cur.name)
	}
	m := sdmodel.New(modelName(p.file))
	p.resolveDims(m)
	p.loadData()
	p.control(m)
	if len(p.errs) > 0 {
		return nil
	}
	p.rewriteAll()
	p.decideFlows()
	if len(p.errs) > 0 {
		return nil
	}
	p.emit(m)
	p.emitMacros(m)
	if len(p.errs) > 0 {
		return nil
	}
	f := &File{Model: m, Ranges: p.ranges, Groups: p.groups, src: p.src, defAt: make([]keyAt, len(p.defs)),
		macroAt: make(map[string][]keyAt, len(p.macroOrder))}
	for i, d := range p.defs {
		f.defAt[i] = keyAt{d.key, d.at}
	}
	for _, mac := range p.macroOrder {
		at := make([]keyAt, len(mac.defs))
		for i, d := range mac.defs {
			at[i] = keyAt{d.key, d.at}
		}
		f.macroAt[expr.Canonical(mac.name)] = at
	}
	if rest != "" {
		sk, err := parseSketch(rest)
		if err != nil {
			p.errorAt(sketchOff, "", "sketch: %v", err)
			return nil
		}
		f.Sketch = sk
		m.Views = views(sk, m)
	}
	return f
}

func modelName(file string) string {
	base := filepath.Base(file)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// add records a definition, reporting a second definition of a name.
func (p *reader) add(d *def) {
	if old, ok := p.byKey[d.key]; ok {
		if len(old.subs) > 0 && len(d.subs) > 0 {
			p.defs = append(p.defs, d) // another part of an array
			return
		}
		line, _ := lineCol(p.src, old.at)
		p.errorAt(d.at, d.name, "%s is defined twice (first at line %d)", d.name, line)
		return
	}
	if len(p.defs) >= maxVariables {
		p.errorAt(d.at, d.name, "more than %d variables", maxVariables)
		return
	}
	p.byKey[d.key] = d
	p.defs = append(p.defs, d)
	if len(p.groups) > 0 {
		g := &p.groups[len(p.groups)-1]
		g.Variables = append(g.Variables, d.name)
	}
}

// newDef returns room for a definition, from blocks of as many as the
// file has equations (at most 256).
func (p *reader) newDef() *def {
	if len(p.defSlab) == cap(p.defSlab) {
		p.defSlab = make([]def, 0, min(max(cap(p.defs)-len(p.defs), 16), 256))
	}
	p.defSlab = p.defSlab[:len(p.defSlab)+1]
	return &p.defSlab[len(p.defSlab)-1]
}

// lhsEnd returns the end of the name at the start of s (quoted or plain).
func lhsEnd(s string) int {
	if strings.HasPrefix(s, `"`) {
		if k := strings.IndexByte(s[1:], '"'); k >= 0 {
			return k + 2
		}
		return len(s)
	}
	return strings.IndexFunc(s, func(r rune) bool { return r == '=' || r == '(' || r == '[' || r == ':' || r == '<' })
}

// displayName is a name as results show it: quotes removed, blanks folded.
func displayName(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if !foldsBlanks(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// foldsBlanks reports whether strings.Fields would change the blanks of s:
// a blank at either end, two in a row or one other than a space.
func foldsBlanks(s string) bool {
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return true
		case c == ' ' && i+1 < len(s) && s[i+1] == ' ':
			return true
		}
	}
	return false
}

// entry turns one equation block into a definition; nil when it defines no
// variable (a subscript range) or is in error.
func (p *reader) entry(e entry) *def {
	eq := e.eq
	end := lhsEnd(eq.s)
	if end < 0 {
		end = len(eq.s)
	}
	name := displayName(eq.s[:end])
	if name == "" {
		p.errorAt(eq.at(0), "", "expected a variable name, found %q", excerpt(eq.s))
		return nil
	}
	d := p.newDef()
	*d = def{name: name, key: expr.Canonical(name), at: eq.at(0), doc: cleanDoc(e.doc.s)}
	d.units = p.units(e.units, name)
	rest := eq.slice(end, len(eq.s))
	r := strings.TrimLeft(rest.s, " \t\n")
	restOff := len(rest.s) - len(r)
	switch {
	case r == "":
		return p.dataVariable(d)
	case strings.HasPrefix(r, "["):
		subs, after, ok := parseSubs(r)
		if !ok {
			p.errorAt(rest.at(restOff), name, "subscripts not closed: missing ]")
			return nil
		}
		d.subs = subs
		for {
			a := strings.TrimLeft(after, " \t\n")
			if !hasPrefixFold(a, ":EXCEPT:") {
				break
			}
			a = strings.TrimLeft(a[len(":EXCEPT:"):], " \t\n")
			for {
				ex, more, ok := parseSubs(a)
				if !ok {
					break
				}
				d.except = append(d.except, ex)
				a = strings.TrimLeft(more, " \t\n")
				if !strings.HasPrefix(a, ",") {
					break
				}
				a = strings.TrimLeft(a[1:], " \t\n")
			}
			after = a
		}
		restOff += len(r) - len(after)
		r = strings.TrimLeft(after, " \t\n")
		restOff += len(after) - len(r)
		return p.afterName(d, rest, r, restOff)
	case hasPrefixFold(r, ":THE CONDITION:"), hasPrefixFold(r, ":TEST INPUT:"):
		// A Reality Check (a constraint or test input for Vensim's model
		// testing), not part of a simulation run.
		return nil
	case strings.HasPrefix(r, "<->"), strings.HasPrefix(r, ":") && !strings.HasPrefix(r, ":=") && !hasPrefixFold(r, ":IS:") && dataMode(r) == "":
		p.subscriptDef(name, rest, r, restOff)
		return nil
	}
	return p.afterName(d, rest, r, restOff)
}

// dataMode returns the keyword of a data equation (":INTERPOLATE::=" gives
// "interpolate"), or "".
func dataMode(r string) string {
	for _, m := range []string{":INTERPOLATE:", ":LOOK FORWARD:", ":HOLD BACKWARD:", ":RAW:"} {
		if hasPrefixFold(r, m) {
			return strings.ToLower(strings.Trim(m, ":"))
		}
	}
	return ""
}

// afterName reads what follows a variable's name (and subscripts): a
// lookup table or "= equation".
func (p *reader) afterName(d *def, rest text, r string, restOff int) *def {
	name := d.name
	switch {
	case r == "":
		return p.dataVariable(d)
	case strings.HasPrefix(r, ":"):
		// A data equation: name := GET ... or name :INTERPOLATE::= GET ...
		mode := dataMode(r)
		k := strings.Index(r, ":=")
		if k < 0 {
			p.errorAt(rest.at(restOff), name, "expected := in a data equation, found %q", excerpt(r))
			return nil
		}
		rhs := rest.slice(restOff+k+2, len(rest.s)).trim()
		if c, ok := parseDataCall(rhs.s); ok {
			return p.dataDef(d, c, mode, rhs.at(0))
		}
		if d.subs != nil {
			if vals, ok := numberList(rhs.s); ok {
				d.values = vals
				return d
			}
		}
		return p.equation(d, rhs)
	case strings.HasPrefix(r, "("):
		body := rest.slice(restOff, len(rest.s))
		return p.lookupDef(d, body)
	case strings.HasPrefix(r, "=="), strings.HasPrefix(r, "="):
		k := 1
		if strings.HasPrefix(r, "==") {
			k = 2
		}
		rhs := rest.slice(restOff+k, len(rest.s)).trim()
		if d.subs != nil {
			if vals, ok := numberList(rhs.s); ok {
				d.values = vals
				return d
			}
			if k, ok := callPrefix(rhs.s, "TABBED ARRAY"); ok {
				body := strings.TrimSuffix(strings.TrimSpace(rhs.s[k:]), ")")
				for _, f := range strings.Fields(body) {
					v, err := strconv.ParseFloat(f, 64)
					if err != nil {
						p.errorAt(rhs.at(k), name, "TABBED ARRAY holds numbers only, found %q", excerpt(f))
						return nil
					}
					d.values = append(d.values, v)
				}
				return d
			}
		}
		return p.equation(d, rhs)
	}
	p.errorAt(rest.at(restOff), name, "expected = after the name, found %q", excerpt(r))
	return nil
}

// cleanDoc folds a comment's indentation and drops a fourth field
// ("~ :SUPPLEMENTARY", Vensim's flag for variables outside the structure).
func cleanDoc(s string) string {
	if i := strings.LastIndexByte(s, '~'); i >= 0 && strings.Contains(strings.ToUpper(s[i:]), ":SUPPLEMENTARY") {
		s = s[:i]
	}
	if strings.IndexByte(s, '\n') < 0 {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// units returns the units of an entry, recording a range given after them.
func (p *reader) units(t text, variable string) string {
	s := t.s
	i := strings.LastIndexByte(s, '[')
	if i < 0 || !strings.HasSuffix(strings.TrimSpace(s), "]") {
		return strings.TrimSpace(s)
	}
	inner := strings.TrimSpace(s[i+1 : strings.LastIndexByte(s, ']')])
	parts := strings.Split(inner, ",")
	rg := Range{Min: nan(), Max: nan(), Step: nan()}
	for k, part := range parts {
		part = strings.TrimSpace(part)
		if part == "?" || part == "" || k > 2 {
			continue
		}
		v, err := strconv.ParseFloat(part, 64)
		if err != nil {
			p.errorAt(t.at(i), variable, "bad range [%s]: %q is not a number or ?", inner, part)
			continue
		}
		switch k {
		case 0:
			rg.Min = v
		case 1:
			rg.Max = v
		case 2:
			rg.Step = v
		}
	}
	p.ranges[variable] = rg
	return strings.TrimSpace(s[:i])
}

// lookupDef reads name( table ).
func (p *reader) lookupDef(d *def, body text) *def {
	inner, ok := outerParens(body)
	if !ok {
		p.errorAt(body.at(0), d.name, "lookup table not closed: missing )")
		return nil
	}
	if c, ok := parseDataCall(strings.TrimSpace(inner.s)); ok && c.fn == "lookups" {
		return p.dataDef(d, c, "", inner.at(0))
	}
	gf, off, err := parseTable(inner.s)
	if err != nil {
		p.errorAt(inner.at(off), d.name, "%v", err)
		return nil
	}
	d.kind, d.gf = dLookup, gf
	return d
}

// outerParens returns what is inside the parentheses that open t and close
// at the end of t (trailing blanks allowed).
func outerParens(t text) (text, bool) {
	s := strings.TrimRight(t.s, " \t\n")
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") || len(s) < 2 {
		return t, false
	}
	return t.slice(1, len(s)-1), true
}

// callPrefix reports whether s starts with the function name fn followed by
// "(", blanks allowed between words and before the parenthesis; it returns
// the offset just after "(".
func callPrefix(s, fn string) (int, bool) {
	i := 0
	for fn != "" {
		w := fn
		if k := strings.IndexByte(fn, ' '); k >= 0 {
			w, fn = fn[:k], fn[k+1:]
		} else {
			fn = ""
		}
		if w == "" {
			continue
		}
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '_' || s[i] == '\n') {
			i++
		}
		if !hasPrefixFold(s[i:], w) {
			return 0, false
		}
		i += len(w)
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
		i++
	}
	if i < len(s) && s[i] == '(' {
		return i + 1, true
	}
	return 0, false
}

// topComma returns the offset of the first comma at depth 0 in s, or -1.
func topComma(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			if k := strings.IndexByte(s[i+1:], '"'); k >= 0 {
				i += k + 1
			}
		case '{':
			if k := strings.IndexByte(s[i+1:], '}'); k >= 0 {
				i += k + 1
			}
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// equation reads the right-hand side of name = rhs.
func (p *reader) equation(d *def, rhs text) *def {
	s := rhs.s
	if _, ok := callPrefix(s, "A FUNCTION OF"); ok {
		p.errorAt(rhs.at(0), d.name, "%s is not finished: its equation is A FUNCTION OF(...)", d.name)
		return nil
	}
	if c, ok := parseDataCall(s); ok {
		return p.dataDef(d, c, "", rhs.at(0))
	}
	if k, ok := callPrefix(s, "WITH LOOKUP"); ok {
		// WITH LOOKUP(input, ( table ))
		args, ok := outerParens(rhs.slice(k-1, len(s)))
		if !ok {
			p.errorAt(rhs.at(0), d.name, "WITH LOOKUP not closed: missing )")
			return nil
		}
		c := topComma(args.s)
		if c < 0 {
			p.errorAt(rhs.at(0), d.name, "WITH LOOKUP needs an input and a table")
			return nil
		}
		in := p.parse(args.slice(0, c), d.name)
		table, ok := outerParens(args.slice(c+1, len(args.s)).trim())
		if !ok {
			p.errorAt(args.at(c+1), d.name, "WITH LOOKUP's table must be in parentheses")
			return nil
		}
		gf, off, err := parseTable(table.s)
		if err != nil {
			p.errorAt(table.at(off), d.name, "%v", err)
			return nil
		}
		if in == nil {
			return nil
		}
		d.kind, d.rhs, d.gf = dGraphical, in, gf
		return d
	}
	n := p.parse(rhs, d.name)
	if n == nil {
		return nil
	}
	if c, ok := n.(*expr.Call); ok && c.Fun.Canonical() == "integ" {
		if len(c.Args) != 2 {
			p.errorAt(rhs.at(int(c.Fun.At)), d.name, "INTEG takes 2 arguments (rate, initial value), found %d", len(c.Args))
			return nil
		}
		d.kind, d.rhs, d.init = dStock, c.Args[0], c.Args[1]
		return d
	}
	if c, ok := n.(*expr.Call); ok && c.Fun.Canonical() == "active_initial" {
		// ACTIVE INITIAL(active, initial): the initial equation is used
		// while the model initialises, the active one afterwards.
		if len(c.Args) != 2 {
			p.errorAt(rhs.at(int(c.Fun.At)), d.name, "ACTIVE INITIAL takes 2 arguments (active equation, initial value), found %d", len(c.Args))
			return nil
		}
		d.rhs, d.initEq = c.Args[0], c.Args[1]
		return d
	}
	d.rhs = n
	return d
}

// parse parses an expression, reporting errors at their place in the file.
func (p *reader) parse(t text, variable string) expr.Node {
	s, _ := prepare(t.s, false)
	n, err := expr.Parse(s)
	if err != nil {
		var pe *expr.Error
		if errors.As(err, &pe) {
			_, from := prepare(t.s, true) // where each byte came from: only for an error
			off := pe.Pos.Offset
			if off >= 0 && off < len(from) {
				off = from[off]
			}
			p.errorAt(t.at(off), variable, "%s", pe.Msg)
		} else {
			p.errorAt(t.at(0), variable, "%v", err)
		}
		return nil
	}
	return n
}

// na is Vensim's :NA: value.
const na = "-1.298074214633707e+33"

func nan() float64 { v, _ := strconv.ParseFloat("NaN", 64); return v }
