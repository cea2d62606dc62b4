#!/usr/bin/env bash
# A session's dates change: every affected obligation is resolved again and
# the change is recorded; import reads the TSV format of data/sessions.tsv.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ ! -f "$corpus/A-HRC-RES-51-34.txt" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2023-05-01 MANDATE_USER=tester
PY=/usr/bin/python3
"$MANDATECTL" ingest "$corpus/A-HRC-RES-51-34.txt" >/dev/null
"$MANDATECTL" sessions list --body HRC | grep -q "^HRC	53	2023-06-19	2023-07-14	"

"$MANDATECTL" sessions set HRC 53 2023-06-26 2023-07-21 >"$tmp/set.out"
grep -Eq "^HRC 53 set; [1-9][0-9]* obligations? resolved again" "$tmp/set.out"
"$MANDATECTL" sessions list --body HRC | grep -q "^HRC	53	2023-06-26	2023-07-21	set$"
"$MANDATECTL" upcoming --within 90d --symbol A/HRC/RES/51/34 --format json |
	"$PY" -c 'import json,sys
items = json.load(sys.stdin)
rep = [i for i in items if i["kind"] == "report"][0]
assert (rep["start"], rep["end"], rep["deadline"]) == ("2023-06-26", "2023-07-21", "2023-04-17"), rep
met = [i for i in items if i["kind"] == "meeting" and i["paragraph"] == 11][0]
assert met["start"] == "2023-06-25", met'
"$MANDATECTL" history | grep -q "tester session: HRC 53: 2023-06-26 to 2023-07-21"
"$MANDATECTL" history | grep -q "tester resolve A/HRC/RES/51/34"

printf 'body\tnumber\tstart\tend\tstatus\nHRC\t53\t2023-06-19\t2023-07-14\tannounced\n' >"$tmp/s.tsv"
"$MANDATECTL" sessions import "$tmp/s.tsv" | grep -Eq "^1 sessions imported; [1-9]"
"$MANDATECTL" upcoming --within 90d --symbol A/HRC/RES/51/34 | grep -q "2023-06-19 2023-07-14"
# Setting the same dates again moves nothing.
"$MANDATECTL" sessions import "$tmp/s.tsv" | grep -q "; 0 obligations resolved again"

status=0; "$MANDATECTL" sessions set HRC 53 2023-07-14 2023-06-19 2>/dev/null || status=$?
[ "$status" -eq 2 ]
printf 'body\tnumber\tstart\tend\nHRC\tx\t2023\t\n' >"$tmp/bad.tsv"
status=0; "$MANDATECTL" sessions import "$tmp/bad.tsv" 2>"$tmp/err" || status=$?
[ "$status" -ne 0 ] && grep -q "bad.tsv" "$tmp/err"
echo "ok"
