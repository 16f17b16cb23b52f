package chart

import (
	"fmt"
	"html"
	"math"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Structure is a diagram of a model's structure: stocks (boxes), flows
// (valves), auxiliaries, constants and graphical functions as nodes of
// different shapes and colours; thick links for material flowing into and
// out of stocks and thin links for the information each equation uses.
//
// The layout is computed, not simulated: stocks and their flows form chains
// along the middle, auxiliaries sit above them and constants above those,
// each placed near the variables it is linked to. The same model always gives
// the same picture.
type Structure struct {
	Title    string // default: the model's name
	Subtitle string
	Model    *sdmodel.Model
	// Vars, when set, limits the diagram to these variables (a sector of a
	// large model); links to variables left out are not drawn.
	Vars   []string
	Width  int
	Height int
}

// nodeStyle is how one kind of variable is drawn.
type nodeStyle struct {
	category string
	symbol   string
	size     any
	colour   string
}

var nodeStyles = map[sdmodel.Kind]nodeStyle{
	// ECharts ends links at a node's mean radius: stocks are boxes only a
	// little wider than tall, so arrows into them stay visible.
	sdmodel.Stock:     {"stock", "rect", []int{44, 30}, "#0072B2"},
	sdmodel.Flow:      {"flow", "diamond", 20, "#D55E00"},
	sdmodel.Aux:       {"auxiliary", "circle", 16, "#009E73"},
	sdmodel.Const:     {"constant", "roundRect", 12, "#999999"},
	sdmodel.Graphical: {"graphical function", "triangle", 18, "#CC79A7"},
}

var kindOrder = []sdmodel.Kind{sdmodel.Stock, sdmodel.Flow, sdmodel.Aux, sdmodel.Const, sdmodel.Graphical}

// link is a directed link between variables, by index.
type link struct {
	from, to int
	flow     bool // material flow into or out of a stock
	initial  bool // information used only by a stock's initial value
}

// structureLinks returns the links between vars, in a stable order.
func structureLinks(m *sdmodel.Model, vars []*sdmodel.Variable) ([]link, error) {
	index := map[string]int{}
	for i, v := range vars {
		index[expr.Canonical(v.Name)] = i
	}
	// A stock's outflow usually also depends on the stock: the pipe and the
	// information link are both drawn (they close a feedback loop).
	type key struct {
		from, to int
		flow     bool
	}
	seen := map[key]bool{}
	var links []link
	add := func(l link) {
		key := key{l.from, l.to, l.flow}
		if l.from == l.to || seen[key] {
			return
		}
		seen[key] = true
		links = append(links, l)
	}
	for i, v := range vars {
		if v.Kind == sdmodel.Stock {
			for _, f := range v.Inflows {
				if j, ok := index[expr.Canonical(f)]; ok {
					add(link{from: j, to: i, flow: true})
				}
			}
			for _, f := range v.Outflows {
				if j, ok := index[expr.Canonical(f)]; ok {
					add(link{from: i, to: j, flow: true})
				}
			}
		}
	}
	for i, v := range vars {
		if v.Kind == sdmodel.Const || v.Equation == "" {
			continue
		}
		tree, err := expr.Parse(v.Equation)
		if err != nil {
			if pe, ok := err.(*expr.Error); ok {
				return nil, fmt.Errorf("model %q, variable %q, equation %d:%d: %s", m.Name, v.Name, pe.Pos.Line, pe.Pos.Column, pe.Msg)
			}
			return nil, fmt.Errorf("model %q, variable %q: %v", m.Name, v.Name, err)
		}
		var refs []int
		expr.Inspect(tree, func(n expr.Node) bool {
			switch x := n.(type) {
			case *expr.Ident:
				if j, ok := index[x.Canonical()]; ok {
					refs = append(refs, j)
				}
			case *expr.Call:
				// A graphical function applied by name: effect(ratio).
				if j, ok := index[x.Fun.Canonical()]; ok {
					refs = append(refs, j)
				}
			}
			return true
		})
		for _, j := range refs {
			add(link{from: j, to: i, initial: v.Kind == sdmodel.Stock})
		}
	}
	return links, nil
}

// grid is a computed layout: column and row of every variable (rows may
// be fractional: crowded rows are staggered), and the grid's size.
type grid struct {
	xs, ys     []float64
	cols, rows int
}

// usedCols is the number of columns holding a variable.
func (g grid) usedCols() int {
	m := 0.0
	for _, x := range g.xs {
		m = math.Max(m, x)
	}
	return int(m) + 1
}

// height is the distance between the top and bottom rows.
func (g grid) height() float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, y := range g.ys {
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	return hi - lo
}

// layout places the variables on a grid. Stocks and flows form chains (a
// stock, its outflows, the stocks those flows fill, ...), cut into lines of
// at most cols items. Each line heads a band: constants and graphical
// functions on top, auxiliaries below them, then the chain. Every other
// variable joins the band and column nearest the average of the variables
// it is linked to, so links stay short; crowded rows wrap.
func layout(vars []*sdmodel.Variable, links []link) grid {
	n := len(vars)
	cols := max(8, int(math.Ceil(math.Sqrt(float64(n)))))
	index := map[string]int{}
	for i, v := range vars {
		index[expr.Canonical(v.Name)] = i
	}
	var chainOrder []int
	inChain := make([]bool, n)
	place := func(i int) {
		if !inChain[i] {
			inChain[i] = true
			chainOrder = append(chainOrder, i)
		}
	}
	var chain func(s int)
	chain = func(s int) {
		for _, f := range vars[s].Inflows {
			if j, ok := index[expr.Canonical(f)]; ok {
				place(j)
			}
		}
		place(s)
		for _, f := range vars[s].Outflows {
			j, ok := index[expr.Canonical(f)]
			if !ok || inChain[j] {
				continue
			}
			place(j)
			for k, v := range vars {
				if v.Kind == sdmodel.Stock && !inChain[k] && hasName(v.Inflows, vars[j].Name) {
					chain(k)
				}
			}
		}
	}
	for i, v := range vars {
		if v.Kind == sdmodel.Stock && !inChain[i] {
			chain(i)
		}
	}
	for i, v := range vars { // flows attached to no stock
		if v.Kind == sdmodel.Flow {
			place(i)
		}
	}

	// band and x (column) of each placed variable.
	band := make([]float64, n)
	xs := make([]float64, n)
	placed := make([]bool, n)
	bands := max(1, (len(chainOrder)+cols-1)/cols)
	for k, i := range chainOrder {
		band[i], xs[i], placed[i] = float64(k/cols), float64(k%cols), true
	}
	neighbours := make([][]int, n)
	for _, l := range links {
		neighbours[l.from] = append(neighbours[l.from], l.to)
		neighbours[l.to] = append(neighbours[l.to], l.from)
	}
	// Wishes: auxiliaries twice, so that chains of auxiliaries settle, then
	// constants and graphical functions.
	rowKind := func(k sdmodel.Kind) int { // 0: constants row, 1: auxiliaries row
		if k == sdmodel.Aux {
			return 1
		}
		return 0
	}
	order := 0.0
	for _, pass := range [][]sdmodel.Kind{{sdmodel.Aux}, {sdmodel.Aux}, {sdmodel.Const, sdmodel.Graphical}} {
		for i, v := range vars {
			if !hasKind(pass, v.Kind) {
				continue
			}
			sb, sx, cnt := 0.0, 0.0, 0
			for _, j := range neighbours[i] {
				if placed[j] && j != i {
					sb += band[j]
					sx += xs[j]
					cnt++
				}
			}
			if cnt > 0 {
				band[i], xs[i] = math.Round(sb/float64(cnt)), sx/float64(cnt)
			} else if !placed[i] {
				// Unlinked so far: spread in model order over the first band.
				band[i], xs[i] = 0, math.Mod(order, float64(cols))
				order++
			}
			placed[i] = true
		}
	}

	// Rows within each band: wishes sorted by column, at least one column
	// apart, wrapping onto a further row when a row is full.
	type row struct{ members []int }
	rowsOf := make([][2][]row, bands) // [band][constants|auxiliaries]
	for b := 0; b < bands; b++ {
		for kind := 0; kind < 2; kind++ {
			var members []int
			for i, v := range vars {
				if !inChain[i] && int(band[i]) == b && rowKind(v.Kind) == kind {
					members = append(members, i)
				}
			}
			sort.SliceStable(members, func(a, c int) bool { return xs[members[a]] < xs[members[c]] })
			rows := make([]row, (len(members)+cols-1)/cols)
			for k, i := range members {
				rows[k%len(rows)].members = append(rows[k%len(rows)].members, i)
			}
			for _, r := range rows {
				m := r.members
				last := math.Inf(-1)
				for _, i := range m { // left to right: at least one column apart
					xs[i] = math.Max(math.Max(xs[i], 0), last+1)
					last = xs[i]
				}
				limit := float64(cols - 1)
				for k := len(m) - 1; k >= 0; k-- { // right to left: inside the grid
					xs[m[k]] = math.Min(xs[m[k]], limit)
					limit = xs[m[k]] - 1
				}
			}
			rowsOf[b][kind] = rows
		}
	}
	ys := make([]float64, n)
	y := 0.0
	for b := 0; b < bands; b++ {
		for kind := 0; kind < 2; kind++ {
			for _, r := range rowsOf[b][kind] {
				for k, i := range r.members {
					ys[i] = y
					// Stagger crowded rows so that labels do not collide.
					if k%2 == 1 && len(r.members) > 4 {
						ys[i] += 0.35
					}
				}
				y++
			}
		}
		for k, i := range chainOrder {
			if k/cols == b {
				ys[i] = y + 0.2
			}
		}
		y += 1.6
	}
	return grid{xs: xs, ys: ys, cols: cols, rows: int(math.Ceil(y))}
}

func hasName(names []string, name string) bool {
	for _, n := range names {
		if expr.Canonical(n) == expr.Canonical(name) {
			return true
		}
	}
	return false
}

func hasKind(kinds []sdmodel.Kind, k sdmodel.Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Chart builds the diagram. It fails when an equation does not parse.
func (s Structure) Chart() (*Chart, error) {
	title := s.Title
	if s.Model == nil {
		return nil, errorf("structure", title, "no model")
	}
	if title == "" {
		title = s.Model.Name
	}
	vars := s.Model.Variables()
	if len(s.Vars) > 0 {
		vars = nil
		for _, name := range s.Vars {
			v := s.Model.Var(name)
			if v == nil {
				return nil, errorf("structure", title, "model %q has no variable %q", s.Model.Name, name)
			}
			vars = append(vars, v)
		}
	}
	if len(vars) == 0 {
		return nil, errorf("structure", title, "model %q has no variables", s.Model.Name)
	}
	links, err := structureLinks(s.Model, vars)
	if err != nil {
		return nil, errorf("structure", title, "%v", err)
	}
	g := layout(vars, links)
	// Large models get a larger canvas, so that names stay readable.
	w, h := s.Width, s.Height
	if w <= 0 {
		w = max(DefaultWidth, 110*g.usedCols()+140)
	}
	if h <= 0 {
		h = max(DefaultHeight, 75*g.rows+150)
	}
	nodes := make([]opts.GraphNode, len(vars))
	for i, v := range vars {
		st := nodeStyles[v.Kind]
		tip := "<b>" + html.EscapeString(v.Name) + "</b> (" + v.Kind.String() + ")"
		if v.Equation != "" {
			what := "= "
			if v.Kind == sdmodel.Stock {
				what = "initial value: "
			}
			tip += "<br/>" + what + html.EscapeString(v.Equation)
		}
		if v.Units != "" {
			tip += "<br/>units: " + html.EscapeString(v.Units)
		}
		nodes[i] = opts.GraphNode{
			Name: v.Name,
			// Every coordinate positive: go-echarts omits zeros from the JSON.
			X:          float32(100 + 120*g.xs[i]),
			Y:          float32(100 + 80*g.ys[i]),
			Category:   categoryIndex(v.Kind),
			Symbol:     st.symbol,
			SymbolSize: st.size,
			ItemStyle:  &opts.ItemStyle{Color: st.colour},
			Tooltip:    &opts.Tooltip{Formatter: types.FuncStr(tip)},
		}
	}
	glinks := make([]opts.GraphLink, len(links))
	for i, l := range links {
		style := &opts.LineStyle{Color: "#888888", Width: 1, Curveness: 0.12}
		if l.flow {
			style = &opts.LineStyle{Color: "#0072B2", Width: 5, Opacity: opts.Float(0.55)}
		} else if l.initial {
			style.Type = "dashed"
		}
		glinks[i] = opts.GraphLink{Source: vars[l.from].Name, Target: vars[l.to].Name, LineStyle: style}
	}
	categories := make([]*opts.GraphCategory, len(kindOrder))
	legend := make([]string, len(kindOrder))
	for i, k := range kindOrder {
		st := nodeStyles[k]
		categories[i] = &opts.GraphCategory{Name: st.category, ItemStyle: &opts.ItemStyle{Color: st.colour}}
		legend[i] = st.category
	}
	graph := charts.NewGraph()
	graph.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: s.Subtitle, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: legend}),
		charts.WithAnimation(false),
	)
	graph.AddSeries("structure", nodes, glinks, charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
		ss.Layout = "none"
		ss.Roam = opts.Bool(true)
		ss.Categories = categories
		ss.EdgeSymbol = []string{"none", "arrow"}
		ss.EdgeSymbolSize = []int{0, 9}
		ss.Label = &opts.Label{Show: opts.Bool(true), Position: "bottom", FontSize: 11}
	}))
	graph.Validate()
	opt, err := generic(graph.JSON())
	if err != nil {
		return nil, errorf("structure", title, "%v", err)
	}
	if series, ok := opt["series"].([]any); ok && len(series) == 1 {
		s0, _ := series[0].(map[string]any)
		// Room around the nodes for their labels; stock names inside boxes.
		// ECharts stretches the layout to fill the box it is given; a box
		// in the grid's proportions keeps small models compact.
		bw := min(float64(w-200), 130*math.Max(1, float64(g.usedCols()-1)))
		bh := min(float64(h-160), 90*math.Max(1, g.height()))
		s0["left"], s0["width"] = (float64(w)-bw)/2, bw
		s0["top"], s0["height"] = 85+(float64(h-160)-bh)/2, bh
		s0["symbolKeepAspect"] = false
		s0["labelLayout"] = map[string]any{"hideOverlap": true}
		if data, ok := s0["data"].([]any); ok {
			for i, d := range data {
				if node, ok := d.(map[string]any); ok && vars[i].Kind == sdmodel.Stock {
					node["label"] = map[string]any{"fontWeight": "bold"}
				}
			}
		}
	}
	return &Chart{Title: title, Kind: "structure", Width: w, Height: h, option: opt}, nil
}

func categoryIndex(k sdmodel.Kind) int {
	for i, x := range kindOrder {
		if x == k {
			return i
		}
	}
	return 0
}
