package lessonkit

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Every exercise of lessons 2 and 4 has a self-check cell, and the worked solutions check the same
// exercises.
func TestLessonsTwoAndFourExercisesHaveChecks(t *testing.T) {
	all := allNotebooks(t)
	for _, lesson := range []string{"02-dynamic-hypothesis", "04-model-testing"} {
		exercises, checks, inExercises := 0, 0, false
		for _, c := range all[lesson].Cells {
			s := strings.Join(c.Source, "")
			inExercises = inExercises || strings.Contains(s, "## Exercises")
			if !inExercises {
				continue
			}
			if c.Type == "markdown" {
				for _, line := range strings.Split(s, "\n") {
					if len(line) > 2 && line[0] >= '1' && line[0] <= '9' && line[1] == '.' {
						exercises++
					}
				}
			} else if strings.Contains(s, "lessonkit.Verdict(lessonkit.Check") {
				checks++
			}
		}
		assert.Positive(t, exercises, lesson)
		assert.Equal(t, exercises, checks, "%s: every exercise needs a self-check cell", lesson)
		solved := 0
		for _, c := range all["solutions/"+lesson+"-solutions"].Cells {
			if c.Type == "code" && strings.Contains(strings.Join(c.Source, ""), "verdict(lessonkit.Check") {
				solved++
			}
		}
		assert.Equal(t, exercises, solved, "%s: a worked solution for every exercise", lesson)
	}
}

// The few facts about the models that lessons 2 and 4 state in words.
func TestLessonsTwoAndFourProseMatchesTheModels(t *testing.T) {
	text := lessonText(t, "02-dynamic-hypothesis")
	m := Sketch()
	stocks := 0
	for _, v := range m.Variables() {
		if v.Kind == sdmodel.Stock {
			stocks++
		}
	}
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight"}
	require.Less(t, stocks, len(words))
	assert.Contains(t, text, words[stocks]+" stocks", "lesson 2 names the sketch's number of stocks")
	lockdown := "(" + monthName(ConstValue(m, "lockdown start")) + " to " + monthName(ConstValue(m, "lockdown end")) + ")"
	assert.Contains(t, text, lockdown, "lesson 2 dates the sketch's lockdown")
	four := lessonText(t, "04-model-testing")
	assert.Contains(t, four, "the "+words[len(trafficking.Eras())]+" eras", "lesson 4 counts the eras")
	assert.Contains(t, four, "Most parameters are uncertain")
	assert.Greater(t, 2*len(trafficking.UncertainParams()), len(trafficking.Parameters()), "lesson 4 says most parameters are uncertain")
}

// Lesson 2 tells the hypothesis loop by loop, each step headed "**Step k — name (balancing|reinforcing)";
// the polarity it states must be the one the loop analysis finds. Lessons 2 and 4 also speak of the
// model's "thousands" of loops.
func TestLessonTwoStepsStateTheLoopsPolarity(t *testing.T) {
	text := lessonText(t, "02-dynamic-hypothesis")
	steps := regexp.MustCompile(`\*\*Step \d+ — ([a-z -]+) \((balancing|reinforcing)\)`).FindAllStringSubmatch(text, -1)
	require.NotEmpty(t, steps)
	require.Equal(t, strings.Count(text, "**Step "), len(steps), "every step heading states its loop and polarity")
	a, err := loops.Analyze(trafficking.Build(), &loops.Settings{Names: trafficking.LoopNames()})
	require.NoError(t, err)
	assert.Contains(t, text, "thousands of feedback loops")
	assert.Contains(t, lessonText(t, "04-model-testing"), "the thousands of unnamed loops")
	assert.True(t, len(a.Loops) >= 2000 && len(a.Loops) < 10000, "lessons 2 and 4 speak of thousands of loops; the model has %d", len(a.Loops))
	for _, s := range steps {
		l := a.Graph.Loop(s[1])
		require.NotNil(t, l, "lesson 2 names a loop the model does not: %q", s[1])
		assert.Equal(t, map[string]string{"balancing": "B", "reinforcing": "R"}[s[2]], l.Polarity.LoopType(), "lesson 2 calls %q %s", s[1], s[2])
	}
}
