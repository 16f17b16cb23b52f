package vensim

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadLarge reads the 1,000-stock benchmark model in Vensim form
// (2,701 variables, 236 KB): splitting the file into equations, parsing
// each, deciding stocks' flows and building the model, as `sd run
// large.mdl` does before compiling.
//
//	go test ./sdmodel/vensim -run '^$' -bench ReadLarge -benchmem
func BenchmarkReadLarge(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "conformance", "testdata", "bench", "large.mdl"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := Read(bytes.NewReader(src))
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Variables()) != 2701 {
			b.Fatalf("%d variables, want 2701", len(m.Variables()))
		}
	}
}
