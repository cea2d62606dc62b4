#!/usr/bin/env bash
# Text that tries to break a calendar: a resolution with CRLF line ends,
# paragraphs holding "END:VEVENT", "END:VCALENDAR", "BEGIN:VEVENT", commas,
# semicolons, backslashes and colons, and lines of several kilobytes of
# 2-, 3- and 4-octet UTF-8.  Exported, it still gives the same events in
# ical.js and python3-icalendar, as many as the database holds, with the
# paragraph's text intact in each.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
if [ ! -d "$MANDATE_SRCDIR/tests/js/node_modules/ical.js" ]; then
	echo "skip: ical.js is not installed (scripts/install-deps --test)"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2026-04-03 MANDATE_USER=tester
export MANDATE_NOW=2026-04-03T10:00:00Z
PY=/usr/bin/python3
JS="$MANDATE_SRCDIR/tests/js/parse-ics.js"
CHECK="$MANDATE_SRCDIR/tests/system/ics-check.py"

# The example resolution, its paragraphs made hostile, with CRLF line ends.
"$PY" - "$MANDATE_SRCDIR/examples/example-hrc-panel.txt" "$tmp/A-HRC-RES-61-98.txt" <<'PYEOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read().replace("61/99.", "61/98.")
long_utf8 = " ".join(["\u00e9t\u00e9", "\u20ac", "\u0645\u0643\u062a\u0628\u0629", "\u56fe\u4e66\u9986",
                      "\U0001d11e\U0001f4da"] * 120)
unbroken = "\u00e9\u20ac\U0001f4da" * 300  # no space to fold at
text = text.replace(
    "on access to public libraries;",
    "on access to public libraries END:VEVENT END:VCALENDAR BEGIN:VEVENT UID:evil; "
    "costs, in \\ dollars: 1,000; " + long_utf8 + ";")
text = text.replace(
    "to be followed by an interactive dialogue;",
    "to be followed by an interactive dialogue " + unbroken + " END:VCALENDAR;")
open(sys.argv[2], "w", encoding="utf-8", newline="\r\n").write(text)
PYEOF
grep -q $'\r$' "$tmp/A-HRC-RES-61-98.txt"
"$MANDATECTL" ingest "$tmp/A-HRC-RES-61-98.txt" >/dev/null

expected=$("$PY" - "$MANDATE_DB" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT COUNT(*) + COUNT(deadline) FROM occurrences").fetchone()[0])
PYEOF
)
[ "$expected" -ge 3 ]

"$MANDATECTL" export -o "$tmp/a.ics"
[ "$(node "$JS" "$tmp/a.ics")" = "$expected" ]
[ "$("$PY" "$CHECK" "$tmp/a.ics")" = "$expected" ]
node "$JS" "$tmp/a.ics" --json >"$tmp/js.json"
"$PY" "$CHECK" "$tmp/a.ics" --json >"$tmp/py.json"
cmp "$tmp/js.json" "$tmp/py.json"
[ "$(grep -c '^END:VEVENT' "$tmp/a.ics")" = "$expected" ]
[ "$(grep -c '^END:VCALENDAR' "$tmp/a.ics")" = 1 ]
if grep -q '^UID:evil' "$tmp/a.ics"; then echo "a UID taken from the document"; exit 1; fi

# Every physical line: CRLF, at most 75 octets, whole UTF-8 characters; and
# the parsers got the paragraphs back whole.
"$PY" - "$tmp/a.ics" "$tmp/js.json" <<'PYEOF'
import json, sys
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\r\n")
assert lines[-1] == b""
for l in lines[:-1]:
    assert len(l) <= 75 and b"\r" not in l and b"\n" not in l, l
    l.decode("utf-8")
events = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
op1 = [e for e in events if ".op1." in e["uid"]]
op3 = [e for e in events if ".op3.report" in e["uid"]]
assert op1 and op3, [e["uid"] for e in events]
d = op1[0]["description"]
assert "END:VEVENT END:VCALENDAR BEGIN:VEVENT UID:evil; costs, in \\ dollars: 1,000; " in d, d[:300]
assert " ".join(["\u00e9t\u00e9", "\u20ac", "\u0645\u0643\u062a\u0628\u0629", "\u56fe\u4e66\u9986",
                 "\U0001d11e\U0001f4da"] * 120) in d
assert ("\u00e9\u20ac\U0001f4da" * 300 + " END:VCALENDAR;") in op3[0]["description"]
print("ok")
PYEOF
echo "ok"
