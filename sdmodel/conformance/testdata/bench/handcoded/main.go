// Command handcoded computes the benchmark model large.xmile (100 aging
// chains of 10 stocks, Euler, DT 0.125, 0 to 120 months) with plain loops
// written for this one model, and writes every variable every month as a
// tab-separated table: what `sd run -saveper 1 -format tsv large.xmile`
// writes. It is the yardstick of the engine's whole-process speed
// (BenchmarkSdRunVsHandCoded in the conformance package).
package main

import (
	"bufio"
	"math"
	"os"
	"strconv"
)

const (
	chains    = 100
	stages    = 10
	dt        = 0.125
	stop      = 120.0
	smoothing = 4.0
)

var (
	effectX = [...]float64{0, 0.5, 1, 1.5, 2, 3}
	effectY = [...]float64{1.3, 1.15, 1, 0.8, 0.6, 0.4}
)

// effect is the graphical function: linear between points, clamped.
func effect(x float64) float64 {
	n := len(effectX)
	if x <= effectX[0] {
		return effectY[0]
	}
	if x >= effectX[n-1] {
		return effectY[n-1]
	}
	i := 0
	for effectX[i+1] <= x {
		i++
	}
	return effectY[i] + (x-effectX[i])*(effectY[i+1]-effectY[i])/(effectX[i+1]-effectX[i])
}

type chain struct {
	base, stageTime, capacity float64
	inflow, population, eff   float64
	stock, outflow            [stages]float64
	smoothed                  float64
}

func main() {
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	var cs [chains]chain
	for k := range cs {
		c := &cs[k]
		c.base, c.stageTime, c.capacity = chainParams[k][0], chainParams[k][1], chainParams[k][2]
		c.stock = stockInit[k]
	}
	header(w)
	nsteps := int(math.Round(stop / dt))
	stride := int(math.Round(1 / dt))
	buf := make([]byte, 0, 32)
	num := func(x float64) {
		w.WriteByte('\t')
		w.Write(strconv.AppendFloat(buf[:0], x, 'g', -1, 64))
	}
	for i := 0; ; i++ {
		t := float64(i) * dt
		season := 1 + 0.1*math.Sin(2*3.14159*t/12)
		for k := range cs {
			c := &cs[k]
			pop := c.stock[0]
			for j := 1; j < stages; j++ {
				pop += c.stock[j]
			}
			for j := range c.outflow {
				c.outflow[j] = c.stock[j] / c.stageTime
			}
			c.population = pop
			c.eff = effect(pop / c.capacity)
			c.inflow = c.base * season * c.eff
			if i == 0 {
				c.smoothed = c.outflow[stages-1] // SMTH1 starts at its input
			}
		}
		if i%stride == 0 {
			w.Write(strconv.AppendFloat(buf[:0], t, 'g', -1, 64))
			num(smoothing)
			for k := range cs {
				c := &cs[k]
				num(c.base)
				num(c.stageTime)
				num(c.capacity)
				num(c.inflow)
				num(c.population)
				num(c.eff)
				for j := range c.stock {
					num(c.stock[j])
					num(c.outflow[j])
				}
				num(c.smoothed)
			}
			w.WriteByte('\n')
		}
		if i >= nsteps {
			break
		}
		for k := range cs {
			c := &cs[k]
			c.smoothed += dt * ((c.outflow[stages-1] - c.smoothed) / smoothing)
			in := c.inflow
			for j := range c.stock {
				c.stock[j] += dt * (in - c.outflow[j])
				in = c.outflow[j]
			}
		}
	}
	if err := w.Flush(); err != nil {
		os.Exit(1)
	}
}

func header(w *bufio.Writer) {
	w.WriteString("time\tsmoothing_time")
	for k := 1; k <= chains; k++ {
		p := "\tchain" + strconv.Itoa(k) + "_"
		for _, n := range []string{"base", "stage_time", "capacity", "inflow", "population", "effect"} {
			w.WriteString(p + n)
		}
		for j := 1; j <= stages; j++ {
			w.WriteString(p + "stock" + strconv.Itoa(j) + p + "outflow" + strconv.Itoa(j))
		}
		w.WriteString(p + "smoothed")
	}
	w.WriteByte('\n')
}
