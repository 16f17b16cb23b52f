package sdmodel

import (
	"fmt"
	"math"
	"slices"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// RunOption changes one run of a compiled model without recompiling it.
// Options apply in the order given: of two options for the same setting, or
// for the same variable under two spellings of its name ("growth rate" and
// "Growth_Rate"), the last one wins.
type RunOption func(*runConfig)

// override is one Set or SetGraphical, keyed by the canonical name.
type override struct {
	name, key string
	value     float64
	gf        *GF
}

type runConfig struct {
	consts  []override // in the order given; later ones replace earlier ones of the same key
	gfs     []override
	method  *Method
	dt      *float64
	saveper *float64
	stop    *float64
	seed    uint64
	vars    []string // when set, only these variables are kept in the results
	errs    []string // problems with the options themselves
}

// put records an override, replacing an earlier one of the same canonical name.
func put(list []override, o override) []override {
	list = slices.DeleteFunc(list, func(x override) bool { return x.key == o.key })
	return append(list, o)
}

// Set overrides a constant for one run. The value must be a finite number.
func Set(name string, value float64) RunOption {
	return func(c *runConfig) {
		c.consts = put(c.consts, override{name: name, key: expr.Canonical(name), value: value})
	}
}

// SetAll overrides several constants for one run. Two keys that name the
// same constant ("r" and "R") are an error, since a map has no order to
// say which one wins.
func SetAll(values map[string]float64) RunOption {
	return func(c *runConfig) {
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		slices.Sort(keys) // deterministic, whatever the map's iteration order
		seen := map[string]string{}
		for _, k := range keys {
			key := expr.Canonical(k)
			if prev, dup := seen[key]; dup {
				c.errs = append(c.errs, fmt.Sprintf("SetAll: %q and %q name the same constant; give it once", prev, k))
				continue
			}
			seen[key] = k
			Set(k, values[k])(c)
		}
	}
}

// SetGraphical replaces a graphical function's table for one run (its
// interpolation type is kept unless gf.Type is set).
func SetGraphical(name string, gf GF) RunOption {
	return func(c *runConfig) {
		g := gf
		c.gfs = put(c.gfs, override{name: name, key: expr.Canonical(name), gf: &g})
	}
}

// WithMethod sets the integration method for one run.
func WithMethod(m Method) RunOption { return func(c *runConfig) { c.method = &m } }

// WithDT sets the time step for one run; it must be positive.
func WithDT(dt float64) RunOption { return func(c *runConfig) { c.dt = &dt } }

// WithSavePer sets the save interval for one run; it must be positive.
func WithSavePer(saveper float64) RunOption { return func(c *runConfig) { c.saveper = &saveper } }

// WithStop sets the final time for one run.
func WithStop(t float64) RunOption { return func(c *runConfig) { c.stop = &t } }

// WithSeed sets the seed of the random builtins (RANDOM_NORMAL, RANDOM_UNIFORM,
// NORMAL, UNIFORM) for one run; the same seed gives the same numbers.
func WithSeed(seed uint64) RunOption { return func(c *runConfig) { c.seed = seed } }

// Keep limits the results to the named variables, which saves memory and time
// in large experiments.
func Keep(names ...string) RunOption { return func(c *runConfig) { c.vars = append(c.vars, names...) } }

// spec applies the options' time settings to the compiled model's and checks
// the options themselves.
func (cfg *runConfig) spec(base Time) (Time, []string) {
	errs := append([]string(nil), cfg.errs...)
	spec := base
	if cfg.method != nil {
		spec.Method = *cfg.method
	}
	if cfg.dt != nil {
		if !(*cfg.dt > 0) || math.IsInf(*cfg.dt, 0) {
			errs = append(errs, fmt.Sprintf("WithDT: DT must be a positive number, got %g", *cfg.dt))
		}
		spec.DT = *cfg.dt
	}
	if cfg.saveper != nil {
		if !(*cfg.saveper > 0) || math.IsInf(*cfg.saveper, 0) {
			errs = append(errs, fmt.Sprintf("WithSavePer: SAVEPER must be a positive number, got %g (leave the option out to keep the model's)", *cfg.saveper))
		}
		spec.SavePer = *cfg.saveper
	}
	if cfg.stop != nil {
		spec.Stop = *cfg.stop
	}
	for _, o := range cfg.consts {
		if math.IsNaN(o.value) || math.IsInf(o.value, 0) {
			errs = append(errs, fmt.Sprintf("Set(%q, %g): a constant must be a finite number", o.name, o.value))
		}
	}
	return spec, errs
}
