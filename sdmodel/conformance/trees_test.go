package conformance

import (
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// TestReadTreesCompileTheSame compiles every XMILE model of the test data
// twice: as read, with the trees the reader parsed its equations into
// (Variable.Parse), which Compile takes instead of parsing again, and as a
// Clone, which keeps no trees, so that Compile parses every equation
// itself. The two must fail with the same errors or run to the same
// numbers, bit for bit; and so must a second compile of the model as read,
// which fails if the first compile changed the trees it took.
func TestReadTreesCompileTheSame(t *testing.T) {
	var files []string
	require.NoError(t, filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".xmile", ".stmx", ".itmx":
			files = append(files, path)
		}
		return err
	}))
	require.Greater(t, len(files), 50)
	compiled := 0
	for _, path := range files {
		m, err := ReadModel(path)
		if err != nil {
			continue // the reader's errors come before any tree is used
		}
		withTrees, err1 := m.Compile()
		parsed, err2 := m.Clone().Compile()
		again, err3 := m.Compile()
		if err1 != nil || err2 != nil || err3 != nil {
			require.Equal(t, errText(err2), errText(err1), path)
			require.Equal(t, errText(err2), errText(err3), path)
			continue
		}
		compiled++
		a, err1 := withTrees.Run()
		b, err2 := parsed.Run()
		if err1 != nil || err2 != nil {
			require.Equal(t, errText(err2), errText(err1), path)
			continue
		}
		sameResults(t, path, b, a)
		c, err := again.Run()
		require.NoError(t, err, path)
		sameResults(t, path+" (compiled again)", b, c)
	}
	require.Greater(t, compiled, 50)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// sameResults requires got to hold want's variables, times and values, bit
// for bit.
func sameResults(t *testing.T, what string, want, got *sdmodel.Results) {
	t.Helper()
	require.Equal(t, want.Names(), got.Names(), what)
	require.Equal(t, want.Time(), got.Time(), what)
	for _, name := range want.Names() {
		a, b := want.Series(name), got.Series(name)
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("%s: %q at time %g: %v without the reader's trees, %v with them", what, name, want.Time()[i], a[i], b[i])
			}
		}
	}
}
