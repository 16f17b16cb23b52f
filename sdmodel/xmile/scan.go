package xmile

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// scanTree reads a well-formed UTF-8 document in one pass over its bytes,
// into the tree that decodeTree (encoding/xml) builds, several times faster
// and with a few allocations in all: names, attribute values and character
// data are substrings of one copy of the document, unless an entity or a
// carriage return has to be replaced; elements, attributes and child lists
// come from slabs sized by counting '<' and '='.
//
// It reads what XMILE files hold: elements, attributes in either quote,
// the five predefined entities and character references, CDATA sections,
// comments, processing instructions and namespace prefixes. It reports
// false, and the caller falls back to encoding/xml, for anything else or
// anything in doubt: a DOCTYPE, an encoding other than UTF-8, a name
// outside ASCII, an unknown entity, malformed or mismatched markup. The
// fallback gives the same tree, or the warning or error that the file
// deserves (FuzzScanTree checks the two agree).
func scanTree(data []byte) (*element, bool) {
	root, ok, _ := scan(data, nil)
	return root, ok
}

// streamFunc takes a variable element of <xmile><model><variables> that
// has just closed, with the root and its ancestors, and reports whether it
// read it (see streamVar).
type streamFunc func(root, model, variables, e *element) bool

// scan is scanTree handing the model's variables to stream, when not nil,
// rather than keeping them in the tree. whole is false when stream gave up
// (returned false): the tree then lacks the variables it took.
func scan(data []byte, stream streamFunc) (root *element, ok, whole bool) {
	// The tree's strings share data's bytes rather than a copy: parseTree
	// owns data and never changes it.
	s := &scanner{doc: unsafe.String(unsafe.SliceData(data), len(data)), line: 1, stream: stream}
	root, ok = s.tree()
	return root, ok, !s.gaveUp
}

// scanner is the state of one scanTree.
type scanner struct {
	doc    string
	line   int // line of doc[lineAt]
	lineAt int
	elems  []element  // slab the elements come from
	attrs  []xattr    // slab the attribute lists come from
	kids   []*element // slab the child lists come from
	open   []frame    // elements not yet closed, innermost last
	queue  []*element // children of the open elements, in order
	texts  []string   // further pieces of text of the open elements, in order
	pieces []string   // slab the lists of further pieces come from, grown as needed: they are rare
	ns     []binding  // namespace prefixes declared by the open elements
	buf    []byte     // character data being decoded
	spaces spaces     // the elements' namespaces
	lowers []string   // names written in capitals, and their lower case: pairs
	nelems int
	stream streamFunc // nil: keep every element in the tree
	gaveUp bool       // stream returned false
	reused int        // elements given back by stream, whose slots served again
}

// frame is an open element.
type frame struct {
	e      *element
	raw    string // name as written, for the end tag
	kids   int    // where its children start in queue
	texts  int    // where its further pieces of text start in texts
	nsMark int    // bindings to drop when it closes
	// Where the element and what follows it start in the slabs, so that a
	// streamed variable's space serves the next one.
	at, attrAt, kidAt, pieceAt int
	streamed                   bool // children of it were streamed out: it had child elements
}

// binding is a namespace prefix ("" for the default namespace) declared by xmlns.
type binding struct {
	prefix, uri string
}

const xmlURL = "http://www.w3.org/XML/1998/namespace"

func (s *scanner) tree() (*element, bool) {
	doc := s.doc
	// Every element starts with '<' and most end tags with "</": their
	// difference bounds the number of elements; '=' bounds the attributes.
	nel := strings.Count(doc, "<") - strings.Count(doc, "</")
	if nel > maxElements {
		return nil, false
	}
	// Capped, so that markup characters in comments or equations cannot
	// make a large block for nothing; a full slab is followed by another.
	const maxSlab = 1 << 16
	nel = min(max(nel, 1), maxSlab)
	nattrs := min(strings.Count(doc, "="), maxSlab)
	if s.stream != nil {
		// The variables, most of the elements, are streamed out and their
		// space reused: the tree keeps the rest.
		nel, nattrs = min(nel, 256), min(nattrs, 256)
	}
	s.elems = make([]element, 0, nel)
	s.attrs = make([]xattr, 0, nattrs)
	s.kids = make([]*element, 0, nel)
	s.open = make([]frame, 0, 16)
	var root *element
	i := 0
	for i < len(doc) {
		if doc[i] != '<' {
			end := strings.IndexByte(doc[i:], '<')
			if end < 0 {
				end = len(doc)
			} else {
				end += i
			}
			text, ok := s.chars(doc[i:end], charText)
			if !ok {
				return nil, false
			}
			s.addText(text)
			i = end
			continue
		}
		if i+1 >= len(doc) {
			return nil, false
		}
		var ok bool
		switch doc[i+1] {
		case '/':
			i, ok = s.endTag(i)
		case '?':
			i, ok = s.procInst(i)
		case '!':
			i, ok = s.bang(i)
		default:
			var e *element
			e, i, ok = s.startTag(i)
			if ok && e != nil && root == nil {
				root = e
			}
		}
		if !ok {
			return nil, false
		}
	}
	if root == nil || len(s.open) > 0 {
		return nil, false
	}
	return root, true
}

// addText adds a piece of character data to the innermost open element,
// as openElem.addText does, without a slice of its own for each element
// whose text is split.
func (s *scanner) addText(text string) {
	if len(s.open) == 0 || text == "" {
		return
	}
	f := &s.open[len(s.open)-1]
	if (len(s.queue) > f.kids || f.streamed) && blank(text) {
		return // indentation between child elements
	}
	if f.e.chars == "" && len(s.texts) == f.texts {
		f.e.chars = text
		return
	}
	s.texts = append(s.texts, text)
}

// lower is strings.ToLower(name), made once for each name written in
// capitals (older files write <Model>, <Stock>) rather than for every element.
func (s *scanner) lower(name string) string {
	if !hasUpper(name) {
		return name
	}
	for k := 0; k < len(s.lowers); k += 2 {
		if s.lowers[k] == name {
			return s.lowers[k+1]
		}
	}
	low := strings.ToLower(name)
	if len(s.lowers) < 64 {
		s.lowers = append(s.lowers, name, low)
	}
	return low
}

func hasUpper(name string) bool {
	for i := 0; i < len(name); i++ {
		if 'A' <= name[i] && name[i] <= 'Z' {
			return true
		}
	}
	return false
}

// lineOf is the line of doc[i]; i never decreases from one call to the next.
func (s *scanner) lineOf(i int) int {
	s.line += strings.Count(s.doc[s.lineAt:i], "\n")
	s.lineAt = i
	return s.line
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func (s *scanner) skipSpace(i int) int {
	for i < len(s.doc) && isSpace(s.doc[i]) {
		i++
	}
	return i
}

// isNameByte is encoding/xml's: the ASCII bytes that continue a name.
func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// name reads an ASCII name at i and returns it and the index after it.
func (s *scanner) name(i int) (string, int, bool) {
	doc := s.doc
	if i >= len(doc) {
		return "", i, false
	}
	c := doc[i]
	if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') {
		return "", i, false
	}
	j := i + 1
	for j < len(doc) && isNameByte(doc[j]) {
		j++
	}
	if j >= len(doc) || doc[j] >= utf8.RuneSelf {
		return "", i, false // a name going on in non-ASCII characters
	}
	return doc[i:j], j, true
}

// split splits a name at its colon as encoding/xml does; false for more than one.
func split(raw string) (space, local string, ok bool) {
	k := strings.IndexByte(raw, ':')
	if k < 0 {
		return "", raw, true
	}
	if strings.IndexByte(raw[k+1:], ':') >= 0 {
		return "", "", false
	}
	if k == 0 || k == len(raw)-1 {
		return "", raw, true
	}
	return raw[:k], raw[k+1:], true
}

func (s *scanner) lookupNS(prefix string) (string, bool) {
	for k := len(s.ns) - 1; k >= 0; k-- {
		if s.ns[k].prefix == prefix {
			return s.ns[k].uri, true
		}
	}
	return "", false
}

// translate resolves a name's prefix to its namespace as encoding/xml's
// Decoder.translate does (with an empty DefaultSpace).
func (s *scanner) translate(space, local string, element bool) string {
	switch {
	case space == "xmlns":
		return space
	case space == "" && !element:
		return space
	case space == "xml":
		space = xmlURL
	case space == "" && local == "xmlns":
		return space
	}
	if v, ok := s.lookupNS(space); ok {
		return v
	}
	return space
}

// startTag reads <name attr="value" ...> or <name .../> at i.
func (s *scanner) startTag(i int) (*element, int, bool) {
	doc := s.doc
	raw, k, ok := s.name(i + 1)
	if !ok {
		return nil, i, false
	}
	space, local, ok := split(raw)
	if !ok {
		return nil, i, false
	}
	a0 := len(s.attrs)
	empty := false
	for {
		k = s.skipSpace(k)
		if k >= len(doc) {
			return nil, i, false
		}
		if c := doc[k]; c == '>' {
			k++
			break
		} else if c == '/' {
			if k+1 >= len(doc) || doc[k+1] != '>' {
				return nil, i, false
			}
			k += 2
			empty = true
			break
		}
		araw, j, ok := s.name(k)
		if !ok {
			return nil, i, false
		}
		aspace, alocal, ok := split(araw)
		if !ok {
			return nil, i, false
		}
		j = s.skipSpace(j)
		if j >= len(doc) || doc[j] != '=' {
			return nil, i, false
		}
		j = s.skipSpace(j + 1)
		if j >= len(doc) || doc[j] != '"' && doc[j] != '\'' {
			return nil, i, false
		}
		end := strings.IndexByte(doc[j+1:], doc[j])
		if end < 0 {
			return nil, i, false
		}
		vraw := doc[j+1 : j+1+end]
		if strings.IndexByte(vraw, '<') >= 0 {
			return nil, i, false
		}
		value, ok := s.chars(vraw, charAttr)
		if !ok {
			return nil, i, false
		}
		s.attrs = append(s.attrs, xattr{space: aspace, local: alocal, value: value})
		k = j + 1 + end + 1
	}

	if len(s.open) >= maxDepth {
		return nil, i, false
	}
	if len(s.open) == 0 && s.nelems > 0 {
		return nil, i, false // a second root element
	}
	s.nelems++
	if s.nelems > maxElements {
		return nil, i, false
	}
	attrs := s.attrs[a0:len(s.attrs):len(s.attrs)]
	if len(attrs) == 0 {
		attrs = nil
	}
	nsMark := len(s.ns)
	for _, a := range attrs {
		if a.space == "xmlns" {
			s.ns = append(s.ns, binding{a.local, a.value})
		}
		if a.space == "" && a.local == "xmlns" {
			s.ns = append(s.ns, binding{"", a.value})
		}
	}
	for n := range attrs {
		attrs[n].space = s.translate(attrs[n].space, attrs[n].local, false)
	}
	if len(s.elems) == cap(s.elems) {
		s.elems = make([]element, 0, max(64, (s.nelems-s.reused)/4)) // the count was short: a new slab
	}
	// Fields set one by one in the zeroed slab: a struct copy would go
	// through the write barriers of every field while the GC runs.
	s.elems = s.elems[:len(s.elems)+1]
	e := &s.elems[len(s.elems)-1]
	e.name = s.lower(local)
	e.space = s.spaces.intern(s.translate(space, local, true))
	e.setAttrs(attrs)
	e.line = int32(s.lineOf(i)) // files are at most MaxFileSize bytes
	if len(s.open) > 0 {
		s.queue = append(s.queue, e)
	}
	if empty {
		s.ns = s.ns[:nsMark]
		if s.stream != nil && len(s.open) == 3 {
			s.offer(frame{e: e, at: len(s.elems) - 1, attrAt: a0, kidAt: len(s.kids), pieceAt: len(s.pieces)})
		}
		return e, k, true
	}
	s.open = append(s.open, frame{e: e, raw: raw, kids: len(s.queue), texts: len(s.texts), nsMark: nsMark,
		at: len(s.elems) - 1, attrAt: a0, kidAt: len(s.kids), pieceAt: len(s.pieces)})
	return e, k, true
}

// endTag reads </name> at i, which must close the innermost open element.
func (s *scanner) endTag(i int) (int, bool) {
	raw, k, ok := s.name(i + 2)
	if !ok || len(s.open) == 0 {
		return i, false
	}
	k = s.skipSpace(k)
	if k >= len(s.doc) || s.doc[k] != '>' {
		return i, false
	}
	f := s.open[len(s.open)-1]
	if f.raw != raw {
		return i, false // mismatched: encoding/xml recovers and warns
	}
	s.open = s.open[:len(s.open)-1]
	if kids := s.queue[f.kids:]; len(kids) > 0 {
		a := len(s.kids)
		s.kids = append(s.kids, kids...)
		f.e.setChildren(s.kids[a:])
		s.queue = s.queue[:f.kids]
	}
	if more := s.texts[f.texts:]; len(more) > 0 {
		a := len(s.pieces)
		s.pieces = append(s.pieces, more...)
		f.e.setMore(s.pieces[a:])
		s.texts = s.texts[:f.texts]
	}
	s.ns = s.ns[:f.nsMark]
	if s.stream != nil && len(s.open) == 3 {
		s.offer(f)
	}
	return k + 1, true
}

// offer hands the element f has just closed to stream when it is a
// variable of <xmile><model><variables> (all in the root's namespace, the
// model's first <variables>), and gives its space back when stream took it.
func (s *scanner) offer(f frame) {
	e := f.e
	switch e.name {
	case "stock", "flow", "aux", "gf", "module":
	default:
		return
	}
	root, model, vars := s.open[0].e, s.open[1].e, s.open[2].e
	if root.name != "xmile" || model.name != "model" || vars.name != "variables" {
		return
	}
	ns := root.ns()
	kept := func(x *element) bool { return x.space == nil || x.ns() == ns } // as keepNS
	if !kept(e) || !kept(model) || !kept(vars) {
		return // dropped with its namespace
	}
	for _, c := range s.queue[s.open[1].kids:] {
		if c.name == "variables" && kept(c) {
			if c != vars {
				return // not read: readModel reads the first
			}
			break
		}
	}
	if !s.stream(root, model, vars, e) {
		s.stream, s.gaveUp = nil, true
		return
	}
	s.queue = s.queue[:len(s.queue)-1] // e, the last child of vars
	s.open[2].streamed = true
	if f.at < len(s.elems) && &s.elems[f.at] == e { // not when e's subtree filled its slab
		s.reused += len(s.elems) - f.at
		clear(s.elems[f.at:]) // startTag sets only some fields
		s.elems = s.elems[:f.at]
	}
	s.attrs, s.kids, s.pieces = s.attrs[:f.attrAt], s.kids[:f.kidAt], s.pieces[:f.pieceAt]
}

// procInst skips <?target ...?>; the XML declaration must declare
// version 1.0 (or none) and UTF-8 (or no encoding).
func (s *scanner) procInst(i int) (int, bool) {
	target, k, ok := s.name(i + 2)
	if !ok {
		return i, false
	}
	k = s.skipSpace(k)
	end := strings.Index(s.doc[k:], "?>")
	if end < 0 {
		return i, false
	}
	if target == "xml" {
		content := s.doc[k : k+end]
		if v := procInstParam("version", content); v != "" && v != "1.0" {
			return i, false
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return i, false
		}
	}
	return k + end + 2, true
}

// procInstParam is encoding/xml's procInst: the value of param="..." in
// the text of a processing instruction, or "".
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang reads a comment or a CDATA section at i; other <! markup (a
// DOCTYPE) is left to encoding/xml.
func (s *scanner) bang(i int) (int, bool) {
	doc := s.doc[i:]
	switch {
	case strings.HasPrefix(doc, "<!--"):
		// As encoding/xml: the first "--" must end the comment.
		end := strings.Index(doc[4:], "--")
		if end < 0 || 4+end+2 >= len(doc) || doc[4+end+2] != '>' {
			return i, false
		}
		return i + 4 + end + 3, true
	case strings.HasPrefix(doc, "<![CDATA["):
		end := strings.Index(doc[9:], "]]>")
		if end < 0 {
			return i, false
		}
		text, ok := s.chars(doc[9:9+end], charCDATA)
		if !ok {
			return i, false
		}
		s.addText(text)
		return i + 9 + end + 3, true
	}
	return i, false
}

// Kinds of character data, which encoding/xml checks differently.
const (
	charText  = iota // between tags: entities, and "]]>" is an error
	charAttr         // an attribute value: entities
	charCDATA        // inside <![CDATA[ ]]>: no entities
)

// chars checks and decodes character data as encoding/xml does: entities
// replaced, "\r\n" and "\r" read as "\n", and every character valid UTF-8
// in the XML character range. It returns raw itself when nothing is
// replaced, and false for anything encoding/xml would reject or keep
// undecoded (an unknown entity).
func (s *scanner) chars(raw string, kind int) (string, bool) {
	plain := true
	for k := 0; k < len(raw); k++ {
		c := raw[k]
		switch {
		case c >= 0x20 && c < utf8.RuneSelf:
			if c == '&' && kind != charCDATA {
				plain = false
			} else if c == '>' && kind == charText && k >= 2 && raw[k-2] == ']' && raw[k-1] == ']' {
				return "", false // "]]>" outside CDATA
			}
		case c == '\n' || c == '\t':
		case c == '\r':
			plain = false
		case c < 0x20:
			return "", false
		default:
			r, w := utf8.DecodeRuneInString(raw[k:])
			if r == utf8.RuneError && w == 1 || !inCharRange(r) {
				return "", false
			}
			k += w - 1
		}
	}
	if plain {
		return raw, true
	}
	b := s.buf[:0]
	var prev byte
	for k := 0; k < len(raw); {
		c := raw[k]
		switch {
		case c == '&' && kind != charCDATA:
			text, w, ok := entity(raw[k:])
			if !ok {
				return "", false
			}
			b = append(b, text...)
			k += w
			prev = 0
			continue
		case c == '\r':
			b = append(b, '\n')
		case c == '\n' && prev == '\r':
		default:
			b = append(b, c)
		}
		prev = c
		k++
	}
	s.buf = b
	return string(b), true
}

// entity decodes the entity at the start of s ("&lt;", "&#x3C;") and
// returns its text and length.
func entity(s string) (string, int, bool) {
	for _, e := range [...]struct{ name, text string }{
		{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&apos;", "'"}, {"&quot;", `"`},
	} {
		if strings.HasPrefix(s, e.name) {
			return e.text, len(e.name), true
		}
	}
	if len(s) < 2 || s[1] != '#' {
		return "", 0, false
	}
	k, base := 2, 10
	if k < len(s) && s[k] == 'x' {
		k, base = 3, 16
	}
	start := k
	for k < len(s) && ('0' <= s[k] && s[k] <= '9' || base == 16 && ('a' <= s[k] && s[k] <= 'f' || 'A' <= s[k] && s[k] <= 'F')) {
		k++
	}
	if k >= len(s) || s[k] != ';' {
		return "", 0, false
	}
	n, err := strconv.ParseUint(s[start:k], base, 64)
	if err != nil || n > unicode.MaxRune {
		return "", 0, false
	}
	text := string(rune(n))
	if r, _ := utf8.DecodeRuneInString(text); !inCharRange(r) {
		return "", 0, false
	}
	return text, k + 1, true
}

// inCharRange is the Char production of XML 1.0, as encoding/xml checks it.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
