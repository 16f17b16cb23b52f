package main

import "github.com/sdlessons/trafficking/sdmodel/chart"

// The reference data of the design brief (shared/design/trafficking-model.md),
// each point with its source. Absolute levels of the model are illustrative,
// so market and detection data are compared as changes: indices with the
// pre-pandemic level at 100. Observations that refer to a calendar year are
// placed at its middle (July); observations of the April-May 2020 lockdown in
// mid-April.

const (
	srcBLS       = "US Bureau of Labor Statistics, unemployment rate (Current Population Survey, seasonally adjusted), values as quoted in the design brief"
	srcStringent = "design brief: shape of a government-stringency index for the US (after the Oxford COVID-19 Government Response Tracker)"
	srcCallander = "Callander et al. 2020, sex-work advertisement volumes and active profiles in the COVID-19 lockdowns, via the design brief"
	srcUNODC22   = "UNODC Global Report on Trafficking in Persons 2022 (detected victims 2020 vs 2019), via the design brief"
	srcUNODC24   = "UNODC Global Report on Trafficking in Persons 2024 (detected victims 2022 vs 2019), via the design brief"
)

// unemploymentData are the monthly unemployment rates quoted by the brief.
func unemploymentData() []chart.Point {
	const s = "BLS (design brief)"
	return []chart.Point{
		{Series: s, Date: "2015-01", Value: 5.7, Label: "5.7", Source: srcBLS},
		{Series: s, Date: "2020-02", Value: 3.5, Label: "3.5", Source: srcBLS},
		{Series: s, Date: "2020-04", Value: 14.7, Label: "14.7", Source: srcBLS},
		{Series: s, Date: "2020-12", Value: 6.7, Label: "6.7", Source: srcBLS},
		{Series: s, Date: "2021-12", Value: 3.9, Label: "3.9", Source: srcBLS},
	}
}

// restrictionsData is the stringency shape the brief asks the restrictions to follow.
func restrictionsData() []chart.Point {
	const s = "shape (design brief)"
	return []chart.Point{
		{Series: s, Date: "2020-02", Value: 0, Label: "none", Source: srcStringent},
		{Series: s, Date: "2020-05", Value: 1, Label: "April–May", Source: srcStringent},
		{Series: s, Date: "2020-09", Value: 0.6, Label: "summer–autumn", Source: srcStringent},
		{Series: s, Date: "2021-01", Value: 0.8, Label: "winter wave", Source: srcStringent},
		{Series: s, Date: "2023-02", Value: 0, Label: "gone by early 2023", Source: srcStringent},
	}
}

// advertisingData are the lockdown falls in sex-work advertising, as an
// index with the level before the pandemic at 100.
func advertisingData() []chart.Point {
	const s = "ads (Callander et al. 2020)"
	return []chart.Point{
		{Series: s, Date: "2020-04-15", Value: 50, Label: "Ireland ads −50 %", Source: srcCallander},
		{Series: s, Date: "2020-04-15", Value: 74, Label: "profiles worldwide −26 %", Source: srcCallander},
	}
}

// detectionData are the changes in detected victims, as an index with 2019
// at 100.
func detectionData() []chart.Point {
	const s = "detected victims (UNODC)"
	return []chart.Point{
		{Series: s, Date: "2020-07", Value: 89, Label: "2020 −11 %", Source: srcUNODC22},
		{Series: s, Date: "2020-07", Value: 76, Label: "2020, sexual exploitation −24 %", Source: srcUNODC22},
		{Series: s, Date: "2022-07", Value: 125, Label: "2022 +25 %", Source: srcUNODC24},
	}
}
