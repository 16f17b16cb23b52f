package loops

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Settings control Analyze. The zero value is usable.
type Settings struct {
	// RunOptions apply to the run analysed (a scenario's constants, a
	// method). Unless they set one, results are saved every DT: scores
	// between saved times are coarser.
	RunOptions []sdmodel.RunOption
	// Evaluator evaluates single equations for the link scores (default:
	// an sdmodel.Evaluator of the compiled expanded model).
	Evaluator Evaluator
	// Names name loops, each found by Graph.Find(Through...).
	Names []LoopName
}

// LoopName names the loop through the given variables (see Graph.Name).
type LoopName struct {
	Name    string
	Through []string
}

// LinkScore is one link's score at each saved time.
type LinkScore struct {
	Link
	Score []float64
}

// Analysis is the loop dominance analysis of one run with the Loops That
// Matter method.
//
// The score of a link x → z between saved times t[k-1] and t[k] is
//
//	|Δx(z) / Δz| · sign(Δx(z) / Δx)
//
// where Δz is z's change, Δx is x's change, and Δx(z) is the change z would
// have had if x alone had changed: z's equation evaluated with x at t[k] and
// every other input at t[k-1], minus z's equation with every input at t[k-1].
// It is 0 when Δz or Δx is 0. The score of a flow f into (or out of) a stock
// is |Δf / Δnet| with sign + (or -), where net is the stock's inflows minus
// its outflows: the 2023 correction of the original |f / net|, which made the
// scores depend on how flows were split (Schoenberg, Hayward and Eberlein,
// "Improving Loops that Matter", SDR 39(2)). A stock with a single inflow
// therefore passes changes on with score ±1.
//
// A loop's score is the product of its links' scores; its relative score is
// its score divided by the sum of the absolute scores of all loops at that
// time, in [-1, 1], positive for a loop acting as reinforcing and negative
// for one acting as balancing. Scores at the first saved time are 0 (there
// is no earlier time to compare with).
type Analysis struct {
	Graph    *Graph
	Loops    []Loop
	Time     []float64
	Score    [][]float64 // Score[i][k]: loop Loops[i] at Time[k]
	Relative [][]float64 // Relative[i][k], in [-1, 1]
	// Observed is the polarity each loop shows in the run: the sign its
	// score always has when not zero (Unknown if it changes or is always 0).
	Observed []Polarity
	Links    []LinkScore // every link in a loop, in the order of Graph.Links
	Results  *sdmodel.Results
}

// Analyze runs the model and scores its loops over time. The analysis is
// made on the model with its stateful builtins (SMTH1, DELAY3, ...) expanded
// into explicit stocks and flows (sdmodel.Model.Expand), so loops through
// them are found and scored; their internal variables, named after the
// variable whose equation holds the call (e.g. "perceived population.smth1"),
// then appear in the loops, and a builtin's own adjustment loop is a loop
// too (marked Internal).
func Analyze(m *sdmodel.Model, s *Settings) (*Analysis, error) {
	if s == nil {
		s = &Settings{}
	}
	g, res, ev, err := resolved(m, s)
	if err != nil {
		return nil, err
	}
	for _, n := range s.Names {
		if err := g.Name(n.Name, n.Through...); err != nil {
			return nil, err
		}
	}
	return Score(g, res, ev)
}

// BuildResolved is the first half of Analyze: the model's causal graph with
// every link's polarity decided from a run, and its internal loops marked,
// for a caller (a causal loop diagram) that draws loops without scoring them.
func BuildResolved(m *sdmodel.Model, s *Settings) (*Graph, error) {
	if s == nil {
		s = &Settings{}
	}
	g, _, _, err := resolved(m, s)
	return g, err
}

// resolved builds the expanded model's graph, runs it saving every DT, and
// resolves the links' polarities from that run.
func resolved(m *sdmodel.Model, s *Settings) (*Graph, *sdmodel.Results, Evaluator, error) {
	// Variables that arrays and macros make (elements, a macro call's
	// copies) are the model's own; only those of expanded builtins are
	// internal.
	orig, err := m.Flatten()
	if err != nil {
		return nil, nil, nil, err
	}
	m, err = m.Expand()
	if err != nil {
		return nil, nil, nil, err
	}
	g, err := Build(m)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := m.Compile()
	if err != nil {
		return nil, nil, nil, err
	}
	opts := append([]sdmodel.RunOption{sdmodel.WithSavePer(m.Time.DT)}, s.RunOptions...)
	res, err := c.Run(opts...)
	if err != nil {
		return nil, nil, nil, err
	}
	var ev Evaluator = c.NewEvaluator() // reuses its memory: one evaluation per link and time
	if s.Evaluator != nil {
		ev = s.Evaluator
	}
	g.markInternal(orig)
	if _, err := g.Resolve(res, ev); err != nil {
		return nil, nil, nil, err
	}
	return g, res, ev, nil
}

// Resolve decides the polarity of the links Build left Unknown from a run:
// at every saved time the effect's equation is evaluated with the cause
// nudged up by a relative 1e-6, and a link whose effect always moves the
// same way (or not at all) gets that sign. Links whose sign changes during
// the run stay Unknown. It returns the number of links resolved and, as
// loop polarities and ids may change, must be called before naming loops.
// Analyze calls it.
func (g *Graph) Resolve(res *sdmodel.Results, ev Evaluator) (int, error) {
	t := res.Time()
	series := make([][]float64, len(g.Nodes))
	for i, n := range g.Nodes {
		series[i] = res.Series(n.Name)
	}
	resolved := 0
	for i, link := range g.Links {
		if link.Polarity != Unknown || link.Kind != Info {
			continue
		}
		from := g.id[expr.Canonical(link.From)]
		if series[from] == nil {
			continue
		}
		pos, neg := false, false
		for k := range t {
			at := func(name string) float64 {
				id, ok := g.lookupID(name)
				if !ok || series[id] == nil {
					return math.NaN()
				}
				return series[id][k]
			}
			x := series[from][k]
			h := 1e-6 * max(math.Abs(x), 1e-6)
			base, err := ev.EvalVar(link.To, t[k], at)
			if err != nil {
				return resolved, err
			}
			up, err := ev.EvalVar(link.To, t[k], func(name string) float64 {
				if id, ok := g.lookupID(name); ok && id == from {
					return x + h
				}
				return at(name)
			})
			if err != nil {
				return resolved, err
			}
			pos = pos || up > base
			neg = neg || up < base
		}
		switch {
		case pos && !neg:
			g.Links[i].Polarity = Positive
		case neg && !pos:
			g.Links[i].Polarity = Negative
		default:
			continue
		}
		resolved++
	}
	if resolved > 0 {
		g.loops = nil
	}
	return resolved, nil
}

// Score computes the loop scores of a run of the graph's model (results with
// every variable, saved every DT for the finest scores), evaluating single
// equations with ev. Analyze calls it; call it directly to analyse a run of
// your own.
func Score(g *Graph, res *sdmodel.Results, ev Evaluator) (*Analysis, error) {
	ls := g.Loops()
	t := res.Time()
	nt := len(t)
	a := &Analysis{Graph: g, Loops: ls, Time: t, Results: res}
	series := make([][]float64, len(g.Nodes))
	for i, n := range g.Nodes {
		series[i] = res.Series(n.Name)
	}
	// Score every link that lies on a loop, once.
	needed := map[[2]int64]bool{}
	for _, l := range ls {
		for i, id := range l.ids {
			needed[[2]int64{id, l.ids[(i+1)%len(l.ids)]}] = true
		}
	}
	scores := map[[2]int64][]float64{}
	for _, link := range g.Links {
		from, to := g.id[expr.Canonical(link.From)], g.id[expr.Canonical(link.To)]
		key := [2]int64{from, to}
		if !needed[key] {
			continue
		}
		if series[from] == nil || series[to] == nil {
			return nil, fmt.Errorf("loops: model %q: the results lack %q or %q", g.Model, link.From, link.To)
		}
		var sc []float64
		var err error
		if link.Kind == Info {
			sc, err = g.infoScores(res, series, from, to, ev)
		} else {
			sc, err = g.flowScores(series, from, to, link.Kind)
		}
		if err != nil {
			return nil, err
		}
		scores[key] = sc
		a.Links = append(a.Links, LinkScore{Link: link, Score: sc})
	}
	a.Score = make([][]float64, len(ls))
	a.Relative = make([][]float64, len(ls))
	a.Observed = make([]Polarity, len(ls))
	for i, l := range ls {
		links := make([][]float64, len(l.ids))
		for j, id := range l.ids {
			links[j] = scores[[2]int64{id, l.ids[(j+1)%len(l.ids)]}]
		}
		sc := make([]float64, nt)
		for k := 1; k < nt; k++ {
			p := 1.0
			for _, ls := range links {
				p *= ls[k]
			}
			sc[k] = p
		}
		a.Score[i] = sc
		a.Observed[i] = observed(sc)
	}
	for i := range ls {
		a.Relative[i] = make([]float64, nt)
	}
	for k := range nt {
		total := 0.0
		for i := range ls {
			total += math.Abs(a.Score[i][k])
		}
		if total == 0 || math.IsInf(total, 0) || math.IsNaN(total) {
			continue
		}
		for i := range ls {
			a.Relative[i][k] = a.Score[i][k] / total
		}
	}
	return a, nil
}

func observed(sc []float64) Polarity {
	pos, neg := false, false
	for _, x := range sc {
		pos = pos || x > 0
		neg = neg || x < 0
	}
	switch {
	case pos && !neg:
		return Positive
	case neg && !pos:
		return Negative
	}
	return Unknown
}

// infoScores scores an equation link x → z at every saved time.
func (g *Graph) infoScores(res *sdmodel.Results, series [][]float64, from, to int64, ev Evaluator) ([]float64, error) {
	t := res.Time()
	out := make([]float64, len(t))
	zName := g.Nodes[to].Name
	xs, zs := series[from], series[to]
	for k := 1; k < len(t); k++ {
		dz := zs[k] - zs[k-1]
		dx := xs[k] - xs[k-1]
		if dz == 0 || dx == 0 {
			continue
		}
		prev := func(name string) float64 {
			id, ok := g.lookupID(name)
			if !ok || series[id] == nil {
				return math.NaN()
			}
			return series[id][k-1]
		}
		base, err := ev.EvalVar(zName, t[k-1], prev)
		if err != nil {
			return nil, err
		}
		part, err := ev.EvalVar(zName, t[k-1], func(name string) float64 {
			if id, ok := g.lookupID(name); ok && id == from {
				return xs[k]
			}
			return prev(name)
		})
		if err != nil {
			return nil, err
		}
		dxz := part - base
		if dxz == 0 {
			continue
		}
		s := math.Abs(dxz / dz)
		if dxz/dx < 0 {
			s = -s
		}
		out[k] = s
	}
	return out, nil
}

// flowScores scores a flow → stock link at every saved time.
func (g *Graph) flowScores(series [][]float64, from, to int64, kind LinkKind) ([]float64, error) {
	stock := g.model.Var(g.Nodes[to].Name)
	n := len(series[to])
	net := make([]float64, n)
	for _, fl := range [...]struct {
		names []string
		sign  float64
	}{{stock.Inflows, 1}, {stock.Outflows, -1}} {
		for _, f := range fl.names {
			id := g.id[expr.Canonical(f)]
			if series[id] == nil {
				return nil, fmt.Errorf("loops: model %q: the results lack flow %q", g.Model, f)
			}
			for k, v := range series[id] {
				net[k] += float64(fl.sign * v)
			}
		}
	}
	sign := 1.0
	if kind == Outflow {
		sign = -1
	}
	fs := series[from]
	out := make([]float64, n)
	for k := 1; k < n; k++ {
		dnet := net[k] - net[k-1]
		if dnet == 0 {
			continue
		}
		out[k] = sign * math.Abs((fs[k]-fs[k-1])/dnet)
	}
	return out, nil
}

// index returns the position of a loop by id or name, or -1.
func (a *Analysis) index(idOrName string) int {
	for i, l := range a.Loops {
		if l.ID == idOrName || (l.Name != "" && l.Name == idOrName) {
			return i
		}
	}
	return -1
}

// LoopScore returns a loop's score over time (by id or name), or nil.
func (a *Analysis) LoopScore(idOrName string) []float64 {
	if i := a.index(idOrName); i >= 0 {
		return a.Score[i]
	}
	return nil
}

// RelativeScore returns a loop's relative score over time (by id or name), or nil.
func (a *Analysis) RelativeScore(idOrName string) []float64 {
	if i := a.index(idOrName); i >= 0 {
		return a.Relative[i]
	}
	return nil
}

// Dominant returns the index in Loops of the loop with the largest absolute
// relative score at Time[k], or -1 when no loop is active.
func (a *Analysis) Dominant(k int) int {
	best, bv := -1, 0.0
	for i := range a.Loops {
		if v := math.Abs(a.Relative[i][k]); v > bv {
			best, bv = i, v
		}
	}
	return best
}

// Period is a stretch of time over which one loop dominates.
type Period struct {
	Start, End float64
	Loop       string  // the dominant loop's label (name, or id); empty when no loop is active
	ID         string  // its id
	Share      float64 // its mean absolute relative score over the period
}

// Periods splits the run into stretches with the same dominant loop.
func (a *Analysis) Periods() []Period {
	var out []Period
	var sum float64
	var count int
	for k := 1; k < len(a.Time); k++ {
		d := a.Dominant(k)
		id, label := "", ""
		v := 0.0
		if d >= 0 {
			id, label, v = a.Loops[d].ID, a.Loops[d].Label(), math.Abs(a.Relative[d][k])
		}
		if n := len(out); n > 0 && out[n-1].ID == id {
			out[n-1].End = a.Time[k]
			sum += v
			count++
			out[n-1].Share = sum / float64(count)
			continue
		}
		out = append(out, Period{Start: a.Time[k-1], End: a.Time[k], Loop: label, ID: id, Share: v})
		sum, count = v, 1
	}
	return out
}

// LoopShare is a loop's mean absolute relative score over the run: the
// share of the model's behaviour it explains on average.
type LoopShare struct {
	Index int // position in Analysis.Loops
	Loop  *Loop
	Share float64
}

// Ranking returns the loops by decreasing share (ties in id order).
func (a *Analysis) Ranking() []LoopShare {
	out := make([]LoopShare, len(a.Loops))
	for i := range a.Loops {
		mean := 0.0
		for k := 1; k < len(a.Time); k++ {
			mean += math.Abs(a.Relative[i][k])
		}
		if len(a.Time) > 1 {
			mean /= float64(len(a.Time) - 1)
		}
		out[i] = LoopShare{Index: i, Loop: &a.Loops[i], Share: mean}
	}
	slices.SortStableFunc(out, func(x, y LoopShare) int {
		switch {
		case x.Share > y.Share:
			return -1
		case x.Share < y.Share:
			return 1
		}
		return 0
	})
	return out
}

// maxListed is how many loops String lists.
const maxListed = 25

// String summarises the analysis: the loops by decreasing share (at most
// 25), with the polarity each showed in the run, and the periods of
// dominance.
func (a *Analysis) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "feedback loops of %q: %d (mean |relative score| over the run, polarity observed in the run)\n", a.Graph.Model, len(a.Loops))
	rank := a.Ranking()
	for n, r := range rank {
		if n == maxListed {
			fmt.Fprintf(&b, "  ... and %d more loops, each under %.1f%%\n", len(rank)-n, float64(100*r.Share)+0.05)
			break
		}
		internal := ""
		if r.Loop.Internal {
			internal = " (internal)"
		}
		fmt.Fprintf(&b, "  %5.1f%%  %s  %s%s\n", 100*r.Share, a.Observed[r.Index].LoopType(), r.Loop.String(), internal)
	}
	b.WriteString("dominance:\n")
	for _, p := range a.Periods() {
		label := p.Loop
		if label == "" {
			label = "(no active loop)"
		}
		fmt.Fprintf(&b, "  %g to %g: %s (%.0f%%)\n", p.Start, p.End, label, 100*p.Share)
	}
	return b.String()
}

// WriteCSV writes the relative loop scores: a column "time" then one column
// per loop, headed by its label.
func (a *Analysis) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("time")
	for _, l := range a.Loops {
		bw.WriteByte(',')
		lab := l.Label()
		if strings.ContainsAny(lab, ",\"\n") {
			lab = `"` + strings.ReplaceAll(lab, `"`, `""`) + `"`
		}
		bw.WriteString(lab)
	}
	bw.WriteByte('\n')
	for k, t := range a.Time {
		bw.WriteString(strconv.FormatFloat(t, 'g', -1, 64))
		for i := range a.Loops {
			bw.WriteByte(',')
			bw.WriteString(strconv.FormatFloat(a.Relative[i][k], 'g', -1, 64))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
