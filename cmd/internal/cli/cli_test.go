package cli

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args, pos []string
		dt        string
	}{
		{[]string{"-dt", "2", "m.xmile"}, []string{"m.xmile"}, "2"},
		{[]string{"m.xmile", "-dt", "2"}, []string{"m.xmile"}, "2"},
		{[]string{"a", "-dt=3", "b"}, []string{"a", "b"}, "3"},
		{[]string{"-dt", "4", "--", "-weird.xmile"}, []string{"-weird.xmile"}, "4"},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		dt := fs.String("dt", "", "")
		pos, err := ParseInterspersed(fs, tc.args)
		require.NoError(t, err)
		assert.Equal(t, tc.pos, pos)
		assert.Equal(t, tc.dt, *dt)
	}
}

func TestList(t *testing.T) {
	assert.Equal(t, []string{"a b", "c"}, List(" a b ,, c,"))
	assert.Nil(t, List(" , "))
}

// testProgram has one command of its own and one its companion runs.
func testProgram(companion string) *Program {
	return &Program{
		Name:  "sdt",
		Intro: "sdt tests.",
		Commands: []*Command{
			{Name: "echo", Args: "WORD", Short: "print WORD", Summary: "Print WORD.",
				Setup: func(fs *flag.FlagSet) func(*Env, []string) error {
					n := fs.Int("n", 1, "how many times")
					return func(e *Env, args []string) error {
						switch {
						case len(args) != 1:
							return ErrUsage
						case args[0] == "bad":
							return ProblemsError{1}
						}
						for range *n {
							e.Stdout.Write([]byte(args[0] + "\n"))
						}
						return nil
					}
				}},
			{Name: "draw", Short: "draw something", Companion: companion},
		},
	}
}

func TestProgramRun(t *testing.T) {
	const missing = "sd-companion-not-installed"
	t.Setenv("PATH", "")
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		out, errs string
	}{
		{"a command", []string{"echo", "hi", "-n", "2"}, ExitOK, "hi\nhi\n", ""},
		{"problems", []string{"echo", "bad"}, ExitProblem, "", ""},
		{"usage", []string{"echo"}, ExitUsage, "", "usage: sd echo [flags] WORD\n\nPrint WORD.\n\nflags:\n  -n int\n    \thow many times (default 1)\n"},
		{"bad flag", []string{"echo", "-m", "x"}, ExitUsage, "", "flag provided but not defined: -m"},
		{"help", []string{"help"}, ExitOK, "sdt tests.\n\nusage: sdt COMMAND [flags] MODEL\n\ncommands:\n" +
			"  draw       draw something (runs " + missing + ")\n  echo       print WORD\n\nRun \"sdt help COMMAND\" for a command's flags.\n", ""},
		{"help on a command", []string{"help", "echo"}, ExitOK, "usage: sd echo [flags] WORD", ""},
		{"unknown command", []string{"fly"}, ExitUsage, "", "sdt: unknown command \"fly\"\n"},
		{"companion missing", []string{"draw", "x"}, ExitUsage, "", "sd draw: this command is in the program " + missing +
			", which is not installed beside sd or on PATH;\ninstall it with\n\n  go install " + Module + "/cmd/" + missing + "@latest\n"},
		{"help from a missing companion", []string{"help", "draw"}, ExitUsage, "", "go install " + Module + "/cmd/sd@latest " + Module + "/cmd/" + missing + "@latest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := testProgram(missing).Run(tc.args, &Env{Stdout: &out, Stderr: &errb})
			assert.Equal(t, tc.code, code, errb.String())
			assert.Contains(t, out.String(), tc.out)
			assert.Contains(t, errb.String(), tc.errs)
			if tc.out == "" {
				assert.Empty(t, out.String())
			}
		})
	}
}

// TestCompanionPassesThrough: a companion gets the command line, standard
// input and outputs, and its exit status is the program's.
func TestCompanionPassesThrough(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the companion here is a shell script")
	}
	dir := t.TempDir()
	const name = "sdt-companion"
	script := "#!/bin/sh\necho \"args: $*\"\nwhile read -r line; do echo \"$line\"; done\necho to stderr >&2\nexit 3\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755))
	t.Setenv("PATH", dir)
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader("from stdin\n"), Stdout: &out, Stderr: &errb}
	code := testProgram(name).Run([]string{"draw", "-x", "a b", "--", "m.xmile"}, e)
	assert.Equal(t, 3, code)
	assert.Equal(t, "args: draw -x a b -- m.xmile\nfrom stdin\n", out.String())
	assert.Equal(t, "to stderr\n", errb.String())

	out.Reset()
	code = testProgram(name).Run([]string{"help", "draw"}, &Env{Stdout: &out, Stderr: &errb})
	assert.Equal(t, 3, code)
	assert.Equal(t, "args: help draw\n", out.String(), "help on the command is the companion's")
}

// TestBeforeLoad: Env.Load calls BeforeLoad once, with the size of the
// first model file, before it reads it.
func TestBeforeLoad(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.xmile")
	big := filepath.Join(dir, "big.xmile")
	model := `<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0" version="1.0"><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><aux name="a"><eqn>1</eqn></aux></variables></model></xmile>`
	require.NoError(t, os.WriteFile(small, []byte(model), 0o644))
	require.NoError(t, os.WriteFile(big, []byte(model+strings.Repeat(" ", 1000)), 0o644))
	var sizes []int64
	e := &Env{Stdout: io.Discard, Stderr: io.Discard, BeforeLoad: func(n int64) { sizes = append(sizes, n) }}
	for _, p := range []string{small, big, small} {
		_, err := e.Load(p)
		require.NoError(t, err)
	}
	assert.Equal(t, []int64{int64(len(model))}, sizes)
}
