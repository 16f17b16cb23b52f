#!/usr/bin/env bash
# Executes Jupyter notebooks headless with the GoNB kernel, one after another,
# and fails when any cell fails. See kernel-setup/README.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<EOF
usage: $(basename "$0") [-o OUTDIR | --in-place] [-x] NOTEBOOK_OR_DIR...

Executes each notebook (a folder means its *.ipynb files, in name order) with
the GoNB kernel and prints how long it took. Exits non-zero if any cell fails,
showing the failing cell and its error.

  (default)     check only: executed copies go to a temporary folder and are
                deleted; the notebooks themselves are never modified
  -o OUTDIR     keep the executed copies in OUTDIR (e.g. for HTML export)
  --in-place    write the outputs back into the notebooks (to refresh the
                outputs saved in the repository) and mark them trusted
  -x            stop at the first failing notebook

Environment:
  NB_TIMEOUT=600    seconds allowed per cell
  NB_RAW_ERROR=1    plain-text Go errors (set 0 to get GoNB's HTML errors)
  Inside the kernel SDLESSONS_HEADLESS=1 is set, so notebooks can skip cells
  that need a live browser (widgets).
EOF
}

OUTDIR=
IN_PLACE=0
FAIL_FAST=0
ARGS=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o | --output-dir)
		[ $# -ge 2 ] || die "$1 needs a folder"
		OUTDIR=$2
		shift 2
		;;
	--in-place) IN_PLACE=1; shift ;;
	-x | --fail-fast) FAIL_FAST=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; ARGS+=("$@"); break ;;
	-*) usage >&2; die "unknown option $1" ;;
	*) ARGS+=("$1"); shift ;;
	esac
done
[ ${#ARGS[@]} -gt 0 ] || { usage >&2; exit 2; }
[ -z "$OUTDIR" ] || [ "$IN_PLACE" = 0 ] || die "use either -o OUTDIR or --in-place, not both"

TIMEOUT=${NB_TIMEOUT:-600}
RAW_ERROR=${NB_RAW_ERROR:-1}

find_go
PATH="$GOROOT_BIN:$GOBIN_DIR:$PATH"
export PATH
find_jupyter
require_kernel
find_python

collect_notebooks "${ARGS[@]}"
# Made even when there is nothing to run, so that a following export finds it.
[ -z "$OUTDIR" ] || mkdir -p "$OUTDIR"
if [ ${#NOTEBOOKS[@]} -eq 0 ]; then
	# An empty lessons folder is not an error (a misspelt one is, above).
	warn "no notebooks found in: ${ARGS[*]}"
	printf 'notebooks: 0 passed, 0 failed\n'
	exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/run-notebooks.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [ "$RAW_ERROR" = 1 ]; then
	# A private copy of the kernel spec that adds --raw_error, found first via
	# JUPYTER_PATH: CI logs get plain-text compiler errors, while the kernel
	# students use keeps GoNB's richer HTML errors.
	mkdir -p "$WORK/jupyter/kernels/gonb"
	"$PYTHON" - "$(gonb_kernel_dir)/kernel.json" "$WORK/jupyter/kernels/gonb/kernel.json" <<'EOF'
import json, sys
spec = json.load(open(sys.argv[1]))
argv = [a for a in spec["argv"] if not a.lstrip("-").startswith("raw_error")]
spec["argv"] = argv + ["--raw_error=true"]
json.dump(spec, open(sys.argv[2], "w"), indent=1)
EOF
	export JUPYTER_PATH="$WORK/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
fi
export SDLESSONS_HEADLESS=1

if [ -n "$OUTDIR" ]; then
	OUTDIR=$(cd "$OUTDIR" && pwd)
	# Executed copies are stored flat by file name: refuse clashes.
	dups=$(for nb in "${NOTEBOOKS[@]}"; do basename "$nb"; done | sort | uniq -d)
	[ -z "$dups" ] || die "two notebooks share a file name, their copies would clash in $OUTDIR: $dups"
fi

failed=()
total_start=$(now_s)
n=0
for nb in "${NOTEBOOKS[@]}"; do
	n=$((n + 1))
	base=$(basename "$nb" .ipynb)
	if [ "$IN_PLACE" = 1 ]; then
		# Written only when every cell ran: a failure never clobbers the notebook.
		dest=(--output "$nb" --trust --keep-metadata)
	elif [ -n "$OUTDIR" ]; then
		# Kept even on failure, to look at what the failing cell printed.
		dest=(--output "$OUTDIR/$base.ipynb" --write-on-error)
	else
		dest=()
	fi
	printf '%-8s %s ' "[$n/${#NOTEBOOKS[@]}]" "$nb"
	start=$(now_s)
	# The kernel's own log lines go to stderr: keep them out of sight unless
	# the run breaks down without a report.
	if "$PYTHON" "$KERNEL_SETUP_DIR/execute.py" "$nb" ${dest[@]+"${dest[@]}"} --timeout "$TIMEOUT" \
		>"$WORK/$n.out" 2>"$WORK/$n.err"; then
		printf 'ok (%s s%s)\n' "$(elapsed "$start")" "$(tail -n1 "$WORK/$n.out" | sed 's/^./; &/')"
	else
		printf 'FAILED (%s s)\n' "$(elapsed "$start")"
		if [ -s "$WORK/$n.out" ]; then
			sed 's/^/    | /' "$WORK/$n.out"
		else
			tail -n 30 "$WORK/$n.err" | sed 's/^/    | /'
		fi
		failed+=("$nb")
		[ "$FAIL_FAST" = 0 ] || break
	fi
done

passed=$((n - ${#failed[@]}))
if [ ${#failed[@]} -gt 0 ]; then
	printf 'failed notebooks:\n'
	printf '  %s\n' "${failed[@]}"
fi
[ -z "$OUTDIR" ] || printf 'executed copies are in %s\n' "$OUTDIR"
# The closing line uses the plain "N passed, N failed" form test summaries use.
printf 'total time %s s\n' "$(elapsed "$total_start")"
skipped=$((${#NOTEBOOKS[@]} - n))
if [ "$skipped" -gt 0 ]; then
	printf 'notebooks: %d passed, %d failed, %d skipped\n' "$passed" "${#failed[@]}" "$skipped"
else
	printf 'notebooks: %d passed, %d failed\n' "$passed" "${#failed[@]}"
fi
[ ${#failed[@]} -eq 0 ]
