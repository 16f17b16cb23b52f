#!/usr/bin/env bash
# Checks the notebook tooling itself against the notebooks in testdata/: a
# passing run, the error reports of failing cells, in-place stability and the
# HTML export. Needs the kernel (install.sh); takes about 15 s warm.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KS=$KERNEL_SETUP_DIR
TD=$KS/testdata
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kernel-selftest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
find_jupyter
find_python

# check NAME CONDITION-COMMAND...: records one named check.
check() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$name"
	else
		failed=$((failed + 1))
		printf 'FAIL  %s\n' "$name"
	fi
}
contains() { grep -qF -- "$2" "$1"; }

# 1. Notebooks that must pass, with executed copies kept: the smoke notebook
#    and one that uses the repository module the way lessons do.
set +e
"$KS/run-notebooks.sh" -o "$WORK/out" "$KS/smoke.ipynb" "$TD/repo-module.ipynb" >"$WORK/pass.log" 2>&1
rc=$?
set -e
check "passing notebooks exit 0" [ "$rc" = 0 ]
check "summary line counts them" contains "$WORK/pass.log" "notebooks: 2 passed, 0 failed"
check "repository module is importable from a notebook" contains "$WORK/out/repo-module.ipynb" "parsed: birth rate * Population"
check "gonbui works through the repository's go.mod" contains "$WORK/out/repo-module.ipynb" 'id=\"repo-module-html\"'
check "SDLESSONS_HEADLESS is set inside the kernel" contains "$WORK/out/repo-module.ipynb" "headless: true"

# 2. Failing notebooks: non-zero exit, and the report shows the real error.
set +e
"$KS/run-notebooks.sh" -o "$WORK/failed" "$TD/compile-error.ipynb" "$TD/panic.ipynb" >"$WORK/fail.log" 2>&1
rc=$?
set -e
check "failing notebooks exit non-zero" [ "$rc" != 0 ]
check "summary line counts failures" contains "$WORK/fail.log" "notebooks: 0 passed, 2 failed"
check "compile error names the cell" contains "$WORK/fail.log" "In [2]:"
check "compile error shows the Go message" contains "$WORK/fail.log" 'cannot use "not a number"'
check "panic shows its message from stderr" contains "$WORK/fail.log" "assignment to entry in nil map"
check "cells after a failure do not run" "$PYTHON" -c '
import sys, nbformat
cells = [c for c in nbformat.read(sys.argv[1], 4).cells if c.cell_type == "code"]
sys.exit(0 if cells[0].outputs and not cells[2].outputs else 1)' "$WORK/failed/compile-error.ipynb"

# 3. Missing input is an error; an empty folder is not.
mkdir -p "$WORK/empty"
check "missing notebook is an error" bash -c "! '$KS/run-notebooks.sh' '$WORK/nope.ipynb' >/dev/null 2>&1"
check "empty folder passes with 0 notebooks" bash -c "'$KS/run-notebooks.sh' '$WORK/empty' 2>/dev/null | grep -qx 'notebooks: 0 passed, 0 failed'"

# 4. --in-place: outputs are saved, and a second run changes nothing.
cp "$KS/smoke.ipynb" "$WORK/inplace.ipynb"
"$KS/run-notebooks.sh" --in-place "$WORK/inplace.ipynb" >/dev/null 2>&1
cp "$WORK/inplace.ipynb" "$WORK/inplace.first"
"$KS/run-notebooks.sh" --in-place "$WORK/inplace.ipynb" >/dev/null 2>&1
check "--in-place saves outputs" contains "$WORK/inplace.ipynb" "sum of 1..10 = 55"
check "--in-place is stable across runs" cmp -s "$WORK/inplace.first" "$WORK/inplace.ipynb"
# A failing notebook is never overwritten.
cp "$TD/panic.ipynb" "$WORK/panic.ipynb"
"$KS/run-notebooks.sh" --in-place "$WORK/panic.ipynb" >/dev/null 2>&1 || true
check "--in-place leaves a failing notebook untouched" cmp -s "$TD/panic.ipynb" "$WORK/panic.ipynb"

# 5. HTML export of the executed copies.
"$KS/export-html.sh" "$WORK/html" "$WORK/out" >"$WORK/html.log" 2>&1 || true
check "HTML export writes one page per notebook" test -f "$WORK/html/smoke.html" -a -f "$WORK/html/repo-module.html"
check "HTML page holds the cell outputs" contains "$WORK/html/smoke.html" 'id="gonb-smoke"'

printf 'selftest: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
