package sdmodel

import (
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fusedPackages are the packages whose numbers reach results: the engine,
// the analyses, the readers, the trafficking model and the lessons' kit.
// The drawing packages (chart, diagram) are left out: a fused product there
// moves a point of a picture by a rounding error.
var fusedPackages = []string{
	".", "./expr", "./units", "./xmile", "./vensim", "./loops", "./sensitivity",
	"./calibrate", "./modeltest", "./trafficking", "../lessons/lessonkit",
}

// fusedOp matches arm64's fused multiply-add instructions in a -S listing,
// with the source position they were compiled from.
var fusedOp = regexp.MustCompile(`\((\S+\.go:\d+)\)\s+(FMADDD|FMSUBD|FNMADDD|FNMSUBD|FMADDS|FMSUBS|FNMADDS|FNMSUBS)\s`)

// TestNoFusedMultiplyAdd compiles the packages for arm64, where Go fuses
// x*y + z into one instruction unless the product is converted
// (float64(x*y)), and fails on every fused instruction in their code,
// naming the source line (code inlined from other modules included).
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the engine for arm64: skipped in -short mode")
	}
	args := []string{"build", "-o", os.DevNull}
	for _, p := range fusedPackages {
		args = append(args, "-gcflags="+p+"=-S") // the listing of these packages alone, not of their dependencies
	}
	cmd := exec.Command("go", append(args, fusedPackages...)...)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s: %.2000s", strings.Join(args, " "), out)
	require.Contains(t, string(out), "FMULD", "the listing is arm64 assembly of the engine")
	fused := map[string]string{}
	for _, m := range fusedOp.FindAllStringSubmatch(string(out), -1) {
		fused[m[1]] = m[2]
	}
	var lines []string
	for pos, op := range fused {
		lines = append(lines, pos+": "+op)
	}
	sort.Strings(lines)
	assert.Empty(t, lines, "fused multiply-adds: write the product as float64(x*y)")
}
