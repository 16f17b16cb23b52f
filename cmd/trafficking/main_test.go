package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestCompareTable(t *testing.T) {
	out, stderr, code := runCLI(t)
	require.Equal(t, exitOK, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.GreaterOrEqual(t, len(lines), 1+len(trafficking.Scenarios()))
	assert.Contains(t, lines[0], "victim-months 2023-2030")
	assert.Contains(t, lines[0], "peak month")
	for i, s := range trafficking.Scenarios() {
		fields := strings.Fields(lines[1+i])
		require.Len(t, fields, 9, lines[1+i])
		assert.Equal(t, s.Name, fields[0])
		assert.Regexp(t, `^\d{4}-\d{2}$`, fields[8], "peak month as YYYY-MM")
	}
	assert.Contains(t, lines[1], "+0.0 %", "baseline against itself")
	assert.Contains(t, out, "sum of its parts")
}

func TestRunCSV(t *testing.T) {
	out, stderr, code := runCLI(t, "run")
	require.Equal(t, exitOK, code, stderr)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+trafficking.StopTime+1, "a header and one row per month")
	header := rows[0]
	assert.Equal(t, []string{"time", "date"}, header[:2])
	for _, name := range trafficking.KeyOutputs() {
		assert.Contains(t, header, name)
	}
	assert.Equal(t, []string{"0", "2015-01"}, rows[1][:2])
	assert.Equal(t, []string{"62", "2020-03"}, rows[63][:2])
	assert.Equal(t, []string{"192", "2031-01"}, rows[len(rows)-1][:2])

	// The same numbers as the package's own run.
	c, err := trafficking.Compile()
	require.NoError(t, err)
	res, err := trafficking.Run(c, trafficking.Scenarios()[0])
	require.NoError(t, err)
	col := indexOf(header, trafficking.TraffickedPersons)
	for i, v := range res.Series(trafficking.TraffickedPersons) {
		assert.Equal(t, strconv.FormatFloat(v, 'g', -1, 64), rows[1+i][col])
	}
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

func TestRunOptions(t *testing.T) {
	euler, _, code := runCLI(t, "run", "-scenario", "end-demand")
	require.Equal(t, exitOK, code)
	rk4, _, code := runCLI(t, "run", "-scenario", "end-demand", "-method", "rk4")
	require.Equal(t, exitOK, code)
	assert.NotEqual(t, euler, rk4)
	base, _, _ := runCLI(t, "run")
	assert.NotEqual(t, base, euler, "the scenario changes the run")
	tsv, _, code := runCLI(t, "run", "-format", "tsv")
	require.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(tsv, "time\tdate\t"))
	assert.Equal(t, strings.Count(base, "\n"), strings.Count(tsv, "\n"))
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"run", "-scenario", "nordic"}, exitFailure, "valid scenarios: baseline, no-covid"},
		{[]string{"run", "-format", "json"}, exitFailure, "unknown format"},
		{[]string{"run", "-method", "leapfrog"}, exitFailure, "unknown integration method"},
		{[]string{"run", "-bogus"}, exitUsage, "flag provided but not defined"},
		{[]string{"run", "extra"}, exitUsage, "unexpected arguments"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"export", "-format", "mdl"}, exitFailure, "unknown export format"},
		{[]string{"sensitivity", "-batch", "1"}, exitFailure, "-batch at least 2"},
		{[]string{"calibrate", "-bogus"}, exitUsage, "flag provided but not defined"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		assert.Equal(t, tc.code, code, "%v", tc.args)
		assert.Contains(t, stderr, tc.msg, "%v", tc.args)
	}
	// Every valid scenario name is listed in the error.
	_, stderr, _ := runCLI(t, "run", "-scenario", "nordic")
	for _, n := range trafficking.ScenarioNames() {
		assert.Contains(t, stderr, n)
	}
}

func TestScenariosCommand(t *testing.T) {
	out, _, code := runCLI(t, "scenarios")
	require.Equal(t, exitOK, code)
	for _, s := range trafficking.Scenarios() {
		assert.Contains(t, out, s.Name)
		assert.Contains(t, out, s.Description)
	}
}

func TestCheckCommand(t *testing.T) {
	out, stderr, code := runCLI(t, "check")
	require.Equal(t, exitOK, code, out+stderr)
	assert.NotContains(t, out, "FAIL")
	assert.Contains(t, out, "note no-4p-response")
	out, stderr, code = runCLI(t, "check", "-method", "rk4")
	require.Equal(t, exitOK, code, out+stderr)
}

// The exported XMILE, read back and run as "sd run" does, reproduces
// "trafficking run" to 1e-9 relative.
func TestExportXMILEReproducesRun(t *testing.T) {
	out, stderr, code := runCLI(t, "export", "-format", "xmile")
	require.Equal(t, exitOK, code, stderr)
	m, err := xmile.Read(strings.NewReader(out))
	require.NoError(t, err)
	assert.Empty(t, m.CheckUnits(), "the exported model's units are consistent (what sd check reports)")
	c, err := m.Compile()
	require.NoError(t, err)
	got, err := c.Run()
	require.NoError(t, err)

	want, _, code := runCLI(t, "run")
	require.Equal(t, exitOK, code)
	rows, err := csv.NewReader(strings.NewReader(want)).ReadAll()
	require.NoError(t, err)
	header := rows[0]
	require.Len(t, got.Time(), len(rows)-1)
	compared := 0
	for j, name := range header[2:] {
		s := got.Series(name)
		if !assert.NotNil(t, s, "variable %q missing from the XMILE model", name) {
			continue
		}
		for i := range s {
			w, err := strconv.ParseFloat(rows[1+i][2+j], 64)
			require.NoError(t, err)
			if !assert.LessOrEqual(t, math.Abs(s[i]-w), 1e-9*math.Max(1, math.Abs(w)), "%s at row %d", name, i) {
				break
			}
		}
		compared++
	}
	assert.Equal(t, len(header)-2, compared)
}

func TestExportToFile(t *testing.T) {
	path := t.TempDir() + "/trafficking.xmile"
	_, stderr, code := runCLI(t, "export", "-format", "xmile", "-o", path)
	require.Equal(t, exitOK, code, stderr)
	m, err := xmile.ReadFile(path)
	require.NoError(t, err)
	assert.NotNil(t, m.Var(trafficking.TraffickedPersons))
}

// Same seed, same tables, whatever the number of workers.
func TestSensitivityDeterministic(t *testing.T) {
	args := []string{"sensitivity", "-accept", "1", "-batch", "8", "-max", "8", "-seed", "3"}
	a, stderr, code := runCLI(t, append(args, "-workers", "1")...)
	require.Equal(t, exitOK, code, stderr)
	b, _, code := runCLI(t, append(args, "-workers", "2")...)
	require.Equal(t, exitOK, code)
	assert.Equal(t, a, b)
	assert.Contains(t, a, "8 parameter sets drawn over")
	assert.Contains(t, a, "(Latin hypercube batches: 1, first seed 3)")
	assert.Contains(t, a, "acceptance rate")
	assert.Contains(t, a, "On the full ranges (the first 8 sets drawn), n = 8")
	for _, s := range trafficking.Policies() {
		assert.Contains(t, a, s.Name)
	}
	assert.NotContains(t, stderr, "accepted", "no progress when standard error is not a terminal")
}

// The committed calibrated values are what "trafficking calibrate" writes.
func TestCalibrateWritesTheCommittedValues(t *testing.T) {
	path := t.TempDir() + "/calibrated.go"
	out, stderr, code := runCLI(t, "calibrate", "-write", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "95% CI")
	for _, name := range trafficking.EstimatedParams() {
		assert.Contains(t, out, name)
	}
	for _, s := range trafficking.ReferenceSeries() {
		assert.Contains(t, out, s)
	}
	assert.Contains(t, out, "UM")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := os.ReadFile("../../sdmodel/trafficking/calibrated.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run: go run ./cmd/trafficking calibrate -write sdmodel/trafficking/calibrated.go")
}

func TestRunSet(t *testing.T) {
	base, _, code := runCLI(t, "run", "-scenario", "end-demand")
	require.Equal(t, exitOK, code)
	set, stderr, code := runCLI(t, "run", "-scenario", "end-demand", "-set", "end demand multiplier = 0.4", "-set", "price adjustment time=2")
	require.Equal(t, exitOK, code, stderr)
	assert.NotEqual(t, base, set)
	c, err := trafficking.Compile()
	require.NoError(t, err)
	s, err := trafficking.FindScenario("end-demand")
	require.NoError(t, err)
	res, err := trafficking.Run(c, s, sdmodel.Set("end demand multiplier", 0.4), sdmodel.Set("price adjustment time", 2))
	require.NoError(t, err)
	rows, err := csv.NewReader(strings.NewReader(set)).ReadAll()
	require.NoError(t, err)
	col := indexOf(rows[0], trafficking.TraffickedPersons)
	assert.Equal(t, strconv.FormatFloat(res.Final(trafficking.TraffickedPersons), 'g', -1, 64), rows[len(rows)-1][col])

	_, stderr, code = runCLI(t, "run", "-set", "price adjustment time")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "want name=value")
	_, stderr, code = runCLI(t, "run", "-set", "no such constant=1")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "no such constant")
}
