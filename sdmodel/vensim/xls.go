package vensim

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/extrame/ole2"
)

// Legacy Excel 97-2003 workbooks (.xls): the OLE2 container is read with
// github.com/extrame/ole2; the cells of a sheet are read from the BIFF8
// records here, numbers only (text cells count as non-numbers), because the
// one Go .xls library served (extrame/xls) formats numbers as dates and
// crashes on missing rows.

// maxXLSRows bounds the rows kept from a sheet.
const maxXLSRows = 1 << 16

// readXLS returns the cells of a sheet as text, row by row.
func readXLS(path, sheetName string) (rows [][]string, err error) {
	defer func() {
		if r := recover(); r != nil { // the container library trusts its input
			rows, err = nil, fmt.Errorf("not a readable .xls workbook (%v)", r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ole, err := ole2.Open(f, "utf-8")
	if err != nil {
		return nil, fmt.Errorf("not an .xls workbook: %v", err)
	}
	dir, err := ole.ListDir()
	if err != nil {
		return nil, fmt.Errorf("not an .xls workbook: %v", err)
	}
	var book, root *ole2.File
	for _, file := range dir {
		switch file.Name() {
		case "Workbook", "Book":
			book = file
		case "Root Entry":
			root = file
		}
	}
	if book == nil {
		return nil, fmt.Errorf("no workbook stream in the .xls file")
	}
	data, err := io.ReadAll(io.LimitReader(ole.OpenFile(book, root), maxFileSize))
	if err != nil {
		return nil, err
	}
	return biffSheet(data, sheetName)
}

// biffSheet reads the cells of a sheet from a BIFF8 workbook stream.
func biffSheet(data []byte, sheetName string) (rows [][]string, err error) {
	// The globals: each sheet's name and the offset of its records.
	offset := -1
	for _, r := range biffRecords(data, 0) {
		if r.id == 0x0085 && len(r.data) >= 8 { // BOUNDSHEET
			pos := int(binary.LittleEndian.Uint32(r.data))
			if strings.EqualFold(biffShortString(r.data[6:]), sheetName) {
				offset = pos
			}
		}
		if r.id == 0x000A { // EOF of the globals
			break
		}
	}
	if offset < 0 || offset >= len(data) {
		return nil, fmt.Errorf("no sheet %q", sheetName)
	}
	set := func(row, col int, s string) {
		if row >= maxXLSRows || col >= maxSheetCells {
			return
		}
		for len(rows) <= row {
			rows = append(rows, nil)
		}
		for len(rows[row]) <= col {
			rows[row] = append(rows[row], "")
		}
		rows[row][col] = s
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, r := range biffRecords(data, offset) {
		d := r.data
		switch {
		case r.id == 0x000A: // EOF of the sheet
			return rows, nil
		case r.id == 0x0203 && len(d) >= 14: // NUMBER
			set(int(u16(d)), int(u16(d[2:])), num(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
		case r.id == 0x027E && len(d) >= 10: // RK
			set(int(u16(d)), int(u16(d[2:])), num(rk(binary.LittleEndian.Uint32(d[6:]))))
		case r.id == 0x00BD && len(d) >= 6: // MULRK
			row, col := int(u16(d)), int(u16(d[2:]))
			for k := 4; k+6 <= len(d)-2; k += 6 {
				set(row, col, num(rk(binary.LittleEndian.Uint32(d[k+2:]))))
				col++
			}
		case r.id == 0x0006 && len(d) >= 14: // FORMULA: its cached number
			if !(d[12] == 0xFF && d[13] == 0xFF) {
				set(int(u16(d)), int(u16(d[2:])), num(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
			}
		case (r.id == 0x00FD || r.id == 0x0204) && len(d) >= 6: // LABELSST, LABEL
			set(int(u16(d)), int(u16(d[2:])), "text")
		}
	}
	return rows, nil
}

type biffRecord struct {
	id   uint16
	data []byte
}

// biffRecords splits a BIFF stream into records from offset on.
func biffRecords(data []byte, offset int) []biffRecord {
	var out []biffRecord
	for i := offset; i+4 <= len(data); {
		id, size := u16(data[i:]), int(u16(data[i+2:]))
		if i+4+size > len(data) {
			break
		}
		out = append(out, biffRecord{id, data[i+4 : i+4+size]})
		i += 4 + size
		if id == 0x000A && i > offset+4 {
			break
		}
	}
	return out
}

// biffShortString reads a sheet name: a length byte, an options byte (bit
// 0: two bytes per character), the characters.
func biffShortString(d []byte) string {
	if len(d) < 2 {
		return ""
	}
	n, wide := int(d[0]), d[1]&1 == 1
	d = d[2:]
	var b strings.Builder
	for k := 0; k < n; k++ {
		if wide {
			if 2*k+1 >= len(d) {
				break
			}
			b.WriteRune(rune(u16(d[2*k:])))
		} else {
			if k >= len(d) {
				break
			}
			b.WriteRune(rune(d[k]))
		}
	}
	return b.String()
}

func u16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// rk decodes Excel's RK number: a 30-bit integer or the top 30 bits of a
// float64, optionally divided by 100.
func rk(v uint32) float64 {
	var x float64
	if v&2 != 0 {
		x = float64(int32(v) >> 2)
	} else {
		x = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		x /= 100
	}
	return x
}
