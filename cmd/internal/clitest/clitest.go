// Package clitest holds what the commands' tests share: building a
// command, and bounding what its package initialisation allocates at
// every start (GODEBUG=inittrace=1), counts that a loaded machine does not
// change, unlike times.
package clitest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/internal/inittrace"
)

// Build builds the packages (paths as the go command takes them) into
// dir, one executable each, named as the go command names them.
func Build(t testing.TB, dir string, pkgs ...string) {
	t.Helper()
	args := append([]string{"build", "-o", dir + string(filepath.Separator)}, pkgs...)
	out, err := exec.Command("go", args...).CombinedOutput()
	require.NoError(t, err, "go build %v: %s", pkgs, out)
}

// Inits runs exe with args and GODEBUG=inittrace=1 and returns the bytes
// each package's initialisation allocated, by package.
func Inits(t testing.TB, exe string, args ...string) map[string]int {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	trace, err := inittrace.Parse(string(out))
	require.NoError(t, err)
	inits := map[string]int{}
	for _, in := range trace {
		inits[in.Package] += in.Bytes
	}
	return inits
}

// CheckInits asserts that no package of exe allocates more than perPackage
// bytes at initialisation and all together no more than total, and that
// the trace lists at least minPackages packages (so the check is real).
func CheckInits(t testing.TB, exe string, perPackage, total, minPackages int) {
	t.Helper()
	inits := Inits(t, exe, "help")
	require.GreaterOrEqual(t, len(inits), minPackages, "packages in the init trace: %v", inits)
	sum := 0
	for pkg, b := range inits {
		assert.LessOrEqual(t, b, perPackage, "package %s allocates %d bytes at init: make it lazy", pkg, b)
		sum += b
	}
	assert.LessOrEqual(t, sum, total, "bytes allocated by %d package inits", len(inits))
}

// Size writes a bound as the README does: "32 KiB", "1 MiB".
func Size(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n>>10) + " KiB"
}

// Readme returns the repository's README.md with its blanks collapsed to
// single spaces, from a command's directory (cmd/NAME).
func Readme(t testing.TB) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	return strings.Join(strings.Fields(string(readme)), " ")
}
