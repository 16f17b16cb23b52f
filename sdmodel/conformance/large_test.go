package conformance

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// TestLargeReference runs the 1,000-stock benchmark model with SAVEPER 1 and
// checks every variable at every saved month against another engine's run,
// to 1e-9 relative.
func TestLargeReference(t *testing.T) {
	dir := dataDir(t, "bench")
	m, err := xmile.ReadFile(filepath.Join(dir, "large.xmile"))
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

// BenchmarkLarge measures what `sd run large.xmile` does: read the file,
// compile the model and run it (1,000 stocks, 960 steps of DT 0.125).
func BenchmarkLarge(b *testing.B) {
	dir := dataDir(b, "bench")
	src, err := os.ReadFile(filepath.Join(dir, "large.xmile"))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		m, err := xmile.Read(bytesReader(src))
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
