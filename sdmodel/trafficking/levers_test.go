package trafficking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

func TestLevers(t *testing.T) {
	params := map[string]Parameter{}
	for _, p := range Parameters() {
		params[p.Name] = p
	}
	c, err := Compile()
	require.NoError(t, err)
	base, err := c.Run()
	require.NoError(t, err)
	for _, l := range Levers() {
		t.Run(l.Name, func(t *testing.T) {
			p, ok := params[l.Name]
			require.True(t, ok, "the lever moves a parameter")
			sw, ok := params[l.Switch]
			require.True(t, ok, "its switch is a parameter")
			assert.Equal(t, 0.0, sw.Value, "the policy is off in the baseline")
			assert.True(t, l.Min <= l.Off && l.Off <= l.Max, "Off in the range")
			assert.True(t, l.Min <= p.Value && p.Value <= l.Max, "the central value %g in the range", p.Value)
			assert.True(t, l.Min <= p.Min && p.Max <= l.Max, "the sensitivity range %g-%g in the range", p.Min, p.Max)
			assert.Empty(t, l.Settings(l.Off), "Off is the baseline")
			assert.Equal(t, map[string]float64{l.Name: p.Value, l.Switch: 1}, l.Settings(p.Value))

			// At its central value the lever is the policy's scenario where one has only this switch.
			for _, s := range Scenarios() {
				if len(s.Set) == 1 && s.Set[l.Switch] == 1 {
					a, err := Run(c, s)
					require.NoError(t, err)
					b, err := c.Run(sdmodel.SetAll(l.Settings(p.Value)))
					require.NoError(t, err)
					assert.Equal(t, a.Series(TraffickedPersons), b.Series(TraffickedPersons), "lever at %g = scenario %s", p.Value, s.Name)
				}
			}
			// Moved to an end, the lever changes the run.
			far := l.Max
			if far == l.Off {
				far = l.Min
			}
			r, err := c.Run(sdmodel.SetAll(l.Settings(far)))
			require.NoError(t, err)
			assert.NotEqual(t, base.Series(TraffickedPersons), r.Series(TraffickedPersons), "the lever at %g changes trafficked persons", far)
		})
	}
}
