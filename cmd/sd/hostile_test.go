package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
)

// writeModel writes an XMILE model with the given specs and variables.
func writeModel(t *testing.T, specs, vars string) string {
	t.Helper()
	src := `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><name>hostile</name></header>
<sim_specs>` + specs + `</sim_specs>
<model><variables>` + vars + `</variables></model>
</xmile>`
	p := filepath.Join(t.TempDir(), "m.xmile")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return p
}

// Each row is a hostile command line and what sd must answer: an exit
// status and text on stdout or stderr; never a panic or a hang.
func TestHostileCommands(t *testing.T) {
	specs := `<start>0</start><stop>4</stop><dt>1</dt>`
	growth := `<stock name="population"><eqn>100</eqn><inflow>births</inflow></stock>
<flow name="births"><eqn>population * r</eqn></flow><aux name="r"><eqn>0.1</eqn></aux>`
	empty := writeModel(t, specs, "")
	model := writeModel(t, specs, growth)
	huge := writeModel(t, `<start>0</start><stop>1e300</stop><dt>1</dt>`, growth)
	initEqn := writeModel(t, specs, `<stock name="s"><eqn>a</eqn></stock>
<aux name="a"><eqn>2 * s</eqn><init_eqn>5</init_eqn></aux>`)
	named := writeModel(t, specs, `<aux name="Time"><eqn>3</eqn></aux><aux name="x"><eqn>TIME * 1</eqn></aux>`)
	cases := []struct {
		name      string
		args      []string
		code      int
		stdout    string // a substring of stdout
		stderr    string // a substring of stderr
		notStdout string
	}{
		{"check an empty model", []string{"check", empty}, cli.ExitOK, "", "", ""},
		{"run an empty model", []string{"run", empty}, cli.ExitOK, "time\n0\n1\n2\n3\n4\n", "", ""},
		{"loops of an empty model", []string{"loops", empty}, cli.ExitOK, "", "", "R1"},
		{"the last -set wins", []string{"run", "-set", "r=.2", "-set", "R=.3", "-vars", "population", model}, cli.ExitOK, "4,285.61\n", "", ""},
		{"and the other way round", []string{"run", "-set", "R=.3", "-set", "r=.2", "-vars", "population", model}, cli.ExitOK, "4,207.36\n", "", ""},
		{"a DT of 1e-9", []string{"run", "-dt", "1e-9", model}, cli.ExitProblem, "", "takes 4e+09 steps, more than the limit of 1073741824: use a larger DT or a shorter run", ""},
		{"check a stop time of 1e300", []string{"check", huge}, cli.ExitProblem, "", "takes 1e+300 steps, more than the limit", ""},
		{"init_eqn", []string{"run", initEqn}, cli.ExitOK, "time,s,a\n0,5,10\n", "", ""},
		{"a variable named Time", []string{"check", named}, cli.ExitProblem, "", `variable "Time": the name "Time" is the builtin TIME; rename the variable`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := sdTest(tc.args...)
			assert.Equal(t, tc.code, code, errs)
			assert.Contains(t, out, tc.stdout)
			assert.Contains(t, errs, tc.stderr)
			if tc.notStdout != "" {
				assert.NotContains(t, out, tc.notStdout)
			}
			assert.NotContains(t, errs, "panic")
			assert.False(t, strings.Contains(out+errs, "goroutine "), "no stack traces")
		})
	}
}
