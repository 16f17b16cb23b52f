package units

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnitOperations(t *testing.T) {
	person, month, dollar := Base("person"), Base("months"), Base("$")

	assert.Equal(t, "person/month", person.Div(month).String())
	assert.Equal(t, "month*person", person.Mul(month).String())
	assert.Equal(t, "month*person", month.Mul(person).String(), "products are sorted, so order does not matter")
	assert.Equal(t, "1/month", Dimensionless().Div(month).String())
	assert.Equal(t, "month^3", month.Pow(3).String())
	assert.Equal(t, "1/month^2", month.Pow(-2).String())
	assert.True(t, month.Pow(0).IsDimensionless())
	assert.Equal(t, "person/(dollar*month)", person.Div(month).Div(dollar).String())
	assert.True(t, person.Div(month).Mul(month).Equal(person))
	assert.True(t, person.Div(person).IsDimensionless())
	assert.True(t, person.Div(person).Equal(Unit{}), "cancelled units compare equal to the zero value")
	assert.Equal(t, Unit{}, person.Div(person), "and are deeply equal to it")
	assert.False(t, person.Equal(month))
	assert.False(t, Base("month").Equal(Base("year")), "time units are distinct dimensions")
	assert.True(t, Base("People").Equal(Base("persons")))
	assert.True(t, Base("dmnl").IsDimensionless())
	assert.Equal(t, 2, person.Pow(2).Div(month).Exponent("persons"))
	assert.Equal(t, -1, person.Div(month).Exponent("mo"))
	assert.Equal(t, 0, person.Exponent("dollar"))

	r, ok := person.Pow(2).Div(month.Pow(4)).Sqrt()
	assert.True(t, ok)
	assert.Equal(t, "person/month^2", r.String())
	_, ok = person.Div(month).Sqrt()
	assert.False(t, ok)

	// Operations never change their operands.
	pm := person.Div(month)
	f := pm.Factors()
	f[0].Exp = 99
	_ = pm.Mul(month).Pow(5)
	assert.Equal(t, "person/month", pm.String())
}
