package sdmodel

import (
	"math"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Test-input builtins: functions of TIME.
func timeBuiltins() []*builtin {
	return []*builtin{
		timeFn(fixed("STEP", 2, "STEP(height, time)"), opStep),
		timeFn(args("PULSE", 2, 3, "PULSE(magnitude, first time[, interval])"), opPulse),
		timeFn(args("RAMP", 2, 3, "RAMP(slope, start time[, end time])"), opRamp),
		{name: "PULSE_TRAIN", aliases: []string{"pulse_train"}, min: 4, max: 4, timeDep: true,
			signature: "PULSE_TRAIN(start, width, interval, end)",
			emit: func(g *gen, a []expr.Node, dst int32) {
				start := int32(len(g.ops))
				g.ops = append(g.ops, g.expr(a[0]), g.expr(a[1]), g.expr(a[2]), g.expr(a[3]))
				g.emit(instr{op: opPulseTrain, dst: dst, a: start})
			}},
	}
}

// timeFn is a builtin done by one instruction of up to three arguments (an
// absent one is slot -1).
func timeFn(b *builtin, op opcode) *builtin {
	b.timeDep = true
	b.emit = func(g *gen, a []expr.Node, dst int32) {
		in := instr{op: op, dst: dst, a: g.expr(a[0]), b: g.expr(a[1]), c: -1}
		if len(a) > 2 {
			in.c = g.expr(a[2])
		}
		g.emit(in)
	}
	return b
}

// eps is the tolerance, as a fraction of DT, for comparing times that are
// computed as start + i*DT with event times given by the modeller. The
// functions below compute the tolerance once, tol := float64(eps * dt): the
// conversion rounds the product, so that no platform fuses it into a
// multiply-add where it is added (see integrate.go).
const eps = 1e-9

// step is STEP(height, time): 0 before the step time, height from then on.
func step(t, dt, height, at float64) float64 {
	if t+float64(eps*dt) >= at {
		return height
	}
	return 0
}

// pulse is XMILE's PULSE(magnitude, first[, interval]): magnitude/DT during
// the one time step that starts at first (and every interval after it), so
// that exactly magnitude flows through a stock.
func pulse(t, dt, magnitude, first, interval float64) float64 {
	tol := float64(eps * dt)
	r := t - first
	if r < -tol {
		return 0
	}
	if interval > 0 {
		r = math.Mod(r+tol, interval) - tol
	}
	if r < dt*(1-eps) && r > -tol {
		return magnitude / dt
	}
	return 0
}

// pulseTrain is Vensim's PULSE TRAIN(start, width, interval, end): 1 during
// [start + k*interval, start + k*interval + width) for times before end.
func pulseTrain(t, dt, start, width, interval, end float64) float64 {
	tol := float64(eps * dt)
	if t+tol < start || t > end+tol {
		return 0
	}
	r := t - start
	if interval > 0 {
		r = math.Mod(r+tol, interval) - tol
	}
	if r < width-tol {
		return 1
	}
	return 0
}

// ramp is RAMP(slope, start[, end]).
func ramp(t, slope, start, end float64) float64 {
	if t <= start {
		return 0
	}
	if t >= end {
		return slope * (end - start)
	}
	return slope * (t - start)
}
