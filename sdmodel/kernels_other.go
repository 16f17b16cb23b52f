//go:build !amd64 || purego

package sdmodel

func divideRuns(v []float64, rs []run)                  { divideRunsGo(v, rs) }
func divideSumRuns(v []float64, rs []divSum)            { divideSumRunsGo(v, rs) }
func eulerUpdateRuns(v []float64, rs []run, dt float64) { eulerUpdateRunsGo(v, rs, dt) }
func moveSlotRuns(v []float64, rs []run)                { moveSlotRunsGo(v, rs) }
