package vensim

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadXLS(t *testing.T) {
	path := filepath.Join("..", "conformance", "testdata", "test-models", "tests", "get_constants_incomplete_subscript", "inputs.xls")
	rows, err := readXLS(path, "tab1")
	require.NoError(t, err)
	require.Len(t, rows, 11)
	assert.Equal(t, []string{"text", "1", "2", "3"}, rows[1], "a text cell, then numbers")
	assert.Equal(t, []string{"text", "0.1", "0.2"}, rows[4])
	assert.Equal(t, []string{"", "0.9", "0.3"}, rows[5])
	assert.Equal(t, []string{"text", "5"}, rows[10])
	_, err = readXLS(path, "no such sheet")
	assert.ErrorContains(t, err, `no sheet "no such sheet"`)
	_, err = readXLS(filepath.Join("testdata", "teacup.mdl"), "tab1")
	assert.Error(t, err)
}

func TestRK(t *testing.T) {
	assert.Equal(t, 5.0, rk(5<<2|2))
	assert.Equal(t, 0.05, rk(5<<2|3))
	neg := int32(-3)
	assert.Equal(t, -3.0, rk(uint32(neg<<2)|2))
	assert.Equal(t, 1.5, rk(0x3FF80000))
}

// FuzzBIFF: any workbook stream gives rows or an error, never a panic.
func FuzzBIFF(f *testing.F) {
	f.Add([]byte{0x85, 0, 10, 0, 20, 0, 0, 0, 0, 0, 2, 0, 'a', 'b', 0x0A, 0, 0, 0,
		0x03, 0x02, 14, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0A, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = biffSheet(data, "ab")
	})
}
