#!/usr/bin/env bash
# `mandatectl export` of the ingested corpus is a calendar that real clients
# read: ical.js (Thunderbird's parser) and python3-icalendar parse it without
# an error and count as many events as the database holds occurrences (plus
# one submission-deadline event per report deadline); the events read as
# promised (all-day, DTEND exclusive, URL, CATEGORIES, STATUS, alarms); two
# exports of an unchanged database differ only in DTSTAMP.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ ! -f "$corpus/A-HRC-RES-51-34.txt" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
if [ ! -d "$MANDATE_SRCDIR/tests/js/node_modules/ical.js" ]; then
	echo "skip: ical.js is not installed (scripts/install-deps --test)"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2023-05-01 MANDATE_USER=tester
PY=/usr/bin/python3
JS="$MANDATE_SRCDIR/tests/js/parse-ics.js"
CHECK="$MANDATE_SRCDIR/tests/system/ics-check.py"
"$MANDATECTL" ingest "$corpus"/*.txt >/dev/null 2>&1 || true # a few are not resolutions
# unfold FILE: the lines of an iCalendar file with its folds undone.
unfold() {
	"$PY" -c 'import sys; sys.stdout.write(open(sys.argv[1], newline="").read().replace("\r\n ", ""))' "$1"
}

# The number of events the database says a full export holds.
expected=$("$PY" - "$MANDATE_DB" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT COUNT(*) + COUNT(oc.deadline) FROM occurrences oc"
                 " JOIN obligations o ON o.id = oc.obligation_id"
                 " WHERE o.status != 'dismissed'").fetchone()[0])
PYEOF
)
[ "$expected" -gt 50 ]

"$MANDATECTL" export --now 2023-05-01T12:00:00Z -o "$tmp/a.ics"
[ "$(node "$JS" "$tmp/a.ics")" = "$expected" ]
[ "$("$PY" "$CHECK" "$tmp/a.ics")" = "$expected" ]
# Both parsers read the same text, dates, status and sequence for every event.
node "$JS" "$tmp/a.ics" --json >"$tmp/js.json"
"$PY" "$CHECK" "$tmp/a.ics" --json >"$tmp/py.json"
cmp "$tmp/js.json" "$tmp/py.json"

# Lines end in CRLF and hold at most 75 octets.
"$PY" - "$tmp/a.ics" <<'PYEOF'
import sys
data = open(sys.argv[1], "rb").read()
assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
lines = data.split(b"\r\n")[:-1]
assert all(len(l) <= 75 and b"\r" not in l and b"\n" not in l for l in lines)
for l in lines:
    l.decode("utf-8")  # no character split by a fold
for want in (b"METHOD:PUBLISH", b"NAME:UN mandates", b"X-WR-CALNAME:UN mandates",
             b"REFRESH-INTERVAL;VALUE=DURATION:PT1H", b"X-PUBLISHED-TTL:PT1H"):
    assert want in lines, want
assert any(l.startswith(b"PRODID:") for l in lines)
assert any(l.startswith(b"DESCRIPTION:Obligations") for l in lines)
assert any(l.startswith(b"X-WR-CALDESC:Obligations") for l in lines)
PYEOF

# The report of 51/34 OP 13: the session (DTEND the day after it closes) and
# its submission deadline, as a person would write them.
"$PY" - "$tmp/a.ics" <<'PYEOF'
import icalendar, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = {str(e["UID"]): e for e in cal.walk("VEVENT")}
r = ev["A-HRC-RES-51-34.op13.report.0.0@mandate"]
assert str(r["DTSTART"].to_ical(), "ascii") == "20230619" and r["DTSTART"].params["VALUE"] == "DATE"
assert str(r["DTEND"].to_ical(), "ascii") == "20230715", r["DTEND"].to_ical()
s = str(r["SUMMARY"])
assert s.startswith("HRC 53: report of the High Commissioner on ") and s.endswith("(res. 51/34, OP 13)"), s
d = str(r["DESCRIPTION"])
assert "Also requests the High Commissioner to present a report" in d, d
assert "Enhancement of technical cooperation" in d and "session dates" in d, d
assert str(r["URL"]) == "https://undocs.org/A/HRC/RES/51/34"
cats = [str(c) for p in (r["CATEGORIES"] if isinstance(r["CATEGORIES"], list) else [r["CATEGORIES"]]) for c in p.cats]
assert {"HRC", "report", "High Commissioner"} <= set(cats), cats
assert str(r["STATUS"]) == "CONFIRMED" and int(r["SEQUENCE"]) == 0 and "LAST-MODIFIED" in r
alarms = [a for a in r.subcomponents if a.name == "VALARM"]
assert sorted(str(a["TRIGGER"].to_ical(), "ascii") for a in alarms) == ["-P14D", "-P1D"]
sub = ev["A-HRC-RES-51-34.op13.report.0.0.submission@mandate"]
assert str(sub["DTSTART"].to_ical(), "ascii") == "20230410" and str(sub["DTEND"].to_ical(), "ascii") == "20230411"
assert str(sub["SUMMARY"]).startswith("Submission deadline for HRC 53: report of the High Commissioner")
# before HRC 53: a one-day event on the eve of the session
m = ev["A-HRC-RES-51-34.op11.meeting.0.0@mandate"]
assert (str(m["DTSTART"].to_ical(), "ascii"), str(m["DTEND"].to_ical(), "ascii")) == ("20230618", "20230619")
assert str(m["SUMMARY"]).startswith("Before HRC 53: ")
# projected sessions are tentative
assert any(str(e["STATUS"]) == "TENTATIVE" for e in ev.values())
# a recurring report (34/35 OP 3, at each session): one event per occurrence,
# each with its own UID and its own dates
rec = [u for u in ev if u.startswith("A-HRC-RES-34-35.op3.report.0.") and "submission" not in u]
assert len(rec) >= 3 and "A-HRC-RES-34-35.op3.report.0.0@mandate" in rec, rec
assert len({ev[u]["DTSTART"].to_ical() for u in rec}) == len(rec)
print("ok")
PYEOF

# Two exports of an unchanged database: identical but for DTSTAMP.
"$MANDATECTL" export --now 2024-01-02T03:04:05Z >"$tmp/b.ics"
if cmp -s "$tmp/a.ics" "$tmp/b.ics"; then echo "DTSTAMP did not follow --now"; exit 1; fi
diff <(grep -v '^DTSTAMP:' "$tmp/a.ics") <(grep -v '^DTSTAMP:' "$tmp/b.ics")
[ "$(grep -c '^DTSTAMP:20240102T030405Z' "$tmp/b.ics")" = "$expected" ]
MANDATE_NOW=2023-05-01T12:00:00Z "$MANDATECTL" export | cmp - "$tmp/a.ics"

# Alarms: switched off, or other leads.
"$MANDATECTL" export --alarms none --now 2023-05-01T12:00:00Z >"$tmp/c.ics"
if grep -q VALARM "$tmp/c.ics"; then echo "--alarms none left an alarm"; exit 1; fi
"$MANDATECTL" export --alarms 7 --now 2023-05-01T12:00:00Z >"$tmp/d.ics"
grep -q '^TRIGGER:-P7D' "$tmp/d.ics"
if grep -q '^TRIGGER:-P14D' "$tmp/d.ics"; then echo "--alarms 7 kept the default lead"; exit 1; fi

# Filters: the feed says what it holds, and holds only that.
"$MANDATECTL" export --body HRC --kind report --now 2023-05-01T12:00:00Z >"$tmp/e.ics"
unfold "$tmp/e.ics" | grep -q '^X-WR-CALDESC:.*organ HRC; kind report'

n_hrc=$("$PY" "$CHECK" "$tmp/e.ics")
[ "$n_hrc" -gt 0 ] && [ "$n_hrc" -lt "$expected" ]
# --body is the document's organ or the due's: an HRC resolution's report to
# the General Assembly is in, a GA resolution's report to the GA is not.
"$PY" - "$tmp/e.ics" <<'PYEOF'
import sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
evs = list(cal.walk("VEVENT"))
assert evs
for ev in evs:
    uid = str(ev["UID"])
    prop = ev.get("CATEGORIES", [])
    cats = [str(c) for p in (prop if isinstance(prop, list) else [prop]) for c in p.cats]
    assert uid.startswith("A-HRC-") or "HRC" in cats, (uid, cats)
PYEOF
"$MANDATECTL" export --symbol A/HRC/RES/51/34 --from 2023-06-01 --to 2023-12-31 \
	--now 2023-05-01T12:00:00Z >"$tmp/f.ics"
[ "$(node "$JS" "$tmp/f.ics")" -gt 0 ]
if grep -q '^UID:' <(grep '^UID:' "$tmp/f.ics" | grep -v '^UID:A-HRC-RES-51-34\.'); then echo "--symbol let another document in"; exit 1; fi

# Usage errors: a message, status 2.
for bad in "--alarms soon" "--status closed" "--from 2023-13-01" "--kind party" "--grace -1" \
	"--now yesterday"; do
	status=0
	# shellcheck disable=SC2086
	"$MANDATECTL" export $bad >/dev/null 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] || { echo "export $bad: status $status"; exit 1; }
	grep -q "^mandatectl" "$tmp/err"
done
"$MANDATECTL" export --help | grep -q "iCalendar"
echo "ok"
