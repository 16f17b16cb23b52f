// Package readall reads a model file whole, bounded in size, into one
// buffer of the size the file reports.
package readall

import (
	"io"
	"io/fs"
)

// Bounded reads r to its end, but no more than limit+1 bytes, so that a
// caller sees that a file is larger than limit without reading all of it.
// As os.ReadFile does, it reads into one buffer of the size r reports (a
// file's Stat, the Len of a bytes.Reader, strings.Reader or bytes.Buffer)
// rather than one grown, and copied, a doubling at a time. The buffer is
// the caller's: nothing else refers to it.
func Bounded(r io.Reader, limit int) ([]byte, error) {
	size := 512 // when r does not say
	switch x := r.(type) {
	case interface{ Len() int }:
		size = x.Len() + 1 // +1: room to see the end without growing
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(min(fi.Size(), int64(limit))) + 1
		}
	}
	lr := io.LimitReader(r, int64(limit)+1)
	b := make([]byte, 0, min(max(size, 512), limit+1))
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
