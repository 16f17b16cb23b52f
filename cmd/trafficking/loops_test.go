package main

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func TestLoopsList(t *testing.T) {
	out, stderr, code := runCLI(t, "loops")
	require.Equal(t, exitOK, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	names := trafficking.LoopNames()
	require.Len(t, lines, 1+len(names))
	assert.Regexp(t, `^loop\s+type\s+length\s+id\s+variables$`, lines[0])
	for i, n := range names {
		line := lines[1+i]
		assert.True(t, strings.HasPrefix(line, n.Name+" "), line)
		fields := strings.Fields(strings.TrimPrefix(line, n.Name))
		require.GreaterOrEqual(t, len(fields), 4, line)
		assert.Contains(t, []string{"R", "B"}, fields[0], line)
		length, err := strconv.Atoi(fields[1])
		require.NoError(t, err, line)
		vars := strings.Split(strings.Join(fields[3:], " "), " -> ")
		assert.Len(t, vars, length+1, "the loop closes on its first variable: %s", line)
		assert.Equal(t, vars[0], vars[len(vars)-1])
		for _, v := range n.Through {
			assert.Contains(t, vars, v, n.Name)
		}
	}
	assert.Contains(t, out, "prosecution              B")
}

func TestLoopsDominanceCSV(t *testing.T) {
	out, stderr, code := runCLI(t, "loops", "-dominance")
	require.Equal(t, exitOK, code, stderr)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+trafficking.StopTime+1, "a header and one row per month")
	names := trafficking.LoopNames()
	require.Len(t, rows[0], 2+len(names))
	assert.Equal(t, []string{"time", "date"}, rows[0][:2])
	for i, n := range names {
		assert.Equal(t, n.Name, rows[0][2+i])
	}
	assert.Equal(t, []string{"0", "2015-01"}, rows[1][:2])
	assert.Equal(t, []string{"192", "2031-01"}, rows[len(rows)-1][:2])
	// After 2023 the loop that leads on average is the one the package's era
	// summary ranks first.
	a, err := trafficking.LoopDominance(trafficking.Baseline)
	require.NoError(t, err)
	lead := trafficking.EraDominance(a, trafficking.Eras()[3])[0]
	col := indexOf(rows[0], lead.Loop)
	means := make([]float64, len(names))
	for _, r := range rows[1+trafficking.Jan2023+1:] {
		for i := range names {
			v, err := strconv.ParseFloat(r[2+i], 64)
			require.NoError(t, err)
			require.True(t, v >= -1 && v <= 1, "relative score %g", v)
			means[i] += v
		}
	}
	best := 0
	for i := range means {
		if math.Abs(means[i]) > math.Abs(means[best]) {
			best = i
		}
	}
	assert.Equal(t, col-2, best, "leading loop after 2023: %s", names[best].Name)
	assert.Equal(t, lead.Relative < 0, means[col-2] < 0, "same sign as the era summary")
}

func TestLoopsErrors(t *testing.T) {
	_, stderr, code := runCLI(t, "loops", "-scenario", "legalisation")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "unknown scenario")
	_, stderr, code = runCLI(t, "loops", "extra")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "usage: trafficking loops")
}
