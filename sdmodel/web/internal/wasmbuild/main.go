// Command wasmbuild builds the flight-simulator engine (sdmodel/web/wasm)
// for the browser and stores it in sdmodel/web/assets, where package web
// embeds it:
//
//	go generate ./sdmodel/web          # or: make wasm
//	go run ./sdmodel/web/internal/wasmbuild -check   # fail if the assets are stale
//
// The build is reproducible: "go build -trimpath -buildvcs=false" for
// GOOS=js GOARCH=wasm with the Go toolchain named in assets/go-toolchain
// (GOTOOLCHAIN pins it; the go command fetches that release from the
// module proxy when it is not the local one). The binary is stored gzipped
// (engine.wasm.gz, no name or time in the header) next to the wasm_exec.js
// of the same toolchain, which loads it in the page. Its test rebuilds the
// engine and compares the bytes, so `go test ./...` fails when the engine
// code changed and the assets were not regenerated.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Files in the assets directory.
const (
	toolchainFile = "go-toolchain"
	engineFile    = "engine.wasm.gz"
	execFile      = "wasm_exec.js"
	enginePackage = "github.com/sdlessons/trafficking/sdmodel/web/wasm"
)

func main() {
	check := flag.Bool("check", false, "rebuild and compare with the stored assets instead of writing them")
	assets := flag.String("assets", "", "the assets directory (default: sdmodel/web/assets of this module)")
	flag.Parse()
	dir := *assets
	if dir == "" {
		var err error
		if dir, err = defaultAssets(); err != nil {
			fail(err)
		}
	}
	b, err := build(dir)
	if err != nil {
		fail(err)
	}
	if *check {
		if err := compare(dir, b); err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "wasmbuild: %s is up to date (%d bytes, %d gzipped)\n", dir, len(b.wasm), len(b.gz))
		return
	}
	if err := b.write(dir); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "wasmbuild: wrote %s: engine %d bytes, %d gzipped, built with %s\n", dir, len(b.wasm), len(b.gz), b.toolchain)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wasmbuild:", err)
	os.Exit(1)
}

// defaultAssets is sdmodel/web/assets under the module root.
func defaultAssets() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "sdmodel", "web", "assets"), nil
}

// built is one build of the engine.
type built struct {
	toolchain string // e.g. go1.26.8
	wasm      []byte // the WebAssembly binary
	gz        []byte // wasm gzipped, as stored
	wasmExec  []byte // the toolchain's lib/wasm/wasm_exec.js
}

// build compiles the engine with the toolchain that assets/go-toolchain names.
func build(assets string) (*built, error) {
	tc, err := os.ReadFile(filepath.Join(assets, toolchainFile))
	if err != nil {
		return nil, err
	}
	b := &built{toolchain: strings.TrimSpace(string(tc))}
	if !strings.HasPrefix(b.toolchain, "go1.") {
		return nil, fmt.Errorf("%s: want a toolchain such as go1.26.8, found %q", toolchainFile, b.toolchain)
	}
	tmp, err := os.MkdirTemp("", "wasmbuild")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "engine.wasm")
	env := append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOWASM=", "CGO_ENABLED=0", "GOTOOLCHAIN="+b.toolchain, "GOFLAGS=")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, enginePackage)
	cmd.Dir = assets
	cmd.Env = env
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build %s: %v\n%s", enginePackage, err, msg)
	}
	if b.wasm, err = os.ReadFile(out); err != nil {
		return nil, err
	}
	goroot := exec.Command("go", "env", "GOROOT")
	goroot.Dir, goroot.Env = assets, env
	root, err := goroot.Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	if b.wasmExec, err = os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", execFile)); err != nil {
		return nil, err
	}
	b.gz, err = gzipBytes(b.wasm)
	return b, err
}

// gzipBytes compresses with a header that holds no name and no time, so the
// same input gives the same bytes.
func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func (b *built) write(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, engineFile), b.gz, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, execFile), b.wasmExec, 0o644)
}

// errStale is returned by compare when the stored assets differ from a build.
var errStale = errors.New("stale")

// compare checks the stored assets against a fresh build. The engine is
// compared uncompressed, so a change in the gzip encoder alone does not
// count as stale.
func compare(dir string, b *built) error {
	gz, err := os.ReadFile(filepath.Join(dir, engineFile))
	if err != nil {
		return err
	}
	stored, err := gunzip(gz)
	if err != nil {
		return fmt.Errorf("%s: %w", engineFile, err)
	}
	exec, err := os.ReadFile(filepath.Join(dir, execFile))
	if err != nil {
		return err
	}
	var stale []string
	if !bytes.Equal(stored, b.wasm) {
		stale = append(stale, fmt.Sprintf("%s (%d bytes stored, %d built)", engineFile, len(stored), len(b.wasm)))
	}
	if !bytes.Equal(exec, b.wasmExec) {
		stale = append(stale, execFile)
	}
	if len(stale) > 0 {
		return fmt.Errorf("%w: %s in %s differ from a fresh build with %s: run `go generate ./sdmodel/web` (make wasm)",
			errStale, strings.Join(stale, " and "), dir, b.toolchain)
	}
	return nil
}
