package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func TestFlightSimulatorPage(t *testing.T) {
	a, err := flightSimulator()
	require.NoError(t, err)
	b, err := flightSimulator()
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "the same page twice, byte for byte")
	page := string(a)
	for _, l := range trafficking.Levers() {
		assert.Contains(t, page, `"name":"`+l.Name+`"`, "a slider for the lever %s", l.Name)
	}
	for _, s := range trafficking.Scenarios() {
		assert.Contains(t, page, `>`+s.Name+`</option>`, "a preset for the scenario %s", s.Name)
	}
	assert.Contains(t, flightSimulatorReadme(), "("+flightSimulatorFile+")")
	assert.Contains(t, indexPage(nil), `href="`+flightSimulatorFile+`"`)
	committed, err := os.ReadFile(filepath.Join(committedDir, flightSimulatorFile))
	require.NoError(t, err, "figures/ holds the flight simulator")
	assert.True(t, bytes.Equal(committed, a), "figures/%s is up to date (go run ./cmd/figures)", flightSimulatorFile)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
}
