package xmile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/sdlessons/trafficking/sdmodel/internal/readall"
	"golang.org/x/text/encoding/charmap"
)

// Limits that keep hostile or broken files from exhausting memory or time.
const (
	// MaxFileSize is the largest XMILE document read, in bytes.
	MaxFileSize = 64 << 20
	maxDepth    = 256     // XML element nesting
	maxElements = 4 << 20 // elements in one document
)

// element is one XML element of the document, kept with its line number so
// that errors can point into the file. Names are compared without their
// namespace: XMILE files in the wild declare several namespaces (or none).
//
// The attribute, child and text lists are a pointer to their first item
// and a length, not slices: a document holds thousands of elements, and
// three slice headers would be a third of each one. The items live in
// slabs that the pointers keep alive.
type element struct {
	name   string  // local name, lower case
	space  *string // namespace as encoding/xml reports it, nil for none; see ns
	chars  string  // character data: the first piece (blanks after a child element are dropped)
	attr0  *xattr
	kid0   **element
	more0  *string // further pieces, where comments, CDATA or child elements split the text
	line   int32
	nattrs int32
	nkids  int32
	nmore  int32
}

// xattr is an attribute, its name split and translated as encoding/xml does.
type xattr struct {
	space, local, value string
}

// span returns the list of n items starting at p.
func span[T any](p *T, n int32) []T {
	if n == 0 {
		return nil
	}
	return unsafe.Slice(p, n)
}

// first returns a list's first item and length, for span.
func first[T any](list []T) (*T, int32) {
	if len(list) == 0 {
		return nil, 0
	}
	return &list[0], int32(len(list))
}

// ns is the element's namespace, as encoding/xml reports it.
func (e *element) ns() string {
	if e.space == nil {
		return ""
	}
	return *e.space
}

// spaces are the namespaces of a document's elements, each kept once: a
// pointer in each element costs half a string.
type spaces []*string

// intern returns the shared copy of a namespace, nil for none.
func (t *spaces) intern(space string) *string {
	if space == "" {
		return nil
	}
	for _, p := range *t {
		if *p == space {
			return p
		}
	}
	p := new(string) // not &space, which would move every call's argument to the heap
	*p = space
	if len(*t) < 16 { // files use a few; a hostile one gets a copy per element
		*t = append(*t, p)
	}
	return p
}

// attrs are the element's attributes, in document order.
func (e *element) attrs() []xattr { return span(e.attr0, e.nattrs) }

// children are the element's child elements, in document order.
func (e *element) children() []*element { return span(e.kid0, e.nkids) }

// more are the pieces of character data after the first.
func (e *element) more() []string { return span(e.more0, e.nmore) }

func (e *element) setAttrs(a []xattr)       { e.attr0, e.nattrs = first(a) }
func (e *element) setChildren(c []*element) { e.kid0, e.nkids = first(c) }
func (e *element) setMore(m []string)       { e.more0, e.nmore = first(m) }

// text is the element's character data, all pieces joined (without the
// blanks after a child element).
func (e *element) text() string {
	if e.nmore == 0 {
		return e.chars
	}
	return e.chars + strings.Join(e.more(), "")
}

// openElem is an element that decodeTree has not closed yet, with its lists
// growing as slices until it closes.
type openElem struct {
	e    *element
	kids []*element
	more []string
}

// addText appends a piece of character data. Blanks after a child
// element are dropped: they are the indentation of the children, which no
// reader looks at, and keeping them would cost a piece per child.
func (o *openElem) addText(s string) {
	switch {
	case s == "":
	case len(o.kids) > 0 && blank(s):
	case o.e.chars == "" && len(o.more) == 0:
		o.e.chars = s
	default:
		o.more = append(o.more, s)
	}
}

// blank reports whether s is only XML white space.
func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
}

// close sets the element's lists.
func (o *openElem) close() {
	o.e.setChildren(o.kids)
	o.e.setMore(o.more)
}

// attr returns the value of the attribute with that local name (any namespace), or "".
func (e *element) attr(name string) string {
	v, _ := e.lookupAttr(name)
	return v
}

func (e *element) lookupAttr(name string) (string, bool) {
	for _, a := range e.attrs() {
		if strings.EqualFold(a.local, name) {
			return a.value, true
		}
	}
	return "", false
}

// child returns the first child element with that name, or nil.
func (e *element) child(name string) *element {
	for _, c := range e.children() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// all returns the child elements with that name.
func (e *element) all(name string) []*element {
	var out []*element
	for _, c := range e.children() {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// count is the number of child elements with that name.
func (e *element) count(name string) int {
	n := 0
	for _, c := range e.children() {
		if c.name == name {
			n++
		}
	}
	return n
}

// childText is the trimmed text of the first child of that name, and whether it exists.
func (e *element) childText(name string) (string, bool) {
	c := e.child(name)
	if c == nil {
		return "", false
	}
	return strings.TrimSpace(c.text()), true
}

// parseTree reads a whole XML document into a tree of elements. Malformed
// nesting (an element closed by its parent's end tag) is recovered from, as
// tools that read XMILE do; the recovery is reported through warn.
//
// stream, when not nil, takes each variable element of the root's models
// as it closes (see streamVar); reset is called when what stream read is
// not the file's reading, because the file is scanned again.
func parseTree(r io.Reader, warn func(line int, format string, args ...any), stream streamFunc, reset func()) (*element, error) {
	data, err := readall.Bounded(r, MaxFileSize)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file larger than %d MiB", MaxFileSize>>20)
	}
	data = trimBOM(data)
	root, ok, whole := scan(data, stream)
	if stream != nil && !(ok && whole) {
		reset()
		if ok { // streaming gave up: scan the whole tree
			root, ok, _ = scan(data, nil)
		}
	}
	if ok {
		return root, nil
	}
	return decodeTree(data, warn)
}

// trimBOM drops a UTF-8 byte order mark.
func trimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }

// decodeTree reads a document with encoding/xml, which also recovers from
// unclosed elements, reads Latin-1 and reports malformed XML precisely.
// scanTree gives the same tree for the documents it reads; the others come
// here.
func decodeTree(data []byte, warn func(line int, format string, args ...any)) (*element, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false // recover from unclosed elements; unknown entities stay as text
	dec.AutoClose = nil
	dec.CharsetReader = charsetReader

	var root *element
	var stack []openElem
	var spaces spaces
	count := 0
	for {
		// Character data is a token of its own, so the position before a
		// start tag is the line of its "<".
		line, _ := dec.InputPos()
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("line %d: malformed XML: %s", se.Line, se.Msg)
			}
			return nil, fmt.Errorf("line %d: malformed XML: %v", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxElements {
				return nil, fmt.Errorf("line %d: too many XML elements (more than %d)", line, maxElements)
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("line %d: XML nested more than %d deep", line, maxDepth)
			}
			attrs := make([]xattr, len(t.Attr))
			for i, a := range t.Attr {
				attrs[i] = xattr{space: a.Name.Space, local: a.Name.Local, value: a.Value}
			}
			e := &element{name: strings.ToLower(t.Name.Local), space: spaces.intern(t.Name.Space), line: int32(line)}
			e.setAttrs(attrs)
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("line %d: more than one root element", e.line)
				}
				root = e
			} else {
				p := &stack[len(stack)-1]
				p.kids = append(p.kids, e)
			}
			stack = append(stack, openElem{e: e})
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("line %d: malformed XML: unexpected end tag </%s>", line, t.Name.Local)
			}
			top := stack[len(stack)-1].e
			// On a mismatched end tag the non-strict decoder reports the open
			// element as closed and then repeats the end tag for the parent:
			// compare with the end tag actually written.
			if written, ok := endTagName(data[before:dec.InputOffset()]); ok && !strings.EqualFold(written, top.name) {
				warn(int(top.line), "element <%s> is not closed; read as closed before </%s>", top.name, written)
			}
			stack[len(stack)-1].close()
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].addText(string(t))
			}
		}
	}
	if root == nil {
		return nil, errors.New("no XML element found")
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1].e
		return nil, fmt.Errorf("line %d: malformed XML: element <%s> not closed at end of file", top.line, top.name)
	}
	return root, nil
}

// endTagName returns the local name of the end tag in raw, if raw holds one.
func endTagName(raw []byte) (string, bool) {
	i := bytes.Index(raw, []byte("</"))
	if i < 0 {
		return "", false
	}
	name := raw[i+2:]
	if j := bytes.IndexAny(name, " \t\r\n>"); j >= 0 {
		name = name[:j]
	}
	if j := bytes.LastIndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	return string(name), true
}

// charsetReader accepts the encodings XMILE files declare: UTF-8 and, from
// older tools, ISO-8859-1 / Windows-1252 (read as Latin-1).
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252":
		data, err := io.ReadAll(input)
		if err != nil {
			return nil, err
		}
		// Files labelled Latin-1 are sometimes UTF-8 already: keep those as they are.
		if !utf8.Valid(data) {
			dec := charmap.ISO8859_1
			if strings.Contains(strings.ToLower(label), "1252") {
				dec = charmap.Windows1252
			}
			if data, err = dec.NewDecoder().Bytes(data); err != nil {
				return nil, err
			}
		}
		return bytes.NewReader(data), nil
	}
	return nil, fmt.Errorf("unsupported character encoding %q (use UTF-8)", label)
}
