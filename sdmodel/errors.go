package sdmodel

import (
	"fmt"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Error is a problem with a model: a malformed equation, an unknown name, a
// units mismatch, a circular definition, or a numeric failure during a run.
// It names the model, the variable and, for equation text, the position.
type Error struct {
	Model    string
	Variable string         // display name; empty for model-wide problems
	Pos      *expr.Position // position in the variable's equation, when the problem is in its text
	Time     *float64       // simulation time, for problems during a run
	Msg      string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("model ")
	b.WriteString(quote(e.Model))
	if e.Variable != "" {
		b.WriteString(", variable ")
		b.WriteString(quote(e.Variable))
	}
	if e.Pos != nil {
		fmt.Fprintf(&b, ", equation %d:%d", e.Pos.Line, e.Pos.Column)
	}
	if e.Time != nil {
		fmt.Fprintf(&b, ", time %g", *e.Time)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

func quote(s string) string { return "\"" + s + "\"" }

// ErrorList is every problem found in a model, in the order of its variables.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", len(l))
	for _, e := range l {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.As find the individual errors.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
