#!/usr/bin/env bash
# Hostile input to mandatectl: it must answer every one with exit 0 or 1 and
# one line on stderr, never crash (a signal, a sanitizer report), never
# hang, never hold more memory than the document limit needs.
#
# usage: tests/robust/hostile-input.sh ROUNDS    (env MANDATECTL, MANDATE_SRCDIR)
#   ROUNDS  rounds of the file-replaced-while-read race (default 100)
#
#   utf8      UTF-8 edge cases and malformations (tests/robust/utf8-stress.py):
#             valid ones are read, invalid ones refused as invalid UTF-8,
#             exactly as Python's strict decoder says;
#   nul       NUL bytes at the start, middle and end: refused as binary;
#   1gb-line  a 1 GiB single line on standard input, and through a named
#             pipe to ingest: refused as over the limit after reading about
#             twice the limit, the rest never read; peak memory bounded;
#   html      deeply nested HTML (100 000 <div>, a million unclosed <b>,
#             nested tables and lists): read or refused, no stack overflow;
#   replaced  a file renamed over and rewritten in place while ingest and
#             extract read it: each run ends 0 or 1, the database stays sound.
# Nothing large is written to disk: big inputs come from pipes.
# Prints "TABLE hostile-<case> RUNS FAILURES" lines at the end.
set -u
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
rounds=${1:-100}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
PY=/usr/bin/python3
export MANDATE_TODAY=2024-01-15 MANDATE_USER=test
declare -A runs fails
count() { # count CASE OK(0|1) MESSAGE
	runs[$1]=$((${runs[$1]:-0} + 1))
	fails[$1]=${fails[$1]:-0}
	if [ "$2" -ne 0 ]; then
		fails[$1]=$((${fails[$1]} + 1))
		echo "$1: $3"
	fi
}

# Runs the command with a time limit and reports its peak memory (KiB) in
# $tmp/rss; its exit status (124: killed by the time limit).
cat >"$tmp/limited.py" <<'PYEOF'
import resource, subprocess, sys
try:
    st = subprocess.run(sys.argv[2:], timeout=300).returncode
except subprocess.TimeoutExpired:
    st = 124
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(st if st >= 0 else 128 - st)
PYEOF
limited() { "$PY" "$tmp/limited.py" "$tmp/rss" "$@"; }

# ---- utf8
"$PY" "$MANDATE_SRCDIR/tests/robust/utf8-stress.py" "$tmp/utf8"
while IFS=$'\t' read -r f want; do
	st=0
	"$MANDATECTL" extract --json "$tmp/utf8/$f" >"$tmp/out" 2>"$tmp/err" || st=$?
	if [ "$want" = valid ]; then
		ok=1
		[ "$st" -eq 0 ] && "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null && ok=0
		count utf8 "$ok" "$f: exit $st, $(head -c 200 "$tmp/err")"
	else
		ok=1
		[ "$st" -eq 1 ] && grep -q 'invalid UTF-8' "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok=0
		count utf8 "$ok" "$f: exit $st, $(head -c 200 "$tmp/err")"
	fi
done <"$tmp/utf8/cases.tsv"
# The valid ones stored and exported: the calendar is still one calendar.
st=0
"$MANDATECTL" ingest --db "$tmp/utf8.db" --quiet "$tmp"/utf8/*-valid-*.txt >/dev/null 2>&1 || st=$?
[ "$st" -le 1 ] && "$MANDATECTL" export --db "$tmp/utf8.db" --now 2024-01-15T00:00:00Z \
	-o "$tmp/utf8.ics" 2>"$tmp/err" && st=0 || st=1
if [ "$st" -eq 0 ]; then
	"$PY" - "$tmp/utf8.ics" <<'PYEOF' || st=1
import sys
data = open(sys.argv[1], "rb").read()
data.decode("utf-8")
lines = data.split(b"\r\n")
assert lines[-1] == b"", "no final CRLF"
for l in lines[:-1]:
    assert b"\n" not in l and b"\r" not in l and len(l) <= 75, l
assert data.count(b"BEGIN:VEVENT") == data.count(b"END:VEVENT") > 0
PYEOF
fi
count utf8 "$st" "ingest and export of the valid cases: $(head -c 300 "$tmp/err")"

# ---- nul
base="$MANDATE_SRCDIR/examples/example-hrc-panel.txt"
for where in start middle end; do
	case $where in
	start) { printf '\0'; cat "$base"; } >"$tmp/nul.txt" ;;
	middle) { head -c 500 "$base"; printf 'a\0b'; tail -c +501 "$base"; } >"$tmp/nul.txt" ;;
	end) { cat "$base"; printf '\0'; } >"$tmp/nul.txt" ;;
	esac
	st=0
	"$MANDATECTL" extract "$tmp/nul.txt" >/dev/null 2>"$tmp/err" || st=$?
	ok=1
	[ "$st" -eq 1 ] && grep -q 'binary data' "$tmp/err" && ok=0
	count nul "$ok" "NUL at the $where: exit $st, $(head -c 200 "$tmp/err")"
done

# ---- 1gb-line: 1 GiB of 'a' and no newline, from a pipe
limit_kib=262144
[ "${MANDATE_SANITIZED:-0}" = 1 ] && limit_kib=1048576
st=0
head -c 1073741824 /dev/zero | tr '\0' a | limited "$MANDATECTL" extract - >/dev/null 2>"$tmp/err" || st=$?
rss=$(cat "$tmp/rss")
ok=1
[ "$st" -eq 1 ] && grep -q 'larger than the limit' "$tmp/err" && [ "$rss" -lt "$limit_kib" ] && ok=0
count 1gb-line "$ok" "extract -: exit $st, peak ${rss} KiB, $(head -c 200 "$tmp/err")"
echo "1gb-line: extract - refused with exit $st, peak memory ${rss} KiB: $(cat "$tmp/err")"
mkfifo "$tmp/big.txt"
(head -c 1073741824 /dev/zero | tr '\0' a >"$tmp/big.txt") 2>/dev/null &
st=0
limited "$MANDATECTL" ingest --db "$tmp/big.db" "$tmp/big.txt" >/dev/null 2>"$tmp/err" || st=$?
rss=$(cat "$tmp/rss")
ok=1
[ "$st" -eq 1 ] && grep -q 'larger than the limit' "$tmp/err" && [ "$rss" -lt "$limit_kib" ] && ok=0
count 1gb-line "$ok" "ingest FIFO: exit $st, peak ${rss} KiB, $(head -c 200 "$tmp/err")"
wait 2>/dev/null

# ---- html: deep nesting around a real resolution's paragraphs
"$PY" - "$tmp/html" "$base" <<'PYEOF'
import html, os, sys
out, base = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
os.makedirs(out)
paras = "".join("<p>%s</p>\n" % html.escape(p) for p in base.split("\n\n"))
def w(name, s):
    open(os.path.join(out, name + ".html"), "w").write(s)
w("div-100k", "<!DOCTYPE html><html><body>" + "<div>" * 100000 + paras + "</div>" * 100000 + "</body></html>")
w("b-unclosed-1m", "<html><body>" + paras + "<b>" * 1000000 + "</body></html>")
w("table-20k", "<html><body>" + "<table><tr><td>" * 20000 + paras + "</td></tr></table>" * 20000)
w("list-50k", "<html><body>" + "<ul><li>" * 50000 + paras + "</li></ul>" * 50000)
w("entities", "<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
  "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
  "<html><body>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;" + paras + "</body></html>")
w("comments", "<html><body>" + "<!--" * 100000 + paras + "-->" * 100000)
# 5 000 attributes on one tag: libxml2's HTML parser is quadratic in them,
# and 200 000 (2 MB) take minutes (tests/robust/html-many-attributes.py).
w("attrs", "<html><body><p " + " ".join("a%d=\"x\"" % i for i in range(5000)) + ">" + paras)
PYEOF
for f in "$tmp"/html/*.html; do
	st=0
	limited "$MANDATECTL" extract --json "$f" >/dev/null 2>"$tmp/err" || st=$?
	ok=1
	[ "$st" -le 1 ] && ok=0
	count html "$ok" "$(basename "$f"): exit $st, $(head -c 300 "$tmp/err")"
	echo "html: $(basename "$f"): exit $st $(head -c 120 "$tmp/err")"
done

# ---- replaced: the file changes under the reader
cp "$base" "$tmp/a.txt"
cp "$MANDATE_SRCDIR/examples/example-ga-meeting.txt" "$tmp/b.txt"
cp "$tmp/a.txt" "$tmp/doc.txt"
(
	i=0
	while :; do
		i=$((i + 1))
		if [ $((i % 2)) -eq 0 ]; then
			cp "$tmp/b.txt" "$tmp/doc.new" && mv -f "$tmp/doc.new" "$tmp/doc.txt"
		else
			cat "$tmp/a.txt" >"$tmp/doc.txt" # in place: truncated, then written
		fi
	done
) 2>/dev/null &
writer=$!
for i in $(seq 1 "$rounds"); do
	st=0
	"$MANDATECTL" ingest --db "$tmp/replaced.db" "$tmp/doc.txt" >/dev/null 2>"$tmp/err" || st=$?
	ok=1
	[ "$st" -le 1 ] && ok=0
	count replaced "$ok" "ingest round $i: exit $st, $(head -c 200 "$tmp/err")"
	st=0
	"$MANDATECTL" extract --json "$tmp/doc.txt" >/dev/null 2>"$tmp/err" || st=$?
	ok=1
	[ "$st" -le 1 ] && ok=0
	count replaced "$ok" "extract round $i: exit $st, $(head -c 200 "$tmp/err")"
done
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
ic=$(sqlite3 -batch "$tmp/replaced.db" 'PRAGMA integrity_check' 2>&1)
ok=1
[ "$ic" = ok ] && ok=0
count replaced "$ok" "integrity_check: $ic"

total=0
for c in utf8 nul 1gb-line html replaced; do
	echo "TABLE hostile-$c ${runs[$c]:-0} ${fails[$c]:-0}"
	total=$((total + ${fails[$c]:-0}))
done
[ "$total" -eq 0 ]
