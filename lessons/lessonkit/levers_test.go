package lessonkit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func TestLeverSettings(t *testing.T) {
	set, err := LeverSettings(LeversOff())
	require.NoError(t, err)
	assert.Empty(t, set, "every lever at Off is the baseline")
	l := trafficking.Levers()[0]
	set, err = LeverSettings(LeverAlone(0, l.Min))
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{l.Name: l.Min, l.Switch: 1}, set)
	_, err = LeverSettings([]float64{1})
	assert.ErrorContains(t, err, "1 lever values for 5 levers")
	_, err = LeverSettings(LeverAlone(0, l.Max+1))
	assert.ErrorContains(t, err, "outside its range")
}

// Exactly one answer is right: the checks measure, they do not accept anything.
func TestCheckBestLeverAndResistance(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	right := 0
	for _, a := range trafficking.Levers() {
		for _, b := range trafficking.Levers() {
			if CheckBestLever(c, a.Name, b.Label) == nil {
				right++
			}
		}
	}
	assert.Equal(t, 1, right)
	assert.ErrorContains(t, CheckBestLever(c, "price", "price"), `no lever "price"`)
	assert.ErrorContains(t, CheckBestLever(c, "", ""), "predict first: name a lever")

	cmp, err := trafficking.Compare(c)
	require.NoError(t, err)
	right = 0
	assert.ErrorContains(t, CheckResistance(cmp, "", "rises"), "predict first")
	for _, p := range []string{"falls", "rises"} {
		for _, r := range []string{"Falls", "rises"} {
			if err := CheckResistance(cmp, p, r); err == nil {
				right++
			} else {
				assert.Contains(t, err.Error(), "against the baseline, not what you predicted")
			}
		}
	}
	assert.Equal(t, 1, right)
}

func TestCheckBeats(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	assert.ErrorContains(t, CheckBeats(c, LeversOff(), "three-siblings"), "not yet better")
	cmp, err := trafficking.Compare(c)
	require.NoError(t, err)
	want, _ := cmp.Change("three-siblings")
	n, err := fewestLevers(c, want, nil)
	require.NoError(t, err)
	var all []float64
	for _, l := range trafficking.Levers() {
		all = append(all, LeverEnd(l))
	}
	err = CheckBeats(c, all, "three-siblings")
	switch n {
	case 0:
		assert.ErrorContains(t, err, "not yet better")
	case len(all):
		assert.NoError(t, err)
	default:
		assert.ErrorContains(t, err, "would do")
	}
}

// Leaving a lever off is part of the exercise: a combination that moves it is refused, and the fewest
// levers are counted without it.
func TestCheckBeatsKeepOff(t *testing.T) {
	c, err := trafficking.Compile()
	require.NoError(t, err)
	law := trafficking.Levers()[0]
	assert.ErrorContains(t, CheckBeats(c, LeverAlone(0, law.Min), "three-siblings", law.Name), "must stay off")
	cmp, err := trafficking.Compare(c)
	require.NoError(t, err)
	want, _ := cmp.Change("three-siblings")
	with, err := fewestLevers(c, want, nil)
	require.NoError(t, err)
	without, err := fewestLevers(c, want, map[int]bool{0: true})
	require.NoError(t, err)
	assert.True(t, without == 0 || without >= with, "leaving a lever out never needs fewer levers")
}
