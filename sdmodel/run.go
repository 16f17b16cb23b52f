package sdmodel

import (
	"fmt"
	"io"
	"runtime"

	"github.com/sdlessons/trafficking/sdmodel/expr"
)

// Run simulates the model once and returns the saved results. A value that
// becomes NaN or infinite stops the run with an error naming the variable and
// the time; the results up to that point are returned with it.
func (c *Compiled) Run(opts ...RunOption) (*Results, error) { return c.run(opts, nil) }

// RunCSV simulates the model once and writes the variables kept (all
// unless Keep says) as CSV: on success, the bytes of Run then WriteCSV, on
// any machine. It keeps no results: each block of saved rows is formatted
// while the run goes on, on the processors it leaves free, and written,
// and its memory reused, so the memory is a few blocks of rows whatever
// the run's length.
//
// When the run fails (a value becomes NaN or infinite), what was written
// stays: the header and the rows saved before the failure, if any (none
// holds a NaN or infinity), and the error is returned. A caller that must
// not leave a partial table writes to a temporary file and keeps it only
// on success. A NaN in a variable not kept, or between save steps, may be
// found after rows past its time were written.
func (c *Compiled) RunCSV(w io.Writer, opts ...RunOption) error {
	return c.runWrite(w, ',', opts)
}

// RunTSV is RunCSV with tabs: on success, the bytes of Run then WriteTSV.
func (c *Compiled) RunTSV(w io.Writer, opts ...RunOption) error {
	return c.runWrite(w, '\t', opts)
}

func (c *Compiled) runWrite(w io.Writer, sep byte, opts []RunOption) error {
	var t *textTable
	var written chan error
	procs := runtime.GOMAXPROCS(0)
	_, err := c.run(opts, func(res *Results, nrows int) {
		if t != nil { // the run repeated with checks (errRerunChecked)
			t.rerun()
		} else {
			// The run takes one processor: the others format, and one
			// more block waits to be written.
			t = res.newStream(sep, procs+1, nrows)
			t.start(max(1, procs-1))
			written = make(chan error, 1)
			go func() { written <- t.writeTo(w) }()
		}
		res.text = t
	})
	if t == nil {
		return err // nothing was written
	}
	t.end(err == nil)
	if procs > 1 {
		t.startAfterRun()
	}
	werr := <-written
	t.stop()
	if err == nil {
		err = werr
	}
	return err
}

// run is Run; with started, it calls started with each run's results (of
// no rows: they are to be streamed) and the planned number of rows, before
// the run saves a row.
func (c *Compiled) run(opts []RunOption, started func(res *Results, nrows int)) (*Results, error) {
	cfg := runConfig{}
	for _, o := range opts {
		o(&cfg)
	}
	spec, errs := cfg.spec(c.time)
	if len(errs) > 0 {
		return nil, c.modelErrors(errs)
	}
	cols, names, err := c.keep(cfg.vars)
	if err != nil {
		return nil, err
	}
	plan, errs := planRun(spec, len(cols))
	if len(errs) > 0 {
		return nil, c.modelErrors(errs)
	}
	tables, err := c.runTables(cfg.gfs)
	if err != nil {
		return nil, err
	}
	save := c.prog.saveAll
	if len(cfg.vars) > 0 {
		save = newSavePlan(cols)
	}
	run := func(checked bool) (*Results, error) {
		m := newMachine(c.prog, tables)
		m.seed, m.checked = cfg.seed, checked
		for _, o := range cfg.consts {
			slot, ok := c.prog.params[o.key]
			if !ok {
				return nil, c.overrideError(o.name, "constant")
			}
			m.v[slot] = o.value
		}
		res := c.newResults(plan, spec, names, started == nil)
		res.pos, res.width = save.pos, save.width
		if started != nil {
			started(res, plan.nsave)
		}
		return m.simulate(plan, save, res)
	}
	res, err := run(false)
	if err == errRerunChecked {
		res, err = run(true)
	}
	if res != nil {
		res.text = nil
	}
	return res, err
}

// newResults allocates the results of a run: with slab, the saved values
// of all its rows in one slab.
func (c *Compiled) newResults(plan runPlan, spec Time, names []string, slab bool) *Results {
	res := &Results{Model: c.model.Name, DateOrigin: c.model.DateOrigin, TimeUnits: spec.Units, names: names}
	if slab {
		res.time, res.data = make([]float64, 0, plan.nsave), make([]float64, plan.nsave*len(names))
	}
	if len(names) == len(c.prog.saveNames) && (len(names) == 0 || &names[0] == &c.prog.saveNames[0]) {
		res.index = c.prog.saveIndex // shared, never written
	} else {
		res.index = make(map[string]int, len(names))
		for i, n := range names {
			res.index[expr.Canonical(n)] = i
		}
	}
	return res
}

// runTables returns the graphical functions' tables with a run's replacements.
func (c *Compiled) runTables(gfs []override) ([]*table, error) {
	if len(gfs) == 0 {
		return c.prog.tables, nil
	}
	tables := append([]*table(nil), c.prog.tables...)
	for _, o := range gfs {
		i, ok := c.index[o.key]
		if !ok || c.vars[i].kind != Graphical {
			return nil, c.overrideError(o.name, "graphical function")
		}
		ng := *o.gf
		if ng.Type == "" {
			ng.Type = c.model.Var(c.vars[i].name).GF.Type
		}
		if msg := checkGF(&ng); msg != "" {
			return nil, &Error{Model: c.model.Name, Variable: c.vars[i].name, Msg: "graphical function override: " + msg}
		}
		tables[c.vars[i].gf] = newTable(&ng)
	}
	return tables, nil
}

// modelErrors turns messages about a whole run into an error.
func (c *Compiled) modelErrors(msgs []string) error {
	var l ErrorList
	for _, msg := range msgs {
		l = append(l, &Error{Model: c.model.Name, Msg: msg})
	}
	return l.Err()
}

func (c *Compiled) overrideError(name, what string) error {
	var cands []string
	for _, v := range c.vars {
		if (what == "constant" && v.overridable && !v.internal) || (what != "constant" && v.kind == Graphical) {
			cands = append(cands, v.name)
		}
	}
	msg := fmt.Sprintf("cannot override: not a %s of the model%s", what, suggest(name, cands))
	if i, ok := c.index[expr.Canonical(name)]; ok && what == "constant" {
		msg = fmt.Sprintf("cannot override: %s is a %s computed from an equation, not a constant", c.vars[i].name, c.vars[i].kind)
	}
	return &Error{Model: c.model.Name, Variable: name, Msg: msg}
}

func (c *Compiled) keep(names []string) ([]int32, []string, error) {
	if len(names) == 0 {
		return c.prog.saveCols, c.prog.saveNames, nil
	}
	var cols []int32
	var out []string
	for _, n := range names {
		k, ok := c.prog.saveIndex[expr.Canonical(n)]
		if !ok {
			return nil, nil, &Error{Model: c.model.Name, Variable: n, Msg: "no such variable to keep" + suggest(n, c.prog.saveNames)}
		}
		cols = append(cols, c.prog.saveCols[k])
		out = append(out, c.prog.saveNames[k])
	}
	return cols, out, nil
}
