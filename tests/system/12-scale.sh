#!/usr/bin/env bash
# The reader on real General Assembly resolutions at scale: a deterministic
# sample of ../shared/scale (every 9th file in name order, about 100; all of
# them with MANDATE_SCALE_ALL=1), one mandatectl process per file under a
# 20-second timeout.  A file may be refused (exit 1, one line on stderr) but
# never crash, hang or trip a sanitizer; every record printed is JSON.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
scale="$MANDATE_SRCDIR/../shared/scale"
if [ ! -d "$scale" ]; then
	echo "skip: no scale set at $scale"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step=9
[ "${MANDATE_SCALE_ALL:-0}" = 1 ] && step=1
find "$scale" -maxdepth 1 -name '*.txt' | LC_ALL=C sort |
	awk -v step="$step" '(NR - 1) % step == 0' >"$tmp/sample"

ok=0 refused=0 bad=0 total=0 start=$SECONDS
while IFS= read -r f; do
	total=$((total + 1))
	status=0
	timeout 20 "$MANDATECTL" extract --json "$f" >>"$tmp/out" 2>"$tmp/err" || status=$?
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
		echo "FAIL: $f: sanitizer report"; cat "$tmp/err"; bad=$((bad + 1))
	elif [ "$status" -eq 124 ]; then
		echo "FAIL: $f: timed out after 20 s"; bad=$((bad + 1))
	elif [ "$status" -eq 0 ]; then
		ok=$((ok + 1))
	elif [ "$status" -eq 1 ]; then
		refused=$((refused + 1)); echo "refused: $(cat "$tmp/err")"
	else
		echo "FAIL: $f: exit $status"; cat "$tmp/err"; bad=$((bad + 1))
	fi
done <"$tmp/sample"

[ "$total" -gt 0 ] || { echo "FAIL: no files in $scale"; exit 1; }
/usr/bin/python3 -c '
import json, sys
recs = [json.loads(line) for line in open(sys.argv[1])]
assert len(recs) == int(sys.argv[2]), (len(recs), sys.argv[2])
obs = sum(len(r["obligations"]) for r in recs)
print("records %d, obligations %d, without symbol %d" %
      (len(recs), obs, sum(1 for r in recs if not r["symbol"])))
' "$tmp/out" "$ok"
echo "files $total: read $ok, refused $refused, failed $bad in $((SECONDS - start)) s"
[ "$bad" -eq 0 ]
