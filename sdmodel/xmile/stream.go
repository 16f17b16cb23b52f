package xmile

import "github.com/sdlessons/trafficking/sdmodel"

// Reading variables while scanning. A model's variables are most of an
// XMILE file's elements, and each is read once, into an xvar, that holds
// nothing of its elements. So the scanner hands each variable element of
// <xmile><model><variables> to streamVar as soon as it closes, and reuses
// the variable's elements, attributes and lists for the next one: the tree
// that remains holds the rest of the file (header, specs, dimensions,
// macros, views), and reading a large model touches far less memory.
//
// The outcome is what reading the whole tree gives (TestStreamedReadSame,
// FuzzRead): the problems found in a variable are kept with it and reported
// when readModel comes to it, in the order of the file, and the model's
// defaults (<behavior>, read later) are applied there. Files whose
// variables are not laid out plainly (a variable element inside another,
// two <variables> in one model) are scanned again without streaming.

// streamedModel holds the variables streamed out of one <model>.
type streamedModel struct {
	model, variables *element
	vars             []*xvar // nil where the variable could not be read
	// The problems found, in the order of the file: those of variable
	// problems[k].i end at problems[k].errs and .warnings.
	problems []streamProblem
	errs     sdmodel.ErrorList
	warnings []Warning
	replayed streamProblem // where replay has come to in errs and warnings
}

type streamProblem struct{ i, errs, warnings int32 }

// streamedOf returns the variables streamed out of the <model> me, or nil.
func (p *reader) streamedOf(me *element) *streamedModel {
	for _, sm := range p.streamed {
		if sm.model == me {
			return sm
		}
	}
	return nil
}

// streamVar reads the variable element e of model's <variables> vars,
// which the scanner has just closed, and reports whether it did: false
// makes the scanner give up streaming, and the file is scanned again.
func (p *reader) streamVar(root, model, vars, e *element) bool {
	keepNS(e, root.ns())
	for _, c := range e.children() {
		switch c.name {
		case "stock", "flow", "aux", "module":
			return false // a variable inside another: variableElements warns about it
		case "gf":
			if c.attr("name") != "" {
				return false
			}
		}
	}
	sm := p.streamedOf(model)
	if sm == nil {
		sm = &streamedModel{model: model, variables: vars}
		p.streamed = append(p.streamed, sm)
	} else if sm.variables != vars {
		return false // only a model's first <variables> is read
	}
	if len(p.xvars) == cap(p.xvars) {
		p.xvars = make([]xvar, 0, 256)
	}
	p.xvars = p.xvars[:len(p.xvars)+1]
	v := p.readVar(e, &p.xvars[len(p.xvars)-1])
	// The problems found wait in sm until readModel replays them.
	if len(p.errs) > 0 || len(p.rd.Warnings) > 0 {
		sm.errs = append(sm.errs, p.errs...)
		sm.warnings = append(sm.warnings, p.rd.Warnings...)
		p.errs, p.rd.Warnings = nil, nil
		sm.problems = append(sm.problems, streamProblem{int32(len(sm.vars)), int32(len(sm.errs)), int32(len(sm.warnings))})
	}
	sm.vars = append(sm.vars, v)
	return true
}

// replay reports the problems found in the model's variable i and returns
// the variable (nil when it could not be read). readModel calls it for
// each variable in turn.
func (sm *streamedModel) replay(p *reader, i int) *xvar {
	if len(sm.problems) > 0 && int(sm.problems[0].i) == i {
		pr := sm.problems[0]
		p.errs = append(p.errs, sm.errs[sm.replayed.errs:pr.errs]...)
		p.rd.Warnings = append(p.rd.Warnings, sm.warnings[sm.replayed.warnings:pr.warnings]...)
		sm.problems, sm.replayed = sm.problems[1:], pr
	}
	return sm.vars[i]
}

// resetStream drops what streaming read, for a scan that starts again.
func (p *reader) resetStream() {
	p.streamed, p.xvars, p.errs, p.rd.Warnings = nil, nil, nil, nil
}
