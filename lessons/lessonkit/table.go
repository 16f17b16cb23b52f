package lessonkit

import (
	"fmt"
	"strings"
)

// Table is a Markdown table built row by row, for gonbui.DisplayMarkdown.
type Table struct {
	Header []string
	Rows   [][]string
}

// NewTable returns a table with the given column headers.
func NewTable(header ...string) *Table { return &Table{Header: header} }

// Row appends a row; each cell is formatted with fmt.Sprint. Missing cells are left empty and
// extra cells are kept, so a short row never shifts the columns of the ones after it.
func (t *Table) Row(cells ...any) *Table {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = fmt.Sprint(c)
	}
	t.Rows = append(t.Rows, row)
	return t
}

// Markdown returns the table as GitHub-flavoured Markdown. A "|" inside a cell is escaped, so it
// cannot split the cell.
func (t *Table) Markdown() string {
	width := len(t.Header)
	for _, r := range t.Rows {
		width = max(width, len(r))
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i := range width {
			c := ""
			if i < len(cells) {
				c = strings.ReplaceAll(cells[i], "|", `\|`)
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	line(t.Header)
	b.WriteString("|" + strings.Repeat("---|", width) + "\n")
	for _, r := range t.Rows {
		line(r)
	}
	return b.String()
}

// Columns returns a Markdown table whose columns are independent lists of different lengths (a
// boundary chart, a list of loops by polarity): column i is cols[i] under header[i], and shorter
// columns are padded with empty cells.
func Columns(header []string, cols ...[]string) string {
	t := NewTable(header...)
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	for i := range n {
		row := make([]any, len(cols))
		for j, c := range cols {
			row[j] = ""
			if i < len(c) {
				row[j] = c[i]
			}
		}
		t.Row(row...)
	}
	return t.Markdown()
}
