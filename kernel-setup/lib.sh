# Shared helpers for the kernel-setup scripts. Sourced, not executed.
# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables set here are used by the scripts that source it

# Versions are pinned: the module proxy may refuse "@latest" for some modules,
# and gopls releases track the newest Go closely.
GONB_MODULE=github.com/janpfeifer/gonb
GONB_VERSION=v0.11.4
GOPLS_MODULE=golang.org/x/tools/gopls
GOPLS_VERSION=v0.23.0
GOIMPORTS_MODULE=golang.org/x/tools
GOIMPORTS_PKG=golang.org/x/tools/cmd/goimports
GOIMPORTS_VERSION=v0.52.0

# Oldest Go that builds the pinned tools and the repository module.
GO_MIN_MINOR=26

KERNEL_SETUP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$KERNEL_SETUP_DIR/.." && pwd)

say() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$1" >&2
	shift
	local line
	for line in "$@"; do printf '       %s\n' "$line" >&2; done
	exit 1
}

# now_s prints a monotonic-enough timestamp with sub-second precision.
now_s() { date +%s.%N; }
# elapsed START prints the seconds since START with one decimal.
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }

# find_go makes sure `go` is callable and recent enough; it also accepts the
# standard /usr/local/go install when PATH lacks it (a common cause of "go not found").
find_go() {
	if ! command -v go >/dev/null 2>&1; then
		if [ -x /usr/local/go/bin/go ]; then
			PATH="/usr/local/go/bin:$PATH"
			export PATH
			warn "go is not on your PATH; using /usr/local/go/bin/go (add /usr/local/go/bin to PATH in your shell profile)"
		else
			die "Go is not installed or not on PATH." \
				"Install Go 1.$GO_MIN_MINOR or newer (https://go.dev/doc/install, or your package manager)," \
				"make sure 'go version' works in this shell, then re-run this script."
		fi
	fi
	GO_VERSION=$(go env GOVERSION)
	local minor
	minor=$(printf '%s\n' "$GO_VERSION" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
	if [ -z "$minor" ] || [ "$minor" -lt "$GO_MIN_MINOR" ]; then
		die "found $GO_VERSION at $(command -v go), but Go 1.$GO_MIN_MINOR or newer is needed." \
			"Install a newer Go and put it first on PATH."
	fi
	GOROOT_BIN="$(go env GOROOT)/bin"
	GOBIN_DIR=$(go env GOBIN)
	if [ -z "$GOBIN_DIR" ]; then
		GOBIN_DIR="$(go env GOPATH | cut -d: -f1)/bin"
	fi
}

# find_jupyter sets JUPYTER to the jupyter command to use. Debian's
# /usr/bin/jupyter wins over whatever `jupyter` a pyenv/virtualenv shim offers,
# because a shim's interpreter often lacks nbconvert. JUPYTER=... overrides.
find_jupyter() {
	if [ -n "${JUPYTER:-}" ]; then
		return 0
	fi
	if [ -x /usr/bin/jupyter ]; then
		JUPYTER=/usr/bin/jupyter
	elif command -v jupyter >/dev/null 2>&1; then
		JUPYTER=$(command -v jupyter)
	else
		JUPYTER=
	fi
}

# jupyter_has SUBCOMMAND tells whether `$JUPYTER SUBCOMMAND` exists, cheaply:
# jupyter dispatches to a jupyter-SUBCOMMAND executable next to it or on PATH.
jupyter_has() {
	[ -n "$JUPYTER" ] && command -v "$JUPYTER" >/dev/null 2>&1 || return 1
	[ -x "$(dirname "$JUPYTER")/jupyter-$1" ] || command -v "jupyter-$1" >/dev/null 2>&1
}

# find_python sets PYTHON to the interpreter Jupyter runs on (the one named in
# jupyter's shebang line), falling back to a python3 that has nbclient; the
# scripts use it for nbclient/nbconvert and small JSON edits.
find_python() {
	local cand cands=()
	if [ -n "${JUPYTER:-}" ] && [ -f "$JUPYTER" ]; then
		# "#!/usr/bin/env python3" names the interpreter in its second word.
		cand=$(head -n1 "$JUPYTER" | sed -n 's/^#! *//p' | awk '{print ($1 ~ /\/env$/) ? $2 : $1}')
		[ -z "$cand" ] || cands+=("$cand")
	fi
	cands+=(/usr/bin/python3 python3 python)
	for cand in "${cands[@]}"; do
		if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import nbformat, nbclient' >/dev/null 2>&1; then
			PYTHON=$(command -v "$cand")
			return 0
		fi
	done
	die "no Python interpreter with Jupyter's nbclient and nbformat packages was found." \
		"Run kernel-setup/install.sh first (it installs Jupyter), or set JUPYTER=/path/to/jupyter."
}

# gonb_kernel_dir prints where `gonb --install` puts kernel.json (same rule as GoNB).
gonb_kernel_dir() {
	local data=${JUPYTER_DATA_DIR:-}
	if [ -z "$data" ]; then
		case "$(uname -s)" in
		Darwin) data="$HOME/Library/Jupyter" ;;
		*) data="$HOME/.local/share/jupyter" ;;
		esac
	fi
	printf '%s/kernels/gonb\n' "$data"
}

# require_kernel fails with a helpful message when the GoNB kernel is missing.
require_kernel() {
	if [ ! -f "$(gonb_kernel_dir)/kernel.json" ]; then
		die "the GoNB Jupyter kernel is not installed ($(gonb_kernel_dir)/kernel.json is missing)." \
			"Run: make kernel-setup   (or bash kernel-setup/install.sh)"
	fi
	if [ -z "$JUPYTER" ] || ! jupyter_has nbconvert; then
		die "Jupyter's nbconvert was not found." \
			"Run: make kernel-setup   (or bash kernel-setup/install.sh)"
	fi
}

# collect_notebooks ARGS... sets the array NOTEBOOKS to the .ipynb files named
# by ARGS (files, or folders searched one level deep, sorted by name so that
# numbered lessons run in order). Fails on a name that does not exist.
collect_notebooks() {
	NOTEBOOKS=()
	local arg f
	for arg in "$@"; do
		if [ -d "$arg" ]; then
			while IFS= read -r f; do
				NOTEBOOKS+=("$f")
			done < <(find "$arg" -maxdepth 1 -type f -name '*.ipynb' | LC_ALL=C sort)
		elif [ -f "$arg" ]; then
			NOTEBOOKS+=("$arg")
		else
			die "no such notebook or folder: $arg"
		fi
	done
}
