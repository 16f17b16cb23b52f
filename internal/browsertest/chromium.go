package browsertest

import (
	"os"
	"os/exec"
	"testing"
)

// Chromium returns the path of the headless browser the tests drive: the
// Debian package's (make browser installs it), or another Chromium on PATH.
// Without one the test is skipped, except under CI (CI set in the
// environment), where a missing browser fails the test: the suite must not
// pass there by not running.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "chromium is not installed (make browser installs it)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + ": skipping the browser test")
	return ""
}
