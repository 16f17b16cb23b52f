package readall

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBounded(t *testing.T) {
	text := strings.Repeat("stock and flow ", 1000) // 15,000 bytes
	path := filepath.Join(t.TempDir(), "model.xmile")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	open := func() *os.File {
		f, err := os.Open(path)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	for _, c := range []struct {
		name  string
		r     func() any
		limit int
		want  string
		cap   int // the buffer's capacity, checked where r reports a size within the limit
	}{
		{"file", func() any { return open() }, 1 << 20, text, len(text) + 1},
		{"bytes.Reader", func() any { return bytes.NewReader([]byte(text)) }, 1 << 20, text, len(text) + 1},
		{"strings.Reader", func() any { return strings.NewReader(text) }, 1 << 20, text, len(text) + 1},
		{"no size", func() any { return iotest.HalfReader(strings.NewReader(text)) }, 1 << 20, text, 0},
		{"file over the limit", func() any { return open() }, 100, text[:101], 0},
		{"reader over the limit", func() any { return strings.NewReader(text) }, 100, text[:101], 0},
		{"no size over the limit", func() any { return iotest.OneByteReader(strings.NewReader(text)) }, 100, text[:101], 0},
		{"empty", func() any { return strings.NewReader("") }, 100, "", 0},
	} {
		b, err := Bounded(c.r().(interface{ Read([]byte) (int, error) }), c.limit)
		require.NoError(t, err, c.name)
		assert.Equal(t, c.want, string(b), c.name)
		if c.cap > 0 {
			assert.Equal(t, c.cap, cap(b), "%s: one buffer of the size reported", c.name)
		}
	}

	boom := errors.New("disk gone")
	_, err := Bounded(iotest.ErrReader(boom), 100)
	assert.ErrorIs(t, err, boom)
}
