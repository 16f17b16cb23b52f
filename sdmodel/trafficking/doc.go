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
// # Version 3: what the structure generates
//
// The pandemic reaches the market only through demand and identification.
// Restrictions cut effective demand at once, and the cut fades as buyers and
// sellers adapt (the restrictions the market has adapted to follow those in
// force through a first-order delay); the size of the cut, the adaptation
// time and the disruption of identification are estimated from the reference
// data (Calibrated). Exploiters manage their capacity as producers do in a
// commodity market (Sterman, J. D. (2000), Business Dynamics: Systems Thinking
// and Modeling for a Complex World, Irwin/McGraw-Hill, ch. 17-20): desired
// trafficked persons are the victims held times relative expected profit per
// victim (net of risk and acquisition costs, perceived with a delay) raised to
// an elasticity, so capacity grows while trafficking pays better than in 2015
// and shrinks while it pays worse; recruitment replaces expected losses,
// closes the gap and corrects, with a weight below 1, for the grooming
// pipeline (the supply line), whose completions follow starts through a
// third-order delay; exploiters release victims they hold beyond the desired
// number (a layoff rate); arrests free victims. Intimate-partner and family
// recruitment ("partner and family share", assumed 0.5: the 2018 roundtable
// says such trafficking "may constitute a large majority" of cases but that
// its data are not quantifiable) grows with the vulnerable pools and falls
// with prevention but ignores profit. The online grooming multiplier on
// recruitment is a lever fixed at 0: no source states its size. The 4 P are
// goal-seeking: public will measures perceived prevalence against the
// tolerated (2015) level, and funding rises each budget cycle while will
// exceeds 1. Equations carry no DT guards.
//
// The post-COVID cycle comes out of the capacity acquisition loops: in the
// 2020 slump expected profit falls, exploiters stop acquiring and release
// victims; as demand returns, the scarcity raises price and, after the
// perception delay, expected profit; acquisitions pile into the grooming
// pipeline the exploiters under-count, and trafficked persons overshoot,
// until the glut lowers price and profit and they undershoot.
// StructuralExperiments tests it and TestStructuralExperiments asserts the
// numbers: trafficked persons overshoot the no-COVID path by 41 % (May 2022)
// and undershoot it by 6 % (2030); the market loops carry 71 % of the named
// loops' scores in the 2021-2022 rebound, led by the market price, demand and
// expansion loops; full supply-line accounting damps the cycle's amplitude by
// 37 %; no lockdown multiplier on recruitment is needed (the central run has
// none, and reference behaviour 4 and 5 hold). The delayed, goal-seeking 4 P
// response does slightly worse than capacities frozen at their 2015 levels
// (victim-months 2020-2030 1.3 % lower when frozen): identification fell in
// 2020, so perceived prevalence fell and funding was cut just before the
// market boom (the 4 P loops through misperceived prevalence). Information
// feedback from 2023 changes victim-months 2023-2030 by -0.1 %: it comes after
// the boom; in place from 2019 (information-feedback-2019) it narrows the
// misperception and lowers them more (trafficking check).
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
//     ignores profit. Restrictions isolate victims (fewer exits).
//   - Market: demand (a stock) adjusts to price, buyer deterrence and the law;
//     restrictions cut effective demand at once and the cut fades as the
//     market adapts; transactions are a smooth minimum of effective demand and
//     supply capacity; price (a stock) follows scarcity and traffickers' costs
//     including the risk cost (arrest probability x penalty); exploiters
//     perceive profit per victim net of operating, risk and acquisition costs,
//     want more victims while it is above its 2015 level and fewer while it is
//     below, recruit to replace the losses partners and families do not
//     replace and to close the gap, under-weighting the grooming pipeline
//     (their supply line), and release victims they do not want.
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
// (its SMTH and DELAY builtins as stocks and flows: thousands of loops);
// LoopDominance scores them with Loops That Matter (see sdmodel/loops) and
// EraDominance averages the scores over the eras of the run. The loops,
// with their structural polarity:
//
//   - market price (B): more trafficked persons -> more supply capacity ->
//     lower demand/supply ratio -> lower price -> lower (perceived) profit
//     per victim -> fewer desired victims -> less recruitment.
//   - demand (B): higher price -> lower demand -> less scarcity -> lower price.
//   - capacity acquisition (B): traffickers recruit to close the gap between
//     desired and actual victims, through the grooming delay.
//   - supply line (B): the weak correction for the grooming pipeline (under-
//     weighted, which with the perception delays makes the market oscillate).
//   - expansion (R): while expected profit is above its 2015 level, the more
//     victims exploiters hold, the more they want (capacity grows).
//   - release (B): exploiters let go of victims they hold beyond the number
//     they want.
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
// of all the thousands of loops together, so 0.13 is a large share):
//
//	era                          leading named loops
//	pre-COVID  2015-01..2020-03  prosecution -0.068, risk cost -0.039, market price -0.037
//	lockdown   2020-03..2021-01  demand -0.019, release -0.012, outreach identification +0.009
//	rebound    2021-01..2023-01  market price -0.032, demand -0.026, expansion +0.021
//	post-COVID 2023-01..2031-01  demand -0.025, market price -0.021, prosecution -0.017
//
// Before COVID the model moves only with unemployment, and the response
// loops through the market (prosecution, risk cost) dominate with the market
// price loop. In the lockdown no named loop explains more than 2 % on
// average (TestDocumentedDominance): restrictions drive the behaviour from
// outside; the demand loop and the release of victims lead. In the rebound
// the market loops lead: market price (B: scarcity raises price and expected
// profit), demand (B) and expansion (R: capacity grows while profit is above
// normal), with capacity acquisition and the supply line behind them, a
// market boom (see StructuralExperiments). After 2023 the demand and market
// price loops lead, then prosecution.
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
