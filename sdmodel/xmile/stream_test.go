package xmile

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// streamCases are files whose variables are not laid out plainly, or whose
// problems are found while streaming.
var streamCases = map[string]string{
	"behaviour after the variables": `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables>
<stock name="s"><eqn>1</eqn><outflow>f</outflow></stock><flow name="f"><eqn>2</eqn></flow><stock name="t"><eqn>1</eqn><non_negative>false</non_negative></stock>
</variables><behavior><non_negative/></behavior></model></xmile>`,
	"variable inside another":    wrap(`<aux name="a"><eqn>1</eqn><aux name="b"><eqn>2</eqn></aux></aux><aux name="c"><eqn>a + b</eqn></aux>`),
	"named gf inside a variable": wrap(`<aux name="a"><eqn>g(1)</eqn><gf name="g"><xpts>0,1</xpts><ypts>0,1</ypts></gf></aux>`),
	"two variables lists": `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><aux name="a"><eqn>1</eqn></aux></variables>
<variables><aux name="b"><eqn>2</eqn></aux></variables></model></xmile>`,
	"empty first variables list": `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables/>
<variables><aux name="b"><eqn>2</eqn></aux></variables></model></xmile>`,
	"variables outside the list": `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><aux name="x"><eqn>3</eqn></aux><variables><aux name="a"><eqn>1</eqn></aux></variables></model></xmile>`,
	"legacy model":               `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><aux name="a"><eqn>1</eqn></aux></model></xmile>`,
	"other namespaces": `<xmile xmlns="x" xmlns:v="vendor"><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables>
<v:aux name="a"><eqn>1</eqn></v:aux><aux name="a"><eqn>2</eqn><v:note>n</v:note></aux><aux name="b" v:x="1"><eqn>a</eqn></aux></variables></model>
<v:model><variables><aux name="z"><eqn>1</eqn></aux></variables></v:model></xmile>`,
	"problems in order": `<xmile><sim_specs><start>0</start><stop>1</stop><dt>0</dt></sim_specs><model><variables>
<aux><eqn>1</eqn></aux><stock name="s"><eqn>1</eqn><non_negative>maybe</non_negative></stock><aux name="s"><eqn>2</eqn></aux>
<stock name="g"><eqn>1</eqn><gf><xpts>0</xpts><ypts>0</ypts></gf></stock><aux name="e"><eqn>1 +</eqn></aux></variables></model></xmile>`,
	"no sim specs": `<xmile><model><variables><aux><eqn>1</eqn></aux><stock name="s"><eqn>1</eqn><non_negative>maybe</non_negative></stock></variables></model></xmile>`,
	"not xmile":    `<model><variables><aux name="a"><eqn>1</eqn></aux></variables></model>`,
	"malformed": `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><aux name="a"><eqn>1</eqn></aux>
<aux name="b"><eqn>2</eqn></variables></model></xmile>`,
	"text and entities": `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><aux name="a &amp; b"><eqn>1 <!-- c --> + <![CDATA[2]]></eqn><doc>x &lt; y</doc></aux>
<aux name="c"><eqn>"a & b"</eqn></aux></variables></model><model name="m"><variables><aux name="d"><eqn>1</eqn></aux></variables></model></xmile>`,
	"modules": hares, "teacup": teacup, "arrays": arrayFile, "views": viewsDoc,
}

// TestStreamedReadSame reads every XMILE file of the conformance data and
// the cases above twice, with the variables read while the file is scanned
// and from the whole tree, leniently and strictly: the models, warnings
// and errors must be the same.
func TestStreamedReadSame(t *testing.T) {
	docs := map[string][]byte{}
	for name, doc := range streamCases {
		docs[name] = []byte(doc)
	}
	require.NoError(t, filepath.WalkDir(filepath.Join("..", "conformance", "testdata"), func(path string, d fs.DirEntry, err error) error {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".xmile", ".stmx", ".itmx":
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			docs[path] = data
		}
		return err
	}))
	require.Greater(t, len(docs), 80)
	for name, doc := range docs {
		for _, strict := range []bool{false, true} {
			sameStreamed(t, name, doc, strict)
		}
	}
}

// sameStreamed requires the same outcome of reading doc with and without
// streaming the variables.
func sameStreamed(t *testing.T, name string, doc []byte, strict bool) {
	t.Helper()
	r1, r2 := &Reader{Name: "f", Strict: strict}, &Reader{Name: "f", Strict: strict}
	m1, err1 := r1.read(bytes.NewReader(doc), true)
	m2, err2 := r2.read(bytes.NewReader(doc), false)
	require.Equal(t, errString(err2), errString(err1), name)
	require.Equal(t, r2.Warnings, r1.Warnings, name)
	require.Equal(t, m2, m1, name)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestStreamLarge: the benchmark model's variables are all streamed, and
// the tree keeps none of them.
func TestStreamLarge(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "conformance", "testdata", "bench", "large.xmile"))
	require.NoError(t, err)
	n := 0
	root, ok, whole := scan(data, func(root, model, vars, e *element) bool { n++; return true })
	require.True(t, ok)
	require.True(t, whole)
	assert.Equal(t, 2701, n)
	assert.Zero(t, root.child("model").child("variables").nkids)

	// A stream that gives up leaves the tree without what it took.
	n = 0
	_, ok, whole = scan(data, func(root, model, vars, e *element) bool { n++; return n < 10 })
	assert.True(t, ok)
	assert.False(t, whole)
	assert.Equal(t, 10, n, "no variable is offered after giving up")
}
