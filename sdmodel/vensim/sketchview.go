package vensim

import (
	"math"

	"github.com/sdlessons/trafficking/sdmodel"
)

// views turns the sketch into the model's views (Model.Views), so that
// diagrams are drawn in the modeller's layout. Each Vensim view becomes one
// view: variables placed once (a later copy of a name, Vensim's shadow or
// ghost, only lends its id to the arrows drawn from it), flows at their
// valves with a pipe from the source stock's edge or cloud to the target's,
// and every information arrow between two named variables as a connector,
// leaving its start at the angle of the arc Vensim draws (unless drawn
// from a shadow). Names the model
// does not define (comments, shadows of time) are left out.
func views(sk *Sketch, m *sdmodel.Model) []*sdmodel.View {
	var out []*sdmodel.View
	for i := range sk.Views {
		if v := sketchView(&sk.Views[i], m); len(v.Elements) > 0 {
			out = append(out, v)
		}
	}
	return out
}

func sketchView(sv *View, m *sdmodel.Model) *sdmodel.View {
	v := &sdmodel.View{Name: sv.Name}
	byID := map[int]*Element{}
	for i := range sv.Elements {
		byID[sv.Elements[i].ID] = &sv.Elements[i]
	}
	// A valve's flow is named by the variable drawn attached to it, the
	// element after the valve.
	flowOf := map[int]string{} // valve id -> flow name
	label := map[int]bool{}    // ids of those name elements
	names := map[int]string{}  // element id -> variable name, valves included
	for i, e := range sv.Elements {
		switch e.Kind {
		case ElemVariable:
			if mv := m.Var(e.Name); mv != nil {
				names[e.ID] = mv.Name
			}
		case ElemValve:
			if i+1 < len(sv.Elements) {
				next := sv.Elements[i+1]
				if mv := m.Var(next.Name); next.Kind == ElemVariable && mv != nil {
					flowOf[e.ID], label[next.ID], names[e.ID] = mv.Name, true, mv.Name
				}
			}
		}
	}
	isStock := func(e *Element) bool {
		if e == nil || e.Kind != ElemVariable {
			return false
		}
		mv := m.Var(e.Name)
		return mv != nil && mv.Kind == sdmodel.Stock
	}
	// Pipes are the arrows from a valve drawn as pipes (Vensim's shape 4
	// towards where the material goes, 100 towards where it comes from;
	// thickness 22).
	type ends struct{ src, dst *Element }
	pipes := map[int]*ends{}
	isPipe := func(a *Element) bool {
		from, to := byID[a.From], byID[a.To]
		shape := atoi(a.Fields, 4)
		return from != nil && from.Kind == ElemValve && to != nil &&
			(isStock(to) || to.Kind == ElemComment) &&
			(shape == 4 || shape == 100 || atoi(a.Fields, 7) == 22)
	}
	for i := range sv.Elements {
		a := &sv.Elements[i]
		if a.Kind != ElemArrow || !isPipe(a) {
			continue
		}
		p := pipes[a.From]
		if p == nil {
			p = &ends{}
			pipes[a.From] = p
		}
		if atoi(a.Fields, 4) == 100 {
			p.src = byID[a.To]
		} else {
			p.dst = byID[a.To]
		}
	}
	placed := map[string]bool{}
	at := map[string]int{} // name -> id of the element placing it
	for _, e := range sv.Elements {
		name := names[e.ID]
		if name == "" || placed[name] || label[e.ID] {
			continue
		}
		placed[name] = true
		at[name] = e.ID
		el := sdmodel.ViewElement{Name: name, Kind: sdmodel.Aux, X: float64(e.X), Y: float64(e.Y)}
		switch {
		case e.Kind == ElemValve:
			el.Kind = sdmodel.Flow
			if p := pipes[e.ID]; p != nil {
				el.Pipe = pipe(&e, p.src, p.dst, isStock)
			}
		case isStock(&e):
			el.Kind = sdmodel.Stock
			el.Width, el.Height = float64(2*e.W), float64(2*e.H)
		}
		v.Elements = append(v.Elements, el)
	}
	seen := map[[2]string]bool{}
	for i := range sv.Elements {
		a := &sv.Elements[i]
		if a.Kind != ElemArrow || isPipe(a) {
			continue
		}
		from, to := names[a.From], names[a.To]
		key := [2]string{from, to}
		if from == "" || to == "" || from == to || seen[key] || !placed[from] || !placed[to] {
			continue
		}
		seen[key] = true
		c := sdmodel.Connector{From: from, To: to}
		// An arrow drawn from a shadow leaves from elsewhere: its angle
		// would mislead.
		if len(a.Points) == 1 && (at[from] == a.From || flowOf[a.From] == from || label[a.From]) {
			f, t := byID[a.From], byID[a.To]
			c.Angle, c.HasAngle = arcAngle(f, a.Points[0], t)
		}
		v.Connectors = append(v.Connectors, c)
	}
	return v
}

// pipe runs from the source to the target through the valve: from a
// stock's edge (facing the valve) or a cloud's, straight when the ends line
// up, through the valve when they do not. A missing end mirrors the other.
func pipe(valve, src, dst *Element, isStock func(*Element) bool) []sdmodel.Point {
	c := sdmodel.Point{X: float64(valve.X), Y: float64(valve.Y)}
	end := func(e *Element) *sdmodel.Point {
		if e == nil {
			return nil
		}
		x, y, w, h := float64(e.X), float64(e.Y), float64(e.W), float64(e.H)
		if !isStock(e) {
			w, h = math.Max(w, 1), math.Max(h, 1)
		}
		dx, dy := c.X-x, c.Y-y
		var q sdmodel.Point
		if math.Abs(dx)*h >= math.Abs(dy)*w {
			q = sdmodel.Point{X: x + math.Copysign(w, dx), Y: math.Max(y-h, math.Min(y+h, c.Y))}
		} else {
			q = sdmodel.Point{X: math.Max(x-w, math.Min(x+w, c.X)), Y: y + math.Copysign(h, dy)}
		}
		return &q
	}
	s, d := end(src), end(dst)
	mirror := func(q *sdmodel.Point) *sdmodel.Point {
		return &sdmodel.Point{X: 2*c.X - q.X, Y: 2*c.Y - q.Y}
	}
	switch {
	case s == nil && d == nil:
		return nil
	case s == nil:
		s = mirror(d)
	case d == nil:
		d = mirror(s)
	}
	if s.X == d.X || s.Y == d.Y {
		return []sdmodel.Point{*s, *d}
	}
	return []sdmodel.Point{*s, c, *d}
}

// arcAngle is the direction, in degrees counter-clockwise from east (XMILE's
// convention, y upwards), in which Vensim's arrow leaves its start: the
// tangent there of the circle through the start, the control point and the
// end; towards the end when the three lie on a line.
func arcAngle(from *Element, ctl [2]int, to *Element) (float64, bool) {
	if from == nil || to == nil {
		return 0, false
	}
	ax, ay := float64(from.X), float64(from.Y)
	bx, by := float64(ctl[0]), float64(ctl[1])
	cx, cy := float64(to.X), float64(to.Y)
	dx, dy := cx-ax, cy-ay
	// Each product is rounded on its own, float64(x*y), so that no platform
	// fuses it into the sum (see sdmodel's package documentation).
	d := 2 * (float64(ax*(by-cy)) + float64(bx*(cy-ay)) + float64(cx*(ay-by)))
	if math.Abs(d) > 1e-9 {
		a2, b2, c2 := float64(ax*ax)+float64(ay*ay), float64(bx*bx)+float64(by*by), float64(cx*cx)+float64(cy*cy)
		ux := (float64(a2*(by-cy)) + float64(b2*(cy-ay)) + float64(c2*(ay-by))) / d
		uy := (float64(a2*(cx-bx)) + float64(b2*(ax-cx)) + float64(c2*(bx-ax))) / d
		// The tangent is perpendicular to the radius, turned to the side the
		// arc goes (towards the control point).
		tx, ty := -(ay - uy), ax-ux
		if float64(tx*(bx-ax))+float64(ty*(by-ay)) < 0 {
			tx, ty = -tx, -ty
		}
		dx, dy = tx, ty
	}
	if dx == 0 && dy == 0 {
		return 0, false
	}
	return math.Round(math.Atan2(-dy, dx)*180/math.Pi*10) / 10, true
}
