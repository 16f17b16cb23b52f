package sdmodel

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// draws runs eq for n steps and returns its values, one draw per step.
func draws(t *testing.T, eq string, n int, opts ...RunOption) []float64 {
	t.Helper()
	m := New("draws")
	m.SetTime(Time{Start: 0, Stop: float64(n - 1), DT: 1})
	m.Aux("x", eq, "")
	return mustRun(t, m, opts...).Series("x")
}

func moments(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// TestRandomMoments checks each distribution's mean and variance over
// 20,000 draws with a fixed seed against the values the distribution's
// formulas give: the mean within five standard errors, the variance
// within 8 %.
func TestRandomMoments(t *testing.T) {
	const n = 20000
	gamma15 := math.Gamma(1.5)
	for _, tc := range []struct {
		eq         string
		mean, vari float64
	}{
		// Vensim: shift + stretch * draw
		{"RANDOM EXPONENTIAL(0, 1e9, 1, 2, 3)", 3, 4},
		{"RANDOM GAMMA(0, 1e9, 3, 0, 2, 3)", 6, 12},
		{"RANDOM BETA(-1e9, 1e9, 2, 3, 0, 1, 3)", 0.4, 0.04},
		{"RANDOM BINOMIAL(-1e9, 1e9, 0.3, 10, 0, 1, 3)", 3, 2.1},
		{"RANDOM NEGATIVE BINOMIAL(-1e9, 1e9, 0.4, 3, 0, 1, 3)", 4.5, 11.25},
		{"RANDOM POISSON(-1e9, 1e9, 4, 0, 1, 3)", 4, 4},
		{"RANDOM POISSON(-1e9, 1e9, 4, 10, 0.5, 3)", 12, 1},
		{"RANDOM POISSON(-1e9, 1e9, 50, 0, 1, 3)", 50, 50},
		{"RANDOM WEIBULL(-1e9, 1e9, 2, 0, 1, 3)", gamma15, 1 - gamma15*gamma15},
		{"RANDOM LOGNORMAL(0, 1e9, 2, 0.5, 3)", 2, 0.25},
		{"RANDOM TRIANGULAR(-1e9, 1e9, 0, 1, 4, 3)", 5.0 / 3, 13.0 / 18},
		{"RANDOM NORMAL(-1e9, 1e9, 5, 2, 3)", 5, 4},
		{"RANDOM UNIFORM(2, 4, 3)", 3, 4.0 / 12},
		// XMILE (Stella)
		{"EXPRND(2)", 2, 4},
		{"POISSON(3)", 3, 3},
		{"LOGNORMAL(1, 0.3)", 1, 0.09},
		{"TRIANGULAR(0, 1, 4)", 5.0 / 3, 13.0 / 18},
		{"GAMMA(2, 3)", 6, 18},
		{"GAMMA(2)", 2, 2},
		{"BETA(2, 2)", 0.5, 0.05},
		{"BINOMIAL(20, 0.25)", 5, 3.75},
		{"BINOMIAL(100, 0.5, 9)", 50, 25},
		{"NEGBINOMIAL(2, 0.5)", 2, 4},
		{"WEIBULL(1, 3)", 3, 9},
		{"RANDOM(2, 4)", 3, 4.0 / 12},
		{"NORMAL(5, 2)", 5, 4},
	} {
		t.Run(tc.eq, func(t *testing.T) {
			xs := draws(t, tc.eq, n, WithSeed(11))
			mean, vari := moments(xs)
			assert.InDelta(t, tc.mean, mean, 5*math.Sqrt(tc.vari/n), "mean")
			assert.InDelta(t, tc.vari, vari, 0.08*tc.vari, "variance")
		})
	}
}

// TestRandomTruncation checks that Vensim's bounds hold and that the mean
// is that of the truncated distribution.
func TestRandomTruncation(t *testing.T) {
	xs := draws(t, "RANDOM EXPONENTIAL(0.5, 2, 0, 1, 1)", 20000, WithSeed(5))
	for _, x := range xs {
		require.True(t, x >= 0.5 && x <= 2, "%g outside [0.5, 2]", x)
	}
	// The mean of a unit exponential truncated to [a, b]:
	// 1 + (a e^-a - b e^-b) / (e^-a - e^-b).
	a, b := 0.5, 2.0
	want := 1 + (a*math.Exp(-a)-b*math.Exp(-b))/(math.Exp(-a)-math.Exp(-b))
	mean, _ := moments(xs)
	assert.InDelta(t, want, mean, 0.01)

	for _, x := range draws(t, "RANDOM POISSON(2, 5, 4, 0, 1, 1)", 2000) {
		require.True(t, x >= 2 && x <= 5 && x == math.Trunc(x), "%g", x)
	}
	// Bounds no draw reaches: the nearest bound, after a bounded number of tries.
	for _, x := range draws(t, "RANDOM BINOMIAL(20, 30, 0.5, 10, 0, 1, 1)", 10) {
		require.Equal(t, 20.0, x)
	}
}

// TestRandomDeterministic checks that the run's seed and the call's seed
// argument fix the numbers, and that each call site has its own stream.
func TestRandomDeterministic(t *testing.T) {
	for _, eq := range []string{"RANDOM GAMMA(0, 100, 2, 0, 1, 4)", "POISSON(3)", "BINOMIAL(10, 0.5)", "RANDOM TRIANGULAR(0, 9, 1, 2, 3, 4)"} {
		a := draws(t, eq, 50, WithSeed(3))
		assert.Equal(t, a, draws(t, eq, 50, WithSeed(3)), eq)
		assert.NotEqual(t, a, draws(t, eq, 50, WithSeed(4)), eq)
	}
	assert.NotEqual(t, draws(t, "RANDOM GAMMA(0, 100, 2, 0, 1, 4)", 50), draws(t, "RANDOM GAMMA(0, 100, 2, 0, 1, 5)", 50),
		"the seed argument changes the stream")
	m := New("sites")
	m.SetTime(Time{Start: 0, Stop: 20, DT: 1})
	m.Aux("a", "EXPRND(1)", "")
	m.Aux("b", "EXPRND(1)", "")
	r := mustRun(t, m)
	assert.NotEqual(t, r.Series("a"), r.Series("b"), "two call sites draw different numbers")
}

// TestRandomBadParameters checks that parameters outside a distribution's
// domain end the run with an error naming the variable, never a hang or a
// panic.
func TestRandomBadParameters(t *testing.T) {
	for _, eq := range []string{
		"RANDOM GAMMA(0, 10, -1, 0, 1, 1)",
		"RANDOM BETA(0, 1, 0, 1, 0, 1, 1)",
		"RANDOM BINOMIAL(0, 10, 1.5, 10, 0, 1, 1)",
		"RANDOM BINOMIAL(0, 10, 0.5, 2.5, 0, 1, 1)",
		"RANDOM NEGATIVE BINOMIAL(0, 10, 0, 3, 0, 1, 1)",
		"RANDOM POISSON(0, 10, -2, 0, 1, 1)",
		"RANDOM POISSON(0, 10, 1/0, 0, 1, 1)",
		"RANDOM WEIBULL(0, 10, 0, 0, 1, 1)",
		"RANDOM LOGNORMAL(0, 10, -1, 1, 1)",
		"RANDOM TRIANGULAR(0, 10, 3, 1, 2, 1)",
		"POISSON(-1)",
	} {
		t.Run(eq, func(t *testing.T) {
			m := New("bad")
			m.SetTime(Time{Start: 0, Stop: 2, DT: 1})
			m.Aux("x", eq, "")
			c, err := m.Compile()
			require.NoError(t, err)
			_, err = c.Run()
			require.Error(t, err)
			assert.Contains(t, err.Error(), `"x"`)
		})
	}
}

// TestPinkNoise checks RANDOM PINK NOISE's mean, standard deviation and
// correlation over a long run: the standard deviation is the one asked
// for, and values one correlation time apart correlate about e^-1.
func TestPinkNoise(t *testing.T) {
	m := New("pink")
	const dt, tau, n = 0.25, 2.0, 80000
	m.SetTime(Time{Start: 0, Stop: n * dt, DT: dt})
	m.Aux("noise", "RANDOM PINK NOISE(10, 3, 2, 7)", "")
	xs := mustRun(t, m, WithSeed(2)).Series("noise")
	assert.Equal(t, 10.0, xs[0], "starts at the mean")
	mean, vari := moments(xs)
	assert.InDelta(t, 10, mean, 0.15)
	assert.InDelta(t, 3, math.Sqrt(vari), 0.15)
	lag := int(tau / dt)
	cov := 0.0
	for i := lag; i < len(xs); i++ {
		cov += (xs[i] - mean) * (xs[i-lag] - mean)
	}
	// Under Euler the correlation after lag steps is (1 - DT/time)^lag.
	assert.InDelta(t, math.Pow(1-dt/tau, float64(lag)), cov/float64(len(xs)-lag)/vari, 0.05)
}

// TestRandomConcurrentRuns: one compiled model with the random and
// allocation builtins, run from several goroutines at once, gives the same
// numbers bit for bit in every run.
func TestRandomConcurrentRuns(t *testing.T) {
	m := New("concurrent")
	m.SetTime(Time{Start: 0, Stop: 50, DT: 0.5, Method: RK4})
	m.Dimension("d", "d1", "d2", "d3")
	m.Aux("request", "2", "").Over("d").Element("RANDOM GAMMA(0, 100, 2, 0, 3, 1) + 1", "d1").Element("POISSON(4) + 1", "d2")
	m.Aux("priority", "1, 2, 3", "").Over("d")
	m.Aux("shipped", "ALLOCATE BY PRIORITY(request[d], priority[d], 3, 1, RANDOM PINK NOISE(5, 1, 2, 3))", "").Over("d")
	c, err := m.Compile()
	require.NoError(t, err)
	want, err := c.Run(WithSeed(9))
	require.NoError(t, err)
	done := make(chan *Results)
	for g := 0; g < 6; g++ {
		go func() {
			r, err := c.Run(WithSeed(9))
			if err != nil {
				r = nil
			}
			done <- r
		}()
	}
	for g := 0; g < 6; g++ {
		r := <-done
		require.NotNil(t, r)
		for _, name := range want.Names() {
			assert.Equal(t, want.Series(name), r.Series(name), name)
		}
	}
}
