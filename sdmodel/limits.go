package sdmodel

import (
	"fmt"
	"math"
)

// Bounds on what one run may ask of the machine. A model or run option
// beyond them is an error that says what to change, checked by Compile for
// the model's own specs and by Run for the options, before any memory is
// allocated.
const (
	// MaxSteps is the most time steps one run may take.
	MaxSteps = 1 << 30
	// MaxSavedValues is the most numbers the results of one run may hold
	// (saved rows times saved variables): 1 GiB of float64.
	MaxSavedValues = 1 << 27
	// MaxDelayValues is the most numbers the pipeline delays (DELAY_FIXED)
	// of one run may hold together: each needs delay time / DT of them.
	MaxDelayValues = 1 << 27
)

// runPlan is the shape of one run: how many steps, and which are saved.
type runPlan struct {
	spec   Time
	nsteps int // steps after the initial time
	stride int // save every stride-th step
	nsave  int // saved rows
}

// planRun checks the simulation specs and works out the run's shape. ncols is
// the number of saved variables (negative: not known yet, skip that check).
func planRun(spec Time, ncols int) (runPlan, []string) {
	var errs []string
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case !finite(spec.Start):
		errs = append(errs, fmt.Sprintf("start time must be a finite number, got %g", spec.Start))
	case !finite(spec.Stop):
		errs = append(errs, fmt.Sprintf("stop time must be a finite number, got %g", spec.Stop))
	case !(spec.Stop >= spec.Start):
		errs = append(errs, fmt.Sprintf("stop time %g is before start time %g", spec.Stop, spec.Start))
	}
	if !(spec.DT > 0) || !finite(spec.DT) {
		errs = append(errs, fmt.Sprintf("DT must be a positive number, got %g", spec.DT))
	}
	if !(spec.SavePer >= 0) || !finite(spec.SavePer) {
		errs = append(errs, fmt.Sprintf("SAVEPER must be a positive number (or 0 for every DT), got %g", spec.SavePer))
	}
	switch spec.Method {
	case Euler, RK2, RK4:
	default:
		errs = append(errs, fmt.Sprintf("unknown integration method %d (want Euler, RK2 or RK4)", int(spec.Method)))
	}
	if len(errs) > 0 {
		return runPlan{}, errs
	}
	steps := math.Round((spec.Stop - spec.Start) / spec.DT)
	if steps > MaxSteps || math.IsInf(steps, 0) {
		return runPlan{}, []string{fmt.Sprintf("a run from %g to %g with DT %g takes %.3g steps, more than the limit of %d: use a larger DT or a shorter run", spec.Start, spec.Stop, spec.DT, steps, MaxSteps)}
	}
	big := math.Max(math.Abs(spec.Start), math.Abs(spec.Stop))
	if steps > 0 && (big+spec.DT == big || spec.Start+spec.DT == spec.Start) {
		return runPlan{}, []string{fmt.Sprintf("DT %g is too small to advance time %g in floating point: use a larger DT", spec.DT, big)}
	}
	p := runPlan{spec: spec, nsteps: int(steps)}
	saveper := spec.SavePer
	if saveper <= 0 {
		saveper = spec.DT
	}
	stride := math.Max(math.Round(saveper/spec.DT), 1)
	if stride > steps+1 {
		stride = steps + 1
	}
	p.stride = int(stride)
	p.nsave = p.nsteps/p.stride + 1
	if ncols >= 0 && float64(p.nsave)*float64(ncols+1) > MaxSavedValues {
		return runPlan{}, []string{fmt.Sprintf("the results would hold %d saved times × %d variables, more than the limit of %d numbers: use a larger SAVEPER, keep fewer variables (Keep, sd run -vars) or a shorter run", p.nsave, ncols, MaxSavedValues)}
	}
	return p, nil
}
