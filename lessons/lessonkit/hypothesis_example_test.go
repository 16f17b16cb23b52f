package lessonkit_test

import (
	"fmt"

	"github.com/sdlessons/trafficking/lessons/lessonkit"
)

// The sketch of lesson 2: five stocks, and the lockdown's dip and overshoot measured on a run.
func ExampleSketch() {
	m := lessonkit.Sketch()
	res, err := lessonkit.RunModel(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	low, _ := lessonkit.TroughAfter(lessonkit.SketchVictims, lessonkit.ConstValue(m, "lockdown start"))(res)
	high, _ := lessonkit.PeakAfter(lessonkit.SketchVictims, lessonkit.ConstValue(m, "lockdown end"))(res)
	fmt.Printf("%s: from %.0f down to %.0f, then up to %.0f\n", lessonkit.SketchVictims, res.Series(lessonkit.SketchVictims)[0], low, high)
	fmt.Println(lessonkit.Verdict(lessonkit.CheckLoopType(m, lessonkit.SketchLoops(), "replacement", "R")))
	// Output:
	// trafficked persons: from 1000 down to 640, then up to 1074
	// ✓ right
}

// Steadily puts the direction of an experiment's results into words.
func ExampleSteadily() {
	fmt.Println("the trough", lessonkit.Steadily([]float64{944, 936, 921}))
	// Output: the trough falls with every case
}
