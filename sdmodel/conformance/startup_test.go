package conformance

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/internal/inittrace"
	_ "github.com/sdlessons/trafficking/sdmodel/loops" // linked, so that its initialisation is checked too
)

// TestEngineInitAllocatesNothing: the engine's packages build nothing when
// a program starts (tables are switches, literals the linker lays out as
// data, or built on first use), so a program linking them starts as a
// hello world does. The test binary links them; it reruns itself, running
// no test, with GODEBUG=inittrace=1, which prints each package that has
// initialisation code with the bytes and allocations it made: counts the
// machine's load does not change.
func TestEngineInitAllocatesNothing(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run", "^$", "-test.count", "1")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	require.Contains(t, string(out), "init runtime @", "GODEBUG=inittrace=1 prints the inits")
	trace, err := inittrace.Parse(string(out))
	require.NoError(t, err)
	const module = "github.com/sdlessons/trafficking/"
	for _, in := range trace {
		if !strings.HasPrefix(in.Package, module) || strings.HasSuffix(in.Package, "/conformance") {
			continue
		}
		assert.Zero(t, in.Bytes, "bytes allocated at init by %s", in.Package)
		assert.Zero(t, in.Allocs, "allocations at init by %s", in.Package)
	}
}
