//go:build amd64

package sdmodel

import "unsafe"

// divRuns is in divrun_amd64.s.
//
//go:noescape
func divRuns(v *float64, rs unsafe.Pointer, nr int, size int)

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
