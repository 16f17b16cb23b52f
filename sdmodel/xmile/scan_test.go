package xmile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dumpTree prints a tree with everything the reader looks at: names,
// namespaces, attributes, character data and lines.
func dumpTree(e *element) string {
	var b strings.Builder
	var walk func(e *element, depth int)
	walk = func(e *element, depth int) {
		fmt.Fprintf(&b, "%*s<%s space=%q line=%d", 2*depth, "", e.name, e.ns(), e.line)
		for _, a := range e.attrs() {
			fmt.Fprintf(&b, " %q:%q=%q", a.space, a.local, a.value)
		}
		fmt.Fprintf(&b, "> %q\n", e.text())
		for _, c := range e.children() {
			walk(c, depth+1)
		}
	}
	walk(e, 0)
	return b.String()
}

// checkScan requires scanTree to agree with encoding/xml (decodeTree) on
// data whenever it reads it, and reports whether it did.
func checkScan(t *testing.T, data []byte) bool {
	t.Helper()
	fast, ok := scanTree(data)
	if !ok {
		return false
	}
	var warnings []string
	slow, err := decodeTree(data, func(line int, format string, args ...any) {
		warnings = append(warnings, fmt.Sprintf(format, args...))
	})
	require.NoError(t, err, "scanTree read a document that encoding/xml rejects")
	require.Empty(t, warnings, "scanTree read a document that encoding/xml warns about")
	require.Equal(t, dumpTree(slow), dumpTree(fast))
	return true
}

func TestScanTreeMatchesEncodingXML(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		fast      bool // read by scanTree, not left to encoding/xml
	}{
		{"teacup", teacup, true},
		{"entities", `<xmile><eqn>a &lt; b &amp;&amp; c &gt; d &apos;&quot; &#60; &#x3C;&#x3c; &#233;</eqn></xmile>`, true},
		{"CDATA", "<xmile><eqn>a<![CDATA[ < b & ]] ]]> + c</eqn></xmile>", true},
		{"comments and PIs split text", "<?xml version='1.0'?>\n<xmile><!-- c - d --><eqn>a <!-- x -->+ b<?pi data?> + c</eqn><!----></xmile>", true},
		{"either quote", `<xmile a='x "y"' b="it's" c = "1"d='2'><e/></xmile>`, true},
		{"entities in attributes", `<xmile name="a&amp;b &lt;c&gt; ]]>"/>`, true},
		{"CR LF", "<xmile>\r\n<eqn>a\r\n+\rb</eqn>\r\n<eqn>\r</eqn></xmile>", true},
		{"attribute CR LF", "<xmile a=\"x\r\ny\rz\"/>", true},
		{"namespaces", `<xmile xmlns="urn:x" xmlns:isee="urn:i"><isee:prefs isee:a="1" xml:lang="en"/><model xmlns="urn:y"><p:q/></model><xmlns/><a xmlns:isee="urn:j"><isee:b/></a><isee:c/></xmile>`, true},
		{"odd prefixes", `<xmile><:a/><b:/><c:d e:="1" :f="2"/></xmile>`, true},
		{"UTF-8 declared", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmile><aux name=\"Größe\"><eqn>1</eqn></aux></xmile>", true},
		{"text around the root", " \n<?xml version=\"1.0\"?>\n<!-- head -->\n<xmile/>\n<!-- tail -->\n", true},
		{"tab and spaces in tags", "<xmile\n\ta=\"1\"\t/>", true},
		{"upper case names", `<XMILE><Model Name="M"/></XMILE>`, true},
		{"mixed content", "<xmile> a <b/> <c/>\n d<![CDATA[ ]]><!-- x --> &#32;<e/>  \n</xmile>", true},

		{"Latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><xmile><aux name=\"Gr\xf6\xdfe\"/></xmile>", false},
		{"DOCTYPE", `<!DOCTYPE xmile [<!ENTITY a "b">]><xmile>&a;</xmile>`, false},
		{"unknown entity", `<xmile>&nbsp;</xmile>`, false},
		{"entity without semicolon", `<xmile>&amp</xmile>`, false},
		{"bad character reference", `<xmile>&#0;</xmile>`, false},
		{"unclosed element", `<xmile><model><aux name="a"><eqn>1</eqn></model></xmile>`, false},
		{"unquoted attribute", `<xmile a=1/>`, false},
		{"attribute without value", `<xmile a/>`, false},
		{"< in attribute", `<xmile a="<"/>`, false},
		{"]]> in text", `<xmile>]]></xmile>`, false},
		{"invalid UTF-8", "<xmile>\xff</xmile>", false},
		{"control character", "<xmile>\x01</xmile>", false},
		{"non-ASCII name", `<xmile><größe/></xmile>`, false},
		{"two roots", `<a/><b/>`, false},
		{"no root", `<!-- nothing -->`, false},
		{"not closed", `<xmile><model>`, false},
		{"end tag without start", `</xmile>`, false},
		{"two colons", `<a:b:c/>`, false},
		{"double hyphen in comment", `<xmile><!-- a -- b --></xmile>`, false},
		{"version 2", `<?xml version="2.0"?><xmile/>`, false},
		{"truncated", `<xmile><eqn>1</eq`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.fast, checkScan(t, []byte(tc.doc)))
		})
	}
}

// TestBlanksAfterChildrenDropped checks what both readers keep of an
// element's text: everything before its first child element, and after it
// every piece that is not only blanks.
func TestBlanksAfterChildrenDropped(t *testing.T) {
	doc := []byte("<xmile>\n a <b/> <c/> d<![CDATA[ ]]>e<e/>\n</xmile>")
	fast, ok := scanTree(doc)
	require.True(t, ok)
	slow, err := decodeTree(doc, func(int, string, ...any) {})
	require.NoError(t, err)
	for _, root := range []*element{fast, slow} {
		assert.Equal(t, "\n a  de", root.text())
		assert.Len(t, root.children(), 3)
	}
}

// TestElementSize keeps the element small: a large model has tens of
// thousands of them, and their bytes are most of what reading it costs.
func TestElementSize(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(element{}), uintptr(80))
}

// TestCapitalNamesLoweredOnce checks that names written in capitals cost
// no allocation per element.
func TestCapitalNamesLoweredOnce(t *testing.T) {
	doc := func(open, close string) []byte {
		return []byte("<xmile>" + strings.Repeat(open+"1"+close, 500) + "</xmile>")
	}
	lower, upper := doc("<aux>", "</aux>"), doc("<Aux>", "</Aux>")
	allocs := func(d []byte) float64 { return testing.AllocsPerRun(5, func() { scanTree(d) }) }
	assert.Equal(t, allocs(lower)+2, allocs(upper)) // the lower-case name and the table of names
	root, ok := scanTree(upper)
	require.True(t, ok)
	assert.Equal(t, "aux", root.children()[499].name)
}

// TestManyNamespaces reads more distinct namespaces than are shared.
func TestManyNamespaces(t *testing.T) {
	var b strings.Builder
	b.WriteString("<xmile>")
	for i := range 40 {
		fmt.Fprintf(&b, `<a xmlns="urn:%d"><b/></a><c/>`, i%20)
	}
	b.WriteString("</xmile>")
	require.True(t, checkScan(t, []byte(b.String())))
}

// TestScanTreeLargeDocument reads more elements and attributes than the
// first slabs hold.
func TestScanTreeLargeDocument(t *testing.T) {
	var b strings.Builder
	b.WriteString("<xmile><model><variables>")
	for i := range 40000 {
		fmt.Fprintf(&b, "<aux name=\"a%d\" x=\"1\"><eqn>%d</eqn></aux>\n", i, i)
	}
	b.WriteString("</variables></model></xmile>")
	require.True(t, checkScan(t, []byte(b.String())))
}

// TestScanTreeReadsTheSuite checks that the conformance models and the
// benchmark model take the fast path, and agree with encoding/xml there.
func TestScanTreeReadsTheSuite(t *testing.T) {
	var files []string
	for _, pattern := range []string{"*.xmile", "*.stmx", "*.itmx"} {
		found, err := filepath.Glob("../conformance/testdata/test-models/*/*/" + pattern)
		require.NoError(t, err)
		files = append(files, found...)
	}
	files = append(files, "../conformance/testdata/bench/large.xmile")
	require.Greater(t, len(files), 80)
	var slow []string
	for _, p := range files {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		if !checkScan(t, trimBOM(data)) {
			slow = append(slow, filepath.Base(p))
		}
	}
	// Only the two files with an element left unclosed (<flow> without
	// </flow>) are left to encoding/xml, which reads them with a warning.
	assert.ElementsMatch(t, []string{"test_non_negative_flows.xmile", "test_non_negative_flows_behavior.xmile"}, slow)
}

// FuzzScanTree is the differential test of scanTree against encoding/xml:
// on any input that scanTree reads, the two trees must be equal.
//
//	go test ./sdmodel/xmile -run '^$' -fuzz FuzzScanTree -fuzztime 3m
func FuzzScanTree(f *testing.F) {
	for _, seed := range []string{
		teacup, hares, viewsDoc, arrayFile,
		`<xmile><eqn>a &lt; b &amp;&amp; c &#x3C; &#233;</eqn></xmile>`,
		"<xmile>a<![CDATA[ < b & ]]> + c<!-- x --><?p q?></xmile>",
		`<xmile xmlns="urn:x" xmlns:isee="urn:i"><isee:prefs isee:a='1' xml:lang="en"/><p:q/></xmile>`,
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<xmile a=\"x\r\ny\">\r\n</xmile>",
		`<!DOCTYPE xmile><xmile/>`,
		"<XMILE> a <Model/> <model/>\n b<![CDATA[ ]]><MODEL a='1'/> </XMILE>",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkScan(t, data)
	})
}
