#!/usr/bin/env bash
# The daemon's spool takes what is published: a PDF, a .docx and a web page
# dropped there are stored; an encrypted PDF, a damaged PDF and a .docx zip
# bomb go to failed/ with their reason, and the daemon goes on serving.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2026-01-15
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
if ! "$PY" -c 'import reportlab, docx' 2>/dev/null || [ ! -x /usr/bin/pdftotext ]; then
	echo "skip: python3-reportlab, python3-docx or poppler-utils not installed"; exit 0
fi
layout="$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py"
mkdir "$tmp/docs"
"$PY" "$layout" pdf "$tmp/docs" "$corpus/A-RES-80-209.txt"
"$PY" "$layout" docx "$tmp/docs" "$corpus/A-HRC-RES-51-34.txt"
"$PY" "$layout" html "$tmp/docs" "$corpus/A-RES-79-12.txt"
"$PY" - "$tmp/docs" <<'PYEOF'
import sys, zipfile
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas
out = sys.argv[1]
c = canvas.Canvas(out + "/locked.pdf", encrypt=pdfencrypt.StandardEncryption("secret"))
c.drawString(100, 700, "The General Assembly,")
c.save()
data = open(out + "/A-RES-80-209.pdf", "rb").read()
open(out + "/torn.pdf", "wb").write(data[: len(data) // 3])
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
with zipfile.ZipFile(out + "/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", "<w:document %s><w:body><w:p><w:r><w:t>" % W +
               "a" * (96 << 20) + "</w:t></w:r></w:p></w:body></w:document>")
PYEOF

write_conf
start_daemon
# Names that say nothing of the format: the daemon goes by content.
drop() { cp "$1" "$tmp/spool/.part" && mv "$tmp/spool/.part" "$tmp/spool/$2"; }
drop "$tmp/docs/A-RES-80-209.pdf" ga-80-209
drop "$tmp/docs/A-HRC-RES-51-34.docx" hrc-51-34.bin
drop "$tmp/docs/A-RES-79-12.html" ga-79-12.txt
drop "$tmp/docs/locked.pdf" locked
drop "$tmp/docs/torn.pdf" torn.pdf
drop "$tmp/docs/bomb.docx" bomb.docx
for f in ga-80-209 hrc-51-34.bin ga-79-12.txt; do
	wait_for 30 test -f "$tmp/spool/processed/$f" || fail "$f not ingested"
done
for f in locked torn.pdf bomb.docx; do
	wait_for 30 test -f "$tmp/spool/failed/$f.reason" || fail "$f: no failed/$f.reason"
done
grep -q "encrypted PDF" "$tmp/spool/failed/locked.reason" || fail "$(cat "$tmp/spool/failed/locked.reason")"
grep -q "damaged PDF" "$tmp/spool/failed/torn.pdf.reason" || fail "$(cat "$tmp/spool/failed/torn.pdf.reason")"
grep -q "zip bomb" "$tmp/spool/failed/bomb.docx.reason" || fail "$(cat "$tmp/spool/failed/bomb.docx.reason")"
healthy >/dev/null || fail "not serving after the bad documents"
stop_daemon
"$PY" - "$tmp/mandate.db" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = sorted(r[0] for r in db.execute("SELECT symbol FROM documents"))
assert got == ["A/HRC/RES/51/34", "A/RES/79/12", "A/RES/80/209"], got
PYEOF
echo "spool: PDF, .docx and web page stored; bad documents failed with reasons"
