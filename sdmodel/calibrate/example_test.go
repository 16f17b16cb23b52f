package calibrate_test

import (
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/calibrate"
)

// Fit the growth rate and carrying capacity of logistic growth to yearly
// counts with a gap.
func ExampleCalibrate() {
	m := sdmodel.New("deer")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 30, DT: 0.25, SavePer: 1, Units: "year"})
	m.Stock("deer", "50", "deer").In("net births")
	m.Flow("net births", "r * deer * (1 - deer / capacity)", "deer/year")
	m.Const("r", 0.2, "1/year")
	m.Const("capacity", 1000, "deer")
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	data, err := calibrate.ReadCSV(strings.NewReader(`year,deer
0,52
5,131
10,310
15,NA
20,862
25,967
30,993
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := calibrate.Calibrate(calibrate.Problem{
		Model: c,
		Params: []calibrate.Param{
			{Name: "r", Min: 0.01, Max: 2},
			{Name: "capacity", Min: 100, Max: 5000},
		},
		Targets: calibrate.Targets(data),
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("r = %.2f, capacity = %.0f\n", res.Value("r"), res.Value("capacity"))
	f := res.Fits[0]
	fmt.Printf("R² %.3f, MAPE %.1f%%, UM+US+UC = %.2f\n", f.R2, f.MAPE, f.UM+f.US+f.UC)
	// Output:
	// r = 0.23, capacity = 1028
	// R² 0.999, MAPE 3.2%, UM+US+UC = 1.00
}
