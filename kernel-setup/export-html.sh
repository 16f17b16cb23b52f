#!/usr/bin/env bash
# Exports executed notebooks to standalone HTML pages. See kernel-setup/README.md.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<EOF
usage: $(basename "$0") [--images-from DIR] [--cdn] OUTDIR NOTEBOOK_OR_DIR...

Writes OUTDIR/NAME.html for each notebook (a folder means its *.ipynb files).
Export executed copies, made with: run-notebooks.sh -o DIR NOTEBOOKS...
Images that Markdown cells link to are embedded in the page. Links to other
notebooks exported alongside point at their pages; with --images-from DIR, the
guide DIR/README.md is exported too (README.html) and links to it and to other
files of the repository are rewritten to work from OUTDIR.

  --images-from DIR  folder that relative image links start from (default: the
                     notebook's own folder; pass the original lessons/ folder
                     when exporting executed copies kept elsewhere)
  --cdn              load MathJax and RequireJS from a public CDN, for pages
                     published on the web (default: the copies installed with
                     Jupyter, which work offline on this machine)
EOF
}

IMAGES_FROM=
CDN=0
ARGS=()
while [ $# -gt 0 ]; do
	case "$1" in
	--images-from)
		[ $# -ge 2 ] || die "$1 needs a folder"
		IMAGES_FROM=$2
		shift 2
		;;
	--cdn) CDN=1; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; die "unknown option $1" ;;
	*) ARGS+=("$1"); shift ;;
	esac
done
[ ${#ARGS[@]} -ge 2 ] || { usage >&2; exit 2; }
OUTDIR=${ARGS[0]}
[ -z "$IMAGES_FROM" ] || [ -d "$IMAGES_FROM" ] || die "--images-from: no such folder: $IMAGES_FROM"

find_jupyter
find_python
collect_notebooks "${ARGS[@]:1}"
if [ ${#NOTEBOOKS[@]} -eq 0 ]; then
	# Like run-notebooks.sh: an empty folder is not an error.
	warn "no notebooks found in: ${ARGS[*]:1}"
	exit 0
fi
mkdir -p "$OUTDIR"

"$PYTHON" - "$OUTDIR" "$IMAGES_FROM" "$CDN" "${NOTEBOOKS[@]}" <<'EOF'
import os, re, sys
import nbformat
from nbconvert import HTMLExporter

outdir, images_from, cdn, paths = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4:]
exporter = HTMLExporter(embed_images=True)
if cdn:
    exporter.mathjax_url = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    exporter.require_js_url = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"
exported = {os.path.splitext(os.path.basename(p))[0] for p in paths}

def source_dir(path):
    """The folder the notebook came from: --images-from or one of its subfolders (lessons/solutions)
    holding a notebook of the same name, else the notebook's own folder."""
    if not images_from:
        return os.path.abspath(os.path.dirname(path))
    root, base = os.path.abspath(images_from), os.path.basename(path)
    for d in [root] + sorted(os.path.join(root, e) for e in os.listdir(root)):
        if os.path.isfile(os.path.join(d, base)):
            return d
    return root

def heading_ids(markdown):
    """Maps each heading's GitHub anchor (#grading-rubric) to the id nbconvert gives it (Grading-rubric)."""
    ids = {}
    for m in re.finditer(r"(?m)^#{1,6} +(.+?) *$", markdown):
        text = m.group(1)
        ids[re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")] = text.replace(" ", "-")
    return ids

# The instructor's guide (README.md next to the lessons) becomes README.html, so that the lessons' links
# to it (the bibliography, the run times, the rubric) work in the exported pages.
guide, guide_ids = None, {}
if images_from and os.path.isfile(os.path.join(images_from, "README.md")):
    guide = os.path.abspath(os.path.join(images_from, "README.md"))
    with open(guide, encoding="utf-8") as f:
        text = f.read()
    guide_ids = heading_ids(text)

def rewrite_links(source, src_dir):
    """Points a Markdown cell's relative links at the exported pages: a notebook exported alongside to its
    .html page, the guide to README.html (its anchors as nbconvert spells them), any other file of the
    repository by a path relative to the output folder."""
    def fix(m):
        target, anchor = m.group(2), m.group(3) or ""
        if re.match(r"^[a-z]+:", target) or not target:
            return m.group(0)
        path = os.path.normpath(os.path.join(src_dir, target))
        name, ext = os.path.splitext(os.path.basename(path))
        if ext == ".ipynb" and name in exported:
            new = name + ".html"
        elif guide and path == guide:
            new, anchor = "README.html", ("#" + guide_ids.get(anchor[1:], anchor[1:])) if anchor else ""
        elif os.path.exists(path):
            new = os.path.relpath(path, os.path.abspath(outdir))
        else:
            return m.group(0)
        return "%s%s%s)" % (m.group(1), new, anchor)
    return re.sub(r"(\]\()([^)#\s]*)(#[^)\s]*)?\)", fix, source)

failed = 0
if guide:
    page = nbformat.v4.new_notebook()
    page.cells = [nbformat.v4.new_markdown_cell(rewrite_links(text, os.path.dirname(guide)))]
    page.metadata["title"] = "Instructor's guide"
    body, _ = exporter.from_notebook_node(page, resources={"metadata": {"name": "README"}})
    with open(os.path.join(outdir, "README.html"), "w", encoding="utf-8") as f:
        f.write(body)
    print("wrote %s" % os.path.join(outdir, "README.html"), flush=True)
for path in paths:
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    base = os.path.abspath(images_from or os.path.dirname(path))
    src_dir = source_dir(path)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, src_dir)
    not_run = sum(1 for c in nb.cells
                  if c.cell_type == "code" and c.source.strip() and c.get("execution_count") is None)
    if not_run:
        print("warning: %s has %d code cells that never ran; export an executed copy "
              "(run-notebooks.sh -o DIR ...)" % (path, not_run), file=sys.stderr)
    # GoNB reports an empty pygments_lexer, and nbconvert then highlights the
    # Go as Python: use the language's name.
    info = nb.metadata.setdefault("language_info", {})
    if not info.get("pygments_lexer") and info.get("name"):
        info["pygments_lexer"] = info["name"]
    try:
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name, "path": base}})
    except Exception as exc:  # e.g. a Markdown image link to a missing file
        print("error: %s: %s" % (path, exc), file=sys.stderr)
        failed += 1
        continue
    # Look for images in the page's markup only: scripts (the inlined chart
    # library) contain text that looks like <img src=...>.
    markup = re.sub(r"(?s)<script\b.*?</script>", "", body)
    for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', markup):
        if not re.match(r"(data|https?):", src):
            print("warning: %s: image %s was not found from %s, the page links to it instead"
                  % (path, src, base), file=sys.stderr)
    # Go is indented with tabs (gofmt); browsers show a tab as 8 columns.
    body = body.replace("</head>", "<style>pre { tab-size: 4; -moz-tab-size: 4; }</style>\n</head>", 1)
    out = os.path.join(outdir, name + ".html")
    with open(out, "w", encoding="utf-8") as f:
        f.write(body)
    print("wrote %s (%d KB)" % (out, (len(body.encode("utf-8")) + 1023) // 1024), flush=True)
sys.exit(1 if failed else 0)
EOF
