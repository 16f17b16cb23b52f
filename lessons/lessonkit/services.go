package lessonkit

import "github.com/sdlessons/trafficking/sdmodel"

// ServicesModel is the first-order model of lesson 0 that its exercises start from: survivors in
// services, filled by admissions at a constant rate and drained by exits over an average stay. Lesson 0
// types it in a cell; the solutions notebook and the tests of the self-checks take it from here.
func ServicesModel() *sdmodel.Model {
	m := sdmodel.New("survivors in services")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 48, DT: 0.25, SavePer: 1, Units: "month"})
	m.Stock("survivors in services", "initial survivors", "persons").In("admissions").Out("exits")
	m.Flow("admissions", "referrals per month", "persons/month")
	m.Flow("exits", "survivors in services / time in services", "persons/month")
	m.Const("referrals per month", 5, "persons/month")
	m.Const("time in services", 12, "month")
	m.Const("initial survivors", 0, "persons")
	return m
}
