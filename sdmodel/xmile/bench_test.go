package xmile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadLarge reads the 1,000-stock benchmark model (2,701
// variables, 365 KB): the XMILE parse, the reading of variables and the
// check of every equation that `sd run large.xmile` does before compiling.
//
//	go test ./sdmodel/xmile -run '^$' -bench ReadLarge -benchmem
func BenchmarkReadLarge(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "conformance", "testdata", "bench", "large.xmile"))
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
