package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
)

// FindCompanion returns the path of the program name: first beside the
// running executable (where go install and release archives put both),
// then on PATH.
func FindCompanion(name string) (string, error) {
	if self, err := os.Executable(); err == nil {
		exe := filepath.Join(filepath.Dir(self), name)
		if runtime.GOOS == "windows" {
			exe += ".exe"
		}
		if st, err := os.Stat(exe); err == nil && !st.IsDir() {
			return exe, nil
		}
	}
	return exec.LookPath(name)
}

// InstallHint is how to install the companion program name, or it and sd
// together.
func InstallHint(name string) string {
	return fmt.Sprintf("install it with\n\n  go install %[1]s/cmd/%[2]s@latest\n\n"+
		"or sd and %[2]s together with\n\n  go install %[1]s/cmd/sd@latest %[1]s/cmd/%[2]s@latest\n", Module, name)
}

// runCompanion runs c's companion program with args (the command line
// after the program's name), e's standard input and outputs, and returns
// its exit status. When the program is not installed it says how to
// install it and returns ExitUsage; when the program dies of a signal,
// ExitProblem. An interrupt, SIGTERM or SIGHUP that sd gets while the
// program runs is passed on to it: a process manager or kill signals sd
// alone, and sd, which waits for the program, must not leave it running.
func (e *Env) runCompanion(c *Command, args []string) int {
	name, cmdName := c.Companion, "sd "+c.Name
	path, err := FindCompanion(name)
	if err != nil {
		fmt.Fprintf(e.Stderr, "%s: this command is in the program %s, which is not installed beside sd or on PATH;\n%s",
			cmdName, name, InstallHint(name))
		return ExitUsage
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = e.Stdin, e.Stdout, e.Stderr
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err = cmd.Start(); err == nil {
		done := make(chan struct{})
		go func() {
			for {
				select {
				case s := <-sigs:
					_ = cmd.Process.Signal(s) // on Windows only os.Kill can be sent
				case <-done:
					return
				}
			}
		}()
		err = cmd.Wait()
		close(done)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	case errors.As(err, &exit):
		fmt.Fprintf(e.Stderr, "%s: %s: %v\n", cmdName, path, err)
		return ExitProblem
	default:
		fmt.Fprintf(e.Stderr, "%s: cannot run %s: %v\n", cmdName, path, err)
		return ExitUsage
	}
}
