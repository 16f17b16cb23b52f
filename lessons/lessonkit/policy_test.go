package lessonkit

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func TestScenarioAndCheckTables(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	cmp, err := trafficking.Compare(c)
	require.NoError(t, err)
	table := ScenarioTable(cmp)
	assert.Equal(t, len(trafficking.Scenarios())+2, strings.Count(table, "\n"), "a header, a rule and a row per scenario")
	assert.Contains(t, table, "| baseline | ")
	assert.Contains(t, table, " | +0.0 % | ", "the baseline against itself")

	checks, err := trafficking.PolicyChecks(cmp.Runs)
	require.NoError(t, err)
	ct := CheckTable(checks)
	for _, ch := range checks {
		assert.Contains(t, ct, "| "+ch.ID+" | ")
	}
	assert.Equal(t, "reported", checkVerdict(trafficking.Check{Reported: true, Pass: true}))
	assert.Equal(t, "✗ **not as expected**", checkVerdict(trafficking.Check{}), "a verdict follows the measurement")

	bars := ChangeBars(cmp)
	require.Len(t, bars, len(PolicyGroups()))
	vm, _ := cmp.Change("end-demand")
	assert.Contains(t, bars[1].Names, "end-demand")
	assert.Equal(t, math.Round(10*vm)/10, bars[1].Series[0].Values[0])
	assert.Contains(t, bars[1].Names, "info-feedback-2019")
	assert.Len(t, Pick(cmp, "baseline", "no-such", "end-demand"), 2)
	rank := Ranking(cmp)
	require.Len(t, rank, len(trafficking.Policies()))
	first, _ := cmp.Change(rank[0])
	last, _ := cmp.Change(rank[len(rank)-1])
	assert.LessOrEqual(t, first, last)
	assert.Contains(t, LeverTable(), "| 0 | "+trafficking.Levers()[0].Label+" | `"+trafficking.Levers()[0].Name+"` |")
}

// A small ensemble: the sentences and tables that lesson 5's prose takes from it.
func TestEnsembleProse(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	s := trafficking.DefaultEnsemble()
	// Batches of 60 until 3 sets are accepted (about 1 % of the full ranges reproduce every reference behaviour).
	s.Accept, s.Batch, s.MaxSamples = 3, 60, 600
	e, err := trafficking.RunEnsemble(c, s)
	require.NoError(t, err)
	require.NotEmpty(t, e.Accepted())
	cmp, err := trafficking.Compare(c)
	require.NoError(t, err)

	few, err := DecidersTable(e, e.Accepted()[:min(2, len(e.Accepted()))])
	require.NoError(t, err)
	assert.Contains(t, few, "too few to rank parameters")

	report, err := EnsembleReport(e)
	require.NoError(t, err)
	assert.Contains(t, report, "parameter sets reproduce every reference behaviour")

	for _, p := range []string{"information-feedback", "no-4p-response"} {
		f, err := LeverageFinding(cmp, e, p)
		require.NoError(t, err)
		vm, _ := cmp.Change(p)
		assert.Contains(t, f, "`"+p+"` "+direction(vm)+" victim-months", "the verb follows the run")
	}
	_, err = LeverageFinding(cmp, e, "no-such")
	assert.ErrorContains(t, err, `no scenario "no-such"`)

	lr, err := LeverageReport(cmp, e)
	require.NoError(t, err)
	frozen, _ := cmp.Change("no-4p-response")
	assert.Contains(t, lr, "Freezing the 4 P "+direction(frozen)+" victim-months")
	_, counterfactual, ok := strings.Cut(lr, "**Of the delayed 4 P response:**")
	require.True(t, ok)
	assert.NotContains(t, counterfactual, "— holds", "a counterfactual has no expected result to hold")

	lt, err := LeverageTable(e)
	require.NoError(t, err)
	assert.Equal(t, len(MeadowsLevels())+2, strings.Count(lt, "\n"))
	assert.Contains(t, lt, "of 9 |")

	lowers, beats, err := LeverRobustness(c, e, LeversOff(), "three-siblings")
	require.NoError(t, err)
	assert.Zero(t, lowers, "the baseline never lowers its own victim-months")
	assert.LessOrEqual(t, beats, lowers)
	law := trafficking.Levers()[0]
	lowers, _, err = LeverRobustness(c, e, LeverAlone(0, law.Min), "three-siblings")
	require.NoError(t, err)
	assert.Greater(t, lowers, 0.0)
}
