package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/chart"
	"github.com/sdlessons/trafficking/sdmodel/expr"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// Lesson 1's plumbing: the reference data as chart points, the unemployment rate as first published,
// and the self-checks of its exercises.

// ReferencePoints are the model's sourced observations (trafficking.ReferenceData), indexed to their
// pre-COVID level, as chart points. Their labels are left to the tooltips (with the full source):
// several labels around spring 2020 would cover one another.
func ReferencePoints() []chart.Point {
	var out []chart.Point
	for _, o := range trafficking.ReferenceData() {
		out = append(out, chart.Point{Series: o.Series, Date: o.Date(), Value: o.Value, Source: o.Label + ". " + o.Source})
	}
	return out
}

// blsFirst is the source of the unemployment rates as first published.
const blsFirst = "US Bureau of Labor Statistics, The Employment Situation (monthly news release), unemployment rate (LNS14000000) as first published"

// FirstPublished is an unemployment rate as the BLS first published it, beside the value the model
// uses (the series as currently published).
type FirstPublished struct {
	Month int     // model time: months since January 2015
	Rate  float64 // percent, as first published
}

// BLSFirstPublished returns a few unemployment rates as first published, the points lesson 1 draws
// on the model's (revised) series: revisions are part of what data are.
func BLSFirstPublished() []FirstPublished {
	return []FirstPublished{{0, 5.7}, {61, 3.5}, {63, 14.7}, {71, 6.7}, {83, 3.9}}
}

// BLSPoints returns BLSFirstPublished as labelled chart points.
func BLSPoints() []chart.Point {
	var out []chart.Point
	for _, f := range BLSFirstPublished() {
		out = append(out, chart.Point{Series: "BLS, first published", Date: trafficking.Date(float64(f.Month)), Value: f.Rate,
			Label: fmt.Sprint(f.Rate), Source: blsFirst})
	}
	return out
}

// Revisions lists the first-published rates beside the model's data for the same months (Markdown).
func Revisions() string {
	t := NewTable("month", "first published (%)", "in the model's data (%)")
	for _, f := range BLSFirstPublished() {
		now, ok := trafficking.Unemployment(f.Month)
		cell := "not covered"
		if ok {
			cell = fmt.Sprint(now)
		}
		t.Row(trafficking.Date(float64(f.Month)), f.Rate, cell)
	}
	return t.Markdown()
}

// yearMean is the mean of a variable over one calendar year of a trafficking run.
func yearMean(res *sdmodel.Results, v string, year int) (float64, error) {
	s, err := res.Get(v)
	if err != nil {
		return 0, err
	}
	from := (year - 2015) * 12
	if from < 0 || from+12 > len(s) {
		return 0, fmt.Errorf("the run does not cover %d", year)
	}
	sum := 0.0
	for _, x := range s[from : from+12] {
		sum += x
	}
	return sum / 12, nil
}

// CheckDetections checks two predictions for the baseline run res, each "falls" or "rises": do
// identified victims (the model's detections) fall in 2020 against 2019, as the UNODC detections did,
// and do trafficked persons (prevalence)? Each wrong prediction is explained by what the variable
// measures; nothing is measured before both predictions are written.
func CheckDetections(res *sdmodel.Results, identified, trafficked string) error {
	if res == nil {
		return errors.New("no run yet: run the baseline and pass its results")
	}
	identifiedFall, err := fallsOrRises(identified)
	if err != nil {
		return err
	}
	traffickedFall, err := fallsOrRises(trafficked)
	if err != nil {
		return err
	}
	for _, q := range []struct {
		v, why string
		falls  bool
	}{
		{trafficking.IdentifiedVictims, "identification needs outreach and police work, which the pandemic disrupted", identifiedFall},
		{trafficking.TraffickedPersons, "prevalence is what the chain of risk and the market make of the pandemic, not what is seen", traffickedFall},
	} {
		a, err := yearMean(res, q.v, 2019)
		if err != nil {
			return err
		}
		b, err := yearMean(res, q.v, 2020)
		if err != nil {
			return err
		}
		if (b < a) != q.falls {
			return fmt.Errorf("%s in 2020: not what you predicted (%+.0f %% on 2019): think about what it measures — %s", q.v, trafficking.Change(b, a), q.why)
		}
	}
	return nil
}

// CheckBoundary checks a classification of model variables as "endogenous" (determined by the
// model's feedback structure: a stock, or what depends on stocks) or "exogenous" (given from outside:
// a time series or a constant), answers by variable name, against BoundaryOf(m) and the model's
// equations.
func CheckBoundary(m *sdmodel.Model, answers map[string]string) error {
	if m == nil || len(answers) == 0 {
		return errors.New("pass the model and your answers")
	}
	b := BoundaryOf(m)
	exo := map[string]bool{}
	for _, e := range b.Exogenous {
		exo[expr.Canonical(strings.TrimSuffix(e, " (time series)"))] = true
	}
	for name, answer := range answers {
		v := m.Var(name)
		if v == nil {
			return fmt.Errorf("the model has no variable %q", name)
		}
		want := "endogenous"
		if v.Kind == sdmodel.Const || exo[expr.Canonical(v.Name)] {
			want = "exogenous"
		}
		switch a := strings.ToLower(strings.TrimSpace(answer)); {
		case a != "endogenous" && a != "exogenous":
			return fmt.Errorf("%q: answer \"endogenous\" or \"exogenous\", not %q", name, answer)
		case a != want:
			return fmt.Errorf("%q is not %s: is it a %s? Look at its equation (%s) — does it depend on the model's stocks, or on time alone?",
				name, a, v.Kind, v.Equation)
		}
	}
	return nil
}

// CheckPeakYear checks a predicted calendar year of the highest value of a variable after the start
// of the pandemic (March 2020) in a trafficking run, saying whether the prediction is too early or
// too late.
func CheckPeakYear(res *sdmodel.Results, v string, year int) error {
	if res == nil {
		return errors.New("no run yet: run the baseline and pass its results")
	}
	if year < 2020 || year > 2031 {
		return fmt.Errorf("predict first: write a calendar year from 2020 on, not %d", year)
	}
	s, err := res.Get(v)
	if err != nil {
		return err
	}
	best, at := math.Inf(-1), 0
	for i := trafficking.Jan2020 + 2; i < len(s); i++ {
		if s[i] > best {
			best, at = s[i], i
		}
	}
	peak := 2015 + at/12
	switch {
	case year < peak:
		return fmt.Errorf("%d is too early: the rebound takes longer than you think", year)
	case year > peak:
		return fmt.Errorf("%d is too late: the highest value comes earlier", year)
	}
	return nil
}

// shortRef shortens a full reference to its first author and year ("UNODC (2022)").
var shortRef = regexp.MustCompile(`^([^,(]+?)[,.]?\s.*?\((\d{4})\)`)

// ReferenceTable lists the model's reference data (trafficking.ReferenceData) in Markdown: when,
// the observation, what it measures and its source by author and year (the full reference is in
// each chart point's tooltip and in the bibliography).
func ReferenceTable() string {
	t := NewTable("date", "observation", "what it measures", "source")
	for _, o := range trafficking.ReferenceData() {
		src := o.Source
		if m := shortRef.FindStringSubmatch(src); m != nil {
			src = m[1] + " (" + m[2] + ")"
		}
		t.Row(o.Date(), o.Label, o.Note, src)
	}
	return t.Markdown()
}

// fallsOrRises reads a predicted direction: "falls" (true) or "rises" (false).
func fallsOrRises(prediction string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(prediction)) {
	case "falls":
		return true, nil
	case "rises":
		return false, nil
	}
	return false, fmt.Errorf("predict first: write \"falls\" or \"rises\", not %q", prediction)
}
