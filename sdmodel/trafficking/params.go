package trafficking

import "github.com/sdlessons/trafficking/sdmodel/sensitivity"

// Parameter is one constant of the model with its documentation: the value
// used in every scenario unless a scenario switches it, its units, the range
// explored by the sensitivity analysis and where the value comes from.
type Parameter struct {
	Name  string  // the constant's name in the model
	Value float64 // central value
	Units string
	// Min and Max bound the Latin hypercube in the sensitivity analysis; a
	// parameter with Min == Max is not varied (switches, times, scale).
	Min, Max float64
	Source   string // a full reference for a number it states, "assumed" (with the qualitative support), or "experiment setting"
	Doc      string
	// Estimated marks a parameter to be estimated from the reference data
	// (transactions, detections), not set from the same figures the
	// reference behaviour tests: its Source gives the prior range's basis.
	Estimated bool
}

// EstimatedParams returns the names of the parameters to be estimated from
// the reference data, in the order of Parameters.
func EstimatedParams() []string {
	var names []string
	for _, p := range Parameters() {
		if p.Estimated {
			names = append(names, p.Name)
		}
	}
	return names
}

// Uncertain reports whether the sensitivity analysis varies the parameter.
func (p Parameter) Uncertain() bool { return p.Min < p.Max }

// UncertainParams returns the parameters the sensitivity analysis varies,
// each uniform over its range, in the order of Parameters.
func UncertainParams() []sensitivity.Param {
	var ps []sensitivity.Param
	for _, p := range Parameters() {
		if p.Uncertain() {
			ps = append(ps, sensitivity.Param{Name: p.Name, Dist: sensitivity.Uniform(p.Min, p.Max)})
		}
	}
	return ps
}

// Sources, cited in full. A parameter cites a source only for a number the
// source states; otherwise it is "assumed", with the qualitative support named.
const (
	refBiroscak = "Biroscak, B. J. (2022). A conceptual model of sex trafficking dynamics in the context of pandemics and provisioning systems. Conference abstract, ICHT 2022: International Conference on Human Trafficking, Barcelona"
	refKara     = "Kara, S. (2009). Sex Trafficking: Inside the Business of Modern Slavery. Columbia University Press"
	refChain    = "the Kansas City case study of service providers working with at-risk populations (42 interviews, 2013-2016), which proposes a chain-of-risk model"
	refSterman  = "Sterman, J. D. (2000). Business Dynamics: Systems Thinking and Modeling for a Complex World. Irwin/McGraw-Hill"
	refUROC     = "Urban Research and Outreach-Engagement Center, University of Minnesota, and Minnesota Department of Health (2018). Intersections of Sexual Violence, Domestic Violence and Sex Trafficking: Research Overview, Community Roundtable Presentation"
	experiment  = "experiment setting"
	assumed     = "assumed"
)

// direction marks an assumed value whose direction (not size) a source supports.
func direction(ref string) string { return "assumed; direction from " + ref }

func fixed(name string, v float64, units, src, doc string) Parameter {
	return Parameter{Name: name, Value: v, Units: units, Min: v, Max: v, Source: src, Doc: doc}
}

// estimated marks a parameter for estimation from the reference data.
func (p Parameter) estimated() Parameter { p.Estimated = true; return p }

func ranged(name string, v, lo, hi float64, units, src, doc string) Parameter {
	return Parameter{Name: name, Value: v, Units: units, Min: lo, Max: hi, Source: src, Doc: doc}
}

// Parameters returns the model's parameter table (a fresh copy each call).
// Every constant of the model is here; Build adds them in this order. The
// central values of the estimated parameters are their calibrated values
// (Calibrated).
func Parameters() []Parameter {
	return applyCalibration([]Parameter{
		// Scenario switches.
		fixed("covid switch", 1, "dimensionless", experiment, "1 runs the pandemic (restrictions and the unemployment shock); 0 is the counterfactual without COVID-19, unemployment staying on its pre-pandemic path."),
		fixed("hold inputs at 2015 values", 0, "dimensionless", experiment, "1 holds the exogenous inputs (unemployment, restrictions) at their January 2015 values: the equilibrium test."),
		fixed("capacity response switch", 1, "dimensionless", experiment, "1 lets the 4 P capacities follow anti-trafficking funding; 0 freezes their targets at the 2015 levels (scenario no-4p-response)."),
		fixed("remove provisioning sectors", 0, "dimensionless", experiment, "1 removes all four P sectors from the sector removal time on (scenario no-4p)."),
		fixed("sector removal time", 62, "month", experiment, "When the 4 P sectors are removed in scenario no-4p: March 2020."),

		// Pandemic and economy.
		fixed("last pre-pandemic month", lastPrePandemicMonth, "month", "BLS LNS14000000 (the last month before the pandemic)", "February 2020, the last month before COVID; without COVID unemployment stays at its value then (the pre-pandemic path)."),
		ranged("time to adapt to lower unemployment", 24, 12, 36, "month", assumed, "Time for the unemployment rate households have adapted to to follow unemployment down."),
		ranged("time to adapt to higher unemployment", 120, 60, 240, "month", assumed, "Time for the unemployment rate households have adapted to to follow unemployment up: a recession becomes normal only slowly."),
		ranged("stress onset time", 3, 1, 6, "month", assumed, "Time for economic stress to build when unemployment rises (savings run out within months)."),
		ranged("stress recovery time", 24, 12, 36, "month", assumed, "Time for economic stress to ease when unemployment falls (arrears and debts are repaid first)."),
		ranged("housing insecurity delay", 9.5, 6, 15, "month", direction("the eviction moratoria of 2020-2021, which postponed housing losses"), "Average delay of the third-order delay from economic stress to housing insecurity; eviction moratoria postponed housing losses."),
		ranged("stress elasticity of risk onset", 0.4, 0.2, 0.7, "dimensionless", direction(refChain), "Elasticity of risk onset with respect to economic stress (economic insecurity is a key risk factor)."),
		ranged("housing elasticity of risk onset", 0.25, 0.15, 0.45, "dimensionless", direction(refChain), "Elasticity of risk onset with respect to housing insecurity."),
		ranged("stress elasticity of survival sex entry", 0.8, 0.4, 1.2, "dimensionless", direction(refUROC), "Elasticity of entry into survival sex trading with respect to economic stress (poverty is its bedrock)."),
		ranged("housing elasticity of survival sex entry", 0.67, 0.25, 0.8, "dimensionless", direction(refUROC), "Elasticity of entry into survival sex trading with respect to housing insecurity (sex traded for rent or a place to sleep)."),

		// Chain of risk: reference levels (scale) and residence times.
		fixed("at-risk population in 2015", 40000, "persons", assumed, "People with accumulated risk factors in a state of about 3.5 million in January 2015 (scale; levels are illustrative)."),
		fixed("survival sex trading in 2015", 3000, "persons", assumed, "People trading sex for basic needs in January 2015 (scale)."),
		fixed("trafficked persons in 2015", 1000, "persons", assumed, "Victims of sex trafficking in January 2015 (scale); every flow of the chain is calibrated so that the model starts in equilibrium at these levels."),
		ranged("time at risk", 36, 24, 48, "month", assumed, "Average time a person stays in the at-risk population before the risk resolves (about 3 years)."),
		ranged("time in survival sex trading", 12, 6, 18, "month", assumed, "Average time in survival sex trading before leaving it (about a year)."),
		ranged("grooming time", 6, 3, 9, "month", assumed, "Average time from the start of recruitment or grooming (the 'boyfriend' and online paths) to exploitation."),
		ranged("average duration of trafficking", 36, 24, 60, "month", assumed, "Average time a victim is exploited before leaving without being identified (about 3 years)."),
		ranged("pandemic isolation effect", 0.05, 0, 0.2, "dimensionless", assumed+" (UNODC 2021 on COVID-19: victims more isolated, less able to leave)", "Fraction of exits without identification lost at full restrictions: isolated victims have fewer chances to leave."),
		ranged("survival sex share of recruits", 0.6, 0.4, 0.8, "dimensionless", direction(refUROC+" (survival sex is a precursor to being trafficked)"), "Share of recruits drawn from survival sex trading in 2015; the rest come, less readily, straight from the at-risk population."),
		fixed("online grooming effect", 0, "dimensionless", assumed+" (no source states a size; 0: the pandemic reaches recruitment only through the market and the vulnerable pools)", "Fractional rise of recruitment at full restrictions (young people at home and online easier to groom): a lever for experiments, off in every scenario."),
		ranged("partner and family share", 0.5, 0.3, 0.8, "dimensionless", assumed, "Share of recruitment in 2015 by intimate partners and family members, which does not respond to the traffickers' profit."),
		fixed("minimum recruitment time", 1, "month", assumed, "Shortest time in which a vulnerable pool can be recruited from: nobody is recruited faster."),
		ranged("acquisition cost per victim", 2000, 1000, 5000, "$/person", assumed, "What acquiring a victim costs an exploiter (recruitment, transport, purchase)."),
		ranged("pool elasticity of recruitment", 1, 0.6, 1.4, "dimensionless", direction(refChain), "Elasticity of recruitment with respect to the size of the vulnerable pool (more vulnerable people, easier recruitment)."),

		// Identification, arrests, services.
		ranged("normal time to identification", 120, 80, 200, "month", assumed, "Average time to identification in 2015: about 10 % of victims a year are identified."),
		ranged("bare identification share", 0.4, 0.2, 0.6, "dimensionless", assumed, "Share of 2015 identification that happens without the 4 P (chance police and health-care contacts); the rest depends on outreach and partnership."),
		ranged("caseload elasticity", 0.13, 0, 0.4, "dimensionless", assumed, "Elasticity of the outreach identification fraction with respect to victims per outreach place (0: identifications proportional to prevalence; 1: fixed by capacity)."),
		ranged("pandemic identification disruption", 0.2, 0.05, 0.35, "dimensionless", "estimated from the 2020 fall of detections (UNODC (2022). Global Report on Trafficking in Persons 2022: detected victims -11 % in 2020, sexual exploitation -24 %)", "Fraction of identification lost at full restrictions (fewer health-care and outreach contacts); detections fell 11 % in 2020, 24 % for sexual exploitation.").estimated(),
		ranged("normal trafficker arrest probability", 0.004, 0.002, 0.008, "1/month", direction(refKara+" (most exploiters are not targeted)"), "Monthly probability that a trafficker is arrested in 2015 (about 5 % a year: most exploiters are not targeted)."),
		ranged("normal referral fraction", 0.8, 0.6, 0.95, "dimensionless", assumed, "Share of identified or freed victims referred to services in 2015."),
		ranged("service slots in 2015", 100, 70, 140, "persons", direction(refChain+" (systematic funding cuts to providers)"), "Survivor service capacity in 2015 (places in shelters and case management); short of need, as providers report systematic funding cuts."),
		ranged("time in services", 12, 6, 18, "month", assumed, "Average stay in survivor services before recovery."),
		fixed("time to admit", 1, "month", assumed, "Time to fill a free service place."),
		ranged("time to stabilise without services", 24, 12, 36, "month", assumed, "Average time before a survivor without services leaves the risk of re-trafficking."),
		ranged("re-trafficking fraction with services", 0.004, 0.002, 0.008, "1/month", assumed, "Monthly fraction of survivors in services who are re-trafficked (about 5 % a year)."),
		ranged("re-trafficking fraction without services", 0.02, 0.01, 0.03, "1/month", assumed, "Monthly fraction of survivors without services who are re-trafficked (about 24 % a year, far more than with services)."),

		// Market.
		fixed("normal transactions per victim", 60, "transactions/person/month", assumed, "Commercial sex transactions per victim per month in 2015."),
		ranged("normal utilisation", 0.75, 0.6, 0.85, "dimensionless", assumed, "Share of the traffickers' supply capacity used in 2015."),
		fixed("utilisation curvature", 3, "dimensionless", assumed, "How sharply transactions saturate at supply capacity (the exponent of a smooth minimum)."),
		fixed("reference price", 100, "$/transaction", assumed, "Price per transaction in 2015 (illustrative)."),
		ranged("operating cost per transaction", 30, 20, 40, "$/transaction", direction(refKara+" (operating costs are low)"), "Traffickers' operating cost per transaction (low: rooms, advertising, transport)."),
		ranged("penalty per victim exploited", 50000, 25000, 100000, "$/person", assumed, "Expected cost to a trafficker of an arrest per victim he controls (fines, prison time, lost business)."),
		ranged("cost pass-through", 0.8, 0.5, 1, "dimensionless", direction(refKara+" (higher risk for the slave owner means higher prices)"), "Elasticity of price with respect to unit cost: raising traffickers' risk raises price."),
		ranged("price sensitivity to scarcity", 0.8, 0.4, 1.2, "dimensionless", assumed, "Elasticity of price with respect to the demand/supply ratio."),
		ranged("price adjustment time", 3, 1, 6, "month", assumed, "Time for price to adjust to its indicated value."),
		ranged("price elasticity of demand", 1, 0.5, 1.5, "dimensionless", direction(refKara+" (pricing is the prime driver of demand)"), "Elasticity of demand with respect to price (about 1, uncertain; price is the prime driver of demand)."),
		ranged("demand adjustment time", 3, 1, 6, "month", assumed, "Time for demand to adjust to its indicated value."),
		ranged("lockdown demand reduction", 0.5, 0.3, 0.8, "dimensionless", "estimated from the 2020 figures of online sex-work advertising; prior range assumed: the cut before the market adapts is at least the observed falls (about -50 % of women advertised in Ireland, Breslin, O'Connor et al. 2020; -26 % of active profiles on an international website, Callander et al. 2020)", "Fraction of demand lost to restrictions the market has not yet adapted to, at full restrictions (contact cut at once).").estimated(),
		ranged("market adaptation time", 4, 1, 12, "month", "estimated from the 2020 figures of online sex-work advertising (Irish advertising back to normal levels by November 2020 under continued restrictions, Breslin, O'Connor et al. 2020); prior range assumed", "Average time for the commercial sex market to adapt to restrictions in force (online contact, outcalls, private places).").estimated(),
		ranged("buyer deterrence strength", 0.1, 0.05, 0.15, "dimensionless", direction(refKara), "How strongly buyer arrests deter demand (demand changes by a factor exp(-strength x change in arrest intensity))."),
		fixed("buyer focus in 2015", 0.1, "dimensionless", assumed, "Share of enforcement effort on buyers in 2015 (about 10 % of prostitution arrests are of buyers)."),
		fixed("buyer focus", 0.1, "dimensionless", direction(refKara+" (focus on retailers and consumers)"), "Share of enforcement effort on buyers (a lever: Kara's demand-side focus raises it)."),
		ranged("profit perception time", 8, 4, 12, "month", assumed, "Time traffickers take to perceive a change in profit per victim."),
		ranged("supply response elasticity", 3, 1.5, 4.5, "dimensionless", direction(refKara+" (the retailer demands slaves because they elevate profits)"), "Elasticity of the victims the market's exploiters want, relative to those they hold, with respect to expected profit per victim relative to 2015."),
		ranged("victim adjustment time", 6, 3, 12, "month", assumed, "Time traffickers take to close the gap between desired and actual victims."),
		fixed("loss perception time", 3, "month", assumed, "Time traffickers take to perceive their losses of victims."),
		ranged("time to release unwanted victims", 6, 3, 18, "month", "assumed (the structure is the layoff rate of a workforce above its desired level in "+refSterman+", ch. 19)", "Average time the market's exploiters take to let go of victims they hold beyond their desired number."),
		ranged("supply line weight", 0.1, 0, 0.5, "dimensionless", assumed, "Weight traffickers give to the grooming pipeline when deciding recruitment (below 1: the supply line is under-weighted, as in commodity cycles)."),

		// Information and will.
		ranged("normal information delay", 12, 6, 18, "month", direction(refBiroscak+" (delayed responses)"), "Average delay of the third-order delay between identified victims and stakeholders' perceived prevalence (about a year)."),
		ranged("will elasticity", 1, 0.5, 2, "dimensionless", assumed, "Elasticity of indicated public will with respect to perceived prevalence."),
		ranged("will build time", 3, 2, 6, "month", assumed, "Time for public attention to build toward a higher indicated level."),
		ranged("will decay time", 12, 6, 24, "month", assumed, "Time for public attention to decay toward a lower indicated level (attention outlasts its cause)."),
		ranged("budget cycle time", 12, 6, 18, "month", "assumed (annual appropriations)", "Time for anti-trafficking funding to follow public will (the budget cycle, about a year)."),
		ranged("maximum funding multiple", 4, 2, 8, "dimensionless", assumed, "The largest anti-trafficking budget the state would commit, relative to 2015: the goal-seeking response cannot grow without limit."),
		fixed("normal anti-trafficking funding", 1e6, "$/month", assumed, "Anti-trafficking funding in 2015 (illustrative)."),

		// The 4 P sectors.
		ranged("prevention adjustment time", 24, 12, 36, "month", direction(refBiroscak+" (delayed responses)"), "Time for prevention capacity to reach its funded level (slow, about 2 years)."),
		ranged("protection adjustment time", 12, 6, 18, "month", direction(refBiroscak+" (delayed responses)"), "Time for protection capacity to reach its funded level (about a year)."),
		ranged("prosecution adjustment time", 18, 12, 24, "month", direction(refBiroscak+" (delayed responses)"), "Time for prosecution capacity to reach its funded level (about 1.5 years)."),
		ranged("partnership adjustment time", 36, 24, 48, "month", direction(refBiroscak+" (delayed responses)"), "Time for partnership to reach its target (slowest, about 3 years)."),
		ranged("prevention effect on risk onset", 0.35, 0.1, 0.5, "dimensionless", direction(refChain), "Fractional rise of risk onset if prevention were absent (risk onset is (1 + e) / (1 + e x effective prevention) of normal)."),
		ranged("prevention effect on survival sex entry", 0.3, 0.1, 0.5, "dimensionless", direction(refUROC), "Fractional rise of entry into survival sex trading if prevention were absent."),
		ranged("prevention effect on susceptibility", 0.28, 0.1, 0.5, "dimensionless", direction(refUROC), "Fractional rise of susceptibility to recruitment if prevention were absent."),
		ranged("partnership in 2015", 0.3, 0.2, 0.4, "dimensionless", direction(refKara+" (organisations are underfunded and uncoordinated)"), "Partnership index in 2015 (0 none, 1 full coordination); organisations are underfunded and uncoordinated."),
		ranged("partnership leverage on identification", 1, 0.5, 2, "dimensionless", direction(refBiroscak), "How strongly partnership multiplies outreach identification: (1 + l x partnership) / (1 + l x partnership in 2015)."),
		ranged("partnership leverage on referral", 0.5, 0.25, 1, "dimensionless", direction(refBiroscak), "How strongly partnership multiplies referral to services."),
		ranged("partnership leverage on information", 1, 0.5, 2, "dimensionless", direction(refBiroscak), "How strongly partnership shortens the information delay."),
		ranged("prevention pandemic disruption", 0.5, 0.3, 0.7, "dimensionless", assumed, "Fraction of prevention capacity lost at full restrictions (schools and programmes closed)."),
		ranged("protection pandemic disruption", 0.2, 0.1, 0.3, "dimensionless", assumed, "Fraction of protection capacity (outreach, shelter places) lost at full restrictions."),
		ranged("prosecution pandemic disruption", 0.4, 0.2, 0.6, "dimensionless", assumed, "Fraction of prosecution capacity lost at full restrictions (courts closed, policing redeployed)."),
		ranged("partnership pandemic disruption", 0.2, 0.1, 0.4, "dimensionless", assumed, "Fraction of partnership lost at full restrictions (meetings and joint work suspended)."),

		// Policies: switches (set by scenarios) and effect sizes (uncertain).
		fixed("policy start time", 96, "month", experiment, "When policies start: January 2023."),
		fixed("policy phase-in time", 12, "month", experiment, "Time over which a policy is phased in linearly."),
		fixed("end demand switch", 0, "dimensionless", experiment, "1 criminalises buying sex (Nordic model) from the policy start time (scenario end-demand)."),
		ranged("end demand multiplier", 0.6, 0.4, 0.9, "dimensionless", "assumed (central value; the evidence is contested); the lower bound 0.4 is the claim reported after "+refKara+" that criminalising buyers in Sweden and Norway cut demand by at least 60 %", "Demand with the law as a fraction of demand without it (central 0.6, a fall of 40 %; a fall of 60 % would be 0.4)."),
		fixed("end demand phase-in time", 24, "month", experiment, "Time over which the end-demand law takes full effect (2 years)."),
		fixed("trafficker risk switch", 0, "dimensionless", experiment, "1 raises penalties and trafficker arrests together (scenario raise-trafficker-risk)."),
		fixed("supply side switch", 0, "dimensionless", experiment, "1 raises trafficker arrests only, with no demand measures (scenario supply-side-only)."),
		ranged("penalty multiplier", 3, 2, 5, "dimensionless", "assumed (experiment size); direction from "+refKara, "Factor on penalties under raise-trafficker-risk."),
		ranged("trafficker arrest multiplier", 2, 1.5, 3, "dimensionless", "assumed (experiment size); direction from "+refKara, "Factor on trafficker arrests under raise-trafficker-risk and supply-side-only."),
		fixed("upstream support switch", 0, "dimensionless", experiment, "1 adds economic and housing support (scenarios upstream-prevention, three-siblings)."),
		ranged("upstream support effect", 0.3, 0.15, 0.45, "dimensionless", "assumed (experiment size); direction from "+refChain, "Fractional fall of risk onset and survival-sex entry with upstream support."),
		fixed("protection expansion switch", 0, "dimensionless", experiment, "1 multiplies the service capacity target (scenarios protection-expansion, three-siblings)."),
		ranged("service capacity multiplier", 2, 1.5, 3, "dimensionless", "assumed (experiment size)", "Factor on the service capacity target under protection expansion."),
		fixed("prevention expansion switch", 0, "dimensionless", experiment, "1 multiplies the prevention capacity target (scenario three-siblings)."),
		ranged("prevention capacity multiplier", 2, 1.5, 3, "dimensionless", "assumed (experiment size); direction from "+refUROC, "Factor on the prevention capacity target under prevention expansion."),
		fixed("partnership switch", 0, "dimensionless", experiment, "1 raises the partnership target (scenario partnership)."),
		ranged("partnership target boost", 0.3, 0.15, 0.5, "dimensionless", "assumed (experiment size)", "Addition to the partnership target under the partnership policy."),
		fixed("surveillance switch", 0, "dimensionless", experiment, "1 lets stakeholders also see measured prevalence (scenarios information-feedback, information-feedback-2019)."),
		fixed("surveillance start time", 96, "month", experiment, "When surveillance starts: January 2023, or January 2019 (t = 48) in information-feedback-2019."),
		ranged("weight of measured prevalence", 0.5, 0.3, 0.8, "dimensionless", direction(refBiroscak+" (the missing information feedback)"), "Weight stakeholders give to measured prevalence once surveillance is in place."),
		ranged("surveillance information delay", 3, 1, 6, "month", "assumed (experiment size)", "Information delay once surveillance is in place (about 3 months)."),
		fixed("services open switch", 0, "dimensionless", experiment, "1 keeps protection and identification undisrupted by the pandemic (scenario services-open-in-pandemic)."),
	})
}
