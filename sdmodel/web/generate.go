package web

// The engine's WebAssembly and Go's loader for it, built from this
// repository by internal/wasmbuild (make wasm).
//go:generate go run ./internal/wasmbuild
