package trafficking_test

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Run the baseline and a policy and compare their harm.
func Example() {
	c, err := trafficking.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	measure := func(name string) trafficking.Outcome {
		s, err := trafficking.FindScenario(name)
		if err != nil {
			panic(err)
		}
		res, err := trafficking.Run(c, s)
		if err != nil {
			panic(err)
		}
		o, err := trafficking.Measure(name, res)
		if err != nil {
			panic(err)
		}
		return o
	}
	base, policy := measure("baseline"), measure("end-demand")
	fmt.Printf("baseline: peak of %.0f trafficked persons in %s\n", base.PeakTrafficked, base.PeakDate())
	fmt.Printf("end-demand: victim-months 2023-2030 %+.0f %%\n", trafficking.Change(policy.VictimMonths, base.VictimMonths))
	// Output:
	// baseline: peak of 1401 trafficked persons in 2022-05
	// end-demand: victim-months 2023-2030 -30 %
}

// Unknown scenario names are errors that list the valid ones.
func ExampleFindScenario() {
	_, err := trafficking.FindScenario("legalisation")
	fmt.Println(err != nil)
	s, _ := trafficking.FindScenario("supply-side-only")
	fmt.Println(s.Description)
	// Output:
	// true
	// trafficker arrests x2 with no demand measures
}
