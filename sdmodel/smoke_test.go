package sdmodel

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSmokeTeacup(t *testing.T) {
	m := New("teacup")
	m.SetTime(Time{Start: 0, Stop: 30, DT: 0.125, SavePer: 1, Units: "minutes"})
	m.Stock("teacup temperature", "180", "degrees").Out("heat loss")
	m.Flow("heat loss", "(teacup temperature - room temperature) / characteristic time", "degrees/minute")
	m.Const("room temperature", 70, "degrees")
	m.Const("characteristic time", 10, "minutes")
	m.Aux("smoothed", "SMTH1(heat loss, 2) + DELAY3(heat loss, 3) * 0", "degrees/minute")
	c, err := m.Compile()
	require.NoError(t, err)
	r, err := c.Run(WithMethod(RK4))
	require.NoError(t, err)
	temp := r.Series("teacup temperature")
	require.Len(t, temp, 31)
	exact := 70 + 110*math.Exp(-30.0/10)
	require.InDelta(t, exact, temp[30], 1e-6)
	r2, err := c.Run(Set("room temperature", 20))
	require.NoError(t, err)
	require.InDelta(t, 20+160*math.Exp(-3), r2.Final("teacup temperature"), 0.5)
	t.Log(r.Names(), r.Series("smoothed")[:5])
}
