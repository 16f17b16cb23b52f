#!/usr/bin/env bash
# Installs Jupyter and the GoNB Go kernel, then proves they work by running
# kernel-setup/smoke.ipynb headless. Safe to re-run: whatever is already in
# place is checked and skipped. See kernel-setup/README.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<EOF
usage: $(basename "$0") [--force] [--raw-error] [--no-ui | --headless]

  --force      reinstall the Go tools and the kernel spec, and re-run the smoke test
  --raw-error  make the kernel report Go errors as plain text instead of HTML
               (default: HTML errors with the offending lines highlighted;
               run-notebooks.sh always uses plain text for its logs)
  --no-ui      skip the classic Notebook UI
  --headless   only what running notebooks headless needs (CI): no Notebook UI
               and no gopls (gopls only serves completion in the browser, and
               building it takes a minute or more on a small machine)

Environment: KERNEL_SETUP_FORCE=1, GONB_RAW_ERROR=1, KERNEL_SETUP_NO_UI=1 and
KERNEL_SETUP_HEADLESS=1 do the same as the options. JUPYTER=/path/to/jupyter
uses that Jupyter instead of installing one; JUPYTER_DATA_DIR moves the kernel
spec (as it does for Jupyter itself).
EOF
}

JUPYTER_FROM_ENV=${JUPYTER:+1}
FORCE=${KERNEL_SETUP_FORCE:-0}
RAW_ERROR=${GONB_RAW_ERROR:-0}
NO_UI=${KERNEL_SETUP_NO_UI:-0}
HEADLESS=${KERNEL_SETUP_HEADLESS:-0}
while [ $# -gt 0 ]; do
	case "$1" in
	--force) FORCE=1 ;;
	--raw-error) RAW_ERROR=1 ;;
	--no-ui) NO_UI=1 ;;
	--headless) HEADLESS=1 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument $1" ;;
	esac
	shift
done

[ "$HEADLESS" = 0 ] || NO_UI=1
T0=$(now_s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kernel-setup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CHANGED=0 # set when this run installed or rewrote anything

# run_logged LOG CMD... runs CMD with its output in LOG; on failure it shows
# the end of the log, so the real error is visible without the noise.
run_logged() {
	local log=$1
	shift
	if ! "$@" >"$log" 2>&1; then
		printf '\n' >&2
		tail -n 25 "$log" | sed 's/^/    | /' >&2
		return 1
	fi
}

step_go() {
	find_go
	say "Go: $GO_VERSION ($(command -v go)); Go tools go to $GOBIN_DIR"
	case ":$PATH:" in
	*":$GOBIN_DIR:"*) ;;
	*) warn "$GOBIN_DIR is not on your PATH; the kernel will still find its tools there (the kernel spec adds it)." ;;
	esac
}

step_jupyter() {
	find_jupyter
	local needed=(nbconvert kernelspec) missing=() sub
	[ "$NO_UI" = 1 ] || needed+=(notebook)
	for sub in "${needed[@]}"; do
		jupyter_has "$sub" || missing+=("$sub")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		say "Jupyter: already installed ($JUPYTER)"
		return 0
	fi
	if [ -n "$JUPYTER_FROM_ENV" ]; then
		command -v "$JUPYTER" >/dev/null 2>&1 ||
			die "JUPYTER=$JUPYTER is not an executable." "Point JUPYTER to your jupyter command, or unset it."
		die "JUPYTER=$JUPYTER lacks: ${missing[*]}" \
			"Install them into that Python (pip install notebook nbconvert), or unset JUPYTER." \
			"Using JupyterLab rather than the classic Notebook UI? Add --no-ui."
	fi
	if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
		die "Jupyter (${missing[*]}) is missing and this is not a Debian/Ubuntu system (no apt-get)." \
			"Install Jupyter yourself, then re-run this script:" \
			"  macOS/Homebrew: brew install jupyterlab   (or: python3 -m pip install notebook nbconvert)" \
			"  conda:          conda install -c conda-forge notebook nbconvert" \
			"  pip:            python3 -m pip install --user notebook nbconvert" \
			"If jupyter is installed outside PATH, point to it: JUPYTER=/path/to/jupyter $0" \
			"Using JupyterLab rather than the classic Notebook UI? Add --no-ui."
	fi
	local pkgs=(jupyter-core jupyter-client jupyter-nbconvert) pkg todo=()
	[ "$NO_UI" = 1 ] || pkgs+=(jupyter-notebook)
	for pkg in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || todo+=("$pkg")
	done
	if [ ${#todo[@]} -eq 0 ]; then
		die "the Debian Jupyter packages are installed, but '$JUPYTER' lacks: ${missing[*]}" \
			"Check /usr/bin/jupyter-nbconvert and /usr/bin/jupyter-notebook, or set JUPYTER=/usr/bin/jupyter."
	fi
	local sudo=()
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null 2>&1 ||
			die "installing ${todo[*]} needs root, and sudo is not available." \
				"Run as root: apt-get update && apt-get install -y --no-install-recommends ${todo[*]}"
		sudo=(sudo)
		info "installing system packages needs root: sudo may ask for your password"
	fi
	say "Jupyter: installing Debian packages ${todo[*]} (about 20-40 s)"
	local t
	t=$(now_s)
	# One broken third-party source fails the update but rarely the install.
	run_logged "$WORK/apt-update.log" ${sudo[@]+"${sudo[@]}"} apt-get update ||
		warn "apt-get update failed (see above); trying the install with the package lists as they are"
	run_logged "$WORK/apt-install.log" ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${todo[@]}" ||
		die "apt-get install ${todo[*]} failed (see above)."
	info "installed in $(elapsed "$t") s"
	CHANGED=1
	JUPYTER=/usr/bin/jupyter
	for sub in "${needed[@]}"; do
		jupyter_has "$sub" || die "after installing ${todo[*]}, 'jupyter $sub' is still missing."
	done
}

# install_go_tool NAME MODULE PACKAGE VERSION EXACT installs PACKAGE@VERSION
# into GOBIN_DIR unless it is there already (with EXACT=1: at that version).
install_go_tool() {
	local name=$1 module=$2 pkg=$3 version=$4 exact=$5 bin="$GOBIN_DIR/$1"
	if [ "$FORCE" = 0 ] && [ -x "$bin" ]; then
		if [ "$exact" = 0 ] || go version -m "$bin" 2>/dev/null |
			grep -Eq "^[[:space:]]+mod[[:space:]]+${module}[[:space:]]+${version}([[:space:]]|$)"; then
			say "$name: already installed ($bin)"
			return 0
		fi
		info "$bin is not $module $version: reinstalling"
	fi
	say "$name: installing $pkg@$version"
	local t
	t=$(now_s)
	# Download the pinned module first, then let `go install` consult the local
	# module cache before the proxy: the proxy may answer 403 to the "latest
	# version" lookup that go install makes for deprecation notices.
	local proxy
	proxy="file://$(go env GOMODCACHE)/cache/download,$(go env GOPROXY)"
	if ! (cd "$WORK" && run_logged "$WORK/$name.log" go mod download "$module@$version" &&
		run_logged "$WORK/$name.log" env GOBIN="$GOBIN_DIR" GOPROXY="$proxy" GOFLAGS= \
			go install "$pkg@$version"); then
		die "could not install $pkg@$version (output above)." \
			"Check that the Go module proxy is reachable: go env GOPROXY is $(go env GOPROXY)." \
			"Behind a corporate proxy set HTTPS_PROXY; offline, copy \$(go env GOMODCACHE) from a machine that has it."
	fi
	info "installed in $(elapsed "$t") s"
	CHANGED=1
}

step_tools() {
	mkdir -p "$GOBIN_DIR"
	install_go_tool gonb "$GONB_MODULE" "$GONB_MODULE" "$GONB_VERSION" 1
	# GoNB only needs some goimports and gopls; keep the user's own if present.
	install_go_tool goimports "$GOIMPORTS_MODULE" "$GOIMPORTS_PKG" "$GOIMPORTS_VERSION" 0
	if [ "$HEADLESS" = 0 ]; then
		install_go_tool gopls "$GOPLS_MODULE" "$GOPLS_MODULE" "$GOPLS_VERSION" 0
	elif [ ! -x "$GOBIN_DIR/gopls" ]; then
		say "gopls: skipped (--headless)"
	fi
}

# kernel_spec check|patch: checks, or fixes, what kernel.json must hold: our
# gonb binary, the wanted error mode, and a PATH that reaches go and the tools
# even when Jupyter was started without them on PATH (the "go not found" death).
# jupyter_client expands ${PATH} in kernel env values from its own environment.
kernel_spec() {
	"$PYTHON" - "$1" "$KERNEL_JSON" "$GOBIN_DIR/gonb" "$RAW_ERROR" "$GOROOT_BIN:$GOBIN_DIR:\${PATH}" <<'EOF'
import json, os, sys
mode, path, gonb, raw, want_path = sys.argv[1:]
try:
    spec = json.load(open(path))
except (OSError, ValueError):
    sys.exit(1)
argv = spec.get("argv", [])
has_raw = "-raw_error=true" in argv or "--raw_error=true" in argv
ok = (argv[:3] == [gonb, "--kernel", "{connection_file}"]
      and has_raw == (raw == "1")
      and spec.get("env", {}).get("PATH") == want_path)
if mode == "check":
    sys.exit(0 if ok else 1)
# gonb --install copies itself next to kernel.json when its binary is under
# /tmp or a cache folder (GOPATH there); point back to the installed one,
# which install.sh keeps up to date, and drop the copies.
if argv and argv[0] != gonb:
    kernel_dir = os.path.dirname(os.path.abspath(path))
    for old in (os.path.join(kernel_dir, "gonb"), os.path.join(kernel_dir, "gonb~")):
        if os.path.abspath(argv[0]) == old or old.endswith("~"):
            try:
                os.remove(old)
            except OSError:
                pass
    argv[0] = gonb
spec["argv"] = argv
spec.setdefault("env", {})["PATH"] = want_path
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
EOF
}

step_kernel() {
	find_python
	KERNEL_JSON="$(gonb_kernel_dir)/kernel.json"
	if [ "$FORCE" = 0 ] && kernel_spec check; then
		say "GoNB kernel: already registered ($KERNEL_JSON)"
		return 0
	fi
	say "GoNB kernel: registering with Jupyter (gonb --install)"
	local raw=false force_deps=()
	[ "$RAW_ERROR" = 0 ] || raw=true
	# gonb --install refuses to register unless goimports and gopls are on PATH;
	# without gopls (--headless) cells still run, only completion is missing.
	if [ ! -x "$GOBIN_DIR/gopls" ] && ! command -v gopls >/dev/null 2>&1; then
		force_deps=(--force_deps)
	fi
	run_logged "$WORK/gonb-install.log" env PATH="$GOROOT_BIN:$GOBIN_DIR:$PATH" \
		"$GOBIN_DIR/gonb" --install --raw_error="$raw" ${force_deps[@]+"${force_deps[@]}"} ||
		die "gonb --install failed (output above)."
	kernel_spec patch || die "could not update $KERNEL_JSON"
	kernel_spec check || die "$KERNEL_JSON does not hold the expected settings after patching."
	info "kernel.json: argv[0]=$GOBIN_DIR/gonb, env PATH=$GOROOT_BIN:$GOBIN_DIR:\${PATH}, raw errors: $raw"
	CHANGED=1
}

# The classic Notebook's editor theme paints an arrow on every tab character
# (.cm-s-ipython span.cm-tab), and gofmt indents Go with tabs: every line of a
# lesson would start with arrows. A marked block appended to the user's
# custom.css (the Notebook loads it on every page) turns the arrows off; the
# rest of the file is kept, and the block is added once.
step_editor_css() {
	[ "$NO_UI" = 0 ] || return 0
	local dir css
	dir=$("$JUPYTER" --config-dir 2>/dev/null) || { warn "jupyter --config-dir failed: Go tabs will show as arrows in the editor"; return 0; }
	css="$dir/custom/custom.css"
	if [ -f "$css" ] && grep -q 'sdlessons: Go tabs' "$css"; then
		say "editor: Go tabs already shown as plain indentation ($css)"
		return 0
	fi
	mkdir -p "$dir/custom"
	cat >>"$css" <<'EOF'
/* sdlessons: Go tabs. gofmt indents Go with tabs; show them as plain indentation, without the arrow the editor theme draws on each. */
.cm-s-ipython span.cm-tab { background: none; }
/* end sdlessons */
EOF
	say "editor: Go tabs shown as plain indentation, not arrows ($css)"
}

step_smoke() {
	local stamp_dir="${XDG_CACHE_HOME:-$HOME/.cache}/sdlessons-kernel-setup"
	local stamp="$stamp_dir/smoke.ok" fingerprint
	# Whatever could change the outcome: the tools, the kernel spec, Jupyter
	# and the notebook itself.
	fingerprint=$(
		printf '%s\n' "$GO_VERSION" "$JUPYTER"
		cat "$KERNEL_JSON" "$KERNEL_SETUP_DIR/smoke.ipynb"
		ls -ln "$GOBIN_DIR/gonb"
	)
	fingerprint=$(printf '%s' "$fingerprint" | cksum)
	if [ "$FORCE" = 0 ] && [ "$CHANGED" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
		say "smoke test: passed before with this setup, skipped (--force runs it again)"
		return 0
	fi
	say "smoke test: running kernel-setup/smoke.ipynb headless (a cold Go build cache adds 10-20 s)"
	local t
	t=$(now_s)
	if ! "$KERNEL_SETUP_DIR/run-notebooks.sh" -o "$WORK/smoke" "$KERNEL_SETUP_DIR/smoke.ipynb" >"$WORK/smoke.log" 2>&1; then
		sed 's/^/    | /' "$WORK/smoke.log" >&2
		die "the smoke notebook failed (output above). See 'Troubleshooting' in kernel-setup/README.md."
	fi
	"$PYTHON" - "$WORK/smoke/smoke.ipynb" <<'EOF' || die "the smoke notebook ran, but its outputs are not the expected ones (see above)."
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
text, html = "", ""
for cell in nb.cells:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text += out.get("text", "")
        html += out.get("data", {}).get("text/html", "")
problems = []
if "sum of 1..10 = 55" not in text:
    problems.append("missing printed line 'sum of 1..10 = 55'; got: %r" % text)
if 'id="gonb-smoke"' not in html:
    problems.append("missing the HTML output of gonbui.DisplayHTML")
for p in problems:
    print("    " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
	mkdir -p "$stamp_dir"
	printf '%s\n' "$fingerprint" >"$stamp"
	info "passed in $(elapsed "$t") s: Go code ran and HTML output reached the notebook"
}

step_go
step_jupyter
step_tools
step_kernel
step_editor_css
step_smoke
say "GoNB kernel ready ($(elapsed "$T0") s)."
[ "$NO_UI" = 1 ] || info "Start the notebook server on lessons/ with: make lessons"
