package modeltest_test

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/modeltest"
)

func inventory() *sdmodel.Model {
	m := sdmodel.New("inventory")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 20, DT: 0.25, SavePer: 1, Units: "week"})
	m.Stock("inventory", "100", "widgets").In("production").Out("shipments")
	m.Flow("production", "production rate", "widgets/week")
	m.Flow("shipments", "demand", "widgets/week")
	m.Const("production rate", 10, "widgets/week")
	m.Const("demand", 10, "widgets/week")
	return m
}

// The extreme conditions test finds that shipments do not depend on the
// inventory: with no production, or ten times the demand, the warehouse
// ships widgets it does not have.
func ExampleExtremeConditions() {
	rep, err := modeltest.ExtremeConditions(inventory(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(rep)
	// Output:
	// extreme conditions test of "inventory": FAIL (4 cases, 2 with problems)
	//   FAIL  production rate = 0
	//           inventory is negative (-10) at time 11
	//   ok    production rate × 10 = 100
	//   ok    demand = 0
	//   FAIL  demand × 10 = 100
	//           inventory is negative (-80) at time 2
}

// The model starts in equilibrium and stays there.
func ExampleEquilibrium() {
	rep, err := modeltest.Equilibrium(inventory(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Passed())
	// Output:
	// true
}
