package lessonkit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// readNotebook reads a notebook relative to lessons/.
func readNotebook(t *testing.T, path string) notebook {
	data, err := os.ReadFile(filepath.Join("..", path))
	require.NoError(t, err)
	var nb notebook
	require.NoError(t, json.Unmarshal(data, &nb), path)
	return nb
}

func markdownOf(nb notebook) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		if c.Type == "markdown" {
			b.WriteString(strings.Join(c.Source, "") + "\n")
		}
	}
	return b.String()
}

var hypothesisNotebooks = []string{"02-dynamic-hypothesis.ipynb", "04-model-testing.ipynb",
	"solutions/02-dynamic-hypothesis-solutions.ipynb", "solutions/04-model-testing-solutions.ipynb"}

func TestLessonsTwoAndFourCellsAreShortAndClean(t *testing.T) {
	for _, path := range hypothesisNotebooks {
		for i, c := range readNotebook(t, path).Cells {
			if c.Type == "code" {
				assert.LessOrEqual(t, len(c.Source), 15, "%s cell %d: keep code cells at most 15 lines", path, i)
				assert.JSONEq(t, "[]", string(c.Outputs), "%s cell %d has outputs", path, i)
			}
		}
	}
}

// Every exercise of lessons 2 and 4 has a self-check cell, and the worked solutions check the same
// exercises.
func TestLessonsTwoAndFourExercisesHaveChecks(t *testing.T) {
	for _, lesson := range hypothesisNotebooks[:2] {
		nb := readNotebook(t, lesson)
		exercises, checks, inExercises := 0, 0, false
		for _, c := range nb.Cells {
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
		sol := readNotebook(t, "solutions/"+strings.TrimSuffix(lesson, ".ipynb")+"-solutions.ipynb")
		solved := 0
		for _, c := range sol.Cells {
			if c.Type == "code" && strings.Contains(strings.Join(c.Source, ""), "verdict(lessonkit.Check") {
				solved++
			}
		}
		assert.Equal(t, exercises, solved, "%s: a worked solution for every exercise", lesson)
	}
}

// The few facts about the models that lessons 2 and 4 state in words.
func TestLessonsTwoAndFourProseMatchesTheModels(t *testing.T) {
	text := markdownOf(readNotebook(t, "02-dynamic-hypothesis.ipynb"))
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
	lockdown := "(" + monthName(trafficking.Date(ConstValue(m, "lockdown start"))) + " to " + monthName(trafficking.Date(ConstValue(m, "lockdown end"))) + ")"
	assert.Contains(t, text, lockdown, "lesson 2 dates the sketch's lockdown")
	eras := len(trafficking.Eras())
	assert.Contains(t, markdownOf(readNotebook(t, "04-model-testing.ipynb")), "the "+words[eras]+" eras", "lesson 4 counts the eras")
}

// monthName turns "2020-03" into "March 2020".
func monthName(date string) string {
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	y, mo, _ := strings.Cut(date, "-")
	i := (int(mo[0]-'0')*10 + int(mo[1]-'0')) - 1
	return months[i] + " " + y
}

// Lesson 2 tells the hypothesis loop by loop, each step headed "**Step k — name (balancing|reinforcing)";
// the polarity it states must be the one the loop analysis finds.
func TestLessonTwoStepsStateTheLoopsPolarity(t *testing.T) {
	text := markdownOf(readNotebook(t, "02-dynamic-hypothesis.ipynb"))
	steps := regexp.MustCompile(`\*\*Step \d+ — ([a-z -]+) \((balancing|reinforcing)\)`).FindAllStringSubmatch(text, -1)
	require.NotEmpty(t, steps)
	require.Equal(t, strings.Count(text, "**Step "), len(steps), "every step heading states its loop and polarity")
	a, err := loops.Analyze(trafficking.Build(), &loops.Settings{Names: trafficking.LoopNames()})
	require.NoError(t, err)
	for _, s := range steps {
		l := a.Graph.Loop(s[1])
		require.NotNil(t, l, "lesson 2 names a loop the model does not: %q", s[1])
		assert.Equal(t, map[string]string{"balancing": "B", "reinforcing": "R"}[s[2]], l.Polarity.LoopType(), "lesson 2 calls %q %s", s[1], s[2])
	}
}
