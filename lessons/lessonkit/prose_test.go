package lessonkit

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// The lessons' prose against the model: the statements a cell does not compute are checked here, so
// that a change of the model that makes one stale fails a test.

func lessonText(t *testing.T, name string) string {
	nb, ok := allNotebooks(t)[name]
	require.True(t, ok, name)
	var b strings.Builder
	for _, c := range nb.Cells {
		if c.Type == "markdown" {
			b.WriteString(strings.Join(c.Source, "") + "\n")
		}
	}
	return b.String()
}

func param(t *testing.T, name string) float64 {
	for _, p := range trafficking.Parameters() {
		if p.Name == name {
			return p.Value
		}
	}
	t.Fatalf("no parameter %q", name)
	return 0
}

// Every relative link of a lesson or solution reaches a file of the repository, and every link into
// the instructor's guide a heading of it.
func TestLessonLinksResolve(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	link := regexp.MustCompile(`\]\(([^)#:]*\.(?:md|ipynb|html))(#[^)]*)?\)`)
	for name, nb := range allNotebooks(t) {
		dir := ".."
		if strings.HasPrefix(name, "solutions/") {
			dir = "../solutions"
		}
		for _, c := range nb.Cells {
			for _, m := range link.FindAllStringSubmatch(strings.Join(c.Source, ""), -1) {
				_, err := os.Stat(filepath.Join(dir, m[1]))
				assert.NoError(t, err, "%s links to %s", name, m[1])
				if strings.HasSuffix(m[1], "README.md") && filepath.Clean(filepath.Join(dir, m[1])) == filepath.Clean("../README.md") && m[2] != "" {
					heading := strings.ReplaceAll(strings.TrimPrefix(m[2], "#"), "-", " ")
					assert.Regexp(t, `(?mi)^## `+regexp.QuoteMeta(heading)+`$`, string(readme), "%s links to README.md%s", name, m[2])
				}
			}
		}
	}
}

func TestLessonFiveProse(t *testing.T) {
	text := lessonText(t, "05-policy-experiments")
	assert.Contains(t, text, fmt.Sprintf("phased in over %g months", param(t, "policy phase-in time")))
	assert.Contains(t, text, "from January 2023, when the policies start")
	assert.Equal(t, "2023-01", trafficking.Date(trafficking.Jan2023))
	assert.Contains(t, text, "to January 2031")
	assert.Equal(t, "2031-01", trafficking.Date(trafficking.StopTime))
	assert.Contains(t, text, "Here we stop at 50 accepted sets or two Latin hypercubes drawn")
	rs := RobustnessSettings(50)
	assert.Equal(t, 2*rs.Batch, rs.MaxSamples)
	assert.Len(t, trafficking.Levers(), 5, "lesson 5's exercise 2 keeps lever 0, the law, off")
	assert.Equal(t, "end demand multiplier", trafficking.Levers()[0].Name)
	assert.Contains(t, text, "the end-demand law at its central value")
	assert.Equal(t, 0.6, param(t, "end demand multiplier"), "the lever chart's levers[0] = 0.6")
}

// Lesson 3, section 3: what the market alone does in a three-month lockdown, as the prose says.
func TestLessonThreeMarketAlone(t *testing.T) {
	sectors, err := TraffickingSectors()
	require.NoError(t, err)
	full := trafficking.Build()
	part := sdmodel.New("market alone")
	part.Time, part.DateOrigin = full.Time, full.DateOrigin
	Assemble(part, sectors[3:4], 1, nil)
	m, _, err := HoldAtStart(part, full)
	require.NoError(t, err)
	still, err := RunModel(m)
	require.NoError(t, err)
	assert.InDelta(t, still.Value("price", 0), still.Final("price"), 1e-9, "alone, the market stays in equilibrium")

	m.Remove("pandemic restrictions")
	m.Aux("pandemic restrictions", "PULSE_TRAIN(62, 3, 0, 65)", "dimensionless")
	res, err := RunModel(m, sdmodel.WithStop(96))
	require.NoError(t, err)
	before := func(v string) float64 { return res.Value(v, 61) }
	assert.Less(t, res.Value("effective demand", 63), before("effective demand"), "the lockdown cuts effective demand at once")
	assert.Less(t, res.Value("transactions", 63), before("transactions"), "transactions follow")
	assert.Greater(t, res.Value("effective demand", 64), res.Value("effective demand", 62),
		"effective demand regains part of the cut before the restrictions lift, as the market adapts")
	assert.Equal(t, 1.0, res.Value("pandemic restrictions", 64), "the restrictions are still in force")
	assert.Less(t, res.Value("price", 65), before("price"), "price falls with scarcity gone")
	assert.Greater(t, res.Value("demand", 65), before("demand"), "demand, which sees price, creeps up")
	assert.Less(t, res.Value("desired recruitment starts", 64), before("desired recruitment starts"), "traffickers want fewer recruits")
	peak := 0.0
	for _, p := range res.Series("price")[66:] {
		peak = max(peak, p)
	}
	assert.Greater(t, res.Value("demand", 66), before("demand"), "when restrictions lift, demand is above its old level")
	assert.Greater(t, peak, before("price"), "price overshoots on the way back")

	// Exercise 1: a permanent cut in demand; price is a stock adjusting toward its goal.
	m.Remove("demand law factor")
	m.Const("demand law factor", 0.8, "dimensionless")
	assert.ErrorContains(t, CheckEquilibrium(m, "price", 0), "equals the goal it adjusts toward")
}

// Lesson 1, the time horizon and the scale.
func TestLessonOneProse(t *testing.T) {
	text := lessonText(t, "01-problem-definition")
	m := trafficking.Build()
	assert.Contains(t, text, "**Start "+monthName(m.Time.Start)+"**")
	assert.Contains(t, text, "**Stop "+monthName(m.Time.Stop)+"**")
	assert.Contains(t, text, fmt.Sprintf("eight years after the\n  policies start in %s", monthName(trafficking.Jan2023)))
	assert.Equal(t, 8.0, (m.Time.Stop-trafficking.Jan2023)/12)
	assert.Equal(t, 24.0, param(t, "prevention adjustment time"), "two to three years to build up")
	assert.Equal(t, 36.0, param(t, "partnership adjustment time"), "two to three years to build up")
	assert.Contains(t, text, "DT 1/8 month (an eighth of the shortest time constant, a month)")
	assert.Equal(t, trafficking.ShortestTimeConstant/8, m.Time.DT)
	assert.Equal(t, 1.0, trafficking.ShortestTimeConstant)
	assert.Contains(t, text, "COVID starts in March 2020, month 62.")
	res, err := RunModel(m)
	require.NoError(t, err)
	restrictions := res.Series(trafficking.PandemicRestrictions)
	assert.Zero(t, restrictions[61], "no restrictions in February 2020")
	assert.Positive(t, restrictions[63], "restrictions from March 2020")
	c, err := m.Compile()
	require.NoError(t, err)
	fine, err := c.Run(sdmodel.WithSavePer(m.Time.DT))
	require.NoError(t, err)
	first := -1.0
	for i, x := range fine.Series(trafficking.PandemicRestrictions) {
		if x > 0 {
			first = fine.Time()[i]
			break
		}
	}
	assert.GreaterOrEqual(t, first, 62.0)
	assert.Less(t, first, 63.0, "the first restrictions fall in March 2020, month 62")
	assert.Contains(t, text, "such a state, of about 3.5 million people")
	for _, p := range trafficking.Parameters() {
		if p.Name == "at-risk population in 2015" {
			assert.Contains(t, p.Doc, "a state of about 3.5 million")
		}
	}
}

// monthName writes a model time as "January 2015".
func monthName(t float64) string {
	d, err := time.Parse("2006-01", trafficking.Date(t))
	if err != nil {
		return err.Error()
	}
	return d.Format("January 2006")
}
