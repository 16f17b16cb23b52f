//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/cmd/internal/clitest"
)

// TestCompanionGetsSignals: a SIGTERM or SIGHUP sent to sd alone, while sd
// runs sd-draw, reaches sd-draw, and sd exits with sd-draw's status instead
// of leaving it running. The sd-draw here is a script that reports the
// signal it gets.
func TestCompanionGetsSignals(t *testing.T) {
	bin := t.TempDir()
	clitest.Build(t, bin, ".")
	const script = `#!/bin/sh
trap 'echo "$SIG" > "$OUT/got"; exit 7' $SIG
echo ready > "$OUT/ready"
while :; do sleep 0.02; done
`
	require.NoError(t, os.WriteFile(filepath.Join(bin, "sd-draw"), []byte(script), 0o755))
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(filepath.Join(bin, "sd"), "diagram", teacup)
			name := map[syscall.Signal]string{syscall.SIGTERM: "TERM", syscall.SIGHUP: "HUP"}[sig]
			cmd.Env = append(os.Environ(), "OUT="+out, "SIG="+name)
			// Its own process group, so that the cleanup can stop a script
			// that sd failed to pass the signal on to.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			require.NoError(t, cmd.Start())
			t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
			require.Eventually(t, func() bool {
				_, err := os.Stat(filepath.Join(out, "ready"))
				return err == nil
			}, 20*time.Second, 10*time.Millisecond, "sd-draw started")
			require.NoError(t, cmd.Process.Signal(sig))
			err := cmd.Wait()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit)
			assert.Equal(t, 7, exit.ExitCode(), "sd exits with sd-draw's status, not by the signal")
			got, err := os.ReadFile(filepath.Join(out, "got"))
			require.NoError(t, err, "sd-draw got no signal")
			assert.Equal(t, name+"\n", string(got))
		})
	}
}
