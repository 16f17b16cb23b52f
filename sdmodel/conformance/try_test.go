package conformance

import (
	"testing"
	"fmt"
)

func TestTryMDL(t *testing.T) {
	cases, _ := Cases("testdata/test-models")
	for _, c := range cases {
		if c.Format() != "Vensim" { continue }
		o := Run(c, Options{})
		fmt.Printf("%-70s %-8s %s\n", c.Name, o.Status, firstLine(o.Detail()))
	}
}
func firstLine(s string) string { if len(s) > 200 { return s[:200] }; return s }
