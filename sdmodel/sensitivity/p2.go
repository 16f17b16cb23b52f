package sensitivity

import (
	"math"
	"slices"
)

// P2Quantile estimates one quantile of a stream of numbers in constant memory
// with the P² algorithm (Jain and Chlamtac, "The P² algorithm for dynamic
// calculation of quantiles and histograms without storing observations",
// CACM 28(10), 1985): five markers whose heights are adjusted by piecewise
// parabolic interpolation as observations arrive.
//
// Up to five observations the estimate is exact (linear interpolation between
// order statistics, as R's type 7). Beyond, it is an approximation whose error
// shrinks as the stream grows; for smooth distributions and a few hundred
// observations it is typically within a few percent of the distribution's
// spread (see the package tests). The result depends on the order of the
// observations, so feed them in a fixed order for reproducible numbers.
// NaN observations are ignored.
type P2Quantile struct {
	p     float64
	count int
	q     [5]float64 // marker heights
	n     [5]float64 // actual marker positions (1-based)
	np    [5]float64 // desired marker positions
	dn    [5]float64 // increments of the desired positions
}

// NewP2Quantile returns an estimator of the p-quantile, 0 < p < 1.
func NewP2Quantile(p float64) *P2Quantile {
	e := &P2Quantile{}
	e.init(p)
	return e
}

func (e *P2Quantile) init(p float64) {
	*e = P2Quantile{p: p}
	e.dn = [5]float64{0, p / 2, p, (1 + p) / 2, 1}
}

// P returns the probability whose quantile is estimated.
func (e *P2Quantile) P() float64 { return e.p }

// Count returns the number of (non-NaN) observations added.
func (e *P2Quantile) Count() int { return e.count }

// Add adds an observation.
func (e *P2Quantile) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	if e.count < 5 {
		e.q[e.count] = x
		e.count++
		if e.count == 5 {
			slices.Sort(e.q[:])
			p := e.p
			e.n = [5]float64{1, 2, 3, 4, 5}
			e.np = [5]float64{1, 1 + float64(2*p), 1 + float64(4*p), 3 + float64(2*p), 5}
		}
		return
	}
	e.count++
	var k int
	switch {
	case x < e.q[0]:
		e.q[0] = x
		k = 0
	case x >= e.q[4]:
		e.q[4] = x
		k = 3
	default:
		for k = 0; k < 3 && x >= e.q[k+1]; k++ {
		}
	}
	for i := k + 1; i < 5; i++ {
		e.n[i]++
	}
	for i := range e.np {
		e.np[i] += e.dn[i]
	}
	for i := 1; i <= 3; i++ {
		d := e.np[i] - e.n[i]
		if (d >= 1 && e.n[i+1]-e.n[i] > 1) || (d <= -1 && e.n[i-1]-e.n[i] < -1) {
			s := 1.0
			if d < 0 {
				s = -1
			}
			qp := e.parabolic(i, s)
			if e.q[i-1] < qp && qp < e.q[i+1] {
				e.q[i] = qp
			} else {
				j := i + int(s)
				e.q[i] += s * (e.q[j] - e.q[i]) / (e.n[j] - e.n[i])
			}
			e.n[i] += s
		}
	}
}

func (e *P2Quantile) parabolic(i int, d float64) float64 {
	q, n := &e.q, &e.n
	return q[i] + float64(d/(n[i+1]-n[i-1])*((n[i]-n[i-1]+d)*(q[i+1]-q[i])/(n[i+1]-n[i])+
		(n[i+1]-n[i]-d)*(q[i]-q[i-1])/(n[i]-n[i-1])))
}

// warmStart sets the markers from the sorted first observations, as P² would
// hold them had it tracked them exactly: heights at the desired positions.
func (e *P2Quantile) warmStart(sorted []float64) {
	n := len(sorted)
	if n < 5 {
		for _, x := range sorted {
			e.Add(x)
		}
		return
	}
	p := e.p
	fn := float64(n - 1)
	e.count = n
	e.np = [5]float64{1, 1 + float64(fn*p/2), 1 + float64(fn*p), 1 + float64(fn*(1+p)/2), float64(n)}
	for i, want := range e.np {
		pos := math.Round(want)
		// Keep the marker positions strictly increasing.
		if i > 0 {
			pos = max(pos, e.n[i-1]+1)
		}
		pos = min(pos, float64(n-(4-i)))
		e.n[i] = pos
		e.q[i] = sorted[int(pos)-1]
	}
}

// Value returns the current estimate (NaN before any observation).
func (e *P2Quantile) Value() float64 {
	switch {
	case e.count == 0:
		return math.NaN()
	case e.count >= 5:
		// The middle marker tracks the quantile; reading the marker curve at
		// the exact target position also makes few observations exact and
		// helps extreme p early on.
		h := 1 + float64(e.p*float64(e.count-1))
		for i := 1; i < 5; i++ {
			if h <= e.n[i] {
				return e.q[i-1] + (h-e.n[i-1])*(e.q[i]-e.q[i-1])/(e.n[i]-e.n[i-1])
			}
		}
		return e.q[4]
	}
	// Exact for few observations.
	s := make([]float64, e.count)
	copy(s, e.q[:e.count])
	slices.Sort(s)
	return Quantile(s, e.p)
}

// Quantile is the p-quantile (p in [0, 1]) of sorted values by linear
// interpolation between order statistics (R's and NumPy's default, "type 7";
// gonum's stat.Quantile offers other definitions). It is NaN for no values.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(p * float64(n-1))
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + float64((h-float64(lo))*(sorted[lo+1]-sorted[lo]))
}
