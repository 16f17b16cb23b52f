// Package trafficking is the project's main model: a system dynamics model of
// sex trafficking dynamics around the COVID-19 pandemic and the "4 P"
// provisioning systems (Prevention, Protection, Prosecution, Partnership).
// It formalises the dynamic hypothesis of Biroscak's ICHT 2022 abstract
// (seed 000_8072cd76a06192fc.txt): the trafficking system behaves somewhat
// like a commodities market, the 4 P sectors respond with delays but together
// keep trafficking lower than it would be, provision of trafficking services
// fell in March 2020 and rebounded, and the missing information feedback
// between the actual occurrence of trafficking and those who respond to it is
// a leverage point. The chain of risk comes from seed 001_1fdbe6368f462bb7.txt,
// the business and market view from seed 003_862f5a16d9f01fb3.txt (after S.
// Kara), survival sex, grooming and the three levels of prevention from seed
// 004_62dc14d5442485c3.txt.
//
// # Structure
//
// Time is in months from January 2015 (t = 0) to January 2031 (t = 192), DT
// 1/8, saved every month, Euler by default (RK4 gives the same shapes). The
// scale is one US state of about 3.5 million people; absolute levels are
// illustrative, shapes and ratios matter. The sectors:
//
//   - Pandemic and economy (exogenous): pandemic restrictions (a graphical
//     function of time shaped like a stringency index) and the monthly BLS
//     unemployment rate (LNS14000000, seasonally adjusted); economic stress is
//     unemployment relative to what has been normal, housing insecurity follows
//     it through a third-order delay (eviction moratoria).
//   - Chain of risk: at-risk population -> survival sex trading -> grooming
//     pipeline -> trafficked persons -> survivors in services or survivors
//     without services, who may be re-trafficked. Recruitment draws from both
//     pools by co-flows that conserve people. Restrictions make grooming
//     easier (young people at home and online) and isolate victims.
//   - Market: demand (a stock) adjusts to price, buyer deterrence and the law;
//     restrictions cut effective demand at once; transactions are a smooth
//     minimum of effective demand and supply capacity; price (a stock) follows
//     scarcity and traffickers' costs including the risk cost (arrest
//     probability x penalty); traffickers perceive profit per victim, set
//     desired victims, and recruit to replace losses and close the gap,
//     under-weighting the grooming pipeline.
//   - Information and will: identified victims divided by the identification
//     fraction stakeholders assume (what the outreach they fund would find in
//     normal times) is reported prevalence; perceived prevalence follows it
//     through a third-order delay of about a year; public will builds quickly
//     and decays slowly toward perceived prevalence relative to 2015; funding
//     follows public will through the budget cycle.
//   - The 4 P: prevention, protection (service places and outreach),
//     prosecution and partnership capacities adjust to funded targets with
//     their own delays; restrictions disrupt each one's effective capacity.
//
// # Feedback loops
//
//   - Market price loop (balancing): more trafficked persons -> more supply
//     capacity -> lower demand/supply ratio -> lower price -> lower profit per
//     victim -> fewer desired victims -> less recruitment.
//   - Demand loop (balancing): higher price -> lower demand -> lower price.
//   - Capacity acquisition loop (balancing, with delays): traffickers
//     perceive profit (about 18 months), compare desired with actual victims
//     and recruit through a grooming pipeline they under-weight; with its
//     delays this loop overshoots and makes the market oscillate.
//   - Replacement loop (balancing): victims lost to identification, arrests
//     and exit are replaced by recruitment.
//   - Recruitment from the vulnerable pool (balancing, depleting): recruitment
//     drains survival sex trading and the at-risk population, and smaller
//     pools make recruitment harder.
//   - Re-trafficking loop (reinforcing): survivors without services return to
//     trafficking; protection capacity weakens it.
//   - 4 P response loops (balancing, long delays): trafficked persons ->
//     identified victims -> perceived prevalence -> public will -> funding ->
//     prevention (less risk onset, survival sex entry and susceptibility),
//     protection (more identification and services), prosecution (more
//     arrests: freed victims, higher risk cost, deterred buyers) and
//     partnership (better identification and referral, shorter information
//     delay) -> fewer trafficked persons.
//   - Information loop (the missing feedback): stakeholders see trafficking
//     only through identified victims. They allow for the outreach they fund,
//     but not for the pandemic's disruption of identification nor for
//     caseloads diluting outreach when victims multiply, so reported
//     prevalence fell in 2020 though actual prevalence rose, and public will
//     and funding fell when they were most needed. Surveillance (scenarios
//     information-feedback and information-feedback-2019) adds measured
//     prevalence and shortens the delay from about 12 to about 3 months.
//
// # Equilibrium
//
// The model starts in dynamic equilibrium by construction, and stays there
// for any parameter values when the inputs are held at their 2015 values
// (constant "hold inputs at 2015 values" = 1, see Equilibrium). The reference
// levels of the chain (at-risk population, survival sex trading and
// trafficked persons in 2015) are parameters; the flows that keep them
// constant are computed by equations at the start with INIT (normal risk
// onset, normal survival sex entry fraction, reference demand, reference unit
// cost, normal profit per victim); the other stocks start at the equilibrium
// their equations imply (grooming pipeline = replacement x grooming time,
// survivors = inflow x average stay, demand = indicated demand, price =
// reference price, capacities = their funded targets).
//
// # Scenarios and checks
//
// Scenarios returns the design brief's experiments as data (constant
// overrides); policies start in January 2023 with a 12-month phase-in.
// ReferenceChecks and PolicyChecks evaluate the brief's reference behaviour
// and each policy's expected result on a set of runs (RunAll), with the
// numbers measured. Parameters returns the parameter table with units, the
// ranges used for sensitivity analysis and the sources.
package trafficking
