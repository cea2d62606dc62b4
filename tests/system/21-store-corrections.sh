#!/usr/bin/env bash
# People correct the machine: fix, dismiss, done and add survive a corrected
# text of the same symbol, which keeps identity and status, and every output
# marks them.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ ! -f "$corpus/A-HRC-RES-51-34.txt" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2023-05-01 MANDATE_USER=tester
PY=/usr/bin/python3
doc="$tmp/A-HRC-RES-51-34.txt"
cp "$corpus/A-HRC-RES-51-34.txt" "$doc"
"$MANDATECTL" ingest "$doc" >/dev/null

# id_of PARAGRAPH KIND: the obligation's id in `upcoming --status all` JSON.
id_of() {
	"$MANDATECTL" upcoming --within 400d --status all --format json |
		"$PY" -c 'import json,sys
p, k = int(sys.argv[1]), sys.argv[2]
print([i["id"] for i in json.load(sys.stdin) if i["symbol"] == "A/HRC/RES/51/34" and i["paragraph"] == p and i["kind"] == k][0])' "$1" "$2"
}
report=$(id_of 13 report)
meeting=$(id_of 11 meeting)
webcast=$(id_of 12 webcast)

"$MANDATECTL" fix "$meeting" --due "before HRC 54" --actor "OHCHR" >/dev/null
"$MANDATECTL" dismiss "$webcast" --note "a service, not an obligation" >/dev/null
"$MANDATECTL" done "$report" --by A/HRC/53/22 --note "submitted" >/dev/null
added=$("$MANDATECTL" add A/HRC/RES/51/34 --paragraph 14 --kind other --actor States \
	--due "by 2023-06-30" | cut -d: -f1)

# A corrected text: "fifty-third" becomes "fifty-fourth" in the report's paragraph.
sed -i 's/present a report to the Human Rights Council at its fifty-third session/present a report to the Human Rights Council at its fifty-fourth session/' "$doc"
"$MANDATECTL" ingest "$doc" >"$tmp/ingest.out"
grep -q '^A/HRC/RES/51/34 .*: updated' "$tmp/ingest.out"
grep -q "^  ~ $report OP13 report" "$tmp/ingest.out"

"$MANDATECTL" upcoming --within 400d --status all --format json >"$tmp/all.json"
"$PY" - "$tmp/all.json" "$report" "$meeting" "$webcast" "$added" <<'PYEOF'
import json, sys
items = {}
for it in json.load(open(sys.argv[1])):
    items.setdefault(it["id"], it)
report, meeting, webcast, added = map(int, sys.argv[2:6])
r = items[report]
assert r["status"] == "done" and r["done_by"] == "A/HRC/53/22", r
assert r["due"]["session"]["number"] == 54 and r["start"] == "2023-09-11", r
m = items[meeting]
assert m["corrected"] and m["actor"] == "OHCHR" and m["corrected_by"] == "tester", m
assert m["due"]["relation"] == "before" and m["start"] == "2023-09-10", m
assert items[webcast]["status"] == "dismissed" and items[webcast]["corrected"], items[webcast]
a = items[added]
assert a["added"] and a["corrected"] and a["start"] == "2023-06-30", a
print("ok")
PYEOF

# Dismissed and done are hidden from the default listing; the table marks corrections.
"$MANDATECTL" upcoming --within 400d >"$tmp/table.out"
if grep -q "webcast" "$tmp/table.out"; then echo "a dismissed obligation is still listed"; exit 1; fi
grep -q "OHCHR: meeting before HRC 54 \[corrected\]" "$tmp/table.out"
grep -q "\[added\]" "$tmp/table.out"
"$MANDATECTL" show A/HRC/RES/51/34 | grep -q "\[corrected\]"
"$MANDATECTL" reopen "$report" >/dev/null
"$MANDATECTL" upcoming --within 400d | grep -q "High Commissioner: report at HRC 54"
"$MANDATECTL" history "$meeting" | grep -q "tester fix"

# Errors: one line, the documented statuses.
status=0; "$MANDATECTL" done 99999 2>/dev/null || status=$?; [ "$status" -eq 6 ]
status=0; "$MANDATECTL" fix "$meeting" --due "soon" 2>/dev/null || status=$?; [ "$status" -eq 2 ]
status=0; "$MANDATECTL" show A/RES/1/1 2>/dev/null || status=$?; [ "$status" -eq 6 ]
# A number that is not one is a usage error (status 2), never read as 0 or as its digits.
for args in "upcoming --limit x" "search --limit 1x report" "review --limit -1" \
	"history ${meeting}x" "fix ${meeting}abc --kind report" \
	"add --paragraph 0 --due on_2024-01-01 --kind report --actor X A/HRC/RES/51/34" \
	"sessions set HRC 5x 2020-01-01 2020-02-01" "export --grace 5d" "ingest --batch 0 x"; do
	status=0; "$MANDATECTL" ${args//_/ } >"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "^mandatectl .*: .*'" "$tmp/err" ||
		{ echo "$args: exit $status"; cat "$tmp/err"; exit 1; }
done
echo "ok"
