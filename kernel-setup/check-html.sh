#!/usr/bin/env bash
# Checks in headless Chromium that the charts of exported pages drew: every
# chart container (div.sdmodel-chart) must hold a drawn SVG with data marks,
# and the page must log no JavaScript errors. Usage: check-html.sh DIR_OR_FILES...
set -euo pipefail

command -v chromium >/dev/null 2>&1 || { echo "check-html: chromium not found (apt-get install chromium)" >&2; exit 2; }
[ $# -gt 0 ] || { echo "usage: $(basename "$0") DIR_OR_HTML..." >&2; exit 2; }

pages=()
for a in "$@"; do
	if [ -d "$a" ]; then
		while IFS= read -r f; do pages+=("$f"); done < <(find "$a" -maxdepth 1 -name '*.html' | sort)
	else
		pages+=("$a")
	fi
done
[ ${#pages[@]} -gt 0 ] || { echo "check-html: no HTML pages in $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for page in "${pages[@]}"; do
	abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--user-data-dir="$tmp/profile" --window-size=1200,900 --virtual-time-budget=15000 \
		--enable-logging=stderr --v=0 --dump-dom "file://$abs" >"$tmp/dom.html" 2>"$tmp/log.txt" || true
	errors=$(grep -E 'CONSOLE.*(Uncaught|Error)|:ERROR:CONSOLE' "$tmp/log.txt" | grep -v 'favicon' || true)
	report=$(/usr/bin/python3 - "$tmp/dom.html" <<'PY'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []      # open tags; chart containers marked
        self.charts = []     # [id, svg seen, marks]
        self.cur = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "sdmodel-chart" in (a.get("class") or "").split():
            self.cur = [a.get("id", "?"), 0, 0]
            self.charts.append(self.cur)
            self.stack.append("chart")
            return
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        self.stack.append(tag)
        if self.cur is not None and "chart" in self.stack:
            if tag == "svg":
                self.cur[1] = 1
            if tag in ("path", "circle", "rect", "polyline", "polygon"):
                self.cur[2] += 1
    def handle_startendtag(self, tag, attrs):
        if self.cur is not None and "chart" in self.stack and tag in ("path", "circle", "rect", "polyline", "polygon"):
            self.cur[2] += 1
    def handle_endtag(self, tag):
        while self.stack:
            t = self.stack.pop()
            if t == "chart":
                self.cur = None
                break
            if t == tag:
                break

p = P()
p.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
bad = [c for c in p.charts if not c[1] or c[2] < 5]
print(f"{len(p.charts)} charts, {len(bad)} blank")
for c in bad:
    print(f"  blank chart {c[0]} (svg: {bool(c[1])}, marks: {c[2]})")
sys.exit(1 if bad else 0)
PY
	) && ok=1 || ok=0
	if [ "$ok" = 1 ] && [ -z "$errors" ]; then
		echo "ok    $(basename "$page"): $report"
	else
		failed=$((failed + 1))
		echo "FAIL  $(basename "$page"): $report"
		[ -z "$errors" ] || echo "$errors" | head -5 | sed 's/^/  console: /'
	fi
done
echo "pages: $(( ${#pages[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
