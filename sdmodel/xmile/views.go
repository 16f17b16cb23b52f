package xmile

import (
	"math"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// views reads the stock-and-flow views of a model's <views>: positions of
// stocks, flows (with their pipes) and auxiliaries, and connectors. Views of
// other kinds (Stella's interface pages) and elements naming no variable of
// the model (aliases, text boxes, buttons) are left out; a number that does
// not parse is a warning, and the element is skipped.
func (p *reader) views(me *element, m *sdmodel.Model) []*sdmodel.View {
	vs := me.child("views")
	if vs == nil {
		return nil
	}
	var out []*sdmodel.View
	for _, ve := range vs.all("view") {
		if t := ve.attr("type"); t != "" && t != "stock_flow" {
			continue
		}
		v := &sdmodel.View{Name: strings.TrimSpace(ve.attr("name"))}
		for _, e := range ve.children() {
			switch e.name {
			case "stock", "flow", "aux":
				name := refName(e.attr("name"))
				mv := m.Var(name)
				if mv == nil {
					continue
				}
				el := sdmodel.ViewElement{Name: mv.Name, Kind: viewKind(e.name)}
				ok := p.viewNumbers(e, mv.Name, []string{"x", "y"}, &el.X, &el.Y)
				ok = ok && p.optionalNumbers(e, mv.Name, []string{"width", "height"}, &el.Width, &el.Height)
				if pts := e.child("pts"); pts != nil {
					for _, pt := range pts.all("pt") {
						var q sdmodel.Point
						if !p.viewNumbers(pt, mv.Name, []string{"x", "y"}, &q.X, &q.Y) {
							ok = false
							break
						}
						el.Pipe = append(el.Pipe, q)
					}
				}
				if ok {
					v.Elements = append(v.Elements, el)
				}
			case "connector":
				from, _ := e.childText("from")
				to, _ := e.childText("to")
				fv, tv := m.Var(refName(from)), m.Var(refName(to))
				if fv == nil || tv == nil {
					continue
				}
				c := sdmodel.Connector{From: fv.Name, To: tv.Name}
				if a, has := e.lookupAttr("angle"); has {
					x, err := parseNumber(a)
					if err != nil || math.IsInf(x, 0) {
						p.warn(int(e.line), tv.Name, "connector from %q: angle %q is not a number; drawn straight", fv.Name, a)
					} else {
						c.Angle, c.HasAngle = x, true
					}
				}
				v.Connectors = append(v.Connectors, c)
			}
		}
		if len(v.Elements) > 0 {
			out = append(out, v)
		}
	}
	return out
}

// viewNumbers reads required numeric attributes into dst, warning (and
// returning false) when one is missing or not a finite number.
func (p *reader) viewNumbers(e *element, variable string, names []string, dst ...*float64) bool {
	for i, n := range names {
		s, has := e.lookupAttr(n)
		x, err := parseNumber(s)
		if !has || err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			p.warn(int(e.line), variable, "<%s> in <views>: attribute %s=%q is not a number; element left out of the diagram", e.name, n, s)
			return false
		}
		*dst[i] = x
	}
	return true
}

// optionalNumbers reads numeric attributes that may be absent.
func (p *reader) optionalNumbers(e *element, variable string, names []string, dst ...*float64) bool {
	for i, n := range names {
		if _, has := e.lookupAttr(n); has {
			if !p.viewNumbers(e, variable, names[i:i+1], dst[i]) {
				return false
			}
		}
	}
	return true
}

// views writes the model's views as XMILE <views>: each stock, flow (with
// its pipe) and auxiliary at its place, and the connectors with their
// angles, so that Stella and Simlin open the model with its diagram.
func (x *writer) views() {
	if len(x.model.Views) == 0 {
		return
	}
	x.printf("    <views>\n")
	for _, v := range x.model.Views {
		x.printf("      <view type=\"stock_flow\"")
		if v.Name != "" {
			x.printf(" name=\"%s\"", attr(v.Name))
		}
		x.printf(">\n")
		for _, e := range v.Elements {
			tag := map[sdmodel.Kind]string{sdmodel.Stock: "stock", sdmodel.Flow: "flow"}[e.Kind]
			if tag == "" {
				tag = "aux"
			}
			x.printf("        <%s name=\"%s\" x=\"%s\" y=\"%s\"", tag, attr(e.Name), num(e.X), num(e.Y))
			if e.Width > 0 && e.Height > 0 {
				x.printf(" width=\"%s\" height=\"%s\"", num(e.Width), num(e.Height))
			}
			if len(e.Pipe) == 0 {
				x.printf("/>\n")
				continue
			}
			x.printf(">\n          <pts>\n")
			for _, q := range e.Pipe {
				x.printf("            <pt x=\"%s\" y=\"%s\"/>\n", num(q.X), num(q.Y))
			}
			x.printf("          </pts>\n        </%s>\n", tag)
		}
		for i, c := range v.Connectors {
			x.printf("        <connector uid=\"%d\"", i+1)
			if c.HasAngle {
				x.printf(" angle=\"%s\"", num(c.Angle))
			}
			x.printf(">\n          <from>%s</from>\n          <to>%s</to>\n        </connector>\n",
				esc(c.From), esc(c.To))
		}
		x.printf("      </view>\n")
	}
	x.printf("    </views>\n")
}

// viewKind is the kind of variable a view element of that name shows.
func viewKind(name string) sdmodel.Kind {
	switch name {
	case "stock":
		return sdmodel.Stock
	case "flow":
		return sdmodel.Flow
	}
	return sdmodel.Aux
}
