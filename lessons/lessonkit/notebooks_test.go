package lessonkit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lessons themselves, checked as files: what a course adopting them relies on.

type notebook struct {
	Cells []struct {
		Type    string          `json:"cell_type"`
		Source  []string        `json:"source"`
		Outputs json.RawMessage `json:"outputs"`
		Count   json.RawMessage `json:"execution_count"`
	} `json:"cells"`
}

// lessons reads the lessons (lessons/*.ipynb), by name.
func lessons(t *testing.T) map[string]notebook { return notebooks(t, "../*.ipynb") }

// solutions reads the instructors' solution notebooks (lessons/solutions/NN-name-solutions.ipynb), by name.
func solutions(t *testing.T) map[string]notebook { return notebooks(t, "../solutions/*.ipynb") }

// allNotebooks reads the lessons and the solutions, by name: what make lessons-test executes.
func allNotebooks(t *testing.T) map[string]notebook {
	out := lessons(t)
	for name, nb := range solutions(t) {
		out["solutions/"+name] = nb
	}
	return out
}

func notebooks(t *testing.T, pattern string) map[string]notebook {
	paths, err := filepath.Glob(pattern)
	require.NoError(t, err)
	require.NotEmpty(t, paths, pattern)
	out := map[string]notebook{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		var nb notebook
		require.NoError(t, json.Unmarshal(data, &nb), p)
		out[strings.TrimSuffix(filepath.Base(p), ".ipynb")] = nb
	}
	return out
}

func TestLessonsCommittedWithoutOutputs(t *testing.T) {
	for name, nb := range allNotebooks(t) {
		for i, c := range nb.Cells {
			if c.Type == "code" {
				assert.JSONEq(t, "[]", string(c.Outputs), "%s cell %d has outputs: clear them before committing", name, i)
				assert.Equal(t, "null", string(c.Count), "%s cell %d has an execution count", name, i)
			}
		}
	}
}

func TestLessonsStateObjectivesAndTime(t *testing.T) {
	for name, nb := range lessons(t) {
		found := false
		for _, c := range nb.Cells[:min(3, len(nb.Cells))] {
			s := strings.Join(c.Source, "")
			found = found || (c.Type == "markdown" && strings.Contains(s, "**Learning objectives.**") && strings.Contains(s, "**Expected time.**"))
		}
		assert.True(t, found, "%s: no objectives and expected time in its first cells", name)
	}
}

// The repository is cloned alone: lessons cite sources in full, never files from outside it.
func TestLessonsCiteNoOutsideFiles(t *testing.T) {
	outside := regexp.MustCompile(`shared/|[0-9a-f]{16}\.txt|design brief|seed file`)
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	assert.Empty(t, outside.FindAllString(string(readme), -1), "lessons/README.md")
	for name, nb := range allNotebooks(t) {
		for i, c := range nb.Cells {
			assert.Empty(t, outside.FindAllString(strings.Join(c.Source, ""), -1), "%s cell %d", name, i)
		}
	}
	assert.Contains(t, string(readme), "\n## Bibliography\n", "the lessons link README.md#bibliography")
	assert.Contains(t, string(readme), "\n## Time\n", "the lessons link README.md#time")
}

// A solution notebook belongs to a lesson, sits one folder below the lessons (so its first cell points Go
// two folders up), and the make targets that execute the lessons execute it too.
func TestSolutionsBelongToLessons(t *testing.T) {
	all := lessons(t)
	for name, nb := range solutions(t) {
		lesson, ok := strings.CutSuffix(name, "-solutions")
		require.True(t, ok, "%s: name a solution notebook NN-name-solutions.ipynb", name)
		assert.Contains(t, all, lesson, "%s: no lesson %s.ipynb", name, lesson)
		first := ""
		for _, c := range nb.Cells {
			if c.Type == "code" {
				first = strings.Join(c.Source, "")
				break
			}
		}
		assert.Contains(t, first, "=${GONB_DIR}/../..", "%s: the first code cell must point Go at the repository", name)
	}
	makefile, err := os.ReadFile("../../Makefile")
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^LESSON_NOTEBOOKS := lessons lessons/solutions$`, string(makefile))
	assert.Contains(t, string(makefile), "run-notebooks.sh $(LESSON_NOTEBOOKS)")
	assert.Contains(t, string(makefile), "run-notebooks.sh -o build/lessons $(LESSON_NOTEBOOKS)")
}

// Code cells are at most 15 lines, the plumbing in lessonkit, in every lesson and every solution notebook.
func TestLessonCellsAreShort(t *testing.T) {
	short := []string{"00-getting-started", "01-problem-definition", "02-dynamic-hypothesis", "03-model-building", "04-model-testing", "05-policy-experiments"}
	all := allNotebooks(t)
	for name := range solutions(t) {
		short = append(short, "solutions/"+name)
	}
	for _, name := range short {
		nb, ok := all[name]
		require.True(t, ok, name)
		for i, c := range nb.Cells {
			if c.Type == "code" {
				assert.LessOrEqual(t, len(c.Source), 15, "%s cell %d: keep code cells at most 15 lines", name, i)
			}
		}
	}
}

// Lessons 1-5 ask for a prediction before a run, and their exercises come with self-checks and a
// solutions notebook.
func TestLessonsPredictAndSelfCheck(t *testing.T) {
	all := allNotebooks(t)
	for _, name := range []string{"01-problem-definition", "02-dynamic-hypothesis", "03-model-building", "04-model-testing", "05-policy-experiments"} {
		var md, code strings.Builder
		for _, c := range all[name].Cells {
			if c.Type == "markdown" {
				md.WriteString(strings.Join(c.Source, ""))
			} else {
				code.WriteString(strings.Join(c.Source, ""))
			}
		}
		assert.Contains(t, md.String(), "**Predict", name)
		assert.Contains(t, md.String(), "## Exercises, with self-checks", name)
		assert.GreaterOrEqual(t, strings.Count(code.String(), "lessonkit.Verdict(lessonkit.Check"), 3, name)
		assert.Contains(t, all, "solutions/"+name+"-solutions", name)
	}
}

// The measured run times: one row per lesson in lessons/README.md, a total that is their sum, and the
// same total in the top-level README, so that adding a lesson or re-measuring cannot leave a stale claim.
func TestRunTimesListEveryLesson(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	section := string(readme)
	start := strings.Index(section, "\n## Time\n")
	require.GreaterOrEqual(t, start, 0)
	section = section[start:]
	section = section[:strings.Index(section[1:], "\n## ")+1]
	row := regexp.MustCompile(`(?m)^\| \[(\d\d-[a-z-]+)\]\(\d\d-[a-z-]+\.ipynb\) \| (\d+) s \|`)
	total := regexp.MustCompile(`(?m)^\| \*\*all (\w+)\*\* \| \*\*(\d+) s\*\* \|`)
	listed := map[string]bool{}
	sum := 0
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		listed[m[1]] = true
		s, err := strconv.Atoi(m[2])
		require.NoError(t, err)
		sum += s
	}
	for name := range lessons(t) {
		assert.True(t, listed[name], "lessons/README.md#time has no measured time for %s", name)
	}
	assert.Len(t, listed, len(lessons(t)), "a time listed for a lesson that does not exist")
	m := total.FindStringSubmatch(section)
	require.NotNil(t, m, "no total row in lessons/README.md#time")
	got, err := strconv.Atoi(m[2])
	require.NoError(t, err)
	assert.InDelta(t, sum, got, float64(len(listed)), "the total is not the sum of the lessons' times")
	top, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	assert.Contains(t, string(top), m[2]+" s", "the top-level README does not quote the measured total")
}
