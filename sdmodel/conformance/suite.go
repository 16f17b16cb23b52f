package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/vensim"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// eulerOutputs are the suite's models that declare RK4 but whose canonical
// outputs were made with Euler.
var eulerOutputs = map[string]bool{
	"arithmetics_exp": true, "min_max_1arg": true, "rounding": true, "subscripted_trig": true, "zeroled_decimals": true,
}

// Case is one model of the suite with its canonical output.
type Case struct {
	Name   string // path relative to the suite's root, with forward slashes
	Path   string
	Output string // output.csv or output.tab of the model's folder; "" when none
}

// Status is the outcome of a case.
type Status string

// The outcomes.
const (
	Pass         Status = "pass"
	Fail         Status = "fail"     // ran, but the numbers differ
	Error        Status = "error"    // could not be read, compiled or run
	ExpectedFail Status = "expected" // cannot run as shipped (placeholder arrays, undefined macros)
)

// Outcome is the result of running one case.
type Outcome struct {
	Case   Case
	Status Status
	Report *Report // nil unless the model ran
	// StrictPass reports whether the model also passes at PySD's tolerance (Strict).
	StrictPass bool
	Err        error
	Reason     string // why a failure was expected
	Results    *sdmodel.Results
	Model      *sdmodel.Model
	Opts       []sdmodel.RunOption
}

// Cases lists the models (.xmile, .stmx files that are XMILE, and Vensim .mdl)
// under dir, sorted by name, each with its folder's canonical output.
func Cases(dir string) ([]Case, error) {
	var cases []Case
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if d.IsDir() || (ext != ".xmile" && ext != ".stmx" && ext != ".mdl") {
			return nil
		}
		if ext == ".stmx" && !isXMILE(path) {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		c := Case{Name: filepath.ToSlash(rel), Path: path}
		for _, out := range []string{"output.csv", "output.tab"} {
			p := filepath.Join(filepath.Dir(path), out)
			if _, err := os.Stat(p); err == nil {
				c.Output = p
				break
			}
		}
		cases = append(cases, c)
		return nil
	})
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, err
}

// isXMILE reports whether a file's root element is <xmile>.
func isXMILE(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, _ := f.Read(buf)
	return bytes.Contains(bytes.ToLower(buf[:n]), []byte("<xmile"))
}

var macroCall = regexp.MustCompile(`(?i)unknown function [^:]*macro`)

// Run reads, compiles and runs one case and compares it with its output.
func Run(c Case, opt Options) Outcome {
	o := Outcome{Case: c}
	dir := filepath.Base(filepath.Dir(c.Path))
	if eulerOutputs[dir] {
		o.Opts = append(o.Opts, sdmodel.WithMethod(sdmodel.Euler))
	}
	m, err := ReadModel(c.Path)
	if err != nil {
		o.Status, o.Err = Error, err
		src, _ := os.ReadFile(c.Path)
		switch {
		case bytes.Contains(src, []byte("???")) && strings.Contains(err.Error(), "unexpected character '?'"):
			o.Status, o.Reason = ExpectedFail, "arrays with ??? placeholder equations"
		case macroCall.MatchString(err.Error()) && !bytes.Contains(src, []byte("<macro")):
			o.Status, o.Reason = ExpectedFail, "calls a macro it does not define"
		}
		return o
	}
	o.Model = m
	if c.Output == "" {
		o.Status, o.Err = Error, errors.New("no output.csv or output.tab")
		return o
	}
	want, err := ReadTableFile(c.Output)
	if err != nil {
		o.Status, o.Err = Error, err
		return o
	}
	comp, err := m.Compile()
	if err != nil {
		o.Status, o.Err = Error, err
		return o
	}
	res, err := comp.Run(o.Opts...)
	if err != nil {
		o.Status, o.Err = Error, err
		return o
	}
	o.Results = res
	o.Report = Compare(want, res, opt)
	o.StrictPass = Compare(want, res, Options{Rel: Strict, NoZeroRule: opt.NoZeroRule}).Pass()
	o.Status = Fail
	if o.Report.Pass() {
		o.Status = Pass
	}
	return o
}

// ReadModel reads a model file with the reader its extension calls for.
func ReadModel(path string) (*sdmodel.Model, error) {
	if strings.EqualFold(filepath.Ext(path), ".mdl") {
		return vensim.ReadFile(path)
	}
	return xmile.ReadFile(path)
}

// Format is the family a case belongs to: "XMILE" or "Vensim".
func (c Case) Format() string {
	if strings.EqualFold(filepath.Ext(c.Path), ".mdl") {
		return "Vensim"
	}
	return "XMILE"
}

// Detail is a one-line description of an outcome for a table.
func (o Outcome) Detail() string {
	switch {
	case o.Reason != "":
		return o.Reason
	case o.Err != nil:
		s := o.Err.Error()
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[:i] + " ..."
		}
		return s
	case o.Report != nil:
		return o.Report.String()
	}
	return ""
}

// Summary counts outcomes: passed, passed at the strict tolerance too,
// runnable (read, compiled and ran) and total.
func Summary(outs []Outcome) (passed, strict, runnable, total int) {
	for _, o := range outs {
		total++
		if o.Results != nil {
			runnable++
		}
		if o.Status == Pass {
			passed++
			if o.StrictPass {
				strict++
			}
		}
	}
	return
}

// FormatTable formats outcomes as a Markdown table: model, status, whether
// it passes at the strict tolerance, the worst relative difference and its
// variable, and details.
func FormatTable(outs []Outcome) string {
	var b strings.Builder
	b.WriteString("| model | status | strict 1e-5 | worst rel. diff | on variable | detail |\n|---|---|---|---|---|---|\n")
	for _, o := range outs {
		worst, on, strict := "", "", ""
		if o.Report != nil {
			worst = fmt.Sprintf("%.3g", o.Report.Worst)
			on = strings.ReplaceAll(o.Report.WorstVar, "|", "\\|")
			strict = "no"
			if o.StrictPass {
				strict = "yes"
			}
		}
		detail := strings.ReplaceAll(o.Detail(), "|", "\\|")
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", o.Case.Name, o.Status, strict, worst, on, detail)
	}
	return b.String()
}
