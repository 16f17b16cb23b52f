package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		{[]string{"sensitivity", "-runs", "1"}, exitFailure, "at least 2"},
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

// Same seed, same table, whatever the number of workers.
func TestSensitivityDeterministic(t *testing.T) {
	runs := 12
	if testing.Short() {
		runs = 6
	}
	one, err := policyEffects(runs, 7, 1)
	require.NoError(t, err)
	two, err := policyEffects(runs, 7, 2)
	require.NoError(t, err)
	assert.Equal(t, one, two)
	require.Len(t, one.Policies, len(trafficking.Scenarios())-2)
	for _, e := range one.Policies {
		assert.Equal(t, runs, e.Samples)
		assert.LessOrEqual(t, e.P5, e.P50, e.Policy)
		assert.LessOrEqual(t, e.P50, e.P95, e.Policy)
		assert.True(t, e.Lowers >= 0 && e.Lowers <= 1, e.Policy)
	}
	for i, x := range one.Reference {
		assert.True(t, x >= 0 && x <= 1, "reference %d", i+1)
		assert.LessOrEqual(t, one.All, x)
	}
	other, err := policyEffects(runs, 8, 2)
	require.NoError(t, err)
	assert.NotEqual(t, one, other, "another seed, another sample")

	a, _, code := runCLI(t, "sensitivity", "-runs", "6", "-seed", "3", "-workers", "1")
	require.Equal(t, exitOK, code)
	b, _, code := runCLI(t, "sensitivity", "-runs", "6", "-seed", "3", "-workers", "2")
	require.Equal(t, exitOK, code)
	assert.Equal(t, a, b)
	assert.Contains(t, a, "end-demand")
	assert.Contains(t, a, "all seven")
}
