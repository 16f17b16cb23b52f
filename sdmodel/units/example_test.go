package units_test

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/units"
)

func ExampleParse() {
	for _, s := range []string{"persons/month", "(persons/month)/$", "people*Months", "1/mo", "Dmnl", "victim months per year"} {
		u, err := units.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-24q %s\n", s, u)
	}
	// Output:
	// "persons/month"          person/month
	// "(persons/month)/$"      person/(dollar*month)
	// "people*Months"          month*person
	// "1/mo"                   1/month
	// "Dmnl"                   dmnl
	// "victim months per year" victim month/year
}

func ExampleParse_error() {
	_, err := units.Parse("persons//month")
	fmt.Println(err)
	// Output:
	// column 9: expected a unit name but found "/"
}

func ExampleUnit_Div() {
	person, month := units.Base("person"), units.Base("month")
	flow := person.Div(month)
	fmt.Println(flow, flow.Mul(month), flow.Mul(month).Equal(person), person.Div(person))
	// Output:
	// person/month person true dmnl
}

func ExampleEnv_Infer() {
	declared := map[string]string{"population": "persons", "average_lifetime": "months", "births": "persons/month"}
	month := units.Base("month")
	env := &units.Env{
		Lookup: func(name string) (units.Var, bool) {
			s, ok := declared[name]
			if !ok {
				return units.Var{}, false
			}
			u, err := units.Parse(s)
			return units.Var{Unit: u, HasUnits: err == nil}, true
		},
		Time: &month,
	}
	for _, src := range []string{"population / average lifetime", "births + population", "SMTH1(births, population)"} {
		n, _ := expr.Parse(src)
		got, problems := env.Infer(n)
		fmt.Printf("%s: %s\n", src, got)
		for _, p := range problems {
			fmt.Printf("  at %s: %s\n", expr.PositionOf(src, p.Pos), p.Msg)
		}
	}
	// Output:
	// population / average lifetime: person/month
	// births + population: person/month
	//   at 1:8: units mismatch: left side has person/month, right side has person
	// SMTH1(births, population): person/month
	//   at 1:15: SMTH1 averaging time has person but must have the model's time unit, month
}
