package sdmodel

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
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

	order int // 1 + the variable's position in the model (0: model-wide or unknown), for Sort
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

// ErrorList is every problem found in a model. The errors of Compile and
// CheckUnits are one, sorted (see Sort): model-wide problems first, then the variables' in
// model order, each variable's by position in its equation. Like
// go/scanner's ErrorList, it is a slice to range over; use Err to get an
// error value that is nil when the list is empty.
type ErrorList []*Error

// Err returns the list as an error, or nil when it is empty. A nil ErrorList
// stored in an error variable is not a nil error; Err avoids that trap.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Problems returns the problems an error from Compile, CheckUnits or Run
// holds, to range over: the ErrorList inside err, the *Error it wraps as a
// list of one, any other error as one Error with its message, or nil for a
// nil error.
func Problems(err error) ErrorList {
	if err == nil {
		return nil
	}
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	return ErrorList{{Msg: err.Error()}}
}

// Len, Less and Swap make the list sortable.
func (l ErrorList) Len() int           { return len(l) }
func (l ErrorList) Swap(i, j int)      { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool { return compareErrors(l[i], l[j]) < 0 }

// Sort orders the list by model, then model-wide problems before the
// variables' (in model order when Compile or CheckUnits made them, else by
// name), then by line and column in the equation, simulation time and
// message. The sort is stable.
func (l ErrorList) Sort() { slices.SortStableFunc(l, compareErrors) }

func compareErrors(a, b *Error) int {
	pos := func(e *Error) (int, int) {
		if e.Pos == nil {
			return 0, 0
		}
		return e.Pos.Line, e.Pos.Column
	}
	tm := func(e *Error) float64 {
		if e.Time == nil {
			return math.Inf(-1)
		}
		return *e.Time
	}
	la, ca := pos(a)
	lb, cb := pos(b)
	return cmp.Or(
		cmp.Compare(a.Model, b.Model),
		cmp.Compare(b2i(a.Variable != ""), b2i(b.Variable != "")),
		cmp.Compare(a.order, b.order),
		cmp.Compare(a.Variable, b.Variable),
		cmp.Compare(la, lb), cmp.Compare(ca, cb),
		cmp.Compare(tm(a), tm(b)),
		cmp.Compare(a.Msg, b.Msg),
	)
}

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

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
