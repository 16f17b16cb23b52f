package lessonkit

import (
	"math"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/loops"
)

// Names in the sketch of the dynamic hypothesis (Sketch) that lessons and checks refer to.
const (
	SketchVictims   = "trafficked persons"
	SketchAtRisk    = "people at risk"
	SketchProfit    = "perceived profit"
	SketchPerceived = "perceived prevalence"
	SketchResponse  = "response capacity"
)

// Sketch is the dynamic hypothesis of lesson 2 as a model of five stocks, small enough to read whole
// before the full model: a pool of people at risk recruited into trafficking; traffickers who want
// more victims the more profitable they perceive them and replace the ones they lose; a market in
// which victims are worth less the more there are (scarcity) and the less demand there is; and a
// 4 P response capacity that follows perceived prevalence — what identification shows, seen a year
// late. A lockdown (March 2020 to January 2021, as in the full model) cuts demand and disrupts
// identification. Time is in months from January 2015; every stock
// starts in equilibrium. The numbers are illustrative (assumed), chosen for round equilibrium levels.
func Sketch() *sdmodel.Model {
	m := sdmodel.New("sketch of the dynamic hypothesis")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 192, DT: 0.125, SavePer: 1, Units: "month"})
	m.DateOrigin = "2015-01"
	m.Stock(SketchAtRisk, "normal people at risk", "persons").In("risk onset").Out("risk resolution", "recruitment").
		Describe("the pool traffickers recruit from; people also leave it as their risk resolves")
	m.Stock(SketchVictims, "normal victims", "persons").In("recruitment").Out("exits", "identification").
		Describe("the traffickers' capacity: victims exploited now")
	m.Stock(SketchProfit, "1", "dimensionless").In("change in perceived profit").
		Describe("profit per victim as traffickers perceive it (1 = normal), lagging the profit index")
	m.Stock(SketchPerceived, "normal victims", "persons").In("change in perceived prevalence").
		Describe("prevalence as the responders perceive it, lagging what identification reports")
	m.Stock(SketchResponse, "1", "dimensionless").In("change in response").
		Describe("the 4 P capacity (1 = normal): identifies victims and raises traffickers' risk")
	m.Flow("risk onset", "normal people at risk / time at risk + normal recruitment", "persons/month")
	m.Flow("risk resolution", "people at risk / time at risk", "persons/month")
	m.Flow("recruitment", "MAX(0, expected losses + victim gap / victim adjustment time) * pool effect", "persons/month").
		Describe("traffickers replace expected losses and close the victim gap, as far as the pool allows")
	m.Flow("exits", "trafficked persons / time trafficked", "persons/month")
	m.Flow("identification", "trafficked persons * identification rate * response capacity * (1 - identification disruption * lockdown)", "persons/month")
	m.Flow("change in perceived profit", "(profit index - perceived profit) / profit perception time", "1/month")
	m.Flow("change in perceived prevalence", "(reported prevalence - perceived prevalence) / information delay", "persons/month")
	m.Flow("change in response", "(indicated response - response capacity) / response time", "1/month")
	m.Aux("lockdown", "STEP(1, lockdown start) - STEP(1, lockdown end)", "dimensionless")
	m.Aux("demand index", "1 - lockdown demand cut * lockdown", "dimensionless")
	m.Aux("price index", "demand index * normal victims / trafficked persons", "dimensionless").
		Describe("price per victim (1 = normal): up with demand, down as victims grow plentiful")
	m.Aux("profit index", "MAX(0, price index - risk cost share * response capacity) / (1 - risk cost share)", "dimensionless").
		Describe("profit per victim (1 = normal): price net of the risk the 4 P impose")
	m.Aux("desired victims", "normal victims * perceived profit ^ supply elasticity", "persons")
	m.Aux("victim gap", "desired victims - trafficked persons", "persons")
	m.Aux("expected losses", "exits + identification", "persons/month")
	m.Aux("pool effect", "people at risk / normal people at risk", "dimensionless")
	m.Aux("normal recruitment", "normal victims / time trafficked + normal victims * identification rate", "persons/month")
	m.Aux("reported prevalence", "identification / identification rate", "persons").
		Describe("prevalence inferred from identifications at the normal identification rate")
	m.Aux("indicated response", "(perceived prevalence / normal victims) ^ response elasticity", "dimensionless").
		Describe("the response capacity the perceived prevalence calls for")
	for _, c := range []struct {
		name  string
		value float64
		units string
	}{
		{"normal victims", 1000, "persons"}, {"normal people at risk", 20000, "persons"},
		{"time at risk", 36, "month"}, {"time trafficked", 24, "month"},
		{"identification rate", 0.01, "1/month"}, {"victim adjustment time", 6, "month"},
		{"supply elasticity", 1.5, "dimensionless"}, {"profit perception time", 6, "month"},
		{"risk cost share", 0.3, "dimensionless"}, {"information delay", 12, "month"},
		{"response time", 24, "month"}, {"response elasticity", 0.5, "dimensionless"},
		{"lockdown start", 62, "month"}, {"lockdown end", 72, "month"},
		{"lockdown demand cut", 0.5, "dimensionless"}, {"identification disruption", 0.4, "dimensionless"},
	} {
		m.Const(c.name, c.value, c.units)
	}
	m.Views = []*sdmodel.View{sketchView(m)}
	return m
}

// SketchLoops names the feedback loops of Sketch, each by variables it passes through.
func SketchLoops() []loops.LoopName {
	return []loops.LoopName{
		{Name: "capacity acquisition", Through: []string{SketchVictims, "victim gap", "recruitment"}},
		{Name: "replacement", Through: []string{SketchVictims, "exits", "expected losses", "recruitment"}},
		{Name: "market price", Through: []string{SketchVictims, "price index", "profit index", SketchProfit, "desired victims", "victim gap", "recruitment"}},
		{Name: "pool depletion", Through: []string{SketchAtRisk, "pool effect", "recruitment"}},
		{Name: "4 P response", Through: []string{SketchVictims, "identification", "reported prevalence", SketchPerceived, "indicated response", SketchResponse, "profit index"}},
		{Name: "outreach identification", Through: []string{SketchResponse, "identification", "reported prevalence", SketchPerceived, "indicated response"}},
	}
}

// ConstValue returns the value of a model's constant, or NaN when name is not a constant.
func ConstValue(m *sdmodel.Model, name string) float64 {
	v := m.Var(name)
	if v == nil || v.Kind != sdmodel.Const {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(v.Equation), 64)
	if err != nil {
		return math.NaN()
	}
	return x
}
