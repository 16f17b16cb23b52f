//go:build js && wasm

// Command wasm is the engine of a flight-simulator page (package
// sdmodel/web), compiled to WebAssembly with GOOS=js GOARCH=wasm. It reads
// a model as XMILE, compiles it once, and runs it with constant overrides
// as often as the page asks. It imports only the engine and the XMILE
// reader, which keeps the binary small.
//
// It defines globalThis.sdmodel with two functions:
//
//	sdmodel.load(xmileText)                 -> {error} or {constants: [names], values: Float64Array, readMs, compileMs}
//	sdmodel.run(names, values, keep)        -> {error, time: Float64Array, series: [Float64Array]}
//
// run overrides the constants names[i] with values[i] and returns the saved
// times and, for each name in keep, its series; a run that fails part way
// returns what it computed with the error.
//
// Build it with "go generate ./sdmodel/web" (see sdmodel/web/generate.go).
package main

import (
	"encoding/binary"
	"math"
	"strings"
	"syscall/js"
	"time"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

func main() {
	e := &engine{}
	api := js.Global().Get("Object").New()
	api.Set("load", js.FuncOf(e.load))
	api.Set("run", js.FuncOf(e.run))
	js.Global().Set("sdmodel", api)
	select {} // serve calls from the page
}

// engine holds the compiled model between calls.
type engine struct {
	c *sdmodel.Compiled
}

func errorObject(err error) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("error", err.Error())
	return o
}

func (e *engine) load(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return errorObject(errString("sdmodel.load wants the model's XMILE text"))
	}
	t0 := time.Now()
	m, err := (&xmile.Reader{Name: "page model"}).Read(strings.NewReader(args[0].String()))
	if err != nil {
		return errorObject(err)
	}
	t1 := time.Now()
	c, err := m.Compile()
	if err != nil {
		return errorObject(err)
	}
	e.c = c
	names, values := c.Constants()
	o := js.Global().Get("Object").New()
	list := make([]any, len(names))
	for i, n := range names {
		list[i] = n
	}
	o.Set("constants", js.ValueOf(list))
	o.Set("values", float64Array(values))
	o.Set("readMs", float64(t1.Sub(t0).Microseconds())/1000)
	o.Set("compileMs", float64(time.Since(t1).Microseconds())/1000)
	return o
}

func (e *engine) run(_ js.Value, args []js.Value) any {
	if e.c == nil {
		return errorObject(errString("sdmodel.run: no model loaded"))
	}
	if len(args) != 3 {
		return errorObject(errString("sdmodel.run wants (names, values, keep)"))
	}
	names, values, keep := args[0], args[1], args[2]
	opts := make([]sdmodel.RunOption, 0, names.Length()+1)
	for i := 0; i < names.Length(); i++ {
		opts = append(opts, sdmodel.Set(names.Index(i).String(), values.Index(i).Float()))
	}
	kept := make([]string, keep.Length())
	for i := range kept {
		kept[i] = keep.Index(i).String()
	}
	opts = append(opts, sdmodel.Keep(kept...))
	res, err := e.c.Run(opts...)
	o := js.Global().Get("Object").New()
	if err != nil {
		o.Set("error", err.Error())
	}
	if res == nil {
		return o
	}
	o.Set("time", float64Array(res.Time()))
	series := make([]any, len(kept))
	for i, n := range kept {
		s, serr := res.Get(n)
		if serr != nil {
			return errorObject(serr)
		}
		series[i] = float64Array(s)
	}
	o.Set("series", js.ValueOf(series))
	return o
}

// float64Array copies xs into a new JavaScript Float64Array, through its
// bytes: one copy instead of one call per number.
func float64Array(xs []float64) js.Value {
	b := make([]byte, 8*len(xs))
	for i, x := range xs {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	u8 := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u8, b)
	return js.Global().Get("Float64Array").New(u8.Get("buffer"))
}

type errString string

func (e errString) Error() string { return string(e) }
