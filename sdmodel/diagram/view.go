package diagram

import (
	"math"

	"github.com/sdlessons/trafficking/sdmodel"
)

// AutoView lays a model out as StockFlow does for a model without a view
// and returns the layout as a view, so that an XMILE file written with it
// opens in Stella or Simlin with its diagram:
//
//	v, err := diagram.AutoView(m)
//	m.Views = []*sdmodel.View{v}
//	err = xmile.WriteFile("model.xmile", m)
//
// Ghosts (second drawings of widely used variables) have no place in a view
// and are left out, as are their links.
func AutoView(m *sdmodel.Model) (*sdmodel.View, error) {
	p, err := StockFlow{Model: m, Auto: true}.picture()
	if err != nil {
		return nil, err
	}
	v := &sdmodel.View{}
	round := func(x float64) float64 { return math.Round(x*10) / 10 }
	for i := range p.nodes {
		n := &p.nodes[i]
		if n.kind == cloudNode || n.ghost || n.name == "" {
			continue
		}
		e := sdmodel.ViewElement{Name: n.name, Kind: sdmodel.Aux, X: round(n.c.X), Y: round(n.c.Y)}
		switch n.kind {
		case stockNode:
			e.Kind, e.Width, e.Height = sdmodel.Stock, n.w, n.h
		case flowNode:
			e.Kind = sdmodel.Flow
			for _, pp := range p.pipes {
				if pp.flow == i {
					for _, q := range pp.pts {
						e.Pipe = append(e.Pipe, sdmodel.Point{X: round(q.X), Y: round(q.Y)})
					}
				}
			}
		}
		v.Elements = append(v.Elements, e)
	}
	for _, a := range p.arrows {
		from, to := &p.nodes[a.from], &p.nodes[a.to]
		if from.ghost || len(a.pts) < 2 {
			continue
		}
		// XMILE's angle: the direction the link leaves in, counter-clockwise
		// from east with y upwards.
		d := a.pts[1].sub(a.pts[0])
		angle := math.Atan2(-d.Y, d.X) * 180 / math.Pi
		v.Connectors = append(v.Connectors, sdmodel.Connector{From: from.name, To: to.name, Angle: round(angle), HasAngle: true})
	}
	return v, nil
}
