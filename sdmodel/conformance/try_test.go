package conformance

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestTryMDL(t *testing.T) {
	cases, _ := Cases("testdata/test-models")
	only := os.Getenv("ONLY")
	for _, c := range cases {
		if c.Format() != "Vensim" || (only != "" && !strings.Contains(c.Name, only)) {
			continue
		}
		o := Run(c, Options{})
		d := o.Detail()
		if o.Err != nil && only != "" {
			d = o.Err.Error()
		}
		if only == "" && len(d) > 300 {
			d = d[:300]
		}
		fmt.Printf("%-70s %-8s %s\n", c.Name, o.Status, d)
	}
}
