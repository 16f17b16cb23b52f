package conformance

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	const module = "github.com/sdlessons/trafficking/"
	for _, line := range strings.Split(string(out), "\n") {
		// init github.com/sdlessons/trafficking/sdmodel @2.1 ms, 0.003 ms clock, 0 bytes, 0 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," || !strings.HasPrefix(f[1], module) ||
			strings.HasSuffix(f[1], "/conformance") {
			continue
		}
		assert.Equal(t, "0", f[7], "bytes allocated at init: %s", line)
		assert.Equal(t, "0", f[9], "allocations at init: %s", line)
	}
}
