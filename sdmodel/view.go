package sdmodel

import "github.com/sdlessons/trafficking/sdmodel/expr"

// View is a stock-and-flow diagram of a model as its modeller drew it: where
// each stock, flow and auxiliary sits, the pipe of each flow and the
// information links (connectors) between variables. XMILE files keep views in
// <views>; the diagram package draws them and lays out models without one.
// Coordinates are in diagram units (CSS pixels at 100% zoom), y downwards.
type View struct {
	Name       string // empty for the main view
	Elements   []ViewElement
	Connectors []Connector
}

// ViewElement places one variable on a view.
type ViewElement struct {
	Name string // the variable's display name
	// Kind is Stock, Flow or Aux (constants and graphical functions are
	// drawn as auxiliaries).
	Kind          Kind
	X, Y          float64 // centre (for a flow, of its valve)
	Width, Height float64 // 0 for the default size of the kind
	// Pipe is a flow's pipe, from where the material comes to where it goes:
	// a stock's edge or a cloud at the model boundary.
	Pipe []Point
}

// Point is a position on a view.
type Point struct{ X, Y float64 }

// Connector is an information link drawn on a view.
type Connector struct {
	From, To string // display names
	// Angle is the direction the link leaves From in, in degrees
	// counter-clockwise from east (XMILE's convention); it sets the curve.
	// With HasAngle false the link is drawn with a gentle default curve.
	Angle    float64
	HasAngle bool
}

// Element returns the element of the view that places the variable (any
// spelling of the name), or nil.
func (v *View) Element(name string) *ViewElement {
	for i := range v.Elements {
		if expr.Canonical(v.Elements[i].Name) == expr.Canonical(name) {
			return &v.Elements[i]
		}
	}
	return nil
}

// Clone returns a deep copy of the view.
func (v *View) Clone() *View {
	c := &View{Name: v.Name, Connectors: append([]Connector(nil), v.Connectors...)}
	c.Elements = make([]ViewElement, len(v.Elements))
	for i, e := range v.Elements {
		e.Pipe = append([]Point(nil), e.Pipe...)
		c.Elements[i] = e
	}
	return c
}
