#!/usr/bin/env bash
# Starts the classic Jupyter Notebook server on localhost in the lessons
# folder, without opening a browser, and prints the URL to open.
# See kernel-setup/README.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<EOF
usage: $(basename "$0") [DIR]

Serves DIR (default: the repository's lessons/ folder) on http://127.0.0.1
and prints the URL with its access token. Stop it with Ctrl-C.

Environment:
  PORT=8888            first port to try (the next free one up to PORT+20 is used)
  JUPYTER_TOKEN=...    use this token instead of a random one
EOF
}

case "${1:-}" in
-h | --help) usage; exit 0 ;;
-*) usage >&2; die "unknown option $1" ;;
esac
DIR=${1:-$REPO_DIR/lessons}
[ -d "$DIR" ] || die "no such folder: $DIR"
DIR=$(cd "$DIR" && pwd)

find_go
# The kernel spec already adds Go to the kernel's PATH; this also covers
# `!go ...` shell commands typed in cells and terminals opened from the UI.
PATH="$GOROOT_BIN:$GOBIN_DIR:$PATH"
export PATH
find_jupyter
jupyter_has notebook || die "the classic Jupyter Notebook is not installed." \
	"Run: make kernel-setup   (or bash kernel-setup/install.sh)"
require_kernel
find_python

# Notebooks whose outputs were saved elsewhere are "untrusted": the UI would
# hide their HTML/JavaScript outputs (the charts) until re-run. These are the
# project's own lessons, so trust them (recorded in the user's Jupyter data
# folder; the files do not change).
shopt -s nullglob
notebooks=("$DIR"/*.ipynb)
shopt -u nullglob
if [ ${#notebooks[@]} -gt 0 ]; then
	"$PYTHON" -m nbformat.sign "${notebooks[@]}" >/dev/null 2>&1 ||
		warn "could not mark the notebooks in $DIR trusted; their saved charts show after re-running them"
fi

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${PORT:-8888}
last=$((port + 20))
while port_in_use "$port"; do
	port=$((port + 1))
	[ "$port" -le "$last" ] || die "ports ${PORT:-8888}-$last are all in use; pick another with PORT=NNNN"
done

if [ -z "${JUPYTER_TOKEN:-}" ]; then
	JUPYTER_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
fi
# Passed through the environment, not the command line, so other users can't
# read it in the process list.
export JUPYTER_TOKEN

extra=()
# Jupyter refuses to run as root (containers, CI boxes) without this.
[ "$(id -u)" != 0 ] || extra+=(--allow-root)

say "Serving $DIR with Jupyter Notebook ($JUPYTER); Ctrl-C stops it."
say "Open this URL in your browser:"
printf '\n    http://127.0.0.1:%s/tree?token=%s\n\n' "$port" "$JUPYTER_TOKEN"
# Kernels started without a notebook (consoles) then also start in DIR.
cd "$DIR"
exec "$JUPYTER" notebook --no-browser --ip=127.0.0.1 --port="$port" \
	--port-retries=0 --notebook-dir="$DIR" ${extra[@]+"${extra[@]}"}
