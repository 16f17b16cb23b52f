package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// The export carries the model's diagram: every stock, flow and auxiliary
// placed, and the same bytes on every export.
func TestExportHasDiagram(t *testing.T) {
	out, stderr, code := runCLI(t, "export")
	require.Equal(t, exitOK, code, stderr)
	m, err := xmile.Read(strings.NewReader(out))
	require.NoError(t, err)
	require.Len(t, m.Views, 1)
	for _, v := range m.Variables() {
		assert.NotNil(t, m.Views[0].Element(v.Name), "%s is on the diagram", v.Name)
	}
	assert.NotEmpty(t, m.Views[0].Connectors)
	again, _, _ := runCLI(t, "export")
	assert.Equal(t, out, again)
}
