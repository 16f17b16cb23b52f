// Command figures regenerates every figure of the sex trafficking dynamics
// model (package sdmodel/trafficking) into one directory: the reference
// behaviour against the published data, the counterfactuals, each
// policy experiment, the sensitivity bands, the policy comparison and the
// model's diagrams (stock-and-flow by sector, causal loops, loop dominance), as SVG, PNG and HTML, with a README of captions and
// data sources.
//
//	go run ./cmd/figures           # into figures/
//	go run ./cmd/figures -o /tmp/f # elsewhere
//
// The output is deterministic: the same model gives the same bytes, so the
// committed figures change only when the model does (go test ./cmd/figures
// checks them).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	out := flag.String("o", "figures", "output directory")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: figures [-o DIR]\n\nRegenerates every figure of the trafficking model.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	files, err := Generate(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "figures:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "figures: %d files written to %s in %.1f s\n", len(files), *out, time.Since(start).Seconds())
}
