package calibrate

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// SeriesFit compares a simulated series with observed data, with the
// statistics Sterman recommends (Business Dynamics, ch. 21).
//
// The mean squared error splits exactly into three parts (Theil's
// inequality statistics), with population (divide-by-n) standard deviations
// sS, sA of simulated and actual and their correlation r:
//
//	MSE = (mean(S) - mean(A))² + (sS - sA)² + 2(1 - r)·sS·sA
//	UM  = (mean(S) - mean(A))² / MSE   bias
//	US  = (sS - sA)² / MSE             unequal variation
//	UC  = 2(1 - r)·sS·sA / MSE         unequal covariation
//
// so UM + US + UC = 1. A good fit has small MSE with most of it in UC
// (unsystematic point-by-point error); a large UM or US points to
// systematic error.
type SeriesFit struct {
	Variable string
	N        int // observations compared (missing ones left out)

	R2   float64 // r², the squared correlation of simulated and actual (as in Sterman)
	MAPE float64 // mean absolute percent error, in percent, over observations that are not 0
	MAE  float64 // mean absolute error
	MSE  float64 // mean squared error
	RMSE float64 // root mean squared error

	UM, US, UC float64 // Theil's inequality statistics (NaN when MSE is 0)

	MeanSim, MeanObs float64
	SDSim, SDObs     float64 // population standard deviations
	R                float64 // correlation coefficient
}

// Compare computes the fit statistics of simulated against observed values
// (same length, paired by index). Pairs where either is NaN are left out.
func Compare(simulated, observed []float64) SeriesFit {
	n := min(len(simulated), len(observed))
	s := make([]float64, 0, n)
	a := make([]float64, 0, n)
	for i := range n {
		if math.IsNaN(simulated[i]) || math.IsNaN(observed[i]) {
			continue
		}
		s = append(s, simulated[i])
		a = append(a, observed[i])
	}
	f := SeriesFit{N: len(s)}
	if f.N == 0 {
		nan := math.NaN()
		f.R2, f.MAPE, f.MAE, f.MSE, f.RMSE, f.UM, f.US, f.UC = nan, nan, nan, nan, nan, nan, nan, nan
		f.MeanSim, f.MeanObs, f.SDSim, f.SDObs, f.R = nan, nan, nan, nan, nan
		return f
	}
	var sse, sae, sape float64
	nape := 0
	for i := range s {
		d := s[i] - a[i]
		sse += float64(d * d)
		sae += math.Abs(d)
		if a[i] != 0 {
			sape += math.Abs(d / a[i])
			nape++
		}
	}
	fn := float64(f.N)
	f.MSE = sse / fn
	f.RMSE = math.Sqrt(f.MSE)
	f.MAE = sae / fn
	f.MAPE = math.NaN()
	if nape > 0 {
		f.MAPE = 100 * sape / float64(nape)
	}
	f.MeanSim, f.SDSim = stat.PopMeanStdDev(s, nil)
	f.MeanObs, f.SDObs = stat.PopMeanStdDev(a, nil)
	f.R = math.NaN()
	if f.SDSim > 0 && f.SDObs > 0 {
		f.R = stat.Correlation(s, a, nil)
	}
	f.R2 = f.R * f.R
	f.UM, f.US, f.UC = math.NaN(), math.NaN(), math.NaN()
	if f.MSE > 0 {
		bias := f.MeanSim - f.MeanObs
		f.UM = bias * bias / f.MSE
		dv := f.SDSim - f.SDObs
		f.US = dv * dv / f.MSE
		// Written as the remainder so the three add to 1 to rounding, also
		// when a series is constant and r is undefined (then UC is 2·sS·sA = 0).
		f.UC = 1 - f.UM - f.US
		if !math.IsNaN(f.R) {
			f.UC = 2 * (1 - f.R) * f.SDSim * f.SDObs / f.MSE
		}
	}
	return f
}

// String prints the statistics on one line.
func (f SeriesFit) String() string {
	return fmt.Sprintf("%s: n=%d R²=%.4f MAPE=%.2f%% RMSE=%.4g UM=%.3f US=%.3f UC=%.3f",
		f.Variable, f.N, f.R2, f.MAPE, f.RMSE, f.UM, f.US, f.UC)
}

// fitTable prints fits as an aligned table.
func fitTable(b *strings.Builder, fits []SeriesFit) {
	w := len("variable")
	for _, f := range fits {
		w = max(w, len(f.Variable))
	}
	fmt.Fprintf(b, "%-*s %5s %8s %9s %11s %6s %6s %6s\n", w, "variable", "n", "R2", "MAPE %", "RMSE", "UM", "US", "UC")
	for _, f := range fits {
		fmt.Fprintf(b, "%-*s %5d %8.4f %9.2f %11.4g %6.3f %6.3f %6.3f\n", w, f.Variable, f.N, f.R2, f.MAPE, f.RMSE, f.UM, f.US, f.UC)
	}
}
