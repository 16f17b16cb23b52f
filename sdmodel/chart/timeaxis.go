package chart

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// timeAxis maps model time to what the x axis shows: plain numbers in the
// model's time unit, or calendar dates when the model has a date origin.
type timeAxis struct {
	units  string    // model time units, as given
	origin time.Time // calendar date of time 0; zero when there is none
	unit   string    // canonical unit when dated: "month", "year", "week" or "day"
}

// newTimeAxis checks a date origin ("YYYY-MM", the first day of that month) against the
// time units. Dates need a calendar unit: months (the common case), years,
// weeks or days.
func newTimeAxis(dateOrigin, units string) (timeAxis, error) {
	ax := timeAxis{units: strings.TrimSpace(units)}
	if strings.TrimSpace(dateOrigin) == "" {
		return ax, nil
	}
	o := strings.TrimSpace(dateOrigin)
	var err error
	ax.origin, err = time.Parse("2006-01", o)
	if err != nil {
		return ax, fmt.Errorf("date origin %q is not YYYY-MM", dateOrigin)
	}
	u := strings.ToLower(ax.units)
	u = strings.TrimSuffix(u, "s")
	switch u {
	case "month", "mo", "year", "yr", "week", "wk", "day":
		ax.unit = map[string]string{"mo": "month", "yr": "year", "wk": "week"}[u]
		if ax.unit == "" {
			ax.unit = u
		}
	default:
		return ax, fmt.Errorf("date origin %q needs time units of months, years, weeks or days, not %q", dateOrigin, units)
	}
	return ax, nil
}

func (ax timeAxis) dated() bool { return ax.unit != "" }

// label is the x axis title.
func (ax timeAxis) label() string {
	if ax.dated() {
		return "Date"
	}
	if ax.units == "" {
		return "Time"
	}
	return "Time (" + ax.units + ")"
}

// date returns the calendar date of model time t. Fractions of a month or a
// year are spread over the days of that month or year.
func (ax timeAxis) date(t float64) time.Time {
	switch ax.unit {
	case "day":
		return ax.origin.Add(time.Duration(t * 24 * float64(time.Hour)))
	case "week":
		return ax.origin.Add(time.Duration(t * 7 * 24 * float64(time.Hour)))
	case "year":
		t *= 12
	}
	whole := math.Floor(t)
	start := ax.origin.AddDate(0, int(whole), 0)
	next := ax.origin.AddDate(0, int(whole)+1, 0)
	return start.Add(time.Duration((t - whole) * float64(next.Sub(start))))
}

// x returns the value of model time t on the ECharts x axis: the number
// itself, or a local date-time string (ECharts reads strings without a zone
// as local time, so labels do not shift with the viewer's time zone).
func (ax timeAxis) x(t float64) any {
	if !ax.dated() {
		return t
	}
	d := ax.date(t)
	if d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 {
		return d.Format("2006-01-02")
	}
	return d.Format("2006-01-02 15:04:05")
}

// timeOf converts a calendar date "YYYY-MM" or "YYYY-MM-DD" to model time.
func (ax timeAxis) timeOf(date string) (float64, error) {
	if !ax.dated() {
		return 0, fmt.Errorf("date %q given but the results have no date origin", date)
	}
	var d time.Time
	var err error
	if len(date) == len("2006-01") {
		d, err = time.Parse("2006-01", date)
	} else {
		d, err = time.Parse("2006-01-02", date)
	}
	if err != nil {
		return 0, fmt.Errorf("date %q is not YYYY-MM or YYYY-MM-DD", date)
	}
	switch ax.unit {
	case "day":
		return d.Sub(ax.origin).Hours() / 24, nil
	case "week":
		return d.Sub(ax.origin).Hours() / (24 * 7), nil
	}
	months := float64((d.Year()-ax.origin.Year())*12 + int(d.Month()) - int(ax.origin.Month()))
	// Day of month as a fraction of that month, the inverse of date.
	start := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	months += d.Sub(start).Hours() / start.AddDate(0, 1, 0).Sub(start).Hours()
	if ax.unit == "year" {
		return months / 12, nil
	}
	return months, nil
}

// echartsType returns the ECharts type of the x axis.
func (ax timeAxis) echartsType() string {
	if ax.dated() {
		return "time"
	}
	return "value"
}
