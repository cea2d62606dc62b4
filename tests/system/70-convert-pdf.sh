#!/usr/bin/env bash
# The corpus resolutions laid out as the official PDFs are (reportlab: the
# symbol in the header and the job number and "n/m" in the footer of every
# page, footnotes at the page bottoms under a rule and their numbers in
# superscript in the text; a second set with words broken at line ends, a
# third in two justified columns) and read back through pdftotext: every
# record equals the plain text's, and the scorer's obligation F1 on the PDFs
# is within 0.02 of the F1 on the texts.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
shared="$MANDATE_SRCDIR/../shared"
scorer="$shared/tools/score-extraction"
PY=/usr/bin/python3
if [ ! -d "$shared/corpus" ] || [ ! -f "$scorer" ]; then
	echo "skip: no shared corpus or scorer under $shared"; exit 0
fi
if ! "$PY" -c 'import reportlab' 2>/dev/null || [ ! -x /usr/bin/pdftotext ]; then
	echo "skip: python3-reportlab or poppler-utils not installed"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/pdf" "$tmp/hyph" "$tmp/cols" "$tmp/pred-text" "$tmp/pred-pdf"
layout="$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py"
"$PY" "$layout" pdf "$tmp/pdf" "$shared"/corpus/*.txt
"$PY" "$layout" pdf "$tmp/hyph" --hyphenate "$shared"/corpus/A-RES-7*.txt
"$PY" "$layout" pdf "$tmp/cols" --two-columns "$shared"/corpus/*.txt

# The file name says nothing: a PDF named .txt is still read as a PDF.
cp "$tmp/pdf/A-RES-80-209.pdf" "$tmp/A-RES-80-209.txt"
"$MANDATECTL" extract --json "$tmp/A-RES-80-209.txt" | grep -q '"symbol":"A/RES/80/209"'

: >"$tmp/text.jsonl"; : >"$tmp/pdf.jsonl"; : >"$tmp/cols.jsonl"
: >"$tmp/hyph.jsonl"; : >"$tmp/hyph-text.jsonl"
for txt in "$shared"/corpus/*.txt; do
	name=$(basename "$txt" .txt)
	"$MANDATECTL" extract --json "$txt" | tee -a "$tmp/text.jsonl" >"$tmp/pred-text/$name.json"
	"$MANDATECTL" extract --json "$tmp/pdf/$name.pdf" | tee -a "$tmp/pdf.jsonl" \
		>"$tmp/pred-pdf/$name.json"
	"$MANDATECTL" extract --json "$tmp/cols/$name.pdf" >>"$tmp/cols.jsonl"
	if [ -f "$tmp/hyph/$name.pdf" ]; then
		cat "$tmp/pred-text/$name.json" >>"$tmp/hyph-text.jsonl"
		"$MANDATECTL" extract --json "$tmp/hyph/$name.pdf" >>"$tmp/hyph.jsonl"
	fi
done
"$PY" "$MANDATE_SRCDIR/tests/fixtures/same-records.py" "$tmp/text.jsonl" "$tmp/pdf.jsonl" PDF
"$PY" "$MANDATE_SRCDIR/tests/fixtures/same-records.py" "$tmp/hyph-text.jsonl" "$tmp/hyph.jsonl" \
	"hyphenated PDF"
"$PY" "$MANDATE_SRCDIR/tests/fixtures/same-records.py" "$tmp/text.jsonl" "$tmp/cols.jsonl" \
	"two-column PDF"

# No page furniture, footnote or broken word in what the obligations quote:
# job numbers, rules and footnote text stay out of the paragraphs.
for pdf in "$tmp"/pdf/*.pdf "$tmp"/hyph/*.pdf "$tmp"/cols/*.pdf; do
	"$MANDATECTL" extract --json --all "$pdf"
done >"$tmp/all.jsonl"
"$PY" - "$tmp/all.jsonl" <<'PYEOF'
import json, re, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    for ob in json.loads(line)["obligations"]:
        t, n = ob["text"], n + 1
        assert not re.search(r"\b\d\d-\d{5}\b|__|A/CONF\.157|Supplement No", t), t
        assert not re.search(r"\b[a-z]{2,}- [a-z]", t), t
assert n > 50, n
PYEOF

f1() { "$PY" "$scorer" --gold "$shared/corpus" --pred "$1" | sed -n 's/^F1 \([0-9.]*\) .*/\1/p'; }
text_f1=$(f1 "$tmp/pred-text")
pdf_f1=$(f1 "$tmp/pred-pdf")
echo "obligation F1: text $text_f1, PDF $pdf_f1"
"$PY" -c "import sys; sys.exit(abs($text_f1 - $pdf_f1) > 0.02)" ||
	{ echo "PDF F1 $pdf_f1 is more than 0.02 from the text's $text_f1"; exit 1; }
