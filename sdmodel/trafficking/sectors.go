package trafficking

// Sector is a part of the model named by its stocks, for structure diagrams
// and documentation.
type Sector struct {
	Name   string // short name, for file names
	Title  string
	Stocks []string
}

// Sectors returns the model's sectors with their stocks (a fresh copy each
// call); the exogenous pandemic and economy sector has none.
func Sectors() []Sector {
	return []Sector{
		{"chain-of-risk", "chain of risk", []string{AtRiskPopulation, SurvivalSexTrading, GroomingPipeline, TraffickedPersons}},
		{"survivors", "survivors", []string{SurvivorsInServices, "survivors without services"}},
		{"market", "market", []string{Demand, Price}},
		{"information-and-will", "information and will", []string{PublicWill, "anti-trafficking funding"}},
		{"4p", "the 4 P sectors", []string{PreventionCapacity, ProtectionCapacity, ProsecutionCapacity, Partnership}},
	}
}
