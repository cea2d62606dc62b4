#!/usr/bin/env bash
# PDFs from another writer: a handful of corpus resolutions as bare web
# pages printed to PDF by headless Chromium, which puts the date and the
# title (the symbol) at the top of every page and the file's address and
# "n/m" at the bottom.  Every record equals the plain text's.  Skipped when
# Debian's chromium is not installed (scripts/install-deps --test has it).
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
PY=/usr/bin/python3
CHROMIUM=/usr/bin/chromium
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
if [ ! -x "$CHROMIUM" ] || [ ! -x /usr/bin/pdftotext ]; then
	echo "skip: chromium or poppler-utils not installed"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/html" "$tmp/pdf"
names="A-HRC-RES-51-34 A-HRC-DEC-13-117 A-RES-78-199 A-RES-80-209 A-RES-80-6 S-RES-553-1984"
for n in $names; do echo "$corpus/$n.txt"; done | xargs "$PY" \
	"$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py" html "$tmp/html" --bare
: >"$tmp/text.jsonl"; : >"$tmp/pdf.jsonl"
for n in $names; do
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-extensions --user-data-dir="$tmp/profile" \
		--print-to-pdf="$tmp/pdf/$n.pdf" "file://$tmp/html/$n.html" >/dev/null 2>&1
	[ -s "$tmp/pdf/$n.pdf" ] || { echo "chromium printed no $n.pdf"; exit 1; }
	"$MANDATECTL" extract --json "$corpus/$n.txt" >>"$tmp/text.jsonl"
	"$MANDATECTL" extract --json "$tmp/pdf/$n.pdf" >>"$tmp/pdf.jsonl"
done
"$PY" "$MANDATE_SRCDIR/tests/fixtures/same-records.py" "$tmp/text.jsonl" "$tmp/pdf.jsonl" \
	"Chromium PDF"
