package sdmodel

// RunOption changes one run of a compiled model without recompiling it.
type RunOption func(*runConfig)

type runConfig struct {
	consts  map[string]float64 // canonical name -> value
	gfs     map[string]*GF
	method  *Method
	dt      float64
	saveper float64
	stop    *float64
	seed    uint64
	vars    []string // when set, only these variables are kept in the results
}

// Set overrides a constant for one run.
func Set(name string, value float64) RunOption {
	return func(c *runConfig) {
		if c.consts == nil {
			c.consts = map[string]float64{}
		}
		c.consts[name] = value
	}
}

// SetAll overrides several constants for one run.
func SetAll(values map[string]float64) RunOption {
	return func(c *runConfig) {
		for k, v := range values {
			Set(k, v)(c)
		}
	}
}

// SetGraphical replaces a graphical function's table for one run (its
// interpolation type is kept unless gf.Type is set).
func SetGraphical(name string, gf GF) RunOption {
	return func(c *runConfig) {
		if c.gfs == nil {
			c.gfs = map[string]*GF{}
		}
		g := gf
		c.gfs[name] = &g
	}
}

// WithMethod sets the integration method for one run.
func WithMethod(m Method) RunOption { return func(c *runConfig) { c.method = &m } }

// WithDT sets the time step for one run.
func WithDT(dt float64) RunOption { return func(c *runConfig) { c.dt = dt } }

// WithSavePer sets the save interval for one run.
func WithSavePer(saveper float64) RunOption { return func(c *runConfig) { c.saveper = saveper } }

// WithStop sets the final time for one run.
func WithStop(t float64) RunOption { return func(c *runConfig) { c.stop = &t } }

// WithSeed sets the seed of the random builtins (RANDOM_NORMAL, RANDOM_UNIFORM,
// NORMAL, UNIFORM) for one run; the same seed gives the same numbers.
func WithSeed(seed uint64) RunOption { return func(c *runConfig) { c.seed = seed } }

// Keep limits the results to the named variables, which saves memory and time
// in large experiments.
func Keep(names ...string) RunOption { return func(c *runConfig) { c.vars = append(c.vars, names...) } }
