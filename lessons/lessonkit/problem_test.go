package lessonkit

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func baselineRun(t *testing.T) *trafficking.Comparison {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	cmp, err := trafficking.Compare(c)
	require.NoError(t, err)
	return cmp
}

// Each check accepts exactly one answer: it measures, it does not accept anything.
func TestLessonOneChecks(t *testing.T) {
	base := baselineRun(t).Runs[trafficking.Baseline]
	right := 0
	assert.ErrorContains(t, CheckDetections(base, "falls", ""), `predict first: write "falls" or "rises", not ""`)
	for _, a := range []string{"falls", "rises"} {
		for _, b := range []string{"falls", " Rises"} {
			if CheckDetections(base, a, b) == nil {
				right++
			}
		}
	}
	assert.Equal(t, 1, right)
	assert.ErrorContains(t, CheckDetections(nil, "falls", "falls"), "no run")

	right = 0
	assert.ErrorContains(t, CheckPeakYear(base, trafficking.TraffickedPersons, 0), "predict first")
	for year := 2020; year <= 2031; year++ {
		if err := CheckPeakYear(base, trafficking.TraffickedPersons, year); err == nil {
			right++
		} else {
			assert.Regexp(t, "too (early|late)", err.Error())
		}
	}
	assert.Equal(t, 1, right)

	m := trafficking.Build()
	assert.NoError(t, CheckBoundary(m, map[string]string{"price": "endogenous", "unemployment data": "Exogenous",
		"reference price": "exogenous", "public will": "endogenous"}))
	assert.ErrorContains(t, CheckBoundary(m, map[string]string{"pandemic stringency": "endogenous"}), `"pandemic stringency" is not endogenous`)
	assert.ErrorContains(t, CheckBoundary(m, map[string]string{"price": "exogenous"}), `"price" is not exogenous: is it a stock?`)
	assert.ErrorContains(t, CheckBoundary(m, map[string]string{"price": "given"}), `answer "endogenous" or "exogenous"`)
	assert.ErrorContains(t, CheckBoundary(m, map[string]string{"nothing": "exogenous"}), `no variable "nothing"`)
}

func TestReferenceAndBLSPoints(t *testing.T) {
	assert.Len(t, ReferencePoints(), len(trafficking.ReferenceData()))
	points := BLSPoints()
	require.Len(t, points, len(BLSFirstPublished()))
	assert.Equal(t, "2020-04", points[2].Date)
	assert.Contains(t, Revisions(), "| 2020-04 | 14.7 | ")
	for _, f := range BLSFirstPublished() {
		now, ok := trafficking.Unemployment(f.Month)
		require.True(t, ok)
		assert.InDelta(t, now, f.Rate, 0.2, "a revision is a tenth or two, not another number")
	}
}

func TestReferenceTable(t *testing.T) {
	table := ReferenceTable()
	assert.Contains(t, table, "| UNODC (2022) |")
	assert.Contains(t, table, "| Breslin (2020) |")
	assert.Contains(t, table, "| Callander (2020) |")
	assert.Equal(t, len(trafficking.ReferenceData())+2, strings.Count(table, "\n"))
}
