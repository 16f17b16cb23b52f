package conformance

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/vensim"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// TestLargeReference runs the 1,000-stock benchmark model, in XMILE and in
// Vensim, with SAVEPER 1 and checks every variable at every saved month
// against another engine's run, to 1e-9 relative.
func TestLargeReference(t *testing.T) {
	for _, file := range []string{"large.xmile", "large.mdl"} {
		t.Run(file, func(t *testing.T) { checkLarge(t, file) })
	}
}

func checkLarge(t *testing.T, file string) {
	dir := dataDir(t, "bench")
	m, err := ReadModel(filepath.Join(dir, file))
	require.NoError(t, err)
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run(sdmodel.WithSavePer(1))
	require.NoError(t, err)

	f, err := os.Open(filepath.Join(dir, "large.reference.tsv.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	want, err := ReadTable(zr)
	require.NoError(t, err)
	require.Len(t, want.Time, 121)
	require.Len(t, res.Time(), 121, "SAVEPER 1 from 0 to 120 gives 121 rows")

	rep := Compare(want, res, Options{Rel: 1e-9, NoZeroRule: true})
	require.Empty(t, rep.Missing)
	require.Greater(t, rep.Compared, 300000)
	require.True(t, rep.Pass(), rep.String())
	t.Log(rep)
}

// BenchmarkLarge measures what `sd run large.xmile` and `sd run large.mdl`
// do: read the file, compile the model and run it (1,000 stocks, 960 steps
// of DT 0.125).
func BenchmarkLarge(b *testing.B) {
	for _, file := range []string{"large.xmile", "large.mdl"} {
		b.Run(file, func(b *testing.B) { benchLarge(b, file) })
	}
}

func benchLarge(b *testing.B, file string) {
	dir := dataDir(b, "bench")
	src, err := os.ReadFile(filepath.Join(dir, file))
	require.NoError(b, err)
	read := xmile.Read
	if filepath.Ext(file) == ".mdl" {
		read = vensim.Read
	}
	b.ReportAllocs()
	for b.Loop() {
		m, err := read(bytesReader(src))
		if err != nil {
			b.Fatal(err)
		}
		c, err := m.Compile()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Run(sdmodel.WithSavePer(1)); err != nil {
			b.Fatal(err)
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// largeCompiled reads and compiles the 1,000-stock benchmark model.
func largeCompiled(tb testing.TB) *sdmodel.Compiled {
	tb.Helper()
	m, err := ReadModel(filepath.Join(dataDir(tb, "bench"), "large.xmile"))
	require.NoError(tb, err)
	c, err := m.Compile()
	require.NoError(tb, err)
	return c
}

// BenchmarkRunLarge measures the run alone of `sd run -saveper 1
// large.xmile`: 960 steps, 121 saved rows of 2,701 variables.
func BenchmarkRunLarge(b *testing.B) {
	c := largeCompiled(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Run(sdmodel.WithSavePer(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteTSVLarge measures the writing alone of `sd run -saveper 1
// -format tsv large.xmile`: 121 rows of 2,701 numbers, about 6 MB of text.
func BenchmarkWriteTSVLarge(b *testing.B) {
	res, err := largeCompiled(b).Run(sdmodel.WithSavePer(1))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if err := res.WriteTSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileLarge measures Compile alone on the 1,000-stock benchmark
// model (2,701 variables): the file is read once, outside the loop.
func BenchmarkCompileLarge(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(dataDir(b, "bench"), "large.xmile"))
	require.NoError(b, err)
	m, err := xmile.Read(bytesReader(src))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Compile(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunWriteTSVLarge measures the run and the writing together, as
// `sd run -saveper 1 -format tsv large.xmile` does them: one after the other
// (Run, then WriteTSV), and streamed: the rows formatted and written while
// the run goes on, through a ring of a few blocks (RunTSV).
func BenchmarkRunWriteTSVLarge(b *testing.B) {
	c := largeCompiled(b)
	b.Run("RunThenWriteTSV", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := c.Run(sdmodel.WithSavePer(1))
			if err != nil {
				b.Fatal(err)
			}
			if err := res.WriteTSV(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RunTSV", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := c.RunTSV(io.Discard, sdmodel.WithSavePer(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
