//go:build amd64 && !purego

package sdmodel

import "unsafe"

// divRuns, eulerRuns and moveRuns are in kernels_amd64.s.
//
//go:noescape
func divRuns(v *float64, rs unsafe.Pointer, nr int, size int)

//go:noescape
func eulerRuns(v *float64, rs unsafe.Pointer, nr int, dt float64)

//go:noescape
func moveRuns(v *float64, rs unsafe.Pointer, nr int)

// divideRuns does opBatchDivRun's runs.
func divideRuns(v []float64, rs []run) {
	if len(rs) > 0 {
		divRuns(unsafe.SliceData(v), unsafe.Pointer(&rs[0]), len(rs), int(unsafe.Sizeof(rs[0])))
	}
}

// divideSumRuns does opDivSumRun's runs.
func divideSumRuns(v []float64, rs []divSum) {
	if len(rs) > 0 {
		divRuns(unsafe.SliceData(v), unsafe.Pointer(&rs[0]), len(rs), int(unsafe.Sizeof(rs[0])))
	}
}

// eulerUpdateRuns does the Euler update of runs of stocks with one inflow and one outflow.
func eulerUpdateRuns(v []float64, rs []run, dt float64) {
	if len(rs) > 0 {
		eulerRuns(unsafe.SliceData(v), unsafe.Pointer(&rs[0]), len(rs), dt)
	}
}

// moveSlotRuns does opBatchMoveRun's runs.
func moveSlotRuns(v []float64, rs []run) {
	if len(rs) > 0 {
		moveRuns(unsafe.SliceData(v), unsafe.Pointer(&rs[0]), len(rs))
	}
}

// The assembly reads run records as five int32 (20 bytes) and divSum
// records as six (24 bytes): these fail to compile if the layouts change.
var (
	_ = [1]struct{}{}[unsafe.Sizeof(run{})-20]
	_ = [1]struct{}{}[unsafe.Sizeof(divSum{})-24]
)
