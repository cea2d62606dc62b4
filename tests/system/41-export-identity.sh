#!/usr/bin/env bash
# Feed identity: UIDs survive re-ingest, corrections and a move to another
# machine; SEQUENCE and LAST-MODIFIED change on exactly the events whose
# content changed: a corrected resolution, a session's new dates, a
# dismissal (kept as CANCELLED for the grace period) and a done mark.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ ! -f "$corpus/A-HRC-RES-51-34.txt" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2023-05-01 MANDATE_USER=tester
export MANDATE_NOW=2023-05-01T12:00:00Z
PY=/usr/bin/python3
CHECK="$MANDATE_SRCDIR/tests/system/ics-check.py"
docs=("$corpus/A-HRC-RES-51-34.txt" "$corpus/A-HRC-RES-34-35.txt" "$corpus/A-RES-80-209.txt")
mkdir "$tmp/docs"
cp "${docs[@]}" "$tmp/docs/"
"$MANDATECTL" ingest "$tmp/docs" >/dev/null

# feed NAME: export and read it into NAME.json (one event per line, by UID).
feed() {
	"$MANDATECTL" export -o "$tmp/$1.ics" "${@:2}"
	"$PY" "$CHECK" "$tmp/$1.ics" --json >"$tmp/$1.json"
}

# compare OLD NEW EXPECT: the events in both have the same UIDs; those whose
# content changed are exactly those whose SEQUENCE went up (by one) and
# whose LAST-MODIFIED moved, and there are EXPECT of them ("some": at least
# one).  Prints their UIDs.
compare() {
	"$PY" - "$tmp/$1.json" "$tmp/$2.json" "$3" <<'PYEOF'
import json, sys
old = {e["uid"]: e for e in map(json.loads, open(sys.argv[1]))}
new = {e["uid"]: e for e in map(json.loads, open(sys.argv[2]))}
assert set(old) == set(new), (set(old) ^ set(new))
content = ("summary", "description", "start", "end", "status")
changed = {u for u in old if any(old[u][k] != new[u][k] for k in content)}
bumped = {u for u in old if new[u]["sequence"] != old[u]["sequence"]}
assert changed == bumped, ("changed but not bumped", changed - bumped, "bumped but same", bumped - changed)
assert all(new[u]["sequence"] == old[u]["sequence"] + 1 for u in bumped)
moved = {u for u in old if new[u]["last_modified"] != old[u]["last_modified"]}
assert moved == bumped, (moved ^ bumped)
want = sys.argv[3]
assert (len(changed) > 0) if want == "some" else len(changed) == int(want), (want, sorted(changed))
print(" ".join(sorted(changed)))
PYEOF
}

# vevent NAME UID: the event's lines in NAME.ics, folds undone.
vevent() {
	"$PY" - "$tmp/$1.ics" "$2" <<'PYEOF'
import sys
data = open(sys.argv[1], newline="").read().replace("\r\n ", "")
i = data.index("\r\nUID:%s\r\n" % sys.argv[2])
start, end = data.rindex("BEGIN:VEVENT", 0, i), data.index("END:VEVENT", i)
sys.stdout.write(data[start:end].replace("\r\n", "\n"))
PYEOF
}

feed a
# Another machine ingesting the same documents gives the same UIDs.
MANDATE_DB="$tmp/other.db" "$MANDATECTL" ingest "${docs[2]}" "${docs[0]}" "${docs[1]}" >/dev/null
MANDATE_DB="$tmp/other.db" "$MANDATECTL" export -o "$tmp/other.ics"
diff <(grep '^UID:' "$tmp/a.ics" | sort) <(grep '^UID:' "$tmp/other.ics" | sort)

# The same text again: nothing changes.
"$MANDATECTL" ingest "$tmp/docs" >/dev/null
feed b
compare a b 0 >/dev/null
cmp "$tmp/a.ics" "$tmp/b.ics"

# A corrected text: OP 13's report (and the dialogue on it) moves from HRC 53
# to HRC 54.  Their events and the report's submission deadline change,
# nothing else does, and every UID stays.
sed -i 's/present a report to the Human Rights Council at its fifty-third session/present a report to the Human Rights Council at its fifty-fourth session/' \
	"$tmp/docs/A-HRC-RES-51-34.txt"
export MANDATE_NOW=2023-05-02T12:00:00Z # LAST-MODIFIED is the time of the change
"$MANDATECTL" ingest "$tmp/docs" >/dev/null
feed c
[ "$(compare b c 3)" = "A-HRC-RES-51-34.op13.meeting.0.0@mandate A-HRC-RES-51-34.op13.report.0.0.submission@mandate A-HRC-RES-51-34.op13.report.0.0@mandate" ]

# A session moves: exactly the events at or before HRC 54 change.
export MANDATE_NOW=2023-05-03T12:00:00Z
"$MANDATECTL" sessions set HRC 54 2023-09-18 2023-10-13 >/dev/null
feed d
changed=$(compare c d some)
for uid in $changed; do
	grep -A8 "^UID:$uid" "$tmp/d.ics" | grep -q "HRC 54" || { echo "$uid changed"; exit 1; }
done

# Dismissed: CANCELLED (struck through) with a new SEQUENCE; gone after the grace period.
id_of() {
	"$MANDATECTL" upcoming --from 2000-01-01 --within 100y --status all --format json |
		"$PY" -c 'import json,sys
p, k = int(sys.argv[1]), sys.argv[2]
print([i["id"] for i in json.load(sys.stdin) if i["symbol"] == "A/HRC/RES/51/34" and i["paragraph"] == p and i["kind"] == k][0])' "$1" "$2"
}
export MANDATE_NOW=2023-05-04T12:00:00Z
"$MANDATECTL" dismiss "$(id_of 12 webcast)" >/dev/null
feed e
[ "$(compare d e 1)" = "A-HRC-RES-51-34.op12.webcast.0.0@mandate" ]
vevent e A-HRC-RES-51-34.op12.webcast.0.0@mandate >"$tmp/ev"
grep -q '^STATUS:CANCELLED' "$tmp/ev" && grep -q '^SUMMARY:Dismissed: ' "$tmp/ev"
if grep -q VALARM "$tmp/ev"; then echo "an alarm on a dismissed obligation"; exit 1; fi
feed f --today 2023-07-01
if grep -q '^UID:A-HRC-RES-51-34.op12.webcast' "$tmp/f.ics"; then echo "a dismissed obligation kept its event past the grace period"; exit 1; fi
feed g --grace 90 --today 2023-07-01
grep -q '^UID:A-HRC-RES-51-34.op12.webcast' "$tmp/g.ics"

# Done: kept, marked, no alarms; --status open leaves it out.
export MANDATE_NOW=2023-05-05T12:00:00Z
"$MANDATECTL" done "$(id_of 11 meeting)" --by A/HRC/53/22 >/dev/null
feed h
[ "$(compare e h 1)" = "A-HRC-RES-51-34.op11.meeting.0.0@mandate" ]
vevent h A-HRC-RES-51-34.op11.meeting.0.0@mandate >"$tmp/ev"
grep -q '^SUMMARY:Done: ' "$tmp/ev" && grep -q '^X-MANDATE-STATUS:DONE' "$tmp/ev"
grep -q 'Done by A/HRC/53/22' "$tmp/ev"
if grep -q VALARM "$tmp/ev"; then echo "an alarm on a done obligation"; exit 1; fi
feed i --status open
if grep -q '^UID:A-HRC-RES-51-34.op11.meeting' "$tmp/i.ics"; then echo "--status open kept a done obligation"; exit 1; fi
grep -q '^UID:A-HRC-RES-51-34.op12.webcast' "$tmp/i.ics" # dismissed: still struck through

# A correction by staff changes the event, not its UID.
export MANDATE_NOW=2023-05-06T12:00:00Z
"$MANDATECTL" fix "$(id_of 13 report)" --actor "Office of the High Commissioner" >/dev/null
feed j
[ "$(compare h j some)" != "" ]
grep -q '^UID:A-HRC-RES-51-34.op13.report.0.0@mandate' "$tmp/j.ics"
echo "ok"
