package vensim

import (
	"fmt"
	"strconv"
	"strings"
)

// maxSketchLines bounds the sketch section.
const maxSketchLines = 1 << 20

// Sketch is a model's diagram as Vensim stores it after the equations: one
// or more views of positioned elements. Only names may differ from what the
// modeller drew; positions are in Vensim's screen units (pixels at 100 %).
type Sketch struct {
	Views []View
	// Settings are the lines of the settings block after the sketch
	// (":L<%^E!@", with a DEL after the L, and what follows), kept as written.
	Settings []string
}

// View is one view (*View 1, ...) of a sketch.
type View struct {
	Name     string
	Font     string // the $... line: colours and font
	Elements []Element
}

// Element kinds, Vensim's numbers.
const (
	ElemArrow    = 1
	ElemVariable = 10
	ElemValve    = 11
	ElemComment  = 12 // a comment or, with name "48", a cloud (source or sink)
)

// Element is one line of a view: a variable, a valve, a comment or cloud,
// or an arrow.
type Element struct {
	Kind int
	ID   int
	// Name is the variable's name for a variable or valve, the text of a
	// comment; "48" marks a cloud.
	Name       string
	X, Y, W, H int
	// Shape and Flags are Vensim's shape and bit fields (for a variable:
	// 3 = box, a stock; 8 = plain name; flags tell, among others, whether
	// it is a shadow (ghost) copy).
	Shape, Flags int
	// From and To are the ids of an arrow's ends; Points its control points.
	From, To int
	Points   [][2]int
	// Fields are all the comma-separated fields as written.
	Fields []string
}

// parseSketch reads the sketch section, from its first marker on.
func parseSketch(s string) (*Sketch, error) {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
	if len(lines) > maxSketchLines {
		return nil, fmt.Errorf("more than %d lines", maxSketchLines)
	}
	sk := &Sketch{}
	var view *View
	inSettings := false
	for _, line := range lines {
		line = strings.TrimRight(line, " \t")
		switch {
		case inSettings:
			if line != "" {
				sk.Settings = append(sk.Settings, line)
			}
			continue
		case strings.HasPrefix(line, sketchMarker), strings.HasPrefix(line, "V300"), strings.HasPrefix(line, "V364"), line == "":
			continue
		case strings.HasPrefix(line, `///---\\\`):
			view = nil
			continue
		case strings.HasPrefix(line, ":L") && strings.Contains(line, "<%^E!@"): // ":L\x7f<%^E!@"
			inSettings = true
			continue
		case strings.HasPrefix(line, "*"):
			sk.Views = append(sk.Views, View{Name: strings.TrimPrefix(line, "*")})
			view = &sk.Views[len(sk.Views)-1]
			continue
		case view == nil:
			continue
		case strings.HasPrefix(line, "$"):
			view.Font = line
			continue
		}
		fields := splitFields(line)
		kind, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < 2 {
			// Comment text on the line after its element, and other
			// lines this reader does not interpret.
			if n := len(view.Elements); n > 0 && view.Elements[n-1].Kind == ElemComment {
				view.Elements[n-1].Name = line
			}
			continue
		}
		e := Element{Kind: kind, Fields: fields}
		e.ID = atoi(fields, 1)
		switch kind {
		case ElemArrow:
			e.From, e.To = atoi(fields, 2), atoi(fields, 3)
			// The points, "n|(x,y)|...", end the line; their commas split
			// them across fields.
			for i, fl := range fields {
				if strings.Contains(fl, "|(") {
					e.Points = points(strings.Join(fields[i:], ","))
					break
				}
			}
		default:
			e.Name = unquote(field(fields, 2))
			e.X, e.Y, e.W, e.H = atoi(fields, 3), atoi(fields, 4), atoi(fields, 5), atoi(fields, 6)
			e.Shape, e.Flags = atoi(fields, 7), atoi(fields, 8)
		}
		view.Elements = append(view.Elements, e)
	}
	return sk, nil
}

// splitFields splits a sketch line at commas outside double quotes.
func splitFields(line string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, line[start:i])
				start = i + 1
			}
		}
	}
	return append(out, line[start:])
}

func field(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

func atoi(f []string, i int) int {
	v, _ := strconv.Atoi(strings.TrimSpace(field(f, i)))
	return v
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// points reads an arrow's "n|(x,y)|(x,y)|" control points.
func points(s string) [][2]int {
	var out [][2]int
	for _, part := range strings.Split(s, "|") {
		part = strings.TrimSpace(part)
		if !strings.HasPrefix(part, "(") || !strings.HasSuffix(part, ")") {
			continue
		}
		xy := strings.Split(part[1:len(part)-1], ",")
		if len(xy) != 2 {
			continue
		}
		x, err1 := strconv.Atoi(strings.TrimSpace(xy[0]))
		y, err2 := strconv.Atoi(strings.TrimSpace(xy[1]))
		if err1 == nil && err2 == nil {
			out = append(out, [2]int{x, y})
		}
	}
	return out
}
