package diagram

import "math"

// cubic evaluates a cubic Bézier curve at t.
func cubic(p0, c1, c2, p1 pt, t float64) pt {
	u := 1 - t
	return pt{
		u*u*u*p0.X + 3*u*u*t*c1.X + 3*u*t*t*c2.X + t*t*t*p1.X,
		u*u*u*p0.Y + 3*u*u*t*c1.Y + 3*u*t*t*c2.Y + t*t*t*p1.Y,
	}
}

// subCubic returns the part of a cubic Bézier curve between t0 and t1 (de
// Casteljau).
func subCubic(q [4]pt, t0, t1 float64) [4]pt {
	split := func(q [4]pt, t float64) (a, b [4]pt) {
		p01, p12, p23 := lerp(q[0], q[1], t), lerp(q[1], q[2], t), lerp(q[2], q[3], t)
		p012, p123 := lerp(p01, p12, t), lerp(p12, p23, t)
		m := lerp(p012, p123, t)
		return [4]pt{q[0], p01, p012, m}, [4]pt{m, p123, p23, q[3]}
	}
	_, right := split(q, t0)
	if t1 >= 1 {
		return right
	}
	left, _ := split(right, (t1-t0)/(1-t0))
	return left
}

// curvePoints samples an arrow's curve: n points per Bézier piece.
func (a *arrow) sample(n int) []pt {
	var out []pt
	for i := 0; i+3 < len(a.pts); i += 3 {
		for k := 0; k <= n; k++ {
			if k == 0 && i > 0 {
				continue
			}
			out = append(out, cubic(a.pts[i], a.pts[i+1], a.pts[i+2], a.pts[i+3], float64(k)/float64(n)))
		}
	}
	return out
}

// at returns the point at fraction t of an arrow's pieces, and the direction
// of the curve there.
func (a *arrow) at(t float64) (pt, pt) {
	pieces := (len(a.pts) - 1) / 3
	if pieces < 1 {
		return pt{}, pt{1, 0}
	}
	x := t * float64(pieces)
	i := min(int(x), pieces-1)
	u := x - float64(i)
	q := a.pts[3*i : 3*i+4]
	p := cubic(q[0], q[1], q[2], q[3], u)
	d := cubic(q[0], q[1], q[2], q[3], math.Min(1, u+0.01)).sub(cubic(q[0], q[1], q[2], q[3], math.Max(0, u-0.01)))
	return p, unit(d)
}

func unit(d pt) pt {
	l := math.Hypot(d.X, d.Y)
	if l == 0 {
		return pt{1, 0}
	}
	return pt{d.X / l, d.Y / l}
}

// connect returns the curve from one node to another: a circular-looking
// arc leaving from's centre at angle (degrees, counter-clockwise from east;
// NaN for the default bend), cut where it leaves from and enters to.
func connect(from, to *node, angle float64) []pt {
	p0, p3 := from.c, to.c
	chord := p3.sub(p0)
	l := math.Hypot(chord.X, chord.Y)
	if l == 0 {
		return nil
	}
	cd := unit(chord)
	var d0 pt
	if math.IsNaN(angle) {
		// A gentle bend, always to the same side, so two links between the
		// same pair do not lie on each other.
		a := 0.3
		d0 = pt{cd.X*math.Cos(a) - cd.Y*math.Sin(a), cd.X*math.Sin(a) + cd.Y*math.Cos(a)}
	} else {
		r := angle * math.Pi / 180
		d0 = pt{math.Cos(r), -math.Sin(r)}
	}
	// On a circular arc the end tangent is the start tangent mirrored in the
	// chord.
	dot := d0.X*cd.X + d0.Y*cd.Y
	d1 := pt{2*dot*cd.X - d0.X, 2*dot*cd.Y - d0.Y}
	k := l / 3
	if dot < 0 { // leaving backwards: a wider loop
		k = l / 1.5
	}
	q := [4]pt{p0, p0.add(d0.scale(k)), p3.sub(d1.scale(k)), p3}
	t0, t1 := 0.0, 1.0
	const steps = 200
	for i := 1; i <= steps; i++ {
		if t := float64(i) / steps; !from.hit(cubic(q[0], q[1], q[2], q[3], t)) {
			t0 = t
			break
		}
	}
	for i := steps - 1; i >= 0; i-- {
		if t := float64(i) / steps; !to.hit(cubic(q[0], q[1], q[2], q[3], t)) {
			t1 = t
			break
		}
	}
	if t1 <= t0 {
		return nil
	}
	s := subCubic(q, t0, t1)
	return s[:]
}

// draw paints the picture.
func (p *picture) draw(g painter) {
	if p.title != "" {
		g.text(text{x: p.w / 2, y: 24, size: titleSize, anchor: "middle", bold: true, colour: inkColour, s: p.title})
	}
	for _, pp := range p.pipes {
		drawPipe(g, pp)
	}
	for _, a := range p.arrows {
		drawArrow(g, a)
	}
	for i := range p.nodes {
		drawNode(g, &p.nodes[i])
	}
	for _, m := range p.markers {
		drawMarker(g, m)
	}
}

func polyline(pts []pt) []seg {
	segs := []seg{{'M', pts[:1]}}
	for _, q := range pts[1:] {
		segs = append(segs, seg{'L', []pt{q}})
	}
	return segs
}

// head draws a filled arrowhead with its tip at tip, pointing along d.
func head(g painter, tip, d pt, length, half float64, colour string) {
	n := pt{-d.Y, d.X}
	base := tip.sub(d.scale(length))
	g.path([]seg{{'M', []pt{tip}}, {'L', []pt{base.add(n.scale(half))}}, {'L', []pt{base.sub(n.scale(half))}}, {'Z', nil}},
		style{fill: colour})
}

// drawPipe draws a pipe as a double line (a hollow pipe) with an arrowhead
// where the material goes.
func drawPipe(g painter, pp pipe) {
	if len(pp.pts) < 2 {
		return
	}
	n := len(pp.pts)
	d := unit(pp.pts[n-1].sub(pp.pts[n-2]))
	body := append(append([]pt(nil), pp.pts[:n-1]...), pp.pts[n-1].sub(d.scale(9)))
	g.path(polyline(body), style{stroke: pipeColour, width: 7})
	g.path(polyline(body), style{stroke: "#ffffff", width: 3.5})
	head(g, pp.pts[n-1], d, 11, 7, pipeColour)
}

func drawArrow(g painter, a arrow) {
	if len(a.pts) < 4 {
		return
	}
	n := len(a.pts)
	tip := a.pts[n-1]
	d := unit(tip.sub(cubic(a.pts[n-4], a.pts[n-3], a.pts[n-2], a.pts[n-1], 0.93)))
	if tip.dist(a.pts[n-2]) < 1e-9 && tip.dist(a.pts[n-4]) < 1e-9 {
		d = pt{1, 0}
	}
	// Stop the line under the arrowhead.
	pts := append([]pt(nil), a.pts...)
	pts[n-1] = tip.sub(d.scale(6))
	segs := []seg{{'M', pts[:1]}}
	for i := 1; i+2 < len(pts); i += 3 {
		segs = append(segs, seg{'C', pts[i : i+3]})
	}
	g.path(segs, style{stroke: a.colour, width: a.width})
	head(g, tip, d, 8, 3.5, a.colour)
	if a.delay {
		// Two short strokes across the middle of the link.
		m, dm := a.at(0.5)
		nrm := pt{-dm.Y, dm.X}
		for _, off := range []float64{-2.5, 2.5} {
			c := m.add(dm.scale(off))
			g.path(polyline([]pt{c.add(nrm.scale(7)), c.sub(nrm.scale(7))}), style{stroke: a.colour, width: 1.6})
		}
	}
	if a.polarity != "" {
		c := polarityPos(&a)
		g.text(text{x: c.X, y: c.Y + markerSize*0.36, size: markerSize + 2, anchor: "middle", bold: true, colour: a.colour, s: a.polarity})
	}
}

// polarityPos is where a link's polarity sign goes: beside the link, near
// its arrowhead, on the left of the direction of travel (on the right with
// signRight).
func polarityPos(a *arrow) pt {
	n := len(a.pts)
	tip := a.pts[n-1]
	// Go back along the curve about 14 pixels from the tip.
	p, d := a.at(0.85)
	for _, t := range []float64{0.97, 0.95, 0.92, 0.9, 0.87, 0.85} {
		q, dq := a.at(t)
		if q.dist(tip) >= 14 {
			p, d = q, dq
			break
		}
	}
	side := 9.0
	if a.signRight {
		side = -9
	}
	return p.add(pt{d.Y, -d.X}.scale(side))
}

// polarityRect is the box of a link's polarity sign.
func polarityRect(a *arrow) rect {
	c := polarityPos(a)
	return rect{c.X - 5, c.Y - 7, c.X + 5, c.Y + 7}
}

func drawNode(g painter, n *node) {
	s := n.symbol()
	switch n.kind {
	case stockNode:
		g.path(rectPath(s), style{fill: stockFill, stroke: stockStroke, width: 1.6})
	case flowNode:
		// A valve: a bow tie across the pipe, and its handle.
		r := n.w / 2
		c := n.c
		g.path([]seg{{'M', []pt{{c.X - r, c.Y - r}}}, {'L', []pt{{c.X + r, c.Y + r}}}, {'L', []pt{{c.X + r, c.Y - r}}},
			{'L', []pt{{c.X - r, c.Y + r}}}, {'Z', nil}}, style{fill: "#ffffff", stroke: pipeColour, width: 1.4})
		g.path(polyline([]pt{{c.X, c.Y}, {c.X, c.Y - r - 4}}), style{stroke: pipeColour, width: 1.4})
		g.path(polyline([]pt{{c.X - 4, c.Y - r - 4}, {c.X + 4, c.Y - r - 4}}), style{stroke: pipeColour, width: 1.4})
	case auxNode:
		g.circle(n.c, n.w/2, style{fill: "#ffffff", stroke: auxColour, width: 1.5})
	case graphicalNode:
		g.circle(n.c, n.w/2, style{fill: "#ffffff", stroke: auxColour, width: 1.5})
		r := n.w / 2
		g.path([]seg{{'M', []pt{{n.c.X - r*0.6, n.c.Y + r*0.3}}}, {'C', []pt{{n.c.X - r*0.2, n.c.Y - r*0.6}, {n.c.X + r*0.2, n.c.Y + r*0.6}, {n.c.X + r*0.6, n.c.Y - r*0.3}}}},
			style{stroke: auxColour, width: 1.2})
	case constNode:
		g.circle(n.c, n.w/2, style{fill: constColour})
	case cloudNode:
		// Three puffs.
		r := n.h / 2.6
		st := style{fill: "#f4f6f8", stroke: cloudColour, width: 1.2}
		for _, dx := range []float64{-n.w/2 + r, n.w/2 - r, 0} {
			dy := 0.0
			if dx == 0 {
				dy = -r * 0.45
			}
			g.circle(pt{n.c.X + dx, n.c.Y + dy}, r, st)
		}
		g.circle(pt{n.c.X, n.c.Y + r*0.2}, r*0.9, style{fill: "#f4f6f8"})
	}
	if len(n.lines) == 0 {
		return
	}
	_, h := n.labelSize()
	y := n.label.Y - h/2 + labelSize*0.95
	for _, l := range n.lines {
		col := inkColour
		if n.ghost {
			col = "#777777"
		}
		g.text(text{x: n.label.X, y: y, size: labelSize, anchor: "middle", bold: n.bold, colour: col, s: l})
		y += labelSize * lineHeight
	}
}

// drawMarker draws a loop marker: a circular arrow, clockwise, around the
// loop's id (R1, B2), coloured by polarity, and the loop's name below.
func drawMarker(g painter, m marker) {
	col := balanceCol
	if m.reinforces {
		col = reinforceCol
	}
	r := float64(markerRadius)
	// An open circle from 300° round to 240° (screen angles), with an
	// arrowhead at its end.
	a0, a1 := -60*math.Pi/180, 240*math.Pi/180
	var pts []pt
	for k := 0; k <= 24; k++ {
		a := a0 + (a1-a0)*float64(k)/24
		pts = append(pts, pt{m.c.X + r*math.Cos(a), m.c.Y + r*math.Sin(a)})
	}
	g.path(polyline(pts), style{stroke: col, width: 1.8})
	end := pts[len(pts)-1]
	d := unit(end.sub(pts[len(pts)-2]))
	head(g, end.add(d.scale(4)), d, 7, 3.5, col)
	g.text(text{x: m.c.X, y: m.c.Y + markerSize*0.36, size: markerSize, anchor: "middle", bold: true, colour: col, s: m.id})
	y := m.c.Y + r + 2 + labelSize*0.95
	for _, l := range m.nameLines() {
		g.text(text{x: m.c.X, y: y, size: labelSize, anchor: "middle", colour: col, s: l})
		y += labelSize * lineHeight
	}
}
