package sdmodel

import (
	"fmt"
	"strings"
	"testing"
)

// arrayedAgingChain is the benchmark model of agingChain written with
// arrays: dimensions chain (100) and stage (10), one equation per variable.
// A stock's inflow is "transfer in", the chain's inflow for the first stage
// and the previous stage's outflow for the others.
func arrayedAgingChain() *Model {
	m := New("arrayed aging chain")
	m.SetTime(Time{Start: 0, Stop: agingStop, DT: agingDT, SavePer: 1, Units: "month"})
	m.NumberedDimension("chain", chains)
	m.NumberedDimension("stage", stages)
	list := func(f func(k int) float64) string {
		vals := make([]string, chains)
		for k := range vals {
			vals[k] = fmt.Sprint(f(k + 1))
		}
		return strings.Join(vals, ", ")
	}
	var inits []string
	for k := 1; k <= chains; k++ {
		for j := 1; j <= stages; j++ {
			inits = append(inits, fmt.Sprint(stockInit(k, j)))
		}
	}
	m.Const("smoothing time", agingSmooth, "month")
	m.Aux("base", list(func(k int) float64 { return chainParam(k).base }), "people/month").Over("chain")
	m.Aux("stage time", list(func(k int) float64 { return chainParam(k).stageTime }), "month").Over("chain")
	m.Aux("capacity", list(func(k int) float64 { return chainParam(k).capacity }), "people").Over("chain")
	m.Aux("initial", strings.Join(inits, ", "), "people").Over("chain", "stage")
	m.Flow("inflow", "base * (1 + 0.1 * SIN(2 * 3.14159 * TIME / 12)) * effect", "people/month").Over("chain")
	m.Aux("population", "SUM(stock[chain, stage!])", "people").Over("chain")
	m.Graphical("effect", "population / capacity", effectX, effectY, "dmnl").Over("chain")
	m.Stock("stock", "initial", "people").Over("chain", "stage").In("transfer in").Out("outflow")
	m.Flow("transfer in", "IF stage = 1 THEN inflow ELSE outflow[chain, stage - 1]", "people/month").Over("chain", "stage")
	m.Flow("outflow", "stock / stage time", "people/month").Over("chain", "stage")
	m.Aux("smoothed", "SMTH1(outflow[chain, 10], smoothing time)", "people/month").Over("chain")
	return m
}

func TestArrayedAgingChainMatchesHandCoded(t *testing.T) {
	matchesHandCoded(t, arrayedAgingChain(), func(v string, k, j int) string {
		if j > 0 {
			return fmt.Sprintf("%s[%d,%d]", v, k, j)
		}
		return fmt.Sprintf("%s[%d]", v, k)
	})
}

// BenchmarkArrayedAgingChainRatio is BenchmarkAgingChainRatio for the model
// written with arrays: flattening leaves nothing to do per step.
func BenchmarkArrayedAgingChainRatio(b *testing.B) { benchRatio(b, arrayedAgingChain()) }

func BenchmarkCompileArrayedAgingChain(b *testing.B) {
	m := arrayedAgingChain()
	for b.Loop() {
		if _, err := m.Compile(); err != nil {
			b.Fatal(err)
		}
	}
}
