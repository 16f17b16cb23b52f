package sdmodel

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The benchmark model of conformance/testdata/bench: 100 aging chains of 10 stocks, each
// fed by a seasonal inflow scaled by a graphical function of the chain's
// population relative to its capacity, with a first-order smooth of the
// chain's last outflow. Euler, DT 0.125, time 0 to 120, saved every month.
const (
	chains      = 100
	stages      = 10
	agingStop   = 120.0
	agingDT     = 0.125
	agingSmooth = 4.0
)

var (
	effectX = []float64{0, 0.5, 1, 1.5, 2, 3}
	effectY = []float64{1.3, 1.15, 1, 0.8, 0.6, 0.4}
)

type chainParams struct{ base, stageTime, capacity float64 }

func chainParam(k int) chainParams {
	return chainParams{base: float64(10 + k%7), stageTime: 1 + 0.5*float64(k%3), capacity: 100 + 65*float64(k%5)}
}

func stockInit(k, j int) float64 { return float64(5 + (k+j)%10) }

// agingChain builds the benchmark model through the Go API.
func agingChain() *Model {
	m := New("aging chain")
	m.SetTime(Time{Start: 0, Stop: agingStop, DT: agingDT, SavePer: 1, Units: "month"})
	m.Const("smoothing time", agingSmooth, "month")
	for k := 1; k <= chains; k++ {
		p := chainParam(k)
		c := func(s string, a ...any) string { return fmt.Sprintf("chain%d %s", k, fmt.Sprintf(s, a...)) }
		m.Const(c("base"), p.base, "people/month")
		m.Const(c("stage time"), p.stageTime, "month")
		m.Const(c("capacity"), p.capacity, "people")
		m.Flow(c("inflow"), fmt.Sprintf("%s * (1 + 0.1 * SIN(2 * 3.14159 * TIME / 12)) * %s", c("base"), c("effect")), "people/month")
		terms := make([]string, stages)
		for j := 1; j <= stages; j++ {
			terms[j-1] = c("stock%d", j)
		}
		m.Aux(c("population"), strings.Join(terms, " + "), "people")
		m.Graphical(c("effect"), c("population")+" / "+c("capacity"), effectX, effectY, "dmnl")
		for j := 1; j <= stages; j++ {
			in := c("inflow")
			if j > 1 {
				in = c("outflow%d", j-1)
			}
			m.Stock(c("stock%d", j), fmt.Sprint(stockInit(k, j)), "people").In(in).Out(c("outflow%d", j))
			m.Flow(c("outflow%d", j), c("stock%d", j)+" / "+c("stage time"), "people/month")
		}
		m.Aux(c("smoothed"), fmt.Sprintf("SMTH1(%s, smoothing time)", c("outflow%d", stages)), "people/month")
	}
	return m
}

// handCoded computes the same model with plain loops over slices and stores
// every variable at each save step, as the engine does.
type handCoded struct {
	stock               [chains][stages]float64
	smooth              [chains]float64
	inflow, pop, effect [chains]float64
	out                 [chains][stages]float64
	p                   [chains]chainParams
	saved               [][]float64 // one row per save step: stocks, flows, auxiliaries
}

func effectLookup(x float64) float64 {
	if x <= effectX[0] {
		return effectY[0]
	}
	n := len(effectX)
	if x >= effectX[n-1] {
		return effectY[n-1]
	}
	i := 0
	for effectX[i+1] <= x {
		i++
	}
	return effectY[i] + (x-effectX[i])*(effectY[i+1]-effectY[i])/(effectX[i+1]-effectX[i])
}

func runHandCoded(h *handCoded) {
	for k := 0; k < chains; k++ {
		h.p[k] = chainParam(k + 1)
		for j := 0; j < stages; j++ {
			h.stock[k][j] = stockInit(k+1, j+1)
		}
		h.smooth[k] = h.stock[k][stages-1] / h.p[k].stageTime
	}
	nsteps := int(math.Round(agingStop / agingDT))
	stride := int(math.Round(1 / agingDT))
	h.saved = h.saved[:0]
	for i := 0; ; i++ {
		t := float64(i) * agingDT
		season := 1 + 0.1*math.Sin(2*3.14159*t/12)
		for k := 0; k < chains; k++ {
			p := &h.p[k]
			pop := 0.0
			for j := 0; j < stages; j++ {
				pop += h.stock[k][j]
				h.out[k][j] = h.stock[k][j] / p.stageTime
			}
			h.pop[k] = pop
			h.effect[k] = effectLookup(pop / p.capacity)
			h.inflow[k] = p.base * season * h.effect[k]
		}
		if i%stride == 0 {
			row := make([]float64, 0, chains*(2*stages+4))
			for k := 0; k < chains; k++ {
				row = append(row, h.stock[k][:]...)
				row = append(row, h.out[k][:]...)
				row = append(row, h.inflow[k], h.pop[k], h.effect[k], h.smooth[k])
			}
			h.saved = append(h.saved, row)
		}
		if i == nsteps {
			break
		}
		for k := 0; k < chains; k++ {
			h.stock[k][0] += agingDT * (h.inflow[k] - h.out[k][0])
			for j := 1; j < stages; j++ {
				h.stock[k][j] += agingDT * (h.out[k][j-1] - h.out[k][j])
			}
			h.smooth[k] += agingDT * (h.out[k][stages-1] - h.smooth[k]) / agingSmooth
		}
	}
}

func TestAgingChainMatchesHandCoded(t *testing.T) {
	worst := matchesHandCoded(t, agingChain(), func(v string, k, j int) string {
		if j > 0 {
			return fmt.Sprintf("chain%d %s%d", k, v, j)
		}
		return fmt.Sprintf("chain%d %s", k, v)
	})
	t.Logf("worst relative difference between engine and hand-coded loop: %.3g", worst)
}

// matchesHandCoded runs a version of the benchmark model and checks every
// variable at every save step against the hand-coded loops, to 1e-9
// relative; name gives the model's name for variable v of chain k (and
// stage j of stocks and outflows, 0 otherwise). It returns the worst
// relative difference.
func matchesHandCoded(t *testing.T, m *Model, name func(v string, k, j int) string) float64 {
	t.Helper()
	c, err := m.Compile()
	require.NoError(t, err)
	res, err := c.Run()
	require.NoError(t, err)
	var h handCoded
	runHandCoded(&h)
	require.Len(t, res.Time(), len(h.saved))
	worst := 0.0
	for k := 0; k < chains; k++ {
		off := k * (2*stages + 4)
		cols := map[string]int{name("inflow", k+1, 0): off + 2*stages, name("population", k+1, 0): off + 2*stages + 1,
			name("effect", k+1, 0): off + 2*stages + 2, name("smoothed", k+1, 0): off + 2*stages + 3}
		for j := 0; j < stages; j++ {
			cols[name("stock", k+1, j+1)] = off + j
			cols[name("outflow", k+1, j+1)] = off + stages + j
		}
		for n, col := range cols {
			s := res.Series(n)
			require.NotNil(t, s, n)
			for i, row := range h.saved {
				want := row[col]
				rel := math.Abs(s[i]-want) / math.Max(math.Abs(want), 1e-12)
				worst = math.Max(worst, rel)
				require.LessOrEqualf(t, rel, 1e-9, "%s at row %d: engine %v, hand-coded %v", n, i, s[i], want)
			}
		}
	}
	return worst
}

// BenchmarkEngineAgingChain runs the compiled 1,000-stock model; compiling is
// outside the timed loop, results are stored as a user gets them.
func BenchmarkEngineAgingChain(b *testing.B) {
	c, err := agingChain().Compile()
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandCodedAgingChain is the same model as plain Go loops: the bar
// the engine is measured against.
func BenchmarkHandCodedAgingChain(b *testing.B) {
	var h handCoded
	b.ReportAllocs()
	for b.Loop() {
		runHandCoded(&h)
	}
}

func BenchmarkCompileAgingChain(b *testing.B) {
	m := agingChain()
	for b.Loop() {
		if _, err := m.Compile(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAgingChainRatio alternates engine and hand-coded runs and reports
// the ratio of their fastest times (engine/hand-coded), which stays stable on
// a busy machine where separate benchmarks drift.
func BenchmarkAgingChainRatio(b *testing.B) { benchRatio(b, agingChain()) }

// benchRatio alternates runs of a version of the benchmark model and of the
// hand-coded loops and reports the ratio of their fastest times.
func benchRatio(b *testing.B, m *Model) {
	c, err := m.Compile()
	require.NoError(b, err)
	var h handCoded
	bestE, bestH := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	for b.Loop() {
		t0 := time.Now()
		if _, err := c.Run(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		runHandCoded(&h)
		t2 := time.Now()
		bestE = min(bestE, t1.Sub(t0))
		bestH = min(bestH, t2.Sub(t1))
	}
	b.ReportMetric(float64(bestE.Microseconds())/1000, "engine-ms")
	b.ReportMetric(float64(bestH.Microseconds())/1000, "handcoded-ms")
	b.ReportMetric(float64(bestE)/float64(bestH), "ratio")
}
