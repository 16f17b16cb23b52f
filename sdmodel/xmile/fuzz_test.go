package xmile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead feeds the reader arbitrary bytes: every input must give a model
// or an error, never a panic or a hang, the same whether the variables are
// read while the file is scanned or from the whole tree, and a model that
// is read must write out and read back.
//
//	go test ./sdmodel/xmile -run '^$' -fuzz FuzzRead -fuzztime 1m
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		teacup, hares, viewsDoc,
		wrap(`<gf name="g"><xscale min="0" max="1"/><ypts sep=";">1;2</ypts></gf><aux name="a"><eqn>g(TIME)</eqn></aux>`),
		wrap(`<flow name="f"><eqn>1</eqn><stock name="s"><eqn>0</eqn><inflow>f</inflow></stock>`),
		`<xmile><behavior><non_negative/></behavior><sim_specs><start>0</start><stop>1</stop><dt reciprocal="true">4</dt></sim_specs><model><stock name="s"><eqn>1</eqn></stock></model></xmile>`,
		`<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xmile>&b;</xmile>`,
		"<xmile><model><variables><aux name=\"\xff\"><eqn>1</eqn></aux></variables></model></xmile>",
		arrayFile,
		strings.Replace(wrap(`<aux name="a"><dimensions><dim name="d"/></dimensions><eqn>1, 2</eqn></aux><aux name="b"><eqn>SUM(a[*]) + a[d.x] + MEAN(a)</eqn></aux>`), "<model>", `<dimensions><dim name="d"><elem name="x"/><elem name="y"/><map to="d"/></dim></dimensions><model>`, 1),
		// An element's <init_eqn>, the random family and NPV.
		strings.Replace(wrap(`<aux name="a"><dimensions><dim name="d"/></dimensions><element subscript="x"><eqn>TIME</eqn><init_eqn>2</init_eqn></element></aux>
<aux name="b"><eqn>NPV(a[x], 0.1) + POISSON(2) + GAMMA(2, 1) + TRIANGULAR(0, 1, 2) + VECTOR ELM MAP(a[x], 1)</eqn></aux>`), "<model>", `<dimensions><dim name="d"><elem name="x"/><elem name="y"/></dim></dimensions><model>`, 1),
	} {
		f.Add([]byte(seed))
	}
	for _, doc := range streamCases {
		f.Add([]byte(doc))
	}
	// The suite's files, when they are next to the repository.
	if files, _ := filepath.Glob("../conformance/testdata/test-models/samples/*/*.xmile"); len(files) > 0 {
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameStreamed(t, "input", data, false) // variables read while scanning, or from the tree
		m, err := Read(bytes.NewReader(data))
		if err != nil {
			if m != nil {
				t.Fatal("a model and an error")
			}
			return
		}
		if m == nil {
			t.Fatal("neither a model nor an error")
		}
		// Compiling flattens arrays and macros: it must not panic either.
		_, _ = m.Compile()
		var buf bytes.Buffer
		if err := Write(&buf, m); err != nil {
			return // names that XMILE cannot hold are reported, not written
		}
		back, err := Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("cannot read back what Write wrote: %v\n%s", err, buf.String())
		}
		if len(back.Views) != len(m.Views) {
			t.Fatalf("%d views written, %d read back\n%s", len(m.Views), len(back.Views), buf.String())
		}
	})
}
