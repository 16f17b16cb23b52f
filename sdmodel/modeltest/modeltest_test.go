package modeltest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// decay is first-order exponential decay with time constant 10.
func decay(dt float64, method sdmodel.Method) *sdmodel.Model {
	m := sdmodel.New("decay")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 20, DT: dt, SavePer: 1, Units: "day", Method: method})
	m.Stock("material", "100", "kg").Out("decay")
	m.Flow("decay", "material / lifetime", "kg/day")
	m.Const("lifetime", 10, "day")
	return m
}

func TestIntegrationError(t *testing.T) {
	coarse, err := IntegrationError(decay(1, sdmodel.Euler), nil)
	require.NoError(t, err)
	assert.False(t, coarse.Passed())
	assert.Equal(t, sdmodel.RK4, coarse.Other)
	require.Len(t, coarse.Rows, 2)
	// Euler: material(t) = 100·0.9^t at DT 1 and 100·0.95^(2t) at DT 1/2;
	// the relative difference grows to 1 - (0.9/0.9025)^20 at t = 20.
	row := coarse.Rows[0]
	if row.Variable != "material" {
		row = coarse.Rows[1]
	}
	assert.InDelta(t, 1-math.Pow(0.9/0.9025, 20), row.HalfDT, 1e-9)
	assert.Equal(t, 20.0, row.HalfDTTime)
	assert.InDelta(t, 1-math.Pow(0.9, 20)/math.Exp(-2), row.OtherMethod, 1e-5, "RK4 is close to the exact exp(-t/10)")
	assert.Contains(t, coarse.String(), "FAIL")

	fine, err := IntegrationError(decay(0.0625, sdmodel.Euler), nil)
	require.NoError(t, err)
	assert.True(t, fine.Passed(), fine.String())
	assert.Less(t, fine.Worst(), 0.01)
	assert.Greater(t, fine.Worst(), 0.0)

	rk, err := IntegrationError(decay(0.5, sdmodel.RK4), &IntegrationSettings{Variables: []string{"material"}, Tolerance: 1e-4})
	require.NoError(t, err)
	assert.Equal(t, sdmodel.Euler, rk.Other)
	assert.Less(t, rk.Rows[0].HalfDT, 1e-5, "RK4 barely changes at DT/2")
	assert.False(t, rk.Passed(), "but Euler at the same DT differs")

	_, err = IntegrationError(decay(1, sdmodel.Euler), &IntegrationSettings{Variables: []string{"nope"}})
	assert.ErrorContains(t, err, `no variable "nope"`)
}

// warehouse ships at the demand rate, with or without checking stock.
func warehouse(guarded bool) *sdmodel.Model {
	m := sdmodel.New("warehouse")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 10, DT: 0.25, SavePer: 1, Units: "week"})
	m.Stock("inventory", "100", "widgets").In("production").Out("shipments")
	m.Flow("production", "production rate", "widgets/week")
	m.Const("production rate", 10, "widgets/week")
	m.Const("demand", 10, "widgets/week")
	m.Const("minimum shipping time", 1, "week")
	if guarded {
		m.Flow("shipments", "MIN(demand, inventory / minimum shipping time)", "widgets/week")
	} else {
		m.Flow("shipments", "demand", "widgets/week")
	}
	return m
}

func TestExtremeConditions(t *testing.T) {
	noNegShipments := Check{Name: "shipments never negative", Check: func(r *sdmodel.Results) error {
		for i, x := range r.Series("shipments") {
			if x < 0 {
				return fmt.Errorf("%g at time %g", x, r.Time()[i])
			}
		}
		return nil
	}}
	bad, err := ExtremeConditions(warehouse(false), &ExtremeSettings{Params: []string{"demand", "production rate"}, Checks: []Check{noNegShipments}})
	require.NoError(t, err)
	require.Len(t, bad.Cases, 4)
	assert.False(t, bad.Passed())
	failed := bad.Failed()
	require.Len(t, failed, 1)
	assert.Equal(t, "demand × 10 = 100", failed[0].Case.Name)
	assert.Contains(t, failed[0].Problems[0], "inventory is negative")
	assert.Contains(t, bad.String(), "FAIL  demand × 10")

	good, err := ExtremeConditions(warehouse(true), &ExtremeSettings{Params: []string{"demand", "production rate"}, Factors: []float64{0, 10, 1000},
		Checks: []Check{noNegShipments},
		Cases:  []Case{{Name: "no production, huge demand", Set: map[string]float64{"production rate": 0, "demand": 1e6}}}})
	require.NoError(t, err)
	assert.True(t, good.Passed(), good.String())
	assert.Len(t, good.Cases, 7)

	// Every constant at 0 and ×10: a zero shipping time makes inventory/0
	// infinite, which MIN tames; but with the warehouse emptied, 0/0 is NaN
	// and the run fails.
	all, err := ExtremeConditions(warehouse(true), &ExtremeSettings{Cases: []Case{{Name: "instant shipping from an empty warehouse",
		Set: map[string]float64{"minimum shipping time": 0, "production rate": 0, "demand": 100}}}})
	require.NoError(t, err)
	assert.Len(t, all.Cases, 7)
	require.Len(t, all.Failed(), 1, all.String())
	f := all.Failed()[0]
	assert.Equal(t, "instant shipping from an empty warehouse", f.Case.Name)
	assert.Contains(t, f.Problems[0], "run failed")

	_, err = ExtremeConditions(warehouse(true), &ExtremeSettings{Params: []string{"inventory"}})
	assert.ErrorContains(t, err, "not a constant")
}

func population(birthRate float64) *sdmodel.Model {
	m := sdmodel.New("population")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 50, DT: 0.5, SavePer: 1, Units: "year"})
	m.Stock("population", "1000", "people").In("births").Out("deaths")
	m.Flow("births", "population * birth rate", "people/year")
	m.Flow("deaths", "population / lifetime", "people/year")
	m.Const("birth rate", birthRate, "1/year")
	m.Const("lifetime", 50, "year")
	return m
}

func TestEquilibrium(t *testing.T) {
	eq, err := Equilibrium(population(0.02), nil)
	require.NoError(t, err)
	assert.True(t, eq.Passed(), eq.String())
	require.Len(t, eq.Rows, 1)
	assert.Equal(t, 1000.0, eq.Rows[0].Initial)
	assert.InDelta(t, 0, eq.Rows[0].MaxNetFlow, 1e-9)

	out, err := Equilibrium(population(0.021), nil)
	require.NoError(t, err)
	assert.False(t, out.Passed())
	assert.Equal(t, 50.0, out.Rows[0].At)
	assert.InDelta(t, 1000*math.Pow(1+0.5*0.001, 100)-1000, out.Rows[0].MaxChange, 1e-6)
	assert.InDelta(t, out.Rows[0].MaxChange/1000, out.Rows[0].Relative, 1e-15)
	assert.Contains(t, out.String(), "FAIL")
}

// chain is an aging chain; young people may also die ("young deaths").
func chain(nonneg bool) *sdmodel.Model {
	m := sdmodel.New("chain")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 30, DT: 0.25, SavePer: 1, Units: "year", Method: sdmodel.RK4})
	y := m.Stock("young", "100", "people").In("births").Out("maturing", "young deaths")
	if nonneg {
		y.NonNeg()
	}
	m.Stock("adults", "200", "people").In("maturing").Out("aging")
	m.Stock("old", "50", "people").In("aging").Out("deaths")
	m.Flow("births", "adults * 0.05", "people/year")
	m.Flow("maturing", "young / 15", "people/year")
	m.Flow("young deaths", "young * mortality", "people/year")
	m.Const("mortality", 0.01, "1/year")
	m.Flow("aging", "adults / 40", "people/year")
	m.Flow("deaths", "old / 15", "people/year")
	return m
}

func TestMassBalance(t *testing.T) {
	all := []string{"young", "adults", "old"}
	inferred, err := MassBalance(chain(false), &MassBalanceSettings{Stocks: all})
	require.NoError(t, err)
	assert.True(t, inferred.Passed(), inferred.String())
	assert.Equal(t, []string{"births"}, inferred.Inflows)
	assert.Equal(t, []string{"young deaths", "deaths"}, inferred.Outflows)
	assert.Empty(t, inferred.Unlisted)

	leak, err := MassBalance(chain(false), &MassBalanceSettings{Stocks: all, Inflows: []string{"births"}, Outflows: []string{"deaths"}})
	require.NoError(t, err)
	assert.False(t, leak.Passed())
	assert.Equal(t, []string{"young deaths"}, leak.Unlisted)
	assert.Greater(t, leak.MaxImbalance, 1.0)
	assert.Contains(t, leak.String(), "boundary flows not listed: young deaths")

	// A non-negative stock whose outflows would overdraw it: the engine holds
	// the stock at zero but keeps the flows as computed (as PySD and the
	// XMILE reference outputs do), so the chain does not conserve people and
	// the test says so.
	over := chain(true)
	over.Var("mortality").Equation = "200"
	nn, err := MassBalance(over, &MassBalanceSettings{Stocks: all})
	require.NoError(t, err)
	assert.False(t, nn.Passed(), nn.String())
	assert.Greater(t, nn.MaxImbalance, 4000.0, "the first step alone loses 0.25·20000 - 100 people that were not there")
	assert.Empty(t, nn.Unlisted)

	_, err = MassBalance(chain(false), &MassBalanceSettings{Stocks: []string{"births"}})
	assert.ErrorContains(t, err, "not a stock")
	_, err = MassBalance(chain(false), nil)
	assert.ErrorContains(t, err, "needs the chain's stocks")
}

func TestUnits(t *testing.T) {
	ok := Units(population(0.02))
	assert.True(t, ok.Passed(), ok.String())
	assert.Equal(t, 5, ok.Checked)

	m := population(0.02)
	m.Flow("deaths", "population * lifetime", "people/year") // people·year, not people/year
	bad := Units(m)
	assert.False(t, bad.Passed())
	assert.Contains(t, bad.String(), "deaths")
	assert.True(t, strings.HasPrefix(bad.String(), "dimensional consistency test of \"population\": FAIL"))
}
