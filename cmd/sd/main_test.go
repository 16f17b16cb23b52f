package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

// sdTest runs the command line in-process and returns its exit status and outputs.
func sdTest(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := sd(args, &out, &errb)
	return code, out.String(), errb.String()
}

const teacup = "testdata/teacup.xmile"

func parseCSV(t *testing.T, s string, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = comma
	rows, err := r.ReadAll()
	require.NoError(t, err)
	return rows
}

func TestRunDefault(t *testing.T) {
	code, out, errs := sdTest("run", teacup)
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Empty(t, errs)
	rows := parseCSV(t, out, ',')
	assert.Equal(t, []string{"time", "teacup temperature", "heat loss", "room temperature", "characteristic time"}, rows[0])
	require.Len(t, rows, 1+241, "one row per DT from 0 to 30 with DT 1/8")
	assert.Equal(t, []string{"0", "180", "11", "70", "10"}, rows[1])
	assert.Equal(t, []string{"0.125", "178.625", "10.8625", "70", "10"}, rows[2])
	assert.Equal(t, "30", rows[241][0])
}

func TestRunFlags(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		header []string
		rows   int
		check  func(t *testing.T, rows [][]string)
	}{
		{"vars and saveper, flags after the model", []string{teacup, "-vars", "Teacup_Temperature", "-saveper", "10"},
			[]string{"time", "teacup temperature"}, 4, func(t *testing.T, rows [][]string) {
				assert.Equal(t, []string{"10", "20", "30"}, []string{rows[2][0], rows[3][0], rows[4][0]})
			}},
		{"set a constant", []string{"-set", "room temperature=20", "-set", "characteristic time = 5", "-vars", "room temperature,heat loss", teacup},
			[]string{"time", "room temperature", "heat loss"}, 241, func(t *testing.T, rows [][]string) {
				assert.Equal(t, []string{"0", "20", "32"}, rows[1], "(180-20)/5")
			}},
		{"dt and stop", []string{"-dt", "1", "-stop", "3", teacup}, nil, 4, func(t *testing.T, rows [][]string) {
			assert.Equal(t, "169", rows[2][1], "180 - 11")
		}},
		{"rk4 differs from euler", []string{"-method", "rk4", "-dt", "1", "-vars", "teacup temperature", teacup}, nil, 31, func(t *testing.T, rows [][]string) {
			v, err := strconv.ParseFloat(rows[2][1], 64)
			require.NoError(t, err)
			assert.InDelta(t, 70+110*0.904837418, v, 1e-3, "RK4 follows the exponential decay exp(-1/10)")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := sdTest(append([]string{"run"}, tc.args...)...)
			require.Equal(t, cli.ExitOK, code, errs)
			rows := parseCSV(t, out, ',')
			if tc.header != nil {
				assert.Equal(t, tc.header, rows[0])
			}
			assert.Len(t, rows, 1+tc.rows)
			tc.check(t, rows)
		})
	}
}

func TestRunTSVToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.tsv")
	code, out, errs := sdTest("run", "-format", "tsv", "-o", path, "-saveper", "15", teacup)
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Empty(t, out, "the results go to the file")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	rows := parseCSV(t, string(data), '\t')
	require.Len(t, rows, 4)
	assert.Equal(t, "time", rows[0][0])
	assert.Len(t, rows[0], 5)
}

// TestRunFailureWritesNothing: a run that fails at its first step
// (division by zero) prints its error, writes nothing and, with -o,
// creates no file.
func TestRunFailureWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	for _, args := range [][]string{{"run", "-set", "characteristic time=0", teacup}, {"run", "-set", "characteristic time=0", "-o", path, teacup}} {
		code, out, errs := sdTest(args...)
		assert.Equal(t, cli.ExitProblem, code)
		assert.Empty(t, out)
		assert.Contains(t, errs, `variable "heat loss", time 0: value is +Inf`)
	}
	assert.NoFileExists(t, path)
}

// TestRunFailureMidway: a run that fails midway (the temperature grows
// until it overflows) prints its error and, on standard output, the rows
// saved before the failure, all finite; with -o it leaves an existing file
// as it was and no other file.
func TestRunFailureMidway(t *testing.T) {
	args := []string{"run", "-set", "characteristic time=-0.001", teacup}
	code, out, errs := sdTest(args...)
	require.Equal(t, cli.ExitProblem, code)
	m := regexp.MustCompile(`time ([0-9.]+): value is [+-]Inf`).FindStringSubmatch(errs)
	require.NotNil(t, m, errs)
	failed, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	rows := parseCSV(t, out, ',')
	require.Equal(t, "time", rows[0][0])
	require.Len(t, rows, 1+int(failed/0.125), "the header and a row per DT before time %v", failed)
	for _, row := range rows[1:] {
		for _, cell := range row {
			x, err := strconv.ParseFloat(cell, 64)
			require.NoError(t, err)
			require.False(t, math.IsNaN(x) || math.IsInf(x, 0), "row %v", row)
		}
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	require.NoError(t, os.WriteFile(path, []byte("before\n"), 0o644))
	code, out, _ = sdTest(append([]string{"run", "-o", path}, args[1:]...)...)
	assert.Equal(t, cli.ExitProblem, code)
	assert.Empty(t, out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "before\n", string(data), "the file as it was")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no other file")
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no model", []string{"run"}, cli.ExitUsage, []string{"usage: sd run"}},
		{"two models", []string{"run", teacup, teacup}, cli.ExitUsage, []string{"usage: sd run"}},
		{"bad flag", []string{"run", "-bogus", teacup}, cli.ExitUsage, []string{"-bogus"}},
		{"bad dt", []string{"run", "-dt", "-1", teacup}, cli.ExitUsage, []string{"positive number"}},
		{"bad set", []string{"run", "-set", "x", teacup}, cli.ExitUsage, []string{"name=value"}},
		{"bad format", []string{"run", "-format", "json", teacup}, cli.ExitProblem, []string{"csv or tsv"}},
		{"bad method", []string{"run", "-method", "gear", teacup}, cli.ExitProblem, []string{"unknown integration method"}},
		{"missing file", []string{"run", "testdata/nothing.xmile"}, cli.ExitProblem, []string{"nothing.xmile"}},
		{"unsupported format", []string{"run", "testdata/model.txt"}, cli.ExitProblem, []string{"unsupported model format"}},
		{"unknown variable", []string{"run", "-vars", "teacup temp", teacup}, cli.ExitProblem, []string{`variable "teacup temp"`, "no such variable"}},
		{"set a flow", []string{"run", "-set", "heat loss=1", teacup}, cli.ExitProblem, []string{"teacup.xmile", `"heat loss"`, "not a constant"}},
		{"model error", []string{"run", "testdata/broken.xmile"}, cli.ExitProblem, []string{"broken.xmile", `variable "drain"`, "equation 1:9", "draining_tme"}},
		{"unknown command", []string{"fly", teacup}, cli.ExitUsage, []string{`unknown command "fly"`}},
		{"no command", nil, cli.ExitUsage, []string{"commands:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := sdTest(tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, out)
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, model string
		args        []string
		code        int
		out         string
		errs        []string
	}{
		{"clean model", teacup, nil, cli.ExitOK, "teacup.xmile: ok: 4 variables (1 stock, 1 flow, 2 constants)", nil},
		{"structure problem", "testdata/broken.xmile", nil, cli.ExitProblem, "broken.xmile: 1 problem",
			[]string{`broken.xmile: model "broken", variable "drain", equation 1:9: unknown name "draining_tme" (did you mean "draining time"?)`}},
		{"units problem", "testdata/units.xmile", nil, cli.ExitProblem, "units.xmile: 1 problem", []string{`units: model "units", variable "births"`, "units mismatch"}},
		{"units not checked", "testdata/units.xmile", []string{"-nounits"}, cli.ExitOK, "ok: 3 variables", nil},
		{"parse problem", "testdata/syntax.xmile", nil, cli.ExitProblem, "", []string{`syntax.xmile", variable "f": line 6: equation 1:5`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := sdTest(append(append([]string{"check"}, tc.args...), tc.model)...)
			assert.Equal(t, tc.code, code, errs)
			assert.Contains(t, out, tc.out)
			for _, w := range tc.errs {
				assert.Contains(t, errs, w)
			}
			if tc.errs == nil {
				assert.Empty(t, errs)
			}
		})
	}
}

func TestEquations(t *testing.T) {
	code, out, errs := sdTest("equations", teacup)
	require.Equal(t, cli.ExitOK, code, errs)
	for _, want := range []string{
		"# teacup\n",
		"From 0 to 30 minute, DT 0.125, euler integration.",
		"| Name | Kind | Equation | Units | Documentation |",
		"| teacup temperature | stock | `INTEG(-heat_loss, 180)` | degree | The average temperature of the tea and the cup. |",
		"| heat loss | flow | `(teacup_temperature - room_temperature) / characteristic_time` | degree/minute |  |",
		"| room temperature | constant | `70` | degree |  |",
	} {
		assert.Contains(t, out, want)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := sdTest("help")
	assert.Equal(t, cli.ExitOK, code)
	for _, c := range []string{"run", "check", "equations", "loops", "convert"} {
		assert.Contains(t, out, "  "+c+" ")
	}
	for _, c := range []string{"diagram", "web"} {
		assert.Regexp(t, "\n  "+c+" .*\\(runs sd-draw\\)\n", out)
	}
	code, out, _ = sdTest("help", "run")
	assert.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "-saveper")
}

func TestRunWarnings(t *testing.T) {
	code, out, errs := sdTest("run", "testdata/unclosed.xmile")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Equal(t, "time,inflow,level\n0,1,0\n1,1,1\n2,1,2\n", out)
	assert.Contains(t, errs, "unclosed.xmile: warning: line 6: element <flow> is not closed")
	code, out, errs = sdTest("check", "testdata/unclosed.xmile")
	assert.Equal(t, cli.ExitOK, code, "warnings are not problems")
	assert.Contains(t, out, "ok: 2 variables")
	assert.Contains(t, errs, "warning:")
	// Every command that reads a model reports what its reader recovered from.
	for _, args := range [][]string{
		{"convert", "testdata/unclosed.xmile"},
		{"equations", "testdata/unclosed.xmile"},
		{"loops", "testdata/unclosed.xmile"},
	} {
		code, _, errs = sdTest(args...)
		assert.Equal(t, cli.ExitOK, code, "%v: %s", args, errs)
		assert.Contains(t, errs, "unclosed.xmile: warning: line 6", args)
	}
}

func TestLoops(t *testing.T) {
	var out, errb bytes.Buffer
	code := sd([]string{"loops", "testdata/logistic.xmile"}, &out, &errb)
	require.Equal(t, cli.ExitOK, code, errb.String())
	assert.Equal(t, "R1\tR\t2\tpopulation -> births\nB1\tB\t3\tpopulation -> fractional growth -> births\n", out.String())

	out.Reset()
	code = sd([]string{"loops", "-dominance", "testdata/logistic.xmile"}, &out, &errb)
	require.Equal(t, cli.ExitOK, code, errb.String())
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	assert.Equal(t, "time,R1,B1", rows[0])
	// The reinforcing loop dominates before the inflection point (population
	// = capacity / 2, near t = 9.2) and the balancing loop after it.
	for _, row := range rows[2:] {
		f := strings.Split(row, ",")
		tm, _ := strconv.ParseFloat(f[0], 64)
		r, _ := strconv.ParseFloat(f[1], 64)
		b, _ := strconv.ParseFloat(f[2], 64)
		if tm < 8.5 {
			assert.Greater(t, r, -b, "t=%g", tm)
		}
		if tm > 10.5 {
			assert.Greater(t, -b, r, "t=%g", tm)
		}
	}
	code = sd([]string{"loops", "testdata/nothere.xmile"}, &out, &errb)
	assert.Equal(t, cli.ExitProblem, code)
}
