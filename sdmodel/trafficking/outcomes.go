package trafficking

import (
	"fmt"
	"math"

	"github.com/sdlessons/trafficking/sdmodel"
)

// Month indexes of the calendar dates the outcomes use (time 0 = January 2015).
const (
	Jan2019 = 48
	Jan2020 = 60
	Feb2020 = 61
	Apr2020 = 63
	May2020 = 64
	Jan2021 = 72
	Jan2022 = 84
	Jan2023 = 96
	Jan2031 = 192
)

// Date returns the calendar month "YYYY-MM" of model time t (months since
// January 2015), rounding to the nearest month.
func Date(t float64) string {
	n := int(math.Round(t))
	y, mo := 2015+floorDiv(n, 12), n-12*floorDiv(n, 12)+1
	return fmt.Sprintf("%04d-%02d", y, mo)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Run runs a compiled trafficking model under a scenario; further options
// (method, DT, extra overrides) apply after the scenario's settings.
func Run(c *sdmodel.Compiled, s Scenario, opts ...sdmodel.RunOption) (*sdmodel.Results, error) {
	all := make([]sdmodel.RunOption, 0, len(opts)+1)
	if len(s.Set) > 0 {
		all = append(all, sdmodel.SetAll(s.Set))
	}
	all = append(all, opts...)
	res, err := c.Run(all...)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return res, nil
}

// Outcome is what the policy comparison reports for one run.
type Outcome struct {
	Scenario string
	// Cumulative victim-months and transactions from January 2023 to January 2031.
	VictimMonths, Transactions float64
	// The same from January 2020 (reference behaviour 6).
	VictimMonths2020, Transactions2020 float64
	// Largest number of trafficked persons over the run and when (model time).
	PeakTrafficked, PeakTime float64
}

// PeakDate is the calendar month of the peak.
func (o Outcome) PeakDate() string { return Date(o.PeakTime) }

// series returns a variable's saved values, checking that the run saved
// every month from January 2015 to at least January 2031.
func series(res *sdmodel.Results, name string) ([]float64, error) {
	s, err := res.Get(name)
	if err != nil {
		return nil, err
	}
	tm := res.Time()
	if len(tm) <= Jan2031 || tm[0] != 0 || tm[1] != 1 {
		return nil, fmt.Errorf("results of %q: need monthly saves from time 0 to %d", res.Model, Jan2031)
	}
	return s, nil
}

// Measure computes a run's outcome.
func Measure(scenario string, res *sdmodel.Results) (Outcome, error) {
	cv, err := series(res, CumVictimMonths)
	if err != nil {
		return Outcome{}, err
	}
	ct, err := series(res, CumTransactions)
	if err != nil {
		return Outcome{}, err
	}
	v, err := series(res, TraffickedPersons)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Scenario: scenario,
		VictimMonths: cv[Jan2031] - cv[Jan2023], Transactions: ct[Jan2031] - ct[Jan2023],
		VictimMonths2020: cv[Jan2031] - cv[Jan2020], Transactions2020: ct[Jan2031] - ct[Jan2020]}
	for i, x := range v {
		if x > o.PeakTrafficked {
			o.PeakTrafficked, o.PeakTime = x, res.Time()[i]
		}
	}
	return o, nil
}

// Change is the relative change of x against a baseline value, in percent.
func Change(x, base float64) float64 { return float64(100 * (x/base - 1)) }

// Reference holds the numbers behind the reference behaviour of the design
// brief, measured on a baseline run.
type Reference struct {
	// 1: trafficked persons from January 2015 to February 2020 relative to the initial value.
	PreCovidMin, PreCovidMax float64
	// 2: transactions in April and May 2020 relative to February 2020.
	TransactionsApr, TransactionsMay float64
	// 3: identified victims in calendar 2020 relative to 2019.
	Identified2020 float64
	// 4: first month transactions are back at or above February 2020 (model
	// time; -1 if never) and identified victims in 2022 relative to 2019.
	RecoveryTime   float64
	Identified2022 float64
	// 5: the post-COVID cycle of trafficked persons: the level in February
	// 2020, the peak after January 2021, the trough after that peak, and the
	// largest rise after the trough (persons).
	PreCovid, Peak, PeakTime, Trough, TroughTime, Upturn float64
}

// MeasureReference measures the reference behaviour of a run.
func MeasureReference(res *sdmodel.Results) (Reference, error) {
	v, err := series(res, TraffickedPersons)
	if err != nil {
		return Reference{}, err
	}
	tr, err := series(res, Transactions)
	if err != nil {
		return Reference{}, err
	}
	id, err := series(res, IdentifiedVictims)
	if err != nil {
		return Reference{}, err
	}
	r := Reference{PreCovidMin: math.Inf(1), PreCovidMax: math.Inf(-1), RecoveryTime: -1}
	for _, x := range v[:Feb2020+1] {
		r.PreCovidMin = math.Min(r.PreCovidMin, x/v[0])
		r.PreCovidMax = math.Max(r.PreCovidMax, x/v[0])
	}
	r.TransactionsApr, r.TransactionsMay = tr[Apr2020]/tr[Feb2020], tr[May2020]/tr[Feb2020]
	year := func(s []float64, from int) float64 {
		sum := 0.0
		for _, x := range s[from : from+12] {
			sum += x
		}
		return sum
	}
	r.Identified2020 = year(id, Jan2020) / year(id, Jan2019)
	r.Identified2022 = year(id, Jan2022) / year(id, Jan2019)
	for i := Apr2020; i <= Jan2031; i++ {
		if tr[i] >= tr[Feb2020] {
			r.RecoveryTime = float64(i)
			break
		}
	}
	r.PreCovid = v[Feb2020]
	pk := Jan2021
	for i := Jan2021; i <= Jan2031; i++ {
		if v[i] > v[pk] {
			pk = i
		}
	}
	tt := pk
	for i := pk; i <= Jan2031; i++ {
		if v[i] < v[tt] {
			tt = i
		}
	}
	r.Peak, r.PeakTime, r.Trough, r.TroughTime = v[pk], float64(pk), v[tt], float64(tt)
	for _, x := range v[tt:] {
		r.Upturn = math.Max(r.Upturn, x-v[tt])
	}
	return r, nil
}
