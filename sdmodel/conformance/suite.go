package conformance

import (
	"bytes"
	"encoding/json"
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
	Output string // output.csv or output.tab of the model's folder, or its .dat; "" when none
}

// Status is the outcome of a case.
type Status string

// The outcomes.
const (
	Pass         Status = "pass"
	Fail         Status = "fail"      // ran, but the numbers differ
	Error        Status = "error"     // could not be read, compiled or run
	ExpectedFail Status = "expected"  // cannot run as shipped (placeholder arrays, undefined macros)
	NoOutput     Status = "no output" // the suite has no canonical output for the model
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
// under dir, sorted by name, each with its canonical output: output.csv or
// output.tab in its folder, or the model's name with .dat, as SDEverywhere
// keeps its Vensim runs.
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
		// SDEverywhere keeps a model's Vensim run beside it as <name>.dat.
		dat := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + ".dat"
		for _, out := range []string{"output.csv", "output.tab", dat} {
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
	if c.Output == "" {
		o.Status, o.Err = NoOutput, errors.New("no output.csv, output.tab or .dat of the same name")
		return o
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
	} else {
		o.Reason = knownCauses[dir]
	}
	return o
}

// knownCauses explains failures whose cause lies in the canonical output,
// by the model's folder.
var knownCauses = map[string]string{
	"subscripted_delays":           "output.tab comes from single-precision Vensim: the values out of tolerance are stocks decaying towards zero",
	"trend":                        "output.csv has 5 decimal places: the values out of tolerance are where TREND crosses zero",
	"get_lookups_subscripted_args": "output.tab comes from single-precision Vensim: the values out of tolerance are near zero",
	"subscript_numeric_range":      "output.tab prints 10 * 0.37^9 * 0.07 = 9.0973e-05 as 9.1e-05",
	"Roessler_Chaos":               "a chaotic model: rounding differences grow until the trajectories part late in the run",
	"simple_harmonic_oscillator":   "the value out of tolerance is the speed at a zero crossing",
}

// ReadModel reads a model file with the reader its extension calls for. A
// Vensim model's data files are those its SDEverywhere spec file
// (<name>_spec.json beside it) lists as "externalDatfiles".
func ReadModel(path string) (*sdmodel.Model, error) {
	if !strings.EqualFold(filepath.Ext(path), ".mdl") {
		return xmile.ReadFile(path)
	}
	var spec struct {
		ExternalDatfiles []string `json:"externalDatfiles"`
	}
	specPath := strings.TrimSuffix(path, filepath.Ext(path)) + "_spec.json"
	if b, err := os.ReadFile(specPath); err == nil {
		if err := json.Unmarshal(b, &spec); err != nil {
			return nil, fmt.Errorf("%s: %w", specPath, err)
		}
	}
	f, err := (&vensim.Reader{DataFiles: spec.ExternalDatfiles}).ReadFile(path)
	if err != nil {
		return nil, err
	}
	return f.Model, nil
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
			// An error list: its count, then the first problem.
			first := strings.TrimSpace(s[i+1:])
			if j := strings.IndexByte(first, '\n'); j >= 0 {
				first = first[:j]
			}
			s = strings.TrimSuffix(s[:i], ":") + ", the first: " + first
		}
		return s
	case o.Report != nil:
		return o.Report.String()
	}
	return ""
}

// Tally counts the outcomes of one format in one folder of the suite.
type Tally struct {
	Format, Folder                               string
	Pass, Fail, Error, Expected, NoOutput, Total int
}

// Tallies counts outcomes by format (XMILE, Vensim) and top-level folder,
// then by format alone (Folder "all").
func Tallies(outs []Outcome) []Tally {
	var out []Tally
	index := map[[2]string]int{}
	add := func(format, folder string, st Status) {
		k := [2]string{format, folder}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, Tally{Format: format, Folder: folder})
		}
		t := &out[i]
		t.Total++
		switch st {
		case Pass:
			t.Pass++
		case Fail:
			t.Fail++
		case ExpectedFail:
			t.Expected++
		case NoOutput:
			t.NoOutput++
		default:
			t.Error++
		}
	}
	for _, o := range outs {
		folder, _, _ := strings.Cut(o.Case.Name, "/")
		add(o.Case.Format(), folder, o.Status)
	}
	for _, o := range outs {
		add(o.Case.Format(), "all", o.Status)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Format != out[j].Format {
			return out[i].Format > out[j].Format // XMILE first
		}
		return out[i].Folder != "all" && out[j].Folder == "all"
	})
	return out
}

// FormatTallies prints tallies as a Markdown table; "pass rate" is the
// share of the models with a canonical output that are not expected
// failures.
func FormatTallies(ts []Tally) string {
	var b strings.Builder
	b.WriteString("| format | folder | pass | fail | error | expected failure | no output | pass rate |\n|---|---|---|---|---|---|---|---|\n")
	for _, t := range ts {
		rate := ""
		if n := t.Total - t.Expected - t.NoOutput; n > 0 {
			rate = fmt.Sprintf("%d / %d (%.0f %%)", t.Pass, n, 100*float64(t.Pass)/float64(n))
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %s |\n", t.Format, t.Folder, t.Pass, t.Fail, t.Error, t.Expected, t.NoOutput, rate)
	}
	return b.String()
}

// FormatFailures lists the models that do not pass, with the reason.
func FormatFailures(outs []Outcome) string {
	var b strings.Builder
	for _, o := range outs {
		if o.Status == Pass {
			continue
		}
		d := o.Detail()
		if o.Status == Fail && o.Reason != "" && o.Report != nil {
			d = o.Reason + "; " + o.Report.String()
		}
		fmt.Fprintf(&b, "%s (%s): %s\n", o.Case.Name, o.Status, d)
	}
	return b.String()
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
