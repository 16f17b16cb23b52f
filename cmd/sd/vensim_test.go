package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/cli"
	"github.com/sdlessons/trafficking/sdmodel/vensim"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

const teacupMDL = "testdata/teacup.mdl"

func TestVensimCommands(t *testing.T) {
	code, out, errs := sdTest("run", "-saveper", "10", teacupMDL)
	require.Equal(t, cli.ExitOK, code, errs)
	rows := parseCSV(t, out, ',')
	assert.Equal(t, []string{"time", "Characteristic Time", "Heat Loss to Room", "Room Temperature", "Teacup Temperature"}, rows[0])
	require.Len(t, rows, 5)
	assert.Equal(t, []string{"0", "10", "11", "70", "180"}, rows[1])

	// The same model in XMILE gives the same temperatures.
	_, xout, _ := sdTest("run", "-saveper", "10", "-vars", "teacup temperature", teacup)
	_, mout, _ := sdTest("run", "-saveper", "10", "-vars", "teacup temperature", teacupMDL)
	assert.Equal(t, parseCSV(t, xout, ',')[1:], parseCSV(t, mout, ',')[1:])

	code, out, errs = sdTest("check", teacupMDL)
	assert.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out+errs, "teacup.mdl: ok: 4 variables (1 stock, 1 flow, 2 constants)")

	code, out, errs = sdTest("equations", teacupMDL)
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "| Teacup Temperature | stock | `INTEG(-Heat Loss to Room, 180)` | Degrees Fahrenheit |")

	code, out, errs = sdTest("loops", teacupMDL)
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "Teacup Temperature")
}

func TestVensimErrors(t *testing.T) {
	code, _, errs := sdTest("check", "testdata/broken.mdl")
	assert.Equal(t, cli.ExitProblem, code)
	assert.Contains(t, errs, `testdata/broken.mdl", variable "b": line 2, column 13: equation ends where an operand was expected`)
	dir := t.TempDir()
	unknown := filepath.Join(dir, "unknown.mdl")
	require.NoError(t, os.WriteFile(unknown, []byte("a = 1 ~~|\n\nb = a + nosuch ~~|\nFINAL TIME = 1 ~~|\nTIME STEP = 1 ~~|\n"), 0o644))
	code, _, errs = sdTest("check", unknown)
	assert.Equal(t, cli.ExitProblem, code)
	assert.Contains(t, errs, `variable "b": line 3: equation 1:5: unknown name "nosuch"`, "compile problems name the line of the equation")
	code, _, errs = sdTest("run", "testdata/broken.mdl")
	assert.Equal(t, cli.ExitProblem, code)
	assert.Contains(t, errs, "line 2, column 13")
}

// TestConvert writes Vensim models as XMILE and runs both: same numbers.
func TestConvert(t *testing.T) {
	dir := t.TempDir()
	arrays := filepath.Join(dir, "arrays.mdl")
	require.NoError(t, os.WriteFile(arrays, []byte(`
region: north, south ~~|
pop[region] = INTEG(growth[region], init[region]) ~~|
init[region] = 10, 20 ~~|
growth[region] = pop[region] * rate[region] ~~|
rate[region] = 0.1, 0.2 ~~|
:MACRO: TWICE(x)
TWICE = 2 * x ~~|
:END OF MACRO:
doubled = TWICE(pop[north]) ~~|
FINAL TIME = 5 ~~|
TIME STEP = 0.5 ~~|
SAVEPER = 1 ~~|
`), 0o644))
	for _, model := range []string{teacupMDL, arrays} {
		out := filepath.Join(dir, filepath.Base(model)+".xmile")
		code, _, errs := sdTest("convert", "-o", out, model)
		require.Equal(t, cli.ExitOK, code, errs)
		_, a, errs := sdTest("run", model)
		require.Empty(t, errs)
		_, b, errs := sdTest("run", out)
		require.Empty(t, errs)
		assert.Equal(t, a, b, model)
		assert.Greater(t, len(parseCSV(t, a, ',')[0]), 2)
		// The XMILE file carries the sketch as its diagram.
		mdl, err := vensim.ReadFile(model)
		require.NoError(t, err)
		x, err := xmile.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, mdl.Views, x.Views, model)
		if model == teacupMDL {
			assert.Len(t, x.Views, 1)
		}
	}
	code, out, _ := sdTest("convert", teacupMDL)
	assert.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "<xmile")
}
