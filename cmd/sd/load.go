package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/vensim"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

// loaded is a model read from a file, with the problems recovered from.
type loaded struct {
	path     string
	model    *sdmodel.Model
	warnings []xmile.Warning
	vensim   *vensim.File // for a .mdl file: locates problems in the file
}

// locate adds, for a Vensim file, the line of each problem's variable.
func (l *loaded) locate(err error) error {
	if l.vensim == nil || err == nil {
		return err
	}
	return l.vensim.Locate(err)
}

// load reads a model file, choosing the reader by extension.
func load(path string) (*loaded, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xmile", ".stmx", ".itmx", ".xml":
		rd := &xmile.Reader{}
		m, err := rd.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return &loaded{path: path, model: m, warnings: rd.Warnings}, nil
	case ".mdl":
		f, err := new(vensim.Reader).ReadFile(path)
		if err != nil {
			return nil, err
		}
		return &loaded{path: path, model: f.Model, vensim: f}, nil
	default:
		return nil, fmt.Errorf("%s: unsupported model format %q (XMILE: .xmile, .stmx, .itmx; Vensim: .mdl)", path, ext)
	}
}

// load reads a model file and reports the problems its reader recovered
// from on standard error, so no command drops them.
func (e *env) load(path string) (*loaded, error) {
	l, err := load(path)
	if err != nil {
		return nil, err
	}
	for _, w := range l.warnings {
		fmt.Fprintf(e.stderr, "%s: warning: %s\n", l.path, w)
	}
	return l, nil
}

// compile compiles a loaded model; its errors are prefixed with the file.
func (l *loaded) compile() (*sdmodel.Compiled, error) {
	c, err := l.model.Compile()
	if err != nil {
		return nil, inFile(l.path, l.locate(err))
	}
	return c, nil
}

// fileError is an error in a model file: the file, then the engine's
// message (which names the model, the variable and the position).
type fileError struct {
	path string
	err  error
}

func (e *fileError) Error() string { return e.path + ": " + e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

func inFile(path string, err error) error { return &fileError{path, err} }
