// Package inittrace reads what a Go program prints about its package
// initialisation with GODEBUG=inittrace=1: for each package that has
// initialisation code, the bytes and allocations it made. These counts do
// not depend on the machine's load, unlike times, so tests can bound them.
package inittrace

import (
	"fmt"
	"strconv"
	"strings"
)

// Init is one package's initialisation.
type Init struct {
	Package       string
	Bytes, Allocs int
}

// Parse returns the initialisations a trace lists, in its order; other
// lines (the program's own output) are skipped. A line that starts as a
// trace line but does not read as one is an error.
func Parse(out string) ([]Init, error) {
	var inits []Init
	for _, line := range strings.Split(out, "\n") {
		// init gonum.org/v1/gonum/mat @0.42 ms, 0.012 ms clock, 7264 bytes, 9 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		a, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("inittrace: cannot read %q", line)
		}
		inits = append(inits, Init{Package: f[1], Bytes: b, Allocs: a})
	}
	return inits, nil
}
