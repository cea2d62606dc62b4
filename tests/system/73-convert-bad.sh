#!/usr/bin/env bash
# Documents that cannot or must not be read: an encrypted PDF, a damaged
# PDF, a PDF with no text, a .docx zip bomb, a zip of thousands of entries,
# a zip that is not a Word document, a Word 97-2003 file.  Each gets one
# clear line on stderr and exit 1 from extract; ingested together with a
# good PDF, only the good one is stored.  (A converter that hangs or floods
# its output is tested in test_convert with a stand-in for pdftotext.)
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
PY=/usr/bin/python3
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
if ! "$PY" -c 'import reportlab' 2>/dev/null || [ ! -x /usr/bin/pdftotext ]; then
	echo "skip: python3-reportlab or poppler-utils not installed"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2025-12-20 MANDATE_USER=test
mkdir "$tmp/bad" "$tmp/good"
"$PY" "$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py" pdf "$tmp/good" \
	"$corpus/A-RES-80-209.txt"
good="$tmp/good/A-RES-80-209.pdf"

"$PY" - "$tmp/bad" "$good" <<'PYEOF'
import sys, zipfile
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

out, good = sys.argv[1], sys.argv[2]
c = canvas.Canvas(out + "/encrypted.pdf",
                  encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
c.drawString(100, 700, "The General Assembly,")
c.save()
c = canvas.Canvas(out + "/no-text.pdf")
c.rect(100, 100, 300, 300, fill=1)
c.save()
data = open(good, "rb").read()
open(out + "/damaged.pdf", "wb").write(data[: len(data) // 3])
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
with zipfile.ZipFile(out + "/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", "<w:document %s><w:body><w:p><w:r><w:t>" % W +
               "a" * (96 << 20) + "</w:t></w:r></w:p></w:body></w:document>")
with zipfile.ZipFile(out + "/entries.docx", "w") as z:
    z.writestr("word/document.xml", "<w:document %s/>" % W)
    for i in range(3000):
        z.writestr("word/media/%d" % i, "")
with zipfile.ZipFile(out + "/book.epub", "w") as z:
    z.writestr("mimetype", "application/epub+zip")
open(out + "/old.doc", "wb").write(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
PYEOF
[ "$(stat -c %s "$tmp/bad/bomb.docx")" -lt 1000000 ]

check() { # FILE MESSAGE
	local status=0
	"$MANDATECTL" extract --json "$1" >"$tmp/out" 2>"$tmp/err" || status=$?
	cat "$tmp/err"
	[ "$status" -eq 1 ] || { echo "$1: exit $status, want 1"; exit 1; }
	[ ! -s "$tmp/out" ] || { echo "$1: a record was printed"; exit 1; }
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || { echo "$1: want one line on stderr"; exit 1; }
	grep -q "$1: .*$2" "$tmp/err" || { echo "$1: message lacks '$2'"; exit 1; }
}
check "$tmp/bad/encrypted.pdf" "encrypted PDF"
check "$tmp/bad/damaged.pdf" "damaged PDF"
check "$tmp/bad/no-text.pdf" "holds no text"
check "$tmp/bad/bomb.docx" "zip bomb"
check "$tmp/bad/entries.docx" "over 1000 entries"
check "$tmp/bad/book.epub" "not a Word document"
check "$tmp/bad/old.doc" "Word 97-2003"

status=0
"$MANDATECTL" ingest "$tmp"/bad/* "$good" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || { cat "$tmp/err"; echo "ingest: exit $status, want 1"; exit 1; }
[ "$(wc -l <"$tmp/err")" -eq 7 ] || { cat "$tmp/err"; echo "ingest: want 7 errors"; exit 1; }
grep -q "^A/RES/80/209 ($good): new" "$tmp/out"
[ "$(sqlite3 "$MANDATE_DB" 'SELECT count(*) FROM documents')" -eq 1 ]
echo "bad documents refused, the good one stored"
