package trafficking

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
