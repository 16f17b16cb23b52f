package vensim

import (
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// maxElements bounds the elements of one subscript range and of one array.
const maxElements = 1 << 16

// dimDef is a subscript range definition: "Name: a, b, c", "Name: (a1-a5)",
// "Name: a, b -> Other", or an equivalence "Name <-> Other".
type dimDef struct {
	name  string
	items []string // elements or names of other ranges, as written
	maps  []sdmodel.Mapping
	equiv string // Name <-> equiv
	at    int
}

// subscriptDef reads a subscript range definition; s starts after the name.
func (p *reader) subscriptDef(name string, t text, s string, off int) {
	d := &dimDef{name: name, at: t.at(off)}
	if strings.HasPrefix(s, "<->") {
		d.equiv = displayName(s[3:])
		p.dims = append(p.dims, d)
		return
	}
	s = strings.TrimPrefix(s, ":")
	if i := strings.Index(s, "->"); i >= 0 {
		for _, m := range splitTop(s[i+2:]) {
			m = strings.TrimSpace(m)
			if strings.HasPrefix(m, "(") && strings.HasSuffix(m, ")") {
				to, els, _ := strings.Cut(m[1:len(m)-1], ":")
				mp := sdmodel.Mapping{To: displayName(to)}
				for _, e := range strings.Split(els, ",") {
					mp.Elements = append(mp.Elements, displayName(e))
				}
				d.maps = append(d.maps, mp)
				continue
			}
			if m != "" {
				d.maps = append(d.maps, sdmodel.Mapping{To: displayName(m)})
			}
		}
		s = s[:i]
	}
	for _, item := range splitTop(s) {
		item = strings.TrimSpace(item)
		if strings.HasPrefix(item, "(") && strings.HasSuffix(item, ")") {
			els, ok := numericRange(item[1 : len(item)-1])
			if !ok {
				p.errorAt(d.at, name, "bad subscript range %s: expected (a1-a9)", item)
				return
			}
			d.items = append(d.items, els...)
			continue
		}
		if item = displayName(item); item != "" {
			d.items = append(d.items, item)
		}
	}
	if len(d.items) > maxElements {
		p.errorAt(d.at, name, "subscript range with more than %d elements", maxElements)
		return
	}
	p.dims = append(p.dims, d)
}

// splitTop splits at commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// numericRange expands "a1-a5" into a1, a2, ..., a5.
func numericRange(s string) ([]string, bool) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return nil, false
	}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	split := func(x string) (string, int, bool) {
		i := len(x)
		for i > 0 && x[i-1] >= '0' && x[i-1] <= '9' {
			i--
		}
		n, err := strconv.Atoi(x[i:])
		return x[:i], n, err == nil
	}
	p1, a, ok1 := split(from)
	p2, b, ok2 := split(to)
	if !ok1 || !ok2 || !strings.EqualFold(p1, p2) || b < a || b-a >= maxElements {
		return nil, false
	}
	var out []string
	for k := a; k <= b; k++ {
		out = append(out, p1+strconv.Itoa(k))
	}
	return out, true
}

// resolveDims turns the range definitions into model dimensions, expanding
// ranges named inside ranges and equivalences.
func (p *reader) resolveDims(m *sdmodel.Model) {
	byName := map[string]*dimDef{}
	for _, d := range p.dims {
		byName[expr.Canonical(d.name)] = d
	}
	p.dimElems = map[string][]string{}
	var resolve func(d *dimDef, depth int) []string
	resolve = func(d *dimDef, depth int) []string {
		key := expr.Canonical(d.name)
		if els, ok := p.dimElems[key]; ok {
			return els
		}
		if depth > 32 {
			p.errorAt(d.at, d.name, "subscript ranges defined in a circle")
			return nil
		}
		var els []string
		if d.equiv != "" {
			if o := byName[expr.Canonical(d.equiv)]; o != nil {
				els = resolve(o, depth+1)
			} else {
				p.errorAt(d.at, d.name, "unknown subscript range %s", d.equiv)
			}
		}
		for _, it := range d.items {
			if o := byName[expr.Canonical(it)]; o != nil && o != d {
				els = append(els, resolve(o, depth+1)...)
				continue
			}
			els = append(els, it)
		}
		if len(els) > maxElements {
			p.errorAt(d.at, d.name, "subscript range with more than %d elements", maxElements)
			els = els[:0]
		}
		p.dimElems[key] = els
		return els
	}
	for _, d := range p.dims {
		els := resolve(d, 0)
		dim := m.Dimension(d.name, els...)
		for _, mp := range d.maps {
			dim.MapTo(mp.To, mp.Elements...)
		}
		if d.equiv != "" {
			dim.MapTo(d.equiv)
		}
		p.dimOrder = append(p.dimOrder, expr.Canonical(d.name))
	}
}

// expand returns the elements a subscript stands for: a range's elements,
// or the element itself.
func (p *reader) expand(sub string) []string {
	if els, ok := p.dimElems[expr.Canonical(sub)]; ok {
		return els
	}
	return []string{sub}
}

// isDim reports whether a subscript names a range.
func (p *reader) isDim(sub string) bool {
	_, ok := p.dimElems[expr.Canonical(sub)]
	return ok
}

// arrayDims chooses the dimensions of a variable defined by defs: at each
// position, a range written there that holds every element defined, else
// the smallest range that does.
func (p *reader) arrayDims(defs []*def) ([]string, bool) {
	n := len(defs[0].subs)
	dims := make([]string, n)
	for i := 0; i < n; i++ {
		need := map[string]bool{}
		for _, d := range defs {
			if len(d.subs) != n {
				p.errorAt(d.at, d.name, "%s has %d subscripts here and %d elsewhere", d.name, len(d.subs), n)
				return nil, false
			}
			for _, e := range p.expand(d.subs[i]) {
				need[expr.Canonical(e)] = true
			}
		}
		covers := func(dim string) bool {
			have := map[string]bool{}
			for _, e := range p.dimElems[expr.Canonical(dim)] {
				have[expr.Canonical(e)] = true
			}
			for e := range need {
				if !have[e] {
					return false
				}
			}
			return true
		}
		for _, d := range defs {
			if p.isDim(d.subs[i]) && covers(d.subs[i]) {
				dims[i] = d.subs[i]
				break
			}
		}
		if dims[i] == "" {
			best := -1
			for _, key := range p.dimOrder {
				if covers(key) && (best < 0 || len(p.dimElems[key]) < best) {
					best = len(p.dimElems[key])
					dims[i] = p.dimDisplay(key)
				}
			}
		}
		if dims[i] == "" {
			p.errorAt(defs[0].at, defs[0].name, "subscript %s of %s is in no subscript range", defs[0].subs[i], defs[0].name)
			return nil, false
		}
	}
	return dims, true
}

func (p *reader) dimDisplay(key string) string {
	for _, d := range p.dims {
		if expr.Canonical(d.name) == key {
			return d.name
		}
	}
	return key
}

// tuples lists the element combinations of subs, last subscript fastest,
// leaving out those an :EXCEPT: clause names.
func (p *reader) tuples(subs []string, except [][]string) [][]string {
	out := [][]string{nil}
	for _, s := range subs {
		els := p.expand(s)
		var next [][]string
		for _, t := range out {
			for _, e := range els {
				nt := append(append([]string(nil), t...), e)
				next = append(next, nt)
			}
		}
		out = next
		if len(out) > maxElements {
			return nil
		}
	}
	if len(except) == 0 {
		return out
	}
	var kept [][]string
	for _, t := range out {
		excluded := false
		for _, ex := range except {
			if len(ex) != len(t) {
				continue
			}
			match := true
			for i, s := range ex {
				in := false
				for _, e := range p.expand(s) {
					if expr.Canonical(e) == expr.Canonical(t[i]) {
						in = true
					}
				}
				match = match && in
			}
			excluded = excluded || match
		}
		if !excluded {
			kept = append(kept, t)
		}
	}
	return kept
}

// numberList reads a Vensim constant list: numbers separated by commas,
// rows by semicolons.
func numberList(s string) ([]float64, bool) {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ";"))
	if !strings.ContainsAny(s, ",;") {
		return nil, false
	}
	var out []float64
	for _, row := range strings.Split(s, ";") {
		for _, f := range strings.Split(row, ",") {
			f = strings.TrimSpace(f)
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return nil, false
			}
			out = append(out, v)
		}
	}
	return out, true
}

// parseSubs reads "[a, b]" at the start of s; it returns the subscripts
// and the rest after "]".
func parseSubs(s string) ([]string, string, bool) {
	if !strings.HasPrefix(s, "[") {
		return nil, s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return nil, s, false
	}
	var subs []string
	for _, x := range strings.Split(s[1:end], ",") {
		subs = append(subs, displayName(strings.TrimSuffix(strings.TrimSpace(x), "!")))
	}
	return subs, s[end+1:], true
}
