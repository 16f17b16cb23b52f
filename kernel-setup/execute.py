"""Executes one notebook headless, as `jupyter nbconvert --to notebook --execute`
does (through nbclient, the library nbconvert uses), but when a cell fails it
also shows what that cell printed (a Go panic's message and stack trace go to
stderr, which nbconvert leaves out of its report).

Used by run-notebooks.sh; run with the Python that Jupyter runs on.
Exit status: 0 when every cell ran, 1 when one failed, 2 on bad usage.
"""

import argparse
import copy
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def tail(text, n):
    lines = text.rstrip("\n").splitlines()
    if len(lines) > n:
        lines = ["... (%d lines omitted)" % (len(lines) - n)] + lines[-n:]
    return lines


def failing_cell(nb):
    """Returns (code cell ordinal, cell) of the first cell with an error output."""
    ordinal = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        ordinal += 1
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return ordinal, cell
    return None, None


def report(nb, exc, out):
    ordinal, cell = failing_cell(nb)
    if cell is None:
        # Timeouts and dead kernels leave no error output; their message says it all.
        print(ANSI.sub("", str(exc)).rstrip(), file=out)
        return
    print("In [%d]:" % ordinal, file=out)
    for line in tail(cell.source, 20):
        print("  " + line, file=out)
    printed = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    if printed.strip():
        print("Output:", file=out)
        for line in tail(ANSI.sub("", printed), 40):
            print("  " + line, file=out)
    for o in cell.outputs:
        if o.get("output_type") != "error":
            continue
        print("Error:", file=out)
        lines = ANSI.sub("", "\n".join(o.get("traceback", []))).splitlines()
        if not lines:
            lines = ["%s: %s" % (o.get("ename", ""), o.get("evalue", ""))]
        for line in tail("\n".join(lines), 40):
            print("  " + line, file=out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("notebook")
    p.add_argument("--output", help="where to write the executed notebook (default: nowhere)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    p.add_argument("--kernel", default="gonb", help="kernel to run every notebook with")
    p.add_argument("--write-on-error", action="store_true",
                   help="write --output even when a cell failed (useful for looking at it)")
    p.add_argument("--keep-metadata", action="store_true",
                   help="keep the notebook's own metadata (the kernel would record its Go version,"
                        " which churns saved notebooks from machine to machine)")
    p.add_argument("--trust", action="store_true",
                   help="mark the written notebook trusted, so the classic UI shows its HTML/JS outputs")
    args = p.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    original_metadata = copy.deepcopy(nb.metadata)
    cell_times = {}
    started = {}

    def on_start(cell, cell_index, **_):
        started[cell_index] = time.monotonic()

    def on_done(cell, cell_index, **_):
        cell_times[cell_index] = time.monotonic() - started.get(cell_index, time.monotonic())

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name=args.kernel,
        # Per-cell timestamps would make every re-run rewrite a saved notebook.
        record_timing=False,
        # The kernel starts in the notebook's folder, so GONB_DIR is that folder.
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_start,
        on_cell_executed=on_done,
    )
    ok = True
    try:
        client.execute()
    except Exception as exc:  # CellExecutionError, CellTimeoutError, DeadKernelError, ...
        ok = False
        report(nb, exc, sys.stdout)

    if args.keep_metadata:
        nb.metadata = original_metadata
    if args.output and (ok or args.write_on_error):
        nbformat.write(nb, args.output)
        if args.trust:
            # Same as `jupyter trust`: records the signature in the user's
            # Jupyter data folder; the file itself is not changed.
            from nbformat.sign import NotebookNotary

            NotebookNotary().sign(nb)
    if ok and cell_times:
        # Tell which cell dominates, so slow lessons are easy to speed up.
        index = max(cell_times, key=cell_times.get)
        ordinal = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
        print("slowest cell In [%d]: %.1f s" % (ordinal, cell_times[index]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
