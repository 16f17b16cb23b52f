// Package trafficking is the project's main model: a system dynamics model of
// sex trafficking dynamics around the COVID-19 pandemic and the "4 P"
// provisioning systems (Prevention, Protection, Prosecution, Partnership).
// It formalises the dynamic hypothesis of Biroscak, B. J. (2022), A conceptual
// model of sex trafficking dynamics in the context of pandemics and
// provisioning systems (conference abstract, ICHT 2022, Barcelona): the
// trafficking system behaves somewhat like a commodities market, the 4 P
// sectors respond with delays but together keep trafficking lower than it
// would be, provision of trafficking services fell in March 2020 and
// rebounded, and the missing information feedback between the actual
// occurrence of trafficking and those who respond to it is a leverage point.
// The chain of risk follows a Kansas City case study of service providers
// (42 interviews, 2013-2016); the business and market view Kara, S. (2009),
// Sex Trafficking: Inside the Business of Modern Slavery (Columbia University
// Press); survival sex, intimate-partner and family trafficking and the three
// siblings parable the University of Minnesota's Urban Research and
// Outreach-Engagement Center and Minnesota Department of Health (2018),
// Intersections of Sexual Violence, Domestic Violence and Sex Trafficking.
//
// # Version 2: what the structure generates
//
// Exploiters acquire victims (capacity acquisition): desired trafficked
// persons follow expected profit per victim net of risk and acquisition
// costs; recruitment replaces expected losses, closes the gap and corrects,
// with a weight below 1, for the grooming pipeline (the supply line); arrests
// free victims and so remove capacity. Intimate-partner and family recruitment
// ("partner and family share", assumed 0.5: the 2018 roundtable says such
// trafficking "may constitute a large majority" of cases but that its data
// are not quantifiable) grows with the vulnerable pools and falls with
// prevention but ignores profit. The 4 P are goal-seeking: public will
// measures perceived prevalence against the tolerated (2015) level, and
// funding rises each budget cycle while will exceeds 1, so the capacities
// change until perceived prevalence is back at the goal. Economic stress
// compares unemployment with what households have adapted to (quickly to
// better times, slowly to worse) and eases more slowly than it builds, so a
// lasting recession never reads as relief. Equations carry no DT guards.
//
// StructuralExperiments tests whether this structure generates the
// post-COVID behaviour; TestStructuralExperiments asserts its numbers. In
// this formulation the answer is mostly no, and it is reported as such:
// the cycle overshoots the no-COVID path by 26 % (October 2022) and
// undershoots it by 7 % (2029), but in the rebound (2021-2022) the leading
// named loops are protection and outreach identification, the market loops
// carrying about 14 % of the named loops' scores; full supply-line
// accounting damps the cycle's amplitude by only about 2 %; with the
// lockdown multiplier on recruitment ("online grooming effect", estimated
// from the detections: its estimate sits at the top of its range, the data
// asking for an even larger lockdown push, see Calibrated) switched off an
// overshoot remains
// (6 %, 2024) but no undershoot, and detections in 2022 stay below 2019
// (reference behaviour 4 fails). The delayed, goal-seeking 4 P response
// lowers victim-months 2020-2030 by about 1.3 % against frozen capacities:
// early on it moves the wrong way (perceived prevalence fell with
// identification in 2020, so funding was cut as trafficking rose); and
// information feedback from 2023 raises victim-months 2023-2030 by about
// 0.6 %: with faster, truer information the response to the falling side of
// the cycle comes sooner too.
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
//     unemployment rate (LNS14000000, seasonally adjusted). Economic stress
//     compares unemployment with the rate households have adapted to (which
//     follows unemployment down in about two years, up only over about ten)
//     and eases more slowly than it builds; an adaptive normal alone would
//     read the long 2020-2021 recession as the new normal, and the years after
//     as relief. Housing insecurity follows stress through a third-order
//     delay (eviction moratoria postponed housing losses).
//   - Chain of risk: at-risk population -> survival sex trading -> grooming
//     pipeline -> trafficked persons -> survivors in services or survivors
//     without services, who may be re-trafficked. Recruitment draws from both
//     pools by co-flows that conserve people, along two paths: exploiters'
//     capacity acquisition (the market) and intimate-partner and family
//     recruitment, which grows with the pools and falls with prevention but
//     ignores profit. Restrictions make grooming easier (young people at home
//     and online) and isolate victims.
//   - Market: demand (a stock) adjusts to price, buyer deterrence and the law;
//     restrictions cut effective demand at once; transactions are a smooth
//     minimum of effective demand and supply capacity; price (a stock) follows
//     scarcity and traffickers' costs including the risk cost (arrest
//     probability x penalty); exploiters perceive profit per victim net of
//     operating, risk and acquisition costs, set desired victims, and recruit
//     to replace the losses partners and families do not replace and to close
//     the gap, under-weighting the grooming pipeline (their supply line).
//   - Information and will: identified victims divided by the identification
//     fraction stakeholders assume (what the outreach they fund would find in
//     normal times) is reported prevalence; perceived prevalence follows it
//     through a third-order delay of about a year; public will builds quickly
//     and decays more slowly toward perceived prevalence relative to the
//     prevalence the responders tolerate (the goal); funding is goal-seeking,
//     raised each budget cycle while will exceeds 1 and cut while it falls
//     short.
//   - The 4 P: prevention, protection (service places and outreach),
//     prosecution and partnership capacities adjust to funded targets with
//     their own delays; restrictions disrupt each one's effective capacity.
//
// # Feedback loops
//
// LoopNames names the main loops of the model expanded for loop analysis
// (its SMTH and DELAY builtins as stocks and flows: about 900 loops);
// LoopDominance scores them with Loops That Matter (see sdmodel/loops) and
// EraDominance averages the scores over the eras of the run. The loops,
// with their structural polarity:
//
//   - market price (B): more trafficked persons -> more supply capacity ->
//     lower demand/supply ratio -> lower price -> lower (perceived) profit
//     per victim -> fewer desired victims -> less recruitment.
//   - demand (B): higher price -> lower demand -> less scarcity -> lower price.
//   - capacity acquisition (B): traffickers recruit to close the gap between
//     desired and actual victims, through the grooming pipeline.
//   - supply line (B): the weak correction for the grooming pipeline (under-
//     weighted, which with the perception delays makes the market oscillate).
//   - replacement (R): victims lost (mostly by exit without identification)
//     are replaced by recruitment, so more victims mean more recruitment; it
//     offsets the first-order outflow loops of trafficked persons.
//   - at-risk depletion and survival sex depletion (B): recruitment drains
//     the vulnerable pools and smaller pools make recruitment harder.
//   - re-trafficking (R): victims who leave unidentified and get no services
//     are trafficked again.
//   - The 4 P response loops, each through identified victims -> reported
//     prevalence -> perceived prevalence (a delay of about a year) -> public
//     will (perceived against tolerated prevalence) -> funding (goal-seeking:
//     it changes while will differs from 1) -> capacity: prevention (B, susceptibility to
//     recruitment), protection (B, service places: fewer survivors turned
//     away, less re-trafficking), prosecution (B, buyer arrests deter demand,
//     lowering price, profit and desired victims), risk cost (B, trafficker
//     arrests raise the risk cost and the price, demand and transactions per
//     victim fall), arrests (B, arrests free victims).
//   - protection offset (R): the same service places cut re-trafficking, so
//     traffickers' net losses rise and they recruit more to replace them.
//   - partnership and outreach identification (R): more partnership or
//     outreach identifies more victims, which looks like more trafficking and
//     raises public will (offset in part because stakeholders allow for the
//     outreach and partnership they fund in the assumed identification
//     fraction).
//   - information (B): the missing feedback: measured prevalence
//     (surveillance) -> perceived prevalence -> public will -> funding ->
//     prosecution -> arrests -> fewer trafficked persons. In the baseline
//     stakeholders see trafficking only through identified victims; they
//     allow for the outreach they fund, but not for the pandemic's
//     disruption of identification nor for caseloads diluting outreach, so
//     reported prevalence fell in 2020 though actual prevalence rose.
//
// Recruitment reaches the grooming pipeline by two co-flows, so each loop
// through recruitment exists three times; two of the three cancel exactly,
// and the named loops go through "recruitment of people at risk", which
// stands for the whole recruitment decision.
//
// Loop dominance in the baseline (mean relative loop score of the leading
// named loops per era, negative for balancing; a relative score is a share
// of all ~900 loops together, so 0.13 is a large share):
//
//	era                          leading named loops
//	pre-COVID  2015-01..2020-03  prosecution -0.109, risk cost -0.063, market price -0.028
//	lockdown   2020-03..2021-01  demand -0.011, survival sex depletion -0.003, outreach identification +0.002
//	rebound    2021-01..2023-01  protection -0.114, outreach identification +0.104, demand -0.040
//	post-COVID 2023-01..2031-01  demand -0.043, protection -0.020, prosecution -0.018
//
// Before COVID the model moves only with unemployment, and the response
// loops through the market (prosecution, risk cost) dominate with the market
// price loop. In the lockdown no named loop explains more than 2 % on
// average (TestDocumentedDominance): restrictions drive the behaviour from
// outside, and the largest loops are first-order drains and the stages of
// the housing delay. In the rebound the protection loop (B: more service
// places, fewer survivors turned away and re-trafficked) and the outreach
// identification loop (R: more outreach, more identified victims, more
// funding) lead and nearly cancel, the demand loop third; the capacity
// acquisition loops carry little, so the rebound is not, in this
// formulation, a market boom (see StructuralExperiments). After 2023 the
// demand loop leads, then protection and prosecution.
//
// The information loop scores 0 in the baseline (the feedback is missing)
// and is active with surveillance (scenario information-feedback).
// Measured: one analysis takes about 0.6 s (1,537 saved times).
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
// # Extreme conditions
//
// The model behaves plausibly at the meaningful extremes of its constants
// (ExtremeSettings, for modeltest.ExtremeConditions): no NaN, no negative
// stock, no stock losing more than it holds, no transactions without
// victims. The equations carry no DT guards: outflows are stock / residence
// time; recruitment from a pool is MIN(desired, pool / minimum recruitment
// time), a named physical minimum; ratios to a 2015 reference that may be
// zero are ZIDZ or XIDZ. ExtremeCases tests switches and fractions at 0 and
// 1, scales at a tenth and 10 times, calendar dates at the ends of the run,
// policy effect sizes with their policy on, time constants at a tenth (no
// shorter than ShortestTimeConstant, a month) and 10 times, and every other
// constant at 0 and twice the top of its range. Far beyond that (an
// elasticity ten times the top of its range) a stock can be overdrawn, and
// the checks report it.
//
// # Scenarios and checks
//
// Scenarios returns the experiments as data (constant
// overrides); policies start in January 2023 with a 12-month phase-in.
// ReferenceChecks and PolicyChecks evaluate the reference behaviour
// and each policy's expected result on a set of runs (RunAll), with the
// numbers measured. Parameters returns the parameter table with units, the
// ranges used for sensitivity analysis and the sources.
package trafficking
