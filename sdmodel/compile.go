package sdmodel

import "errors"

// Compiled is a checked, ordered, runnable form of a model. It is immutable
// and safe to run from many goroutines at once.
type Compiled struct {
	model *Model
}

// Compile checks the model and prepares it to run.
func (m *Model) Compile() (*Compiled, error) { return nil, errors.New("not implemented yet") }

// Run simulates the model once.
func (c *Compiled) Run(opts ...RunOption) (*Results, error) {
	return nil, errors.New("not implemented yet")
}
