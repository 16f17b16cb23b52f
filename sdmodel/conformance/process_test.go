package conformance

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The whole-process comparison: `sd run -saveper 1 -format tsv large.xmile`
// (read the file, compile, run, write 121 rows of 2,701 variables) against
// testdata/bench/handcoded, a Go program written for this one model that
// computes and writes the same table.

var sdArgs = runArgs("large.xmile")

// runArgs are the arguments of `sd run -saveper 1 -format tsv` for a file
// of testdata/bench.
func runArgs(file string) []string {
	return []string{"run", "-saveper", "1", "-format", "tsv", filepath.Join("testdata", "bench", file)}
}

// buildPair builds the sd command and the hand-coded program.
func buildPair(tb testing.TB) (sd, hand string) {
	return build(tb, "../../cmd/sd"), build(tb, "./testdata/bench/handcoded")
}

// build builds a command and returns the path of its executable.
func build(tb testing.TB, pkg string) string {
	tb.Helper()
	exe := filepath.Join(tb.TempDir(), filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", exe, pkg)
	out, err := cmd.CombinedOutput()
	require.NoError(tb, err, string(out))
	return exe
}

// TestHandCodedMatchesSdRun: the two programs write the same bytes, so the
// benchmark compares equal work; sd run writes them on any number of
// processors (it formats rows in parallel, while the run goes on), from the
// model in XMILE and in Vensim form.
func TestHandCodedMatchesSdRun(t *testing.T) {
	sd, hand := buildPair(t)
	want, err := exec.Command(hand).Output()
	require.NoError(t, err)
	require.Equal(t, 122, bytes.Count(want, []byte("\n")), "a header and 121 rows")
	for _, file := range []string{"large.xmile", "large.mdl"} {
		for _, procs := range []string{"1", "2", "3"} {
			cmd := exec.Command(sd, runArgs(file)...)
			cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
			got, err := cmd.Output()
			require.NoError(t, err)
			require.True(t, bytes.Equal(want, got), "sd run %s with GOMAXPROCS=%s and the hand-coded program write the same table", file, procs)
		}
	}
}

// TestSdRunMakesNoCollection: sd run makes no garbage collection
// (GODEBUG=gctrace=1 prints a line per collection), as cmd/sd sets the
// collector for short runs, except the one it forces before it reads a
// model file big enough to be worth preparing huge pages for (cmd/sd's
// setMemory; the 1,000-stock model is, the SIR model is not).
func TestSdRunMakesNoCollection(t *testing.T) {
	sd := build(t, "../../cmd/sd")
	for _, c := range []struct {
		args   []string
		forced int
	}{
		{sdArgs, 1},
		{[]string{"run", filepath.Join("testdata", "test-models", "samples", "SIR", "SIR.xmile")}, 0},
	} {
		cmd := exec.Command(sd, c.args...)
		cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1", "GOGC=", "GOMEMLIMIT=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Run())
		var forced, other []string
		for _, line := range strings.Split(stderr.String(), "\n") {
			switch {
			case !strings.HasPrefix(line, "gc "):
			case strings.HasSuffix(line, "(forced)"):
				forced = append(forced, line)
			default:
				other = append(other, line)
			}
		}
		assert.Empty(t, other, "collections in sd %s", strings.Join(c.args, " "))
		assert.Len(t, forced, c.forced, "forced collections in sd %s", strings.Join(c.args, " "))
	}
}

// BenchmarkSdRunVsHandCoded runs the two processes alternately, output to
// the null device, and reports the ratios (sd / hand-coded) of their fastest
// and median wall times and of their fastest CPU times (user + system, all
// threads), which a busy machine disturbs least. `make bench-sd` runs it.
//
// Two settings: "default", as the programs run for a user, and
// "no-huge-pages", with GODEBUG=disablethp=1 in both programs' environment,
// which stops sd from asking Linux for 2 MB pages for its heap (cmd/sd's
// hugeHeap; the hand-coded program asks for none): it shows what sd's
// other work alone gives on this machine.
func BenchmarkSdRunVsHandCoded(b *testing.B) {
	sd, hand := buildPair(b)
	for _, c := range []struct{ name, env string }{{"default", ""}, {"no-huge-pages", "GODEBUG=disablethp=1"}} {
		b.Run(c.name, func(b *testing.B) {
			env := os.Environ()
			if c.env != "" {
				env = append(env, c.env)
			}
			benchSdRunVsHandCoded(b, sd, hand, env)
		})
	}
}

func benchSdRunVsHandCoded(b *testing.B, sd, hand string, env []string) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(b, err)
	defer null.Close()
	var cs, ch []time.Duration
	run := func(cpu *[]time.Duration, name string, args ...string) time.Duration {
		cmd := exec.Command(name, args...)
		cmd.Stdout = null
		cmd.Env = env
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		wall := time.Since(t0)
		*cpu = append(*cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		return wall
	}
	var ts, th []time.Duration
	for b.Loop() {
		ts = append(ts, run(&cs, sd, sdArgs...))
		th = append(th, run(&ch, hand))
	}
	for _, x := range [][]time.Duration{ts, th, cs, ch} {
		slices.Sort(x)
	}
	b.ReportMetric(float64(cs[0].Microseconds())/1000, "sd-cpu-ms")
	b.ReportMetric(float64(ch[0].Microseconds())/1000, "handcoded-cpu-ms")
	b.ReportMetric(float64(cs[0])/float64(ch[0]), "ratio-cpu")
	b.ReportMetric(float64(ts[0].Microseconds())/1000, "sd-ms")
	b.ReportMetric(float64(th[0].Microseconds())/1000, "handcoded-ms")
	b.ReportMetric(float64(ts[0])/float64(th[0]), "ratio-best")
	b.ReportMetric(float64(ts[len(ts)/2])/float64(th[len(th)/2]), "ratio-median")
}
