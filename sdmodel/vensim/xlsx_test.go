package vensim

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// The workbooks here are written with excelize (a test-only dependency),
// so the reader is checked against files another implementation makes.

// writeBook saves an excelize workbook and returns its bytes.
func writeBook(t testing.TB, build func(x *excelize.File)) []byte {
	t.Helper()
	x := excelize.NewFile()
	build(x)
	var buf bytes.Buffer
	_, err := x.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func openBook(t testing.TB, b []byte) *xlsxBook {
	t.Helper()
	book, err := readXLSX(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return book
}

func TestXLSXCells(t *testing.T) {
	day := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
	b := writeBook(t, func(x *excelize.File) {
		require.NoError(t, x.SetSheetName("Sheet1", "Data"))
		_, err := x.NewSheet("other")
		require.NoError(t, err)
		for cell, v := range map[string]any{
			"A1": "time", "B1": 0, "C1": 0.1, "D1": 1e300, "E1": -2.5,
			"A2": "  padded  ", "B2": day, "C2": true, "D2": false, "AA10": 42,
		} {
			require.NoError(t, x.SetCellValue("Data", cell, v))
		}
		require.NoError(t, x.SetCellFormula("Data", "F1", "B1+1"))
		require.NoError(t, x.SetCellValue("other", "B3", 7))
		require.NoError(t, x.SetDefinedName(&excelize.DefinedName{Name: "span", RefersTo: "Data!$B$1:$E$1"}))
		require.NoError(t, x.SetDefinedName(&excelize.DefinedName{Name: "span", RefersTo: "other!$B$3", Scope: "other"}))
	})
	book := openBook(t, b)
	s, ok, err := book.sheet("data") // sheet names match whatever their case, as in Excel
	require.NoError(t, err)
	require.True(t, ok)
	for _, c := range []struct {
		ref, want string
	}{
		{"A1", "time"}, {"B1", "0"}, {"C1", "0.1"}, {"D1", "1E+300"}, {"E1", "-2.5"},
		{"A2", "padded"},
		{"B2", "43891"}, // a date is its serial number, whatever its display format
		{"C2", "TRUE"}, {"D2", "FALSE"}, {"AA10", "42"},
		{"F1", ""}, // a formula with no cached value
		{"Z99", ""},
	} {
		col, row, err := parseCellRef(c.ref)
		require.NoError(t, err)
		got := s.cell(col, row)
		if want, err := strconv.ParseFloat(c.want, 64); err == nil {
			v, err := strconv.ParseFloat(got, 64)
			require.NoError(t, err, c.ref)
			assert.Equal(t, want, v, c.ref) // the number, whichever way the writer spells it
			continue
		}
		assert.Equal(t, c.want, got, c.ref)
	}
	cols, rows := s.extent()
	assert.Equal(t, []int{27, 10}, []int{cols, rows}, "the used area ends at AA10")

	c1, r1, c2, r2, ok := s.name("SPAN")
	require.True(t, ok)
	assert.Equal(t, []int{2, 1, 5, 1}, []int{c1, r1, c2, r2}, "the workbook's name")
	o, ok, err := book.sheet("other")
	require.NoError(t, err)
	require.True(t, ok)
	c1, r1, c2, r2, ok = o.name("span")
	require.True(t, ok)
	assert.Equal(t, []int{2, 3, 2, 3}, []int{c1, r1, c2, r2}, "a sheet's own name comes first")
	_, _, _, _, ok = o.name("nothing")
	assert.False(t, ok)

	_, ok, err = book.sheet("missing")
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestXLSXAgainstExcelize reads every sheet of the conformance suite's
// workbooks with both readers: the same numbers and text in the same cells.
func TestXLSXAgainstExcelize(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "conformance", "testdata", "test-models", "*", "*", "*.xlsx"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		x, err := excelize.OpenFile(path)
		require.NoError(t, err, path)
		book, err := openXLSX(path)
		require.NoError(t, err, path)
		for _, tab := range x.GetSheetList() {
			rows, err := x.GetRows(tab, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			s, ok, err := book.sheet(tab)
			require.NoError(t, err, path)
			require.True(t, ok, path, tab)
			n := 0
			for r, row := range rows {
				for c, v := range row {
					if v = strings.TrimSpace(v); v != "" {
						n++
						assert.Equal(t, v, s.cell(c+1, r+1), "%s %s!%s", path, tab, cellName(c+1, r+1))
					}
				}
			}
			assert.Len(t, s.cells, n, "%s %s: no cells excelize does not see", path, tab)
		}
		for _, dn := range x.GetDefinedName() {
			found := false
			for _, n := range book.names {
				found = found || n.name == dn.Name && n.refersTo == dn.RefersTo
			}
			assert.True(t, found, "%s: defined name %s", path, dn.Name)
		}
		require.NoError(t, book.Close())
		require.NoError(t, x.Close())
	}
}

// zipParts writes a zip of the given parts (in order).
func zipParts(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		f, err := w.Create(parts[i])
		require.NoError(t, err)
		_, err = f.Write([]byte(parts[i+1]))
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

const (
	minimalWorkbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`
	minimalRels     = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/one.xml"/></Relationships>`
)

// minimalBook is a workbook of one sheet "s" with the given sheetData.
func minimalBook(t testing.TB, sheetData string) []byte {
	return zipParts(t, "xl/workbook.xml", minimalWorkbook, "xl/_rels/workbook.xml.rels", minimalRels,
		"xl/worksheets/one.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+sheetData+`</sheetData></worksheet>`)
}

func TestXLSXWrittenByHand(t *testing.T) {
	// Inline strings, rich text, cells and rows without references (they
	// follow the previous one), an absolute relationship target and no
	// shared strings part.
	b := minimalBook(t, `<row><c t="inlineStr"><is><t>in</t><r><t>line</t></r><rPh><t>x</t></rPh></is></c><c><v>2</v></c></row>`+
		`<row r="4"><c r="C4" t="str"><f>A1</f><v>text</v></c><c t="e"><v>#N/A</v></c></row><row><c><v>3.5</v></c></row>`)
	s, ok, err := openBook(t, b).sheet("S")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, map[cellKey]string{{1, 1}: "inline", {1, 2}: "2", {4, 3}: "text", {4, 4}: "#N/A", {5, 1}: "3.5"}, s.cells)
}

func TestXLSXErrors(t *testing.T) {
	book := func(data string) error {
		bk, err := readXLSX(bytes.NewReader([]byte(data)), int64(len(data)))
		if err != nil {
			return err
		}
		_, _, err = bk.sheet("s")
		return err
	}
	for _, c := range []struct{ name, data, want string }{
		{"not a zip", "plain text", "not an .xlsx workbook"},
		{"no workbook part", string(zipParts(t, "a.txt", "x")), "no part xl/workbook.xml"},
		{"bad xml", string(zipParts(t, "xl/workbook.xml", "<workbook><sheets>")), "part xl/workbook.xml"},
		{"no sheet part", string(zipParts(t, "xl/workbook.xml", minimalWorkbook, "xl/_rels/workbook.xml.rels", minimalRels)), "no part xl/worksheets/one.xml"},
		{"column beyond XFD", string(minimalBook(t, `<row><c r="XFE1"><v>1</v></c></row>`)), `sheet "s": cell "XFE1": column beyond XFD`},
		{"row beyond the last", string(minimalBook(t, `<row r="1048577"><c><v>1</v></c></row>`)), `row number "1048577" is not between 1 and 1048576`},
		{"bad shared string", string(minimalBook(t, `<row><c r="B2" t="s"><v>3</v></c></row>`)), `sheet "s", cell B2: shared string "3" does not exist`},
	} {
		err := book(c.data)
		require.Error(t, err, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
	}

	// The last cell of a sheet is accepted; the used area reaches it
	// without holding more than one cell.
	s, ok, err := openBook(t, minimalBook(t, `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`)).sheet("s")
	require.NoError(t, err)
	require.True(t, ok)
	cols, rows := s.extent()
	assert.Equal(t, []int{maxXLSXCols, maxXLSXRows}, []int{cols, rows})
	assert.Len(t, s.cells, 1)
}

// TestXLSXBounds: a sheet of too many cells and a part that inflates past
// the bound give errors rather than holding the machine's memory.
func TestXLSXBounds(t *testing.T) {
	bk := openBook(t, minimalBook(t, strings.Repeat(`<row><c><v>1</v></c><c><v>2</v></c></row>`, 6)))
	bk.maxCells = 10
	_, _, err := bk.sheet("s")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `sheet "s": more than 10 cells`)

	// A zip bomb: a few hundred kilobytes that inflate past maxXLSXPart.
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, p := range [][2]string{{"xl/workbook.xml", minimalWorkbook}, {"xl/_rels/workbook.xml.rels", minimalRels}} {
		f, err := w.Create(p[0])
		require.NoError(t, err)
		_, err = f.Write([]byte(p[1]))
		require.NoError(t, err)
	}
	f, err := w.Create("xl/worksheets/one.xml")
	require.NoError(t, err)
	_, err = f.Write([]byte(`<worksheet><sheetData><row><c><v>`))
	require.NoError(t, err)
	block := bytes.Repeat([]byte("0"), 1<<20)
	for i := 0; i <= maxXLSXPart>>20; i++ {
		_, err = f.Write(block)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	require.Less(t, buf.Len(), 1<<20)
	_, _, err = openBook(t, buf.Bytes()).sheet("s")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "part xl/worksheets/one.xml is larger than 64 MiB")
}

func TestCellRefs(t *testing.T) {
	for _, c := range []struct {
		ref      string
		col, row int
	}{{"A1", 1, 1}, {"b2", 2, 2}, {"$Z$26", 26, 26}, {"AA1", 27, 1}, {"XFD1048576", 16384, 1048576}} {
		col, row, err := parseCellRef(c.ref)
		require.NoError(t, err, c.ref)
		assert.Equal(t, []int{c.col, c.row}, []int{col, row}, c.ref)
		assert.Equal(t, strings.ToUpper(strings.ReplaceAll(c.ref, "$", "")), cellName(col, row))
	}
	for _, bad := range []string{"", "A", "1", "A0", "1A", "A1B", "XFE1", "A1048577", "A-1", "Ä1"} {
		_, _, err := parseCellRef(bad)
		assert.Error(t, err, bad)
	}
}

// TestDataFileErrors: a bad workbook is an error naming the model's
// variable and the file.
func TestDataFileErrors(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.xlsx"), []byte("not a zip"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.xlsx"), writeBook(t, func(x *excelize.File) {
		require.NoError(t, x.SetCellValue("Sheet1", "B2", "text"))
	}), 0o644))
	for _, c := range []struct{ eq, want string }{
		{"GET XLS CONSTANTS('bad.xlsx', 'Sheet1', 'B2')", "data file bad.xlsx: not an .xlsx workbook"},
		{"GET XLS CONSTANTS('in.xlsx', 'nope', 'B2')", `data file in.xlsx has no sheet "nope"`},
		{"GET XLS CONSTANTS('in.xlsx', 'Sheet1', 'B2')", `in.xlsx: cell B2: "text" is not a number`},
		{"GET XLS CONSTANTS('in.xlsx', 'Sheet1', 'C7')", `in.xlsx: cell C7: empty, expected a number`},
		{"GET XLS CONSTANTS('in.xlsx', 'Sheet1', 'nowhere')", `in.xlsx: "nowhere" is neither a cell (such as B2) nor a defined name`},
	} {
		path := filepath.Join(dir, "m.mdl")
		require.NoError(t, os.WriteFile(path, []byte("x = "+c.eq+" ~~|\n"+control), 0o644))
		_, err := ReadFile(path)
		require.Error(t, err, c.eq)
		assert.Contains(t, err.Error(), c.want, c.eq)
		assert.Contains(t, err.Error(), `"x"`, c.eq)
	}
}

// FuzzXLSX: any bytes give a workbook or an error, never a panic; every
// sheet of a workbook that opens is read.
func FuzzXLSX(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "conformance", "testdata", "test-models", "*", "*", "*.xlsx"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) <= 1<<16 {
			f.Add(b)
		}
	}
	f.Add(minimalBook(f, `<row><c t="inlineStr"><is><t>a</t></is></c><c r="C1" t="s"><v>0</v></c></row>`))
	f.Add(writeBook(f, func(x *excelize.File) {
		_ = x.SetCellValue("Sheet1", "B2", 1.5)
		_ = x.SetCellValue("Sheet1", "C2", "text")
		_ = x.SetDefinedName(&excelize.DefinedName{Name: "n", RefersTo: "Sheet1!$B$2:$C$2"})
	}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		book, err := readXLSX(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		book.maxCells = 1 << 16
		for _, ref := range book.sheets {
			s, ok, err := book.sheet(ref.name)
			if err != nil {
				continue
			}
			if !ok {
				t.Fatalf("sheet %q listed but not found", ref.name)
			}
			cols, rows := s.extent()
			_ = s.cell(cols, rows)
			for _, n := range book.names {
				s.name(n.name)
			}
		}
	})
}

// FuzzXLSXSheet fuzzes the XML of a sheet and of the shared strings inside
// a valid zip (mutated zip bytes mostly fail its checksums), so the fuzzer
// reaches the cell reader.
func FuzzXLSXSheet(f *testing.F) {
	f.Add(`<row><c t="inlineStr"><is><t>a</t></is></c><c r="C1" t="s"><v>0</v></c></row><row r="3"><c r="B3"><v>1.5</v></c></row>`, `<sst><si><t>x</t></si><si><r><t>y</t></r><rPh><t>z</t></rPh></si></sst>`)
	f.Add(`<row r="1048576"><c r="XFD1048576" t="b"><v>1</v></c></row>`, ``)
	f.Fuzz(func(t *testing.T, sheet, shared string) {
		if len(sheet)+len(shared) > 1<<16 {
			return
		}
		b := zipParts(t, "xl/workbook.xml", minimalWorkbook, "xl/_rels/workbook.xml.rels", minimalRels,
			"xl/worksheets/one.xml", `<worksheet><sheetData>`+sheet+`</sheetData></worksheet>`, "xl/sharedStrings.xml", shared)
		book := openBook(t, b)
		book.maxCells = 1 << 16
		s, ok, err := book.sheet("s")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if !ok {
			t.Fatal("the sheet is missing")
		}
		cols, rows := s.extent()
		if len(s.cells) > 0 && (cols < 1 || rows < 1 || cols > maxXLSXCols || rows > maxXLSXRows) {
			t.Fatalf("used area %d x %d", cols, rows)
		}
		for k, v := range s.cells {
			if v == "" || s.cell(int(k.col), int(k.row)) != v {
				t.Fatalf("cell %v", k)
			}
		}
	})
}

// TestXLSXBoundsDocumented: the README states the bounds the code applies.
func TestXLSXBoundsDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	cells := strconv.Itoa(maxXLSXCells)
	for i := len(cells) - 3; i > 0; i -= 3 {
		cells = cells[:i] + "," + cells[i:]
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	assert.Contains(t, text, "inflate past "+strconv.Itoa(maxXLSXPart>>20)+" MiB a part, or "+cells+" cells a sheet")
}
