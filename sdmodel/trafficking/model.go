package trafficking

import "github.com/sdlessons/trafficking/sdmodel"

// Model name, time specs and calendar origin.
const (
	ModelName  = "sex trafficking dynamics"
	DateOrigin = "2015-01"
	StopTime   = 192 // January 2031
	DT         = 0.125
	// CovidStart is March 2020, when the pandemic begins (t = 62).
	CovidStart = 62
)

// Display names of the key outputs.
const (
	TraffickedPersons    = "trafficked persons"
	Transactions         = "transactions"
	IdentifiedVictims    = "identified victims"
	Price                = "price"
	AtRiskPopulation     = "at-risk population"
	SurvivalSexTrading   = "survival sex trading"
	GroomingPipeline     = "grooming pipeline"
	SurvivorsInServices  = "survivors in services"
	PerceivedPrevalence  = "perceived prevalence"
	PublicWill           = "public will"
	PreventionCapacity   = "prevention capacity"
	ProtectionCapacity   = "protection capacity"
	ProsecutionCapacity  = "prosecution capacity"
	Partnership          = "partnership"
	PandemicRestrictions = "pandemic restrictions"
	UnemploymentRate     = "unemployment rate"
	CumVictimMonths      = "cumulative victim-months"
	CumTransactions      = "cumulative transactions"
	HoldInputs           = "hold inputs at 2015 values"
	ProfitPerVictim      = "profit per victim"
	RecruitmentStarts    = "recruitment starts"
	RiskCostPerVictim    = "risk cost per victim"
	ReTrafficking        = "re-trafficking"
	Demand               = "demand"
)

// KeyOutputs lists the display names of the model's key outputs.
func KeyOutputs() []string {
	return []string{TraffickedPersons, Transactions, IdentifiedVictims, Price, AtRiskPopulation,
		SurvivalSexTrading, GroomingPipeline, SurvivorsInServices, PerceivedPrevalence, PublicWill,
		PreventionCapacity, ProtectionCapacity, ProsecutionCapacity, Partnership, PandemicRestrictions,
		UnemploymentRate}
}

// Build returns the model: every constant of Parameters, the exogenous
// inputs as graphical functions of time, and the equations of the six
// sectors. Each call returns a new model.
func Build() *sdmodel.Model {
	m := sdmodel.New(ModelName)
	m.Doc = "A system dynamics model of sex trafficking dynamics around the COVID-19 pandemic and the 4 P " +
		"provisioning systems (Prevention, Protection, Prosecution, Partnership), after Biroscak (ICHT 2022)."
	m.SetTime(sdmodel.Time{Start: 0, Stop: StopTime, DT: DT, SavePer: 1, Units: "month", Method: sdmodel.Euler})
	m.DateOrigin = DateOrigin
	for _, p := range Parameters() {
		doc := p.Doc + " Source: " + p.Source + "."
		m.Const(p.Name, p.Value, p.Units).Describe(doc)
	}
	pandemicAndEconomy(m)
	chainOfRisk(m)
	survivors(m)
	market(m)
	information(m)
	provisioning(m)
	harm(m)
	return m
}

// Compile builds and compiles the model.
func Compile() (*sdmodel.Compiled, error) { return Build().Compile() }

func pandemicAndEconomy(m *sdmodel.Model) {
	m.Aux("input time", `IF "hold inputs at 2015 values" = 1 THEN STARTTIME ELSE TIME`, "month").
		Describe("The time at which the exogenous inputs are read: the start time when the inputs are held at their 2015 values, the current time otherwise.")
	xs, ys := stringencyTable()
	m.Graphical("pandemic stringency", "", xs, ys, "dimensionless").
		Describe("Shape of government restrictions against time, after the Oxford COVID-19 Government Response Tracker stringency index for the US (0 none, 1 the April 2020 lockdown).")
	m.Aux(PandemicRestrictions, "covid switch * pandemic stringency(input time)", "dimensionless").
		Describe("Pandemic restrictions in force (0-1); zero without COVID.")
	xs, ys = unemploymentTable(StopTime)
	m.Graphical("unemployment data", "", xs, ys, "percent").
		Describe("US unemployment rate by month. Source: BLS, LNS14000000, seasonally adjusted (data to August 2025, held at the last value after).")
	m.Aux(UnemploymentRate, `covid switch * unemployment data(input time) + (1 - covid switch) * unemployment data(MIN(input time, "last pre-pandemic month"))`, "percent").
		Describe("Unemployment rate: the BLS data, or without COVID the pre-pandemic path (the data to February 2020, then that value).")
	m.Stock("normal unemployment rate", "unemployment rate", "percent").In("change in normal unemployment rate").
		Describe("The unemployment rate households have adapted to: it follows unemployment down within a couple of years (savings are rebuilt in good times) but up only over a decade (a recession does not become normal).")
	m.Flow("change in normal unemployment rate", "(unemployment rate - normal unemployment rate) / IF unemployment rate < normal unemployment rate THEN time to adapt to lower unemployment ELSE time to adapt to higher unemployment", "percent/month").
		Describe("Adaptation of normal unemployment: quick to better times, slow to worse (a biflow).")
	m.Aux("indicated economic stress", "unemployment rate / normal unemployment rate", "dimensionless").
		Describe("Hardship the labour market indicates: unemployment relative to what households have adapted to.")
	m.Stock("economic stress", "indicated economic stress", "dimensionless").In("change in economic stress").
		Describe("Economic stress of households (1 in equilibrium). It builds within months when unemployment rises (savings run out) and eases only slowly when unemployment falls (arrears and debts are repaid first), so a lasting recession never reads as relief.")
	m.Flow("change in economic stress", "(indicated economic stress - economic stress) / IF indicated economic stress > economic stress THEN stress onset time ELSE stress recovery time", "1/month").
		Describe("Stress building quickly or easing slowly toward its indicated level (a biflow).")
	m.Aux("housing insecurity", "SMTH3(economic stress, housing insecurity delay)", "dimensionless").
		Describe("Housing insecurity (1 in equilibrium) follows economic stress with a long third-order delay: eviction moratoria postponed housing losses, which came when they ended.")
}

func chainOfRisk(m *sdmodel.Model) {
	m.Stock(AtRiskPopulation, `"at-risk population in 2015"`, "persons").
		In("risk onset").Out("risk resolution", "survival sex entry", "recruitment of people at risk").
		Describe("People with accumulated risk factors: economic and housing insecurity, education gaps, precarious migration, youth leaving care (the chain-of-risk view).")
	m.Flow("risk onset", "normal risk onset * effect of stress on risk onset * effect of prevention on risk onset * upstream support factor", "persons/month").
		Describe("People acquiring enough risk factors to be at risk; grows with economic stress and housing insecurity, falls with prevention and upstream support.")
	m.Aux("normal risk onset", "INIT(risk resolution + survival sex entry + recruitment of people at risk)", "persons/month").
		Describe("Risk onset in 2015, calibrated so that the at-risk population starts in equilibrium (its outflows at the start).")
	m.Aux("effect of stress on risk onset", "economic stress ^ stress elasticity of risk onset * housing insecurity ^ housing elasticity of risk onset", "dimensionless").
		Describe("Multiplier on risk onset from economic stress and housing insecurity (1 in equilibrium).")
	m.Aux("effect of prevention on risk onset", "(1 + prevention effect on risk onset) / (1 + prevention effect on risk onset * effective prevention)", "dimensionless").
		Describe("Multiplier on risk onset from prevention: 1 at the 2015 level, 1 + effect without prevention.")
	m.Aux("upstream support factor", "1 - upstream support switch * upstream support effect * policy phase", "dimensionless").
		Describe("Multiplier on risk onset and survival-sex entry from economic and housing support (policy upstream-prevention).")
	m.Flow("risk resolution", `"at-risk population" / time at risk`, "persons/month").
		Describe("People whose risk resolves (housing found, work, support, ageing out).")

	m.Flow("survival sex entry", `"at-risk population" * normal survival sex entry fraction * effect of stress on survival sex entry * effect of prevention on survival sex entry * upstream support factor`, "persons/month").
		Describe("People at risk who start trading sex for basic needs.")
	m.Aux("normal survival sex entry fraction", `INIT(ZIDZ(survival sex exit + recruitment from survival sex trading, "at-risk population"))`, "1/month").
		Describe("Fraction of the at-risk population entering survival sex trading each month in 2015, calibrated so that survival sex trading starts in equilibrium.")
	m.Aux("effect of stress on survival sex entry", "economic stress ^ stress elasticity of survival sex entry * housing insecurity ^ housing elasticity of survival sex entry", "dimensionless").
		Describe("Multiplier on survival-sex entry from economic stress and housing insecurity.")
	m.Aux("effect of prevention on survival sex entry", "(1 + prevention effect on survival sex entry) / (1 + prevention effect on survival sex entry * effective prevention)", "dimensionless").
		Describe("Multiplier on survival-sex entry from prevention.")
	m.Stock(SurvivalSexTrading, `"survival sex trading in 2015"`, "persons").
		In("survival sex entry").Out("survival sex exit", "recruitment from survival sex trading").
		Describe("People trading sex for basic needs (rent, food, a place to sleep): a precursor to being trafficked.")
	m.Flow("survival sex exit", "survival sex trading / time in survival sex trading", "persons/month").
		Describe("People leaving survival sex trading without being trafficked.")

	// Recruitment: two paths. Exploiters decide how many victims to acquire
	// (the market); partners and family members traffic people close to them
	// whatever the market pays. The vulnerable pools and prevention decide how
	// easily either path recruits.
	m.Aux("vulnerable pool index", `ZIDZ(survival sex share of recruits * survival sex trading, "survival sex trading in 2015") + ZIDZ((1 - survival sex share of recruits) * "at-risk population", "at-risk population in 2015")`, "dimensionless").
		Describe("Size of the pools recruits come from, weighted by where recruits came from in 2015 (1 in 2015; a pool empty in 2015 counts for nothing).")
	m.Aux("effect of pool on recruitment", "vulnerable pool index ^ pool elasticity of recruitment", "dimensionless").
		Describe("Multiplier on recruitment from the size of the vulnerable pools: more vulnerable people, easier recruitment.")
	m.Aux("susceptibility to recruitment", "(1 + prevention effect on susceptibility) / (1 + prevention effect on susceptibility * effective prevention)", "dimensionless").
		Describe("Multiplier on recruitment from prevention (education, awareness, youth programmes): 1 at the 2015 level.")
	m.Aux("online grooming factor", "1 + online grooming effect * pandemic restrictions", "dimensionless").
		Describe("Multiplier on recruitment from restrictions: young people at home and online are easier to groom.")
	m.Aux("recruitment ease", "effect of pool on recruitment * susceptibility to recruitment * online grooming factor", "dimensionless").
		Describe("How easily a recruitment attempt succeeds relative to 2015: the vulnerable pools, prevention and online grooming.")
	m.Aux("market recruitment starts", "desired recruitment starts * susceptibility to recruitment", "persons/month").
		Describe("Recruitment by exploiters: what they seek (capacity acquisition), made harder by prevention. The vulnerable pools act on their decision through the acquisition cost.")
	m.Aux("partner and family recruitment starts", `"partner and family share" * "normal recruitment starts" * recruitment ease`, "persons/month").
		Describe("Intimate-partner and family-based trafficking: boyfriends, partners or relatives who groom or coerce people close to them into commercial sex. It grows with the vulnerable pools and falls with prevention, but does not respond to the traffickers' profit.")
	m.Aux("normal recruitment starts", "INIT(victim net losses)", "persons/month").
		Describe("Recruitment starts in 2015: the victims lost net of re-trafficking, so that trafficked persons start in equilibrium.")
	m.Aux(RecruitmentStarts, `market recruitment starts + "partner and family recruitment starts"`, "persons/month").
		Describe("People whose recruitment or grooming starts, by either path.")
	m.Flow("recruitment from survival sex trading", `MIN(ZIDZ(recruitment starts * survival sex share of recruits * ZIDZ(survival sex trading, "survival sex trading in 2015"), vulnerable pool index), survival sex trading / minimum recruitment time)`, "persons/month").
		Describe("Recruitment drawn from survival sex trading, by its weight in the vulnerable pool index (co-flow: the people leave that stock); nobody is recruited faster than the minimum recruitment time.")
	m.Flow("recruitment of people at risk", `MIN(recruitment starts - recruitment from survival sex trading, "at-risk population" / minimum recruitment time)`, "persons/month").
		Describe("The rest of recruitment starts, drawn, less readily, straight from the at-risk population (co-flow).")
	m.Stock(GroomingPipeline, "normal recruitment starts * grooming time", "persons").
		In("recruitment from survival sex trading", "recruitment of people at risk").Out("recruitment completions").
		Describe("People being recruited or groomed (the 'boyfriend' and online grooming paths): the supply line of the traffickers' capacity acquisition. Starts in equilibrium.")
	m.Flow("recruitment completions", "DELAY3(recruitment from survival sex trading + recruitment of people at risk, grooming time)", "persons/month").
		Describe("Groomed people who become trafficked: grooming passes through stages (contact, trust, isolation, exploitation), so completions follow starts through a third-order delay, as in a pipeline, and the grooming pipeline holds the people in it.")

	m.Stock(TraffickedPersons, `"trafficked persons in 2015"`, "persons").
		In("recruitment completions", "re-trafficking from services", "re-trafficking without services").
		Out(IdentifiedVictims, "victims freed by arrests", "exit without identification", "victims released by exploiters").
		Describe("Victims of sex trafficking (Kara's 'product'): the exploiters' productive capacity.")
	m.Flow(IdentifiedVictims, "trafficked persons * identification fraction", "persons/month").
		Describe("Victims identified through outreach, health-care contact, hotlines and police: what the system can observe.")
	m.Aux("identification fraction", "(bare identification fraction + outreach identification fraction * effective protection index * partnership effect on identification * caseload effect on identification) * pandemic identification factor", "1/month").
		Describe("Fraction of victims identified each month.")
	m.Aux("caseload effect on identification", `XIDZ("trafficked persons in 2015", trafficked persons, 1) ^ caseload elasticity`, "dimensionless").
		Describe("Outreach finds a smaller share of victims when there are more victims per outreach worker: identifications saturate, so counts understate a rise in prevalence (1 in 2015, and 1 when there are no victims).")
	m.Aux("bare identification fraction", "bare identification share / normal time to identification", "1/month").
		Describe("Identification without the 4 P: chance police and health-care contacts.")
	m.Aux("outreach identification fraction", "(1 - bare identification share) / normal time to identification", "1/month").
		Describe("Identification through outreach and partnership at their 2015 levels.")
	m.Aux("pandemic identification factor", "1 - pandemic identification disruption * pandemic restrictions * (1 - services open switch)", "dimensionless").
		Describe("Identification lost in the pandemic (fewer health-care and outreach contacts).")
	m.Flow("victims freed by arrests", "trafficked persons * trafficker arrest probability", "persons/month").
		Describe("Victims freed when their traffickers are arrested: arrests remove the exploiters' capacity.")
	m.Flow("exit without identification", "trafficked persons / average duration of trafficking * (1 - pandemic isolation effect * pandemic restrictions)", "persons/month").
		Describe("Victims who leave exploitation without being identified (escape, discard, ageing out); fewer while restrictions isolate them.")
}

func survivors(m *sdmodel.Model) {
	m.Aux("service referrals", "(identified victims + victims freed by arrests) * referral fraction", "persons/month").
		Describe("Identified or freed victims referred to services.")
	m.Aux("referral fraction", "MIN(1, normal referral fraction * partnership effect on referral)", "dimensionless").
		Describe("Share of identified or freed victims referred to services.")
	m.Aux("average stay in services", `1 / (1 / time in services + "re-trafficking fraction with services")`, "month").
		Describe("Average time a survivor spends in services (until recovery or re-trafficking).")
	m.Aux("average time without services", `1 / (1 / time to stabilise without services + "re-trafficking fraction without services")`, "month").
		Describe("Average time a survivor without services stays at risk of re-trafficking.")
	m.Flow("service admissions", "MIN(service referrals, MAX(0, effective protection capacity - survivors in services) / time to admit)", "persons/month").
		Describe("Referred survivors admitted to services, limited by free places (filled within the time to admit).")
	m.Stock(SurvivorsInServices, "MIN(service referrals * average stay in services, effective protection capacity * average stay in services / (average stay in services + time to admit))", "persons").
		In("service admissions").Out("recovery in services", "re-trafficking from services").
		Describe("Survivors receiving services (limited by protection capacity); starts in equilibrium (admissions limited either by referrals or by free places).")
	m.Flow("recovery in services", "survivors in services / time in services", "persons/month").
		Describe("Survivors who recover and leave services.")
	m.Flow("re-trafficking from services", `survivors in services * "re-trafficking fraction with services"`, "persons/month").
		Describe("Survivors in services who are trafficked again.")
	m.Flow("survivors turned away", "identified victims + victims freed by arrests - service admissions", "persons/month").
		Describe("Identified or freed victims who do not get a service place (co-flow with service admissions).")
	m.Flow("unidentified survivors", "exit without identification + victims released by exploiters", "persons/month").
		Describe("Victims who left exploitation without identification, or whom exploiters released, join the survivors without services.")
	m.Stock("survivors without services", "(survivors turned away + unidentified survivors) * average time without services", "persons").
		In("survivors turned away", "unidentified survivors").Out("stabilisation without services", "re-trafficking without services").
		Describe("Survivors without services; starts in equilibrium.")
	m.Flow("stabilisation without services", "survivors without services / time to stabilise without services", "persons/month").
		Describe("Survivors without services who stabilise and leave the system.")
	m.Flow("re-trafficking without services", `survivors without services * "re-trafficking fraction without services"`, "persons/month").
		Describe("Survivors without services who are trafficked again (far more often than those in services).")
	m.Aux(ReTrafficking, `"re-trafficking from services" + "re-trafficking without services"`, "persons/month").
		Describe("All survivors trafficked again.")
}

func market(m *sdmodel.Model) {
	m.Aux("maximum transactions per victim", "normal transactions per victim / normal utilisation", "transactions/person/month").
		Describe("Transactions a victim can be forced into per month at full use of capacity.")
	m.Aux("supply capacity", "trafficked persons * maximum transactions per victim", "transactions/month").
		Describe("Transactions the traffickers' victims could provide.")
	m.Aux("normal demand supply ratio", "normal utilisation / (1 - normal utilisation ^ utilisation curvature) ^ (1 / utilisation curvature)", "dimensionless").
		Describe("Ratio of effective demand to supply capacity at which utilisation is normal (from the utilisation equation).")
	m.Aux("reference demand", `normal demand supply ratio * "trafficked persons in 2015" * maximum transactions per victim`, "transactions/month").
		Describe("Demand at the reference price with 2015 enforcement: the equilibrium condition of the market.")
	m.Aux("indicated demand", "reference demand * (price / reference price) ^ (-price elasticity of demand) * buyer deterrence effect * demand law factor", "transactions/month").
		Describe("Demand buyers would settle at given price, deterrence and the law.")
	m.Aux("buyer deterrence effect", "EXP(-buyer deterrence strength * (buyer arrest intensity - 1))", "dimensionless").
		Describe("Multiplier on demand from buyer arrests (1 at the 2015 intensity).")
	m.Aux("demand law factor", `1 - end demand switch * (1 - end demand multiplier) * MIN(1, RAMP(1 / "end demand phase-in time", policy start time))`, "dimensionless").
		Describe("Multiplier on demand from criminalising the purchase of sex (policy end-demand), phased in over two years.")
	m.Stock(Demand, "indicated demand", "transactions/month").In("change in demand").
		Describe("Buyers' demand for commercial sex from trafficked persons (underlying, before pandemic restrictions).")
	m.Flow("change in demand", "(indicated demand - demand) / demand adjustment time", "transactions/month/month").
		Describe("Adjustment of demand toward indicated demand (a biflow).")
	m.Aux("restrictions the market has adapted to", "SMTH1(pandemic restrictions, market adaptation time)", "dimensionless").
		Describe("Restrictions buyers and sellers have found ways around (online contact, outcalls, private places): they follow the restrictions in force with a delay, so the Irish market was back at its normal level in November 2020 under restrictions.")
	m.Aux("effective demand", "demand * (1 - lockdown demand reduction * MAX(0, pandemic restrictions - restrictions the market has adapted to))", "transactions/month").
		Describe("Demand that can be acted on: new restrictions cut contact at once; the cut fades as the market adapts to them.")
	m.Aux("demand supply ratio", "XIDZ(effective demand, supply capacity, normal demand supply ratio)", "dimensionless").
		Describe("Effective demand relative to supply capacity (normal when there is no supply: no victims, no transactions, and price set by costs alone).")
	m.Aux("utilisation", "demand supply ratio / (1 + demand supply ratio ^ utilisation curvature) ^ (1 / utilisation curvature)", "dimensionless").
		Describe("Share of supply capacity used: a smooth minimum of demand and capacity.")
	m.Aux(Transactions, "supply capacity * utilisation", "transactions/month").
		Describe("Commercial sex transactions provided by trafficked persons: the provision of trafficking services, the key harm output.")
	m.Aux("transactions per victim", "ZIDZ(transactions, trafficked persons)", "transactions/person/month").
		Describe("Transactions per victim per month.")
	m.Stock(Price, "reference price", "$/transaction").In("change in price").
		Describe("Price per transaction; starts at the reference price, the equilibrium price with 2015 demand, supply and costs.")
	m.Flow("change in price", "(indicated price - price) / price adjustment time", "$/transaction/month").
		Describe("Adjustment of price toward indicated price (a biflow).")
	m.Aux("indicated price", `reference price * (unit cost / reference unit cost) ^ "cost pass-through" * (demand supply ratio / normal demand supply ratio) ^ price sensitivity to scarcity`, "$/transaction").
		Describe("Price set by scarcity and by traffickers' costs, including the risk cost passed on (Kara).")
	m.Aux("unit cost", "operating cost per transaction + risk cost per transaction", "$/transaction").
		Describe("Traffickers' cost per transaction.")
	m.Aux("reference unit cost", "INIT(unit cost)", "$/transaction").
		Describe("Unit cost in 2015.")
	m.Aux("risk cost per transaction", "risk cost per victim / normal transactions per victim", "$/transaction").
		Describe("Risk cost spread over a victim's normal transactions.")
	m.Aux(RiskCostPerVictim, "trafficker arrest probability * penalty per victim exploited * penalty factor", "$/person/month").
		Describe("Expected cost of arrest per victim per month: arrest probability times penalty (Kara's risk-reward economics).")
	m.Aux("penalty factor", "1 + trafficker risk switch * (penalty multiplier - 1) * policy phase", "dimensionless").
		Describe("Multiplier on penalties (policy raise-trafficker-risk).")
	m.Aux("profit per transaction", "price - unit cost", "$/transaction").
		Describe("Traffickers' margin per transaction after operating and risk costs.")
	m.Aux("revenue per victim", "transactions per victim * price", "$/person/month").
		Describe("Traffickers' revenue per victim per month.")
	m.Aux("operating cost per victim", "transactions per victim * operating cost per transaction", "$/person/month").
		Describe("Traffickers' operating cost per victim per month.")
	m.Aux("acquisition cost per victim-month", "XIDZ(acquisition cost per victim, effect of pool on recruitment * online grooming factor, acquisition cost per victim) / average duration of trafficking", "$/person/month").
		Describe("The cost of acquiring a victim spread over the time a victim is exploited: lower when the vulnerable pools are larger and online grooming easier (the 2015 cost when there is no pool at all, when nobody can be recruited anyway).")
	m.Aux(ProfitPerVictim, "revenue per victim - operating cost per victim - risk cost per victim - \"acquisition cost per victim-month\"", "$/person/month").
		Describe("Traffickers' profit per victim per month: revenue less operating, risk and acquisition costs.")
	m.Aux("expected profit per victim", "SMTH1(profit per victim, profit perception time)", "$/person/month").
		Describe("Profit per victim as traffickers perceive it.")
	m.Aux("normal profit per victim", "INIT(profit per victim)", "$/person/month").
		Describe("Profit per victim in 2015.")
	m.Aux("relative profit", "MAX(0, expected profit per victim / normal profit per victim)", "dimensionless").
		Describe("Expected profit relative to 2015 (no victims are wanted at a loss).")
	m.Aux("desired trafficked persons", `trafficked persons * relative profit ^ supply response elasticity`, "persons").
		Describe("Victims the market's exploiters want: the victims held, more while expected profit per victim (net of risk and acquisition costs) is above its 2015 level, fewer while it is below. Capacity grows as long as trafficking pays better than it did, as investment follows expected profitability in a commodity market, so the market settles only where profit is back at normal.")
	m.Flow("victims released by exploiters", `MAX(0, trafficked persons - desired trafficked persons) / time to release unwanted victims`, "persons/month").
		Describe("Victims the market's exploiters let go (sell on, abandon) while they hold more than expected profit justifies: capacity shed, as a firm lays off workers it does not need.")
	m.Aux("victim net losses", `identified victims + victims freed by arrests + exit without identification - "re-trafficking"`, "persons/month").
		Describe("Victims lost to traffickers, net of survivors trafficked again.")
	m.Aux("expected victim losses", "SMTH1(victim net losses, loss perception time)", "persons/month").
		Describe("Traffickers' perception of their net losses.")
	m.Aux("desired grooming pipeline", "expected victim losses * grooming time", "persons").
		Describe("Grooming pipeline needed to replace expected losses.")
	m.Aux("supply line correction", "supply line weight * (desired grooming pipeline - grooming pipeline) / victim adjustment time", "persons/month").
		Describe("The exploiters' correction for people already being groomed: weighted below 1, so the supply line is under-counted, as in commodity cycles.")
	m.Aux("desired recruitment starts", `MAX(0, (1 - "partner and family share") * expected victim losses + (desired trafficked persons - trafficked persons) / victim adjustment time + supply line correction)`, "persons/month").
		Describe("Recruitment the exploiters seek (capacity acquisition): replacing the expected losses that partners and families do not replace, closing the gap between desired and actual victims, and the under-weighted correction for the grooming pipeline.")
}

func information(m *sdmodel.Model) {
	m.Aux("assumed identification fraction", `(bare identification fraction + outreach identification fraction * protection capacity / "service slots in 2015" * (1 + partnership leverage on identification * partnership) / (1 + partnership leverage on identification * "partnership in 2015")) * provisioning sectors present + bare identification fraction * (1 - provisioning sectors present)`, "1/month").
		Describe("The identification fraction stakeholders assume: what the outreach and partnership they fund would identify in normal times. They know the capacity they fund (so more outreach does not by itself look like more trafficking), not how much the pandemic disrupts identification nor how caseloads dilute outreach: reported prevalence falls in the pandemic and understates a rise in prevalence.")
	m.Aux("reported prevalence", "ZIDZ(identified victims, assumed identification fraction)", "persons").
		Describe("Prevalence as inferred from identified victims; it falls when identification falls, though actual prevalence does not.")
	m.Aux("surveillance in place", `surveillance switch * MIN(1, RAMP(1 / "policy phase-in time", surveillance start time))`, "dimensionless").
		Describe("Fraction of the surveillance of prevalence in place (policy information-feedback): 0 before it starts, 1 once phased in.")
	m.Aux("surveillance weight", "weight of measured prevalence * surveillance in place", "dimensionless").
		Describe("Weight of measured prevalence (surveillance) in what stakeholders see (policy information-feedback).")
	m.Aux("indicated prevalence", "(1 - surveillance weight) * reported prevalence + surveillance weight * trafficked persons", "persons").
		Describe("Prevalence as the information available indicates it.")
	m.Aux("information delay", "(1 - surveillance in place) * normal information delay * partnership effect on information delay + surveillance in place * surveillance information delay", "month").
		Describe("Average delay of perception: about a year, shorter with partnership, about 3 months with surveillance.")
	m.Aux(PerceivedPrevalence, "SMTH3(indicated prevalence, information delay)", "persons").
		Describe("Stakeholders' estimate of how many people are trafficked: the indicated prevalence through a third-order delay.")
	m.Aux("tolerated prevalence", "INIT(perceived prevalence)", "persons").
		Describe("The prevalence the responders will tolerate: the goal of the 4 P response. It is the prevalence they perceived in 2015, when the 2015 effort was neither raised nor cut (the equilibrium assumption: the 2015 effort was the one settled on).")
	m.Aux("prevalence gap", "XIDZ(perceived prevalence, tolerated prevalence, 1)", "dimensionless").
		Describe("Perceived prevalence relative to what the responders tolerate (1: no gap; 1 when nothing was perceived in 2015).")
	m.Aux("indicated public will", "prevalence gap ^ will elasticity", "dimensionless").
		Describe("Public and political will the perceived gap would sustain: 1 when perceived prevalence is at the tolerated level, above 1 when it exceeds it.")
	m.Stock(PublicWill, "indicated public will", "dimensionless").In("change in public will").
		Describe("Public and political will to act against trafficking (1 in 2015, when the response was neither raised nor cut): attention builds and decays.")
	m.Flow("change in public will", "(indicated public will - public will) / IF indicated public will > public will THEN will build time ELSE will decay time", "1/month").
		Describe("Attention building (quickly) or decaying (slowly) toward its indicated level (a biflow).")
	m.Stock("anti-trafficking funding", `"normal anti-trafficking funding"`, "$/month").In("change in funding").
		Describe("Funding of the 4 P sectors.")
	m.Aux("desired funding", `MIN("anti-trafficking funding" * public will, "normal anti-trafficking funding" * maximum funding multiple)`, "$/month").
		Describe("The budget the responders would set next: the current one scaled by public will (raised while perceived prevalence exceeds the tolerated level, cut while it falls short), within the largest budget the state would commit.")
	m.Flow("change in funding", `(desired funding - "anti-trafficking funding") / budget cycle time`, "$/month/month").
		Describe("Goal-seeking funding: it moves toward the desired budget over the budget cycle (a biflow), so it stops changing only when perceived prevalence is back at the tolerated level, or at the budget limit.")
	m.Aux("funded capacity index", `1 + capacity response switch * ("anti-trafficking funding" / "normal anti-trafficking funding" - 1)`, "dimensionless").
		Describe("Capacity the funding pays for relative to 2015; held at 1 when the capacity response is switched off.")
}

func provisioning(m *sdmodel.Model) {
	m.Aux("policy phase", `MIN(1, RAMP(1 / "policy phase-in time", policy start time))`, "dimensionless").
		Describe("Fraction of a policy in effect: 0 before the policy start, rising linearly to 1 over the phase-in time.")
	m.Aux("provisioning sectors present", "1 - remove provisioning sectors * STEP(1, sector removal time)", "dimensionless").
		Describe("1 while the 4 P sectors exist; 0 after their removal in scenario no-4p.")

	// Prevention.
	m.Stock(PreventionCapacity, "prevention capacity target", "dimensionless").In("change in prevention capacity").
		Describe("Prevention programmes (education, awareness, youth and family support), 1 = the 2015 level.")
	m.Aux("prevention capacity target", "funded capacity index * (1 + prevention expansion switch * (prevention capacity multiplier - 1) * policy phase)", "dimensionless").
		Describe("Prevention capacity the funding and policy aim at.")
	m.Flow("change in prevention capacity", "(prevention capacity target - prevention capacity) / prevention adjustment time", "1/month").
		Describe("Slow adjustment of prevention capacity (about 2 years).")
	m.Aux("effective prevention", "prevention capacity * (1 - prevention pandemic disruption * pandemic restrictions) * provisioning sectors present", "dimensionless").
		Describe("Prevention actually delivered, lower while restrictions disrupt it.")

	// Protection.
	m.Stock(ProtectionCapacity, "protection capacity target", "persons").In("change in protection capacity").
		Describe("Survivor service places and the outreach that comes with them.")
	m.Aux("protection capacity target", `"service slots in 2015" * funded capacity index * (1 + protection expansion switch * (service capacity multiplier - 1) * policy phase)`, "persons").
		Describe("Service places the funding and policy aim at.")
	m.Flow("change in protection capacity", "(protection capacity target - protection capacity) / protection adjustment time", "persons/month").
		Describe("Adjustment of protection capacity (about a year).")
	m.Aux("effective protection capacity", "protection capacity * (1 - protection pandemic disruption * pandemic restrictions * (1 - services open switch)) * provisioning sectors present", "persons").
		Describe("Service places actually available.")
	m.Aux("effective protection index", `effective protection capacity / "service slots in 2015"`, "dimensionless").
		Describe("Effective protection relative to 2015; scales outreach identification.")

	// Prosecution.
	m.Stock(ProsecutionCapacity, "prosecution capacity target", "dimensionless").In("change in prosecution capacity").
		Describe("Investigators and prosecutors working on trafficking, 1 = the 2015 level.")
	m.Aux("prosecution capacity target", "funded capacity index", "dimensionless").
		Describe("Prosecution capacity the funding aims at.")
	m.Flow("change in prosecution capacity", "(prosecution capacity target - prosecution capacity) / prosecution adjustment time", "1/month").
		Describe("Adjustment of prosecution capacity (about 1.5 years).")
	m.Aux("effective prosecution", "prosecution capacity * (1 - prosecution pandemic disruption * pandemic restrictions) * provisioning sectors present", "dimensionless").
		Describe("Prosecution actually delivered.")
	m.Aux("trafficker arrest factor", "1 + MAX(trafficker risk switch, supply side switch) * (trafficker arrest multiplier - 1) * policy phase", "dimensionless").
		Describe("Multiplier on trafficker arrests from policy (raise-trafficker-risk, supply-side-only).")
	m.Aux("trafficker arrest probability", `normal trafficker arrest probability * effective prosecution * trafficker arrest factor * (1 - buyer focus) / (1 - "buyer focus in 2015")`, "1/month").
		Describe("Monthly probability that a trafficker is arrested (frees his victims, raises the risk cost).")
	m.Aux("buyer arrest intensity", `effective prosecution * buyer focus / "buyer focus in 2015"`, "dimensionless").
		Describe("Buyer arrests relative to 2015: prosecution effort times the share of it on buyers.")

	// Partnership.
	m.Stock(Partnership, "partnership target", "dimensionless").In("change in partnership").
		Describe("Coordination among the 4 P organisations (index 0-1).")
	m.Aux("partnership target", `MIN(1, "partnership in 2015" * funded capacity index + partnership switch * partnership target boost * policy phase)`, "dimensionless").
		Describe("Partnership the funding and policy aim at.")
	m.Flow("change in partnership", "(partnership target - partnership) / partnership adjustment time", "1/month").
		Describe("Slow building of partnership (about 3 years).")
	m.Aux("effective partnership", "partnership * (1 - partnership pandemic disruption * pandemic restrictions) * provisioning sectors present", "dimensionless").
		Describe("Partnership actually working.")
	m.Aux("partnership effect on identification", `(1 + partnership leverage on identification * effective partnership) / (1 + partnership leverage on identification * "partnership in 2015")`, "dimensionless").
		Describe("Multiplier on outreach identification from partnership (1 in 2015).")
	m.Aux("partnership effect on referral", `(1 + partnership leverage on referral * effective partnership) / (1 + partnership leverage on referral * "partnership in 2015")`, "dimensionless").
		Describe("Multiplier on referral to services from partnership.")
	m.Aux("partnership effect on information delay", `(1 + partnership leverage on information * "partnership in 2015") / (1 + partnership leverage on information * effective partnership)`, "dimensionless").
		Describe("Multiplier on the information delay from partnership: shorter with more partnership.")
}

func harm(m *sdmodel.Model) {
	m.Stock(CumVictimMonths, "0", "person*month").In("victim-months").
		Describe("Victim-months since January 2015: the harm measure for comparing policies (differences between dates give any window).")
	m.Flow("victim-months", "trafficked persons", "persons").
		Describe("Accumulation of victim-months.")
	m.Stock(CumTransactions, "0", "transactions").In("transactions accumulating").
		Describe("Transactions since January 2015.")
	m.Flow("transactions accumulating", "transactions", "transactions/month").
		Describe("Accumulation of transactions.")
}
