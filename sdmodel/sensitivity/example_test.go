package sensitivity_test

import (
	"fmt"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/sensitivity"
)

// Latin hypercube samples of two uncertain constants: one value per
// equal-probability stratum of each.
func ExampleSample() {
	params := []sensitivity.Param{
		{Name: "contact rate", Dist: sensitivity.Uniform(4, 8)},
		{Name: "infectivity", Dist: sensitivity.Triangular(0.1, 0.25, 0.3)},
	}
	samples, err := sensitivity.Sample(params, 4, sensitivity.LatinHypercube, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range samples {
		fmt.Printf("contact rate %.2f, infectivity %.3f\n", s[0], s[1])
	}
	// Output:
	// contact rate 7.51, infectivity 0.155
	// contact rate 4.68, infectivity 0.200
	// contact rate 6.76, infectivity 0.236
	// contact rate 5.55, infectivity 0.263
}

// A sensitivity run of an epidemic: percentile bands of the infected over
// time and the parameters ranked by their effect on the peak.
func ExampleRun() {
	m := sdmodel.New("epidemic")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 60, DT: 0.25, SavePer: 1, Units: "day"})
	m.Stock("susceptible", "990", "people").Out("infection")
	m.Stock("infected", "10", "people").In("infection").Out("recovery")
	m.Stock("recovered", "0", "people").In("recovery")
	m.Flow("infection", "contact rate * infectivity * susceptible * infected / 1000", "people/day")
	m.Flow("recovery", "infected / duration", "people/day")
	m.Const("contact rate", 6, "1/day")
	m.Const("infectivity", 0.25, "dmnl")
	m.Const("duration", 5, "day")
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	params := []sensitivity.Param{
		{Name: "contact rate", Dist: sensitivity.Uniform(4, 8)},
		{Name: "infectivity", Dist: sensitivity.Triangular(0.1, 0.25, 0.3)},
	}
	res, err := sensitivity.Run(c, params, &sensitivity.Settings{
		Runs:     200,
		Seed:     1,
		Outputs:  []string{"infected"},
		Outcomes: []sensitivity.Outcome{sensitivity.Max("infected")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := res.Band("infected")
	fmt.Printf("infected on day 20: median %.0f, 90%% of runs between %.0f and %.0f\n",
		b.Quantile(0.5)[20], b.Quantile(0.05)[20], b.Quantile(0.95)[20])
	effects, _ := res.Effects("max infected")
	for _, e := range effects {
		fmt.Printf("%-12s %+.2f\n", e.Param, e.Spearman)
	}
	// Output:
	// infected on day 20: median 48, 90% of runs between 32 and 120
	// contact rate +0.69
	// infectivity  +0.66
}
