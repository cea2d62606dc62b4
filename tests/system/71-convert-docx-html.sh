#!/usr/bin/env bash
# The corpus resolutions as Word documents (python-docx: the symbol in the
# page header, the job number and a page field in the footer, the footnotes
# as Word footnotes referenced in the text, heading lines broken within their
# paragraphs) and as web pages (navigation, banner,
# scripts, styles and footer around the text): every record equals the
# plain text's.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
PY=/usr/bin/python3
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
layout="$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py"
same="$MANDATE_SRCDIR/tests/fixtures/same-records.py"
formats=html
if "$PY" -c 'import docx' 2>/dev/null; then
	formats="docx html"
else
	echo "python3-docx not installed: web pages only"
fi
for txt in "$corpus"/*.txt; do
	"$MANDATECTL" extract --json "$txt"
done >"$tmp/text.jsonl"
for fmt in $formats; do
	mkdir "$tmp/$fmt"
	"$PY" "$layout" "$fmt" "$tmp/$fmt" "$corpus"/*.txt
	for txt in "$corpus"/*.txt; do
		"$MANDATECTL" extract --json "$tmp/$fmt/$(basename "$txt" .txt).$fmt"
	done >"$tmp/$fmt.jsonl"
	"$PY" "$same" "$tmp/text.jsonl" "$tmp/$fmt.jsonl" "$fmt"
done
