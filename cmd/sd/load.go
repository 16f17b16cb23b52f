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
		return &loaded{path: path, model: f.Model}, nil
	default:
		return nil, fmt.Errorf("%s: unsupported model format %q (XMILE: .xmile, .stmx, .itmx; Vensim: .mdl)", path, ext)
	}
}

// compile compiles a loaded model; its errors are prefixed with the file.
func (l *loaded) compile() (*sdmodel.Compiled, error) {
	c, err := l.model.Compile()
	if err != nil {
		return nil, inFile(l.path, err)
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
