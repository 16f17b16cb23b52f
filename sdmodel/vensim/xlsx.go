package vensim

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
)

// Office Open XML workbooks (.xlsx, .xlsm) are read here with archive/zip
// and encoding/xml: the sheet names, the defined names, the shared strings
// and the cells of one sheet, as text. That is all GET XLS/DIRECT needs.
// A workbook library (excelize) did this before; its package
// initialisation, the costliest of the sd command's, was paid at every
// start of every program that links the Vensim reader, so the tests keep
// it only to write the workbooks this reader is checked against.
//
// Cells hold the value Excel stores: a date is its serial number and a
// number is read at full precision, whatever the cell's display format
// (as Vensim reads it); booleans read as TRUE and FALSE, errors as their
// text (#N/A), neither of which is a number.

// Bounds on what a workbook may make this reader hold, so that a hostile
// file (a zip bomb, a sheet of millions of cells) gives an error rather
// than exhausting memory.
const (
	maxXLSXPart  = maxFileSize // uncompressed bytes of one part (sheet, strings)
	maxXLSXCells = 1 << 21     // cells kept from one sheet
	maxXLSXRows  = 1 << 20     // Excel's limits: rows 1..1048576
	maxXLSXCols  = 1 << 14     // columns A..XFD
)

// xlsxBook is an open workbook.
type xlsxBook struct {
	closer  io.Closer
	parts   map[string]*zip.File // by lower-case name
	sheets  []xlsxSheetRef       // in workbook order (the order localSheetId counts)
	names   []xlsxName
	strPath string   // the shared strings part, "" when there is none
	strs    []string // the shared strings, once read
	strRead bool
	// maxCells bounds the cells kept from a sheet and the shared strings
	// (maxXLSXCells; tests lower it).
	maxCells int
}

type xlsxSheetRef struct{ name, part string }

// xlsxName is a defined name; scope is the sheet's name, or "" for the
// workbook.
type xlsxName struct{ name, scope, refersTo string }

// openXLSX opens a workbook file.
func openXLSX(filename string) (*xlsxBook, error) {
	fh, err := os.Open(filename)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, err
	}
	if st.Size() > maxFileSize {
		fh.Close()
		return nil, fmt.Errorf("file larger than %d MiB", maxFileSize>>20)
	}
	b, err := readXLSX(fh, st.Size())
	if err != nil {
		fh.Close()
		return nil, err
	}
	b.closer = fh
	return b, nil
}

// readXLSX reads a workbook's structure: its sheets and defined names.
func readXLSX(r io.ReaderAt, size int64) (*xlsxBook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not an .xlsx workbook: %v", err)
	}
	b := &xlsxBook{parts: map[string]*zip.File{}, maxCells: maxXLSXCells}
	for _, f := range zr.File {
		b.parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	// The workbook part is named by the package's relationships; it is
	// xl/workbook.xml in every file Excel writes.
	wb := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels"); err != nil {
		return nil, err
	} else if t, ok := rels.byType("/officeDocument"); ok {
		wb = resolvePart("", t)
	}
	rels, err := b.rels(path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels"))
	if err != nil {
		return nil, err
	}
	if t, ok := rels.byType("/sharedStrings"); ok {
		b.strPath = resolvePart(path.Dir(wb), t)
	} else if b.part("xl/sharedStrings.xml") != nil {
		b.strPath = "xl/sharedStrings.xml"
	}
	type sheetXML struct {
		Name string `xml:"name,attr"`
		ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	}
	var doc struct {
		Sheets []sheetXML `xml:"sheets>sheet"`
		Names  []struct {
			Name  string `xml:"name,attr"`
			Local *int   `xml:"localSheetId,attr"`
			Ref   string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	if err := b.decode(wb, &doc); err != nil {
		return nil, err
	}
	for _, s := range doc.Sheets {
		t, ok := rels[s.ID]
		if !ok {
			// A workbook written without relationships numbers its sheets.
			t.target = fmt.Sprintf("worksheets/sheet%d.xml", len(b.sheets)+1)
		}
		b.sheets = append(b.sheets, xlsxSheetRef{name: s.Name, part: resolvePart(path.Dir(wb), t.target)})
	}
	for _, n := range doc.Names {
		scope := ""
		if n.Local != nil {
			if *n.Local < 0 || *n.Local >= len(b.sheets) {
				continue // scoped to a sheet that does not exist
			}
			scope = b.sheets[*n.Local].name
		}
		b.names = append(b.names, xlsxName{name: n.Name, scope: scope, refersTo: strings.TrimSpace(n.Ref)})
	}
	return b, nil
}

// Close closes the file.
func (b *xlsxBook) Close() error {
	if b.closer == nil {
		return nil
	}
	return b.closer.Close()
}

func (b *xlsxBook) part(name string) *zip.File {
	return b.parts[strings.ToLower(name)]
}

// open opens a part, reading at most maxXLSXPart bytes of it.
func (b *xlsxBook) open(name string) (io.ReadCloser, error) {
	f := b.part(name)
	if f == nil {
		return nil, fmt.Errorf("not an .xlsx workbook: no part %s", name)
	}
	if f.UncompressedSize64 > maxXLSXPart {
		return nil, fmt.Errorf("part %s is larger than %d MiB", name, maxXLSXPart>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %v", name, err)
	}
	return &limitedPart{rc: rc, r: io.LimitReader(rc, maxXLSXPart+1), name: name}, nil
}

// limitedPart fails when a part inflates past maxXLSXPart, whatever its
// header declares (a zip bomb's header may lie).
type limitedPart struct {
	rc   io.ReadCloser
	r    io.Reader
	n    int64
	name string
}

func (p *limitedPart) Read(buf []byte) (int, error) {
	n, err := p.r.Read(buf)
	p.n += int64(n)
	if p.n > maxXLSXPart {
		return n, fmt.Errorf("part %s is larger than %d MiB", p.name, maxXLSXPart>>20)
	}
	return n, err
}

func (p *limitedPart) Close() error { return p.rc.Close() }

// decode unmarshals a whole (small) part.
func (b *xlsxBook) decode(name string, v any) error {
	rc, err := b.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("part %s: %v", name, err)
	}
	return nil
}

type xlsxRel struct{ typ, target string }

type xlsxRels map[string]xlsxRel

// byType finds the target of a relationship whose type ends with suffix.
func (r xlsxRels) byType(suffix string) (string, bool) {
	for _, rel := range r {
		if strings.HasSuffix(rel.typ, suffix) {
			return rel.target, true
		}
	}
	return "", false
}

// rels reads a relationships part; a missing one has none.
func (b *xlsxBook) rels(name string) (xlsxRels, error) {
	out := xlsxRels{}
	if b.part(name) == nil {
		return out, nil
	}
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := b.decode(name, &doc); err != nil {
		return nil, err
	}
	for _, r := range doc.Rels {
		out[r.ID] = xlsxRel{typ: r.Type, target: r.Target}
	}
	return out, nil
}

// resolvePart turns a relationship's target into a part name: absolute
// from the package root when it starts with /, else relative to dir.
func resolvePart(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Join("/", dir, target), "/")
}

// sharedStrings reads the shared strings once.
func (b *xlsxBook) sharedStrings() ([]string, error) {
	if b.strRead || b.strPath == "" {
		return b.strs, nil
	}
	rc, err := b.open(b.strPath)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		cur   strings.Builder
		inSI  bool
		inT   bool
		inRPh int // phonetic runs are not part of the text
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("part %s: %v", b.strPath, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				if len(b.strs) >= b.maxCells {
					return nil, fmt.Errorf("more than %d shared strings", b.maxCells)
				}
				inSI = true
				cur.Reset()
			case "rPh":
				inRPh++
			case "t":
				inT = inSI && inRPh == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				b.strs = append(b.strs, cur.String())
				inSI = false
			case "rPh":
				inRPh--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
	b.strRead = true
	return b.strs, nil
}

// sheet reads the cells of the sheet named tab (case aside, as Excel
// names sheets); ok is false when there is no such sheet.
func (b *xlsxBook) sheet(tab string) (s *xlsxSheet, ok bool, err error) {
	var ref *xlsxSheetRef
	for i := range b.sheets {
		if strings.EqualFold(b.sheets[i].name, tab) {
			ref = &b.sheets[i]
			break
		}
	}
	if ref == nil {
		return nil, false, nil
	}
	strs, err := b.sharedStrings()
	if err != nil {
		return nil, true, err
	}
	rc, err := b.open(ref.part)
	if err != nil {
		return nil, true, err
	}
	defer rc.Close()
	s = &xlsxSheet{book: b, sheet: ref.name, cells: map[cellKey]string{}}
	d := xml.NewDecoder(rc)
	var (
		row, col int    // of the current cell; the previous one's when it has no reference
		typ      string // the current cell's t attribute
		inCell   bool
		inV, inT bool
		inIS     bool
		inRPh    int
		val      strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, true, fmt.Errorf("sheet %q: %v", ref.name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row, col = row+1, 0
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < 1 || n > maxXLSXRows {
						return nil, true, fmt.Errorf("sheet %q: row number %q is not between 1 and %d", ref.name, r, maxXLSXRows)
					}
					row = n
				}
			case "c":
				col++
				if row == 0 {
					row = 1
				}
				if r := attr(t, "r"); r != "" {
					c, rr, err := parseCellRef(r)
					if err != nil {
						return nil, true, fmt.Errorf("sheet %q: %v", ref.name, err)
					}
					col, row = c, rr
				} else if col > maxXLSXCols {
					return nil, true, fmt.Errorf("sheet %q: more than %d columns in row %d", ref.name, maxXLSXCols, row)
				}
				typ, inCell = attr(t, "t"), true
				val.Reset()
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "rPh":
				inRPh++
			case "t":
				inT = inIS && inRPh == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if !inCell {
					break
				}
				inCell = false
				v := val.String()
				switch typ {
				case "s":
					i, err := strconv.Atoi(strings.TrimSpace(v))
					if v == "" {
						break
					}
					if err != nil || i < 0 || i >= len(strs) {
						return nil, true, fmt.Errorf("sheet %q, cell %s: shared string %q does not exist", ref.name, cellName(col, row), v)
					}
					v = strs[i]
				case "b":
					switch strings.TrimSpace(v) {
					case "1":
						v = "TRUE"
					case "0":
						v = "FALSE"
					}
				}
				v = strings.TrimSpace(v)
				if v == "" {
					break
				}
				k := cellKey{int32(row), int32(col)}
				if _, seen := s.cells[k]; !seen && len(s.cells) >= b.maxCells {
					return nil, true, fmt.Errorf("sheet %q: more than %d cells", ref.name, b.maxCells)
				}
				s.cells[k] = v
				s.cols, s.rows = max(s.cols, col), max(s.rows, row)
			case "v":
				inV = false
			case "is":
				inIS = false
			case "rPh":
				inRPh--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inV || inT {
				if val.Len()+len(t) > maxXLSXPart {
					return nil, true, fmt.Errorf("sheet %q: cell too large", ref.name)
				}
				val.Write(t)
			}
		}
	}
	return s, true, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

type cellKey struct{ row, col int32 }

// xlsxSheet is the cells of one worksheet, as text.
type xlsxSheet struct {
	book       *xlsxBook
	sheet      string
	cells      map[cellKey]string
	cols, rows int // the used area: the last column and row with a value
}

func (s *xlsxSheet) extent() (int, int) { return s.cols, s.rows }

func (s *xlsxSheet) cell(col, row int) string {
	if col < 1 || row < 1 || col > maxXLSXCols || row > maxXLSXRows {
		return ""
	}
	return s.cells[cellKey{int32(row), int32(col)}]
}

// name resolves a defined name (scoped to the sheet, else the workbook).
func (s *xlsxSheet) name(ref string) (int, int, int, int, bool) {
	var found string
	for _, dn := range s.book.names {
		if !strings.EqualFold(dn.name, ref) {
			continue
		}
		if strings.EqualFold(dn.scope, s.sheet) {
			found = dn.refersTo
			break
		}
		if dn.scope == "" {
			found = dn.refersTo
		}
	}
	if found == "" {
		return 0, 0, 0, 0, false
	}
	if i := strings.LastIndexByte(found, '!'); i >= 0 {
		found = found[i+1:]
	}
	a, b, _ := strings.Cut(found, ":")
	if b == "" {
		b = a
	}
	c1, r1, err1 := parseCellRef(a)
	c2, r2, err2 := parseCellRef(b)
	if err1 != nil || err2 != nil {
		return 0, 0, 0, 0, false
	}
	return c1, r1, c2, r2, true
}

var errCellRef = errors.New("not a cell reference")

// parseCellRef reads a cell reference such as B2, b2 or $B$2 into its
// column and row (from 1).
func parseCellRef(ref string) (col, row int, err error) {
	s := strings.ReplaceAll(ref, "$", "")
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		c := int(s[i]|0x20) - 'a' + 1
		col = col*26 + c
		if col > maxXLSXCols {
			return 0, 0, fmt.Errorf("cell %q: column beyond XFD", ref)
		}
		i++
	}
	if i == 0 || i == len(s) {
		return 0, 0, fmt.Errorf("%w: %q", errCellRef, ref)
	}
	for _, ch := range s[i:] {
		if ch < '0' || ch > '9' {
			return 0, 0, fmt.Errorf("%w: %q", errCellRef, ref)
		}
		row = row*10 + int(ch-'0')
		if row > maxXLSXRows {
			return 0, 0, fmt.Errorf("cell %q: row beyond %d", ref, maxXLSXRows)
		}
	}
	if row < 1 {
		return 0, 0, fmt.Errorf("%w: %q", errCellRef, ref)
	}
	return col, row, nil
}

// cellName is the reference of a cell, such as B2.
func cellName(col, row int) string {
	var b [8]byte
	i := len(b)
	for c := col; c > 0; c = (c - 1) / 26 {
		i--
		b[i] = byte('A' + (c-1)%26)
	}
	return string(b[i:]) + strconv.Itoa(row)
}
