package trafficking

import (
	"fmt"
	"math"

	"github.com/sdlessons/trafficking/sdmodel"
)

// unemploymentBLS is the US civilian unemployment rate in percent, one value
// per month from January 2015 (series LNS14000000, seasonally adjusted, Bureau
// of Labor Statistics, Current Population Survey; values as currently published,
// so April 2020 reads 14.8, first published as 14.7). The last observation is
// August 2025; later months hold that value (an assumption, not data).
var unemploymentBLS = [...]float64{
	// 2015
	5.7, 5.5, 5.4, 5.4, 5.6, 5.3, 5.2, 5.1, 5.0, 5.0, 5.1, 5.0,
	// 2016
	4.8, 4.9, 5.0, 5.1, 4.8, 4.9, 4.8, 4.9, 5.0, 4.9, 4.7, 4.7,
	// 2017
	4.7, 4.6, 4.4, 4.4, 4.4, 4.3, 4.3, 4.4, 4.3, 4.2, 4.2, 4.1,
	// 2018
	4.0, 4.1, 4.0, 4.0, 3.8, 4.0, 3.8, 3.8, 3.7, 3.8, 3.8, 3.9,
	// 2019
	4.0, 3.8, 3.8, 3.7, 3.6, 3.6, 3.7, 3.6, 3.5, 3.6, 3.6, 3.6,
	// 2020
	3.6, 3.5, 4.4, 14.8, 13.2, 11.0, 10.2, 8.4, 7.8, 6.8, 6.7, 6.7,
	// 2021
	6.4, 6.2, 6.1, 6.1, 5.8, 5.9, 5.4, 5.1, 4.7, 4.5, 4.2, 3.9,
	// 2022
	4.0, 3.8, 3.6, 3.7, 3.6, 3.6, 3.5, 3.6, 3.5, 3.6, 3.6, 3.5,
	// 2023
	3.4, 3.6, 3.5, 3.4, 3.7, 3.6, 3.5, 3.8, 3.8, 3.9, 3.7, 3.7,
	// 2024
	3.7, 3.9, 3.9, 3.9, 4.0, 4.1, 4.3, 4.2, 4.1, 4.1, 4.2, 4.1,
	// 2025, January to August
	4.0, 4.1, 4.2, 4.2, 4.2, 4.1, 4.2, 4.3,
}

// lastPrePandemicMonth is February 2020 (t = 61), the last month before COVID.
const lastPrePandemicMonth = 61

// unemploymentTable returns the unemployment graphical function: one point per
// month from t = 0 to the stop time (months after the data hold the last value).
func unemploymentTable(stop int) (xs, ys []float64) {
	for t := 0; t <= stop; t++ {
		v := unemploymentBLS[len(unemploymentBLS)-1]
		if t < len(unemploymentBLS) {
			v = unemploymentBLS[t]
		}
		xs = append(xs, float64(t))
		ys = append(ys, v)
	}
	return xs, ys
}

// stringencyTable is the shape of pandemic restrictions (0 none, 1 the April
// 2020 lockdown) against months since January 2015, drawn after the Oxford
// COVID-19 Government Response Tracker's stringency index for the United
// States: lockdowns from mid-March 2020, the peak in April-May, about 0.6 over
// summer and autumn 2020, about 0.8 in the winter wave, easing through 2021
// and 2022 to nothing by early 2023. Time is the start of each month.
func stringencyTable() (xs, ys []float64) {
	pts := [][2]float64{
		{0, 0}, {62, 0}, // until the start of March 2020
		{62.5, 0.6}, {63, 1}, {65, 1}, // mid-March lockdowns, April-May peak
		{66, 0.65}, {70, 0.6}, // summer and autumn 2020
		{71, 0.8}, {74, 0.8}, // winter wave, December 2020 to March 2021
		{78, 0.45}, {84, 0.25}, // easing through 2021
		{90, 0.1}, {96, 0}, // 2022, gone by January 2023
		{192, 0},
	}
	for _, p := range pts {
		xs = append(xs, p[0])
		ys = append(ys, p[1])
	}
	return xs, ys
}

// Full references of the reference data.
const (
	// RefCallander2020 states that active profiles of male sex workers on a
	// large international website "decreased by 26.3%" during COVID-19
	// (January to May 2020) against a stable period before (September to
	// December 2019).
	RefCallander2020 = "Callander, D., Meunier, É., DeVeau, R., Grov, C., Donovan, B., Minichiello, V., Kim, J. and Duncan, D. (2020). " +
		"Investigating the effects of COVID-19 on global male sex work populations: a longitudinal study of digital data. " +
		"Sexually Transmitted Infections 97(2), 93-98 (online 26 June 2020). doi:10.1136/sextrans-2020-054550"
	// RefCallander2020b states that on the same website active sex work
	// profiles increased 9.4 % from May to August 2020.
	RefCallander2020b = "Callander, D., Meunier, É., DeVeau, R., Grov, C., Donovan, B., Minichiello, V., Singham Goodwin, A. and Duncan, D. T. (2020). " +
		"Sex workers are returning to work and require enhanced support in the face of COVID-19: results from a longitudinal analysis of online sex work activity " +
		"and a content analysis of safer sex work guidelines. Sexual Health 17(4), 384-386. doi:10.1071/SH20128"
	// RefSERP2020 found that the number of women advertised for sex online in
	// Ireland fell by about 50 % in the first lockdown and had returned to
	// normal levels (about 650 profiles) when the report came out in
	// November 2020.
	RefSERP2020 = "Breslin, R., O'Connor, M. et al. (2020). Exploitation as Usual: Emerging evidence on the impact of Covid-19 on Ireland's sex trade. " +
		"Sexual Exploitation Research Programme, University College Dublin, November 2020"
	// RefUNODC2022 reports detected victims of trafficking 11 % fewer in
	// 2020 than in 2019, and 24 % fewer victims detected for sexual
	// exploitation.
	RefUNODC2022 = "UNODC (2022). Global Report on Trafficking in Persons 2022. United Nations Office on Drugs and Crime, Vienna"
	// RefUNODC2024 reports detected victims 25 % more in 2022 than in 2019.
	RefUNODC2024 = "UNODC (2024). Global Report on Trafficking in Persons 2024. United Nations Office on Drugs and Crime, Vienna"
)

// Observation is one published figure the model is compared with: a level
// of a measured quantity as an index (the pre-pandemic level = 100), at the
// model time it refers to. Published figures on trafficking are a handful of
// point estimates, not monthly series; each is used as a point target with
// its uncertainty stated in Note.
type Observation struct {
	Series string  // which reference series (see ReferenceSeries)
	Time   float64 // model time (months since January 2015) it refers to
	Value  float64 // index, pre-pandemic level = 100
	Label  string  // short label for charts
	Source string  // full reference
	Note   string  // what the figure measures and how it is placed
}

// Date is the calendar month of the observation.
func (o Observation) Date() string { return Date(o.Time) }

// The reference series: what the model's variables are compared with.
const (
	// SeriesMarket: commercial sex activity (online advertising), index with
	// the level before the pandemic = 100; the model's transactions relative
	// to February 2020.
	SeriesMarket = "sex-market activity (index, before the pandemic = 100)"
	// SeriesDetected: victims detected in a calendar year, index with 2019 =
	// 100; the model's identified victims summed over the year, relative to
	// 2019. Observations sit at the middle of their year.
	SeriesDetected = "detected victims (calendar year, index 2019 = 100)"
)

// ReferenceData returns the published figures the model is calibrated to and
// compared with (a fresh copy each call).
func ReferenceData() []Observation {
	return []Observation{
		{SeriesMarket, Apr2020, 50, "Ireland, first lockdown: ads −50 %", RefSERP2020,
			"women advertised for sex online in Ireland, about half the usual number in the first lockdown (spring 2020)"},
		{SeriesMarket, May2020, 73.7, "international site: active profiles −26.3 %", RefCallander2020,
			"active profiles of male sex workers on an international website, January-May 2020 against September-December 2019; placed at May 2020, the end of the period"},
		{SeriesMarket, May2020 + 3, 80.6, "same site: +9.4 % May-August", RefCallander2020b,
			"the May 2020 level (73.7) raised by the 9.4 % rise of active profiles from May to August 2020"},
		{SeriesMarket, May2020 + 6, 100, "Ireland: back to normal levels", RefSERP2020,
			"Irish online advertising back to normal levels (about 650 profiles) by the report of November 2020"},
		{SeriesDetected, Jan2020 + 6, 89, "2020: −11 %", RefUNODC2022,
			"detected victims of all forms of trafficking worldwide, 2020 against 2019"},
		{SeriesDetected, Jan2020 + 6, 76, "2020, sexual exploitation: −24 %", RefUNODC2022,
			"detected victims of trafficking for sexual exploitation worldwide, 2020 against 2019"},
		{SeriesDetected, Jan2022 + 6, 125, "2022: +25 %", RefUNODC2024,
			"detected victims of all forms of trafficking worldwide, 2022 against 2019"},
	}
}

// ReferenceSeries returns the names of the reference series in order.
func ReferenceSeries() []string { return []string{SeriesMarket, SeriesDetected} }

// Simulated returns a run's value of a reference series at model time t (an
// index like the observations): transactions relative to February 2020 at
// the month nearest t, or identified victims summed over the calendar year
// of t relative to 2019.
func Simulated(res *sdmodel.Results, seriesName string, t float64) (float64, error) {
	i := int(math.Round(t))
	switch seriesName {
	case SeriesMarket:
		tr, err := series(res, Transactions)
		if err != nil {
			return 0, err
		}
		return 100 * tr[i] / tr[Feb2020], nil
	case SeriesDetected:
		id, err := series(res, IdentifiedVictims)
		if err != nil {
			return 0, err
		}
		from := 12 * floorDiv(i, 12)
		return 100 * sumOf(id, from, from+12) / sumOf(id, Jan2019, Jan2019+12), nil
	}
	return 0, fmt.Errorf("no reference series %q (have %q)", seriesName, ReferenceSeries())
}

// Full references of the model's inputs.
const (
	RefBLS = "U.S. Bureau of Labor Statistics, Labor Force Statistics from the Current Population Survey, " +
		"series LNS14000000: unemployment rate, 16 years and over, seasonally adjusted (monthly)"
	RefOxCGRT = "Hale, T., Angrist, N., Goldszmidt, R., Kira, B., Petherick, A., Phillips, T., Webster, S., Cameron-Blake, E., Hallas, L., Majumdar, S. and Tatlow, H. (2021). " +
		"A global panel database of pandemic policies (Oxford COVID-19 Government Response Tracker). Nature Human Behaviour 5, 529-538. doi:10.1038/s41562-021-01079-8"
)

// Unemployment returns the BLS unemployment rate (percent) of month t
// (months since January 2015) and whether the data cover that month.
func Unemployment(t int) (float64, bool) {
	if t < 0 || t >= len(unemploymentBLS) {
		return 0, false
	}
	return unemploymentBLS[t], true
}
