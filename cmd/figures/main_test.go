package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// committedDir is the repository's figures/ directory, seen from this package.
var committedDir = filepath.Join("..", "..", "figures")

// TestFigures regenerates every figure into a temporary directory, checks
// what was written, and compares it byte for byte with the committed
// figures/, naming every file that differs.
func TestFigures(t *testing.T) {
	dir := t.TempDir()
	files, err := Generate(dir)
	require.NoError(t, err)
	require.NotEmpty(t, files)

	t.Run("every figure has its files and a README entry", func(t *testing.T) {
		readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(readme), generatedMarker), "README.md starts with the generated marker")
		stems := map[string]bool{}
		for _, f := range files {
			if ext := filepath.Ext(f); ext == ".html" && f != "index.html" && f != flightSimulatorFile {
				stems[strings.TrimSuffix(f, ext)] = true
			}
		}
		for stem := range stems {
			assert.Contains(t, string(readme), "("+stem+".html)", "README links the page of %s", stem)
			assert.Contains(t, files, stem+".svg")
			assert.Contains(t, files, stem+".png")
		}
		for _, want := range []string{"policy-end-demand", "policies-bars", "counterfactuals-trafficked-persons",
			"reference-transactions", "reference-identified-victims", "sensitivity-trafficked-persons", "diagram-market", "diagram-loops", "diagram-dominance"} {
			assert.True(t, stems[want], "figure %s is generated", want)
		}
	})

	t.Run("every reference data point and its source is in the README", func(t *testing.T) {
		readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
		require.NoError(t, err)
		for _, set := range [][]chart.Point{unemploymentData(), restrictionsData(), advertisingData(), detectionData()} {
			for _, p := range set {
				assert.Contains(t, string(readme), mdEscape(p.Source))
				assert.Contains(t, string(readme), "| "+p.Date+" | ")
			}
		}
	})

	t.Run("pages load the shared library by relative path and nothing remote", func(t *testing.T) {
		lib, err := os.ReadFile(filepath.Join(dir, libraryFile))
		require.NoError(t, err)
		assert.Greater(t, len(lib), 500_000, "the ECharts bundle")
		assert.NotContains(t, string(lib), "<script")
		for _, f := range files {
			if filepath.Ext(f) != ".html" || f == flightSimulatorFile { // self-contained: tested in sdmodel/web
				continue
			}
			page, err := os.ReadFile(filepath.Join(dir, f))
			require.NoError(t, err)
			assert.Less(t, len(page), 500_000, "%s does not inline the library", f)
			assert.NotRegexp(t, `src="https?:`, string(page), f)
			assert.NotRegexp(t, `href="https?:`, string(page), f)
			if f != "index.html" {
				assert.Contains(t, string(page), `src="`+libraryFile+`"`, f)
			}
		}
	})

	t.Run("committed figures are up to date", func(t *testing.T) {
		if _, err := os.Stat(committedDir); errors.Is(err, fs.ErrNotExist) {
			t.Skip("figures/ is absent: generate it with `go run ./cmd/figures`")
		}
		diffs, err := compareDirs(committedDir, dir)
		require.NoError(t, err)
		if len(diffs) > 0 {
			hint := ""
			if runtime.GOARCH != "amd64" {
				// Go may fuse x*y+z into one instruction on other
				// architectures, which changes the last bits of results.
				hint = "\n(the committed figures are made on amd64; on " + runtime.GOARCH + " fused multiply-add can change the last bits)"
			}
			t.Errorf("figures/ is out of date with the model; regenerate it with `go run ./cmd/figures`:\n  %s%s", strings.Join(diffs, "\n  "), hint)
		}
	})
}

// compareDirs lists the differences between the committed and the freshly
// generated directory: files that differ, are missing or are stale.
func compareDirs(committed, fresh string) ([]string, error) {
	list := func(dir string) (map[string]bool, error) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		names := map[string]bool{}
		for _, e := range entries {
			if e.Type().IsRegular() {
				names[e.Name()] = true
			}
		}
		return names, nil
	}
	old, err := list(committed)
	if err != nil {
		return nil, err
	}
	now, err := list(fresh)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for n := range now {
		if !old[n] {
			diffs = append(diffs, "missing from figures/: "+n)
			continue
		}
		a, err := os.ReadFile(filepath.Join(committed, n))
		if err != nil {
			return nil, err
		}
		b, err := os.ReadFile(filepath.Join(fresh, n))
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(a, b) {
			diffs = append(diffs, "differs: "+n+lineDiff(n, a, b))
		}
	}
	for n := range old {
		if !now[n] {
			diffs = append(diffs, "no longer generated (stale): "+n)
		}
	}
	sort.Strings(diffs)
	return diffs, nil
}

// lineDiff shows the first lines that differ in a Markdown file (the README
// carries the numbers measured on the runs, so this says what moved).
func lineDiff(name string, old, now []byte) string {
	if filepath.Ext(name) != ".md" {
		return ""
	}
	a, b := strings.Split(string(old), "\n"), strings.Split(string(now), "\n")
	var out []string
	for i := 0; i < max(len(a), len(b)) && len(out) < 6; i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			// Show where the line starts to differ.
			rx, ry := []rune(x), []rune(y)
			k := 0
			for k < len(rx) && k < len(ry) && rx[k] == ry[k] {
				k++
			}
			from := max(0, k-60)
			clip := func(r []rune) string { return string(r[min(from, len(r)):min(k+60, len(r))]) }
			out = append(out, fmt.Sprintf("      line %d\n        committed: …%s…\n        generated: …%s…", i+1, clip(rx), clip(ry)))
		}
	}
	return "\n" + strings.Join(out, "\n")
}

func TestCompareDirs(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write := func(dir, name, data string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	write(a, "same.svg", "x")
	write(b, "same.svg", "x")
	write(a, "changed.png", "1")
	write(b, "changed.png", "2")
	write(a, "old.html", "")
	write(b, "new.html", "")
	diffs, err := compareDirs(a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"differs: changed.png", "missing from figures/: new.html", "no longer generated (stale): old.html"}, diffs)

	// For the README, the lines that moved are shown.
	write(a, "README.md", "# Figures\nTransactions fall to 70.0 % in April.\n")
	write(b, "README.md", "# Figures\nTransactions fall to 72.5 % in April.\n")
	diffs, err = compareDirs(a, b)
	require.NoError(t, err)
	require.Len(t, diffs, 4)
	assert.Contains(t, diffs[0], "differs: README.md")
	assert.Contains(t, diffs[0], "line 2")
	assert.Contains(t, diffs[0], "70.0 % in April")
	assert.Contains(t, diffs[0], "72.5 % in April")
	assert.NotContains(t, diffs[0], "line 1")
}

func TestPrune(t *testing.T) {
	for _, tc := range []struct {
		name     string
		readme   string
		wantGone bool
	}{
		{"generated directory", generatedMarker + "\n# Figures\n", true},
		{"someone else's directory", "# My notes\n", false},
		{"no README", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.readme != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte(tc.readme), 0o644))
			}
			for _, n := range []string{"old.png", "kept.png", "notes.txt"} {
				require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
			}
			require.NoError(t, prune(dir, map[string][]byte{"kept.png": nil}))
			_, err := os.Stat(filepath.Join(dir, "old.png"))
			assert.Equal(t, tc.wantGone, errors.Is(err, fs.ErrNotExist), "old.png removed")
			assert.FileExists(t, filepath.Join(dir, "kept.png"))
			assert.FileExists(t, filepath.Join(dir, "notes.txt"), "only figure files are removed")
		})
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{{12.34, "+12.3\u00a0%"}, {-4, "−4.0\u00a0%"}, {-0.01, "0.0\u00a0%"}, {0, "0.0\u00a0%"}} {
		assert.Equal(t, tc.want, pct(tc.in), "pct(%g)", tc.in)
	}
	assert.Equal(t, 0.0, round1(-0.04))
	assert.False(t, math.Signbit(round1(-0.04)), "no negative zero on bar labels")
	assert.Equal(t, -1.3, round1(-1.26))
	for _, tc := range []struct{ in, want string }{
		{"partnership", "partnership"},
		{"end-demand", "end-demand"}, // short names stay on one line
		{"services-open-in-pandemic", "services-open-\nin-pandemic"},
		{"information-feedback-2019", "information-\nfeedback-2019"},
	} {
		assert.Equal(t, tc.want, wrap(tc.in))
	}
}

func TestYearlyMeans(t *testing.T) {
	months := make([]float64, 25) // two years and a January
	for i := range months {
		months[i] = float64(i)
	}
	ym := yearlyMeans(months)
	assert.Equal(t, 5.5, ym[0])
	assert.Equal(t, 5.5, ym[11])
	assert.Equal(t, 17.5, ym[12])
	assert.Equal(t, 24.0, ym[24], "a year covered in part: the months it has")
}

func TestDerived(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	base, err := c.Run()
	require.NoError(t, err)
	tp, err := base.Get(trafficking.TraffickedPersons)
	require.NoError(t, err)

	res, err := derived(base, column{"index", "dimensionless", index(tp, tp[0])})
	require.NoError(t, err)
	assert.Equal(t, base.Time(), res.Time())
	assert.Equal(t, base.DateOrigin, res.DateOrigin)
	got, err := res.Get("index")
	require.NoError(t, err)
	for i := range tp {
		assert.InDelta(t, 100*tp[i]/tp[0], got[i], 1e-9, "saved time %d", i)
	}

	w, err := window(base, trafficking.Jan2019, trafficking.Jan2020, column{"x", "persons", tp})
	require.NoError(t, err)
	assert.Equal(t, float64(trafficking.Jan2019), w.Time()[0])
	assert.Len(t, w.Time(), 12)
	assert.InDelta(t, tp[trafficking.Jan2019], w.Series("x")[0], 1e-9)

	_, err = derived(base, column{"short", "", []float64{1, 2}})
	assert.ErrorContains(t, err, `"short"`)
	_, err = window(base, 5, 6)
	assert.Error(t, err)
}
