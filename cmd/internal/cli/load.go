package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/vensim"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// Loaded is a model read from a file, with the problems recovered from.
type Loaded struct {
	Path     string
	Model    *sdmodel.Model
	Warnings []xmile.Warning
	Vensim   *vensim.File // for a .mdl file: locates problems in the file
}

// Locate adds, for a Vensim file, the line of each problem's variable.
func (l *Loaded) Locate(err error) error {
	if l.Vensim == nil || err == nil {
		return err
	}
	return l.Vensim.Locate(err)
}

// Load reads a model file, choosing the reader by extension.
func Load(path string) (*Loaded, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xmile", ".stmx", ".itmx", ".xml":
		rd := &xmile.Reader{}
		m, err := rd.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return &Loaded{Path: path, Model: m, Warnings: rd.Warnings}, nil
	case ".mdl":
		f, err := new(vensim.Reader).ReadFile(path)
		if err != nil {
			return nil, err
		}
		return &Loaded{Path: path, Model: f.Model, Vensim: f}, nil
	default:
		return nil, fmt.Errorf("%s: unsupported model format %q (XMILE: .xmile, .stmx, .itmx; Vensim: .mdl)", path, ext)
	}
}

// Load reads a model file and reports the problems its reader recovered
// from on standard error, so no command drops them.
func (e *Env) Load(path string) (*Loaded, error) {
	if e.BeforeLoad != nil {
		if st, err := os.Stat(path); err == nil {
			e.BeforeLoad(st.Size())
		}
		e.BeforeLoad = nil
	}
	l, err := Load(path)
	if err != nil {
		return nil, err
	}
	for _, w := range l.Warnings {
		fmt.Fprintf(e.Stderr, "%s: warning: %s\n", l.Path, w)
	}
	return l, nil
}

// Compile compiles a loaded model; its errors are prefixed with the file.
func (l *Loaded) Compile() (*sdmodel.Compiled, error) {
	c, err := l.Model.Compile()
	if err != nil {
		return nil, InFile(l.Path, l.Locate(err))
	}
	return c, nil
}

// FileError is an error in a model file: the file, then the engine's
// message (which names the model, the variable and the position).
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// InFile wraps err as an error in the model file at path.
func InFile(path string, err error) error { return &FileError{path, err} }
