package main

import (
	"strconv"

	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// The data points drawn on the figures: the model's inputs at a few dates
// and the reference data of package trafficking (trafficking.ReferenceData),
// each point with its full reference.

// unemploymentData are a few months of the BLS series the model reads.
func unemploymentData() []chart.Point {
	var out []chart.Point
	for _, t := range []int{0, trafficking.Feb2020, trafficking.Apr2020, trafficking.Jan2021 - 1, trafficking.Jan2022 - 1} {
		v, ok := trafficking.Unemployment(t)
		if !ok {
			continue
		}
		s := strconv.FormatFloat(v, 'f', 1, 64)
		out = append(out, chart.Point{Series: "BLS", Date: trafficking.Date(float64(t)), Value: v, Label: s, Source: trafficking.RefBLS})
	}
	return out
}

// restrictionsData are the points of the stringency shape the model assumes.
func restrictionsData() []chart.Point {
	const s = "assumed shape"
	src := "shape assumed after the stringency index for the United States of " + trafficking.RefOxCGRT
	return []chart.Point{
		{Series: s, Date: "2020-02", Value: 0, Label: "none", Source: src},
		{Series: s, Date: "2020-05", Value: 1, Label: "April–May", Source: src},
		{Series: s, Date: "2020-09", Value: 0.6, Label: "summer–autumn", Source: src},
		{Series: s, Date: "2021-01", Value: 0.8, Label: "winter wave", Source: src},
		{Series: s, Date: "2023-02", Value: 0, Label: "gone by early 2023", Source: src},
	}
}

// referencePoints are the observations of one reference series.
func referencePoints(series, label string) []chart.Point {
	var out []chart.Point
	for _, o := range trafficking.ReferenceData() {
		if o.Series == series {
			out = append(out, chart.Point{Series: label, Date: o.Date(), Value: o.Value, Label: o.Label, Source: o.Source})
		}
	}
	return out
}

// advertisingData are the published changes in online sex-work advertising,
// as an index with the level before the pandemic at 100.
func advertisingData() []chart.Point {
	return referencePoints(trafficking.SeriesMarket, "online advertising")
}

// detectionData are the changes in detected victims, as an index with 2019
// at 100, at the middle of the year they describe.
func detectionData() []chart.Point {
	return referencePoints(trafficking.SeriesDetected, "detected victims (UNODC)")
}
