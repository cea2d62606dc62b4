#!/usr/bin/env bash
# mandated under load and abuse, on loopback.
#
# usage: tests/robust/http-abuse.sh SECONDS   (env MANDATECTL, MANDATE_SRCDIR, MANDATE_BUILDDIR)
#
# The daemon serves the shared corpus (connection limits raised so that one
# loopback address may open 1,100).  For SECONDS, wrk holds 1,000
# connections asking for feeds, the API, the web page and /healthz; every
# answer must be 2xx and no socket error may occur.  Meanwhile, from the
# same and another loopback address (tests/robust/http-clients.py):
# clients that go idle mid-header are closed, clients that trickle a byte
# a second do not keep ordinary requests from being answered, oversized
# request targets and headers get 414 and 431, traversal and encoding
# tricks serve nothing from outside, and guessed tokens all get the same
# 404.  Afterwards the daemon is healthy and exits 0 on SIGTERM, with no
# sanitizer report in its log.
# Prints "TABLE http-<check> RUNS FAILURES" lines (for the load, RUNS is
# the number of requests and FAILURES the errors).
set -u
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}" "${MANDATE_BUILDDIR:?}"
secs=${1:-60}
MANDATED="$MANDATE_BUILDDIR/mandated"
PY=/usr/bin/python3
clients="$MANDATE_SRCDIR/tests/robust/http-clients.py"
if [ ! -x "$MANDATED" ]; then echo "skip: no mandated built"; exit 0; fi
if ! command -v wrk >/dev/null; then echo "skip: wrk is not installed"; exit 0; fi
tmp=$(mktemp -d)
daemon_pid=
cleanup() {
	kill $(jobs -p) 2>/dev/null
	[ -n "$daemon_pid" ] && kill -KILL "$daemon_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -n 8192 2>/dev/null || ulimit -n 4096
export MANDATE_TODAY=2023-05-01 MANDATE_USER=test
declare -a table
failures=0
record() { # record CHECK RUNS FAILURES
	table+=("TABLE http-$1 $2 $3")
	failures=$((failures + $3))
}

corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ -d "$corpus" ]; then
	"$MANDATECTL" ingest --db "$tmp/mandate.db" --quiet "$corpus" >/dev/null 2>&1
else
	"$MANDATECTL" ingest --db "$tmp/mandate.db" --quiet "$MANDATE_SRCDIR/examples" >/dev/null 2>&1
fi
token=$("$MANDATECTL" token add --db "$tmp/mandate.db" --label abuse 2>/dev/null |
	sed -n 's|.*/feeds/t/\([0-9a-f]*\)\.ics.*|\1|p')
[ ${#token} -eq 48 ] || { echo "no token made"; exit 1; }
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir "$tmp/spool"
cat >"$tmp/mandated.conf" <<EOF
database $tmp/mandate.db
spool $tmp/spool
listen 127.0.0.1
port $port
http_timeout 2s
max_connections 1200
max_per_ip 1100
EOF
"$MANDATED" -d -f "$tmp/mandated.conf" 2>"$tmp/log" &
daemon_pid=$!
for _ in $(seq 1 100); do
	curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null || {
	echo "mandated did not start"
	cat "$tmp/log"
	exit 1
}

cat >"$tmp/paths.lua" <<'EOF'
local paths = {"/feeds/all.ics", "/feeds/HRC.ics", "/healthz",
               "/api/v1/obligations?body=HRC&limit=50", "/", "/static/web.css"}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, paths[(i % #paths) + 1])
end
EOF
wrk -t2 -c1000 -d"${secs}s" --timeout 30s -s "$tmp/paths.lua" "http://127.0.0.1:$port" \
	>"$tmp/wrk.out" 2>&1 &
wrk_pid=$!
sleep 2

# The abuse, while the load runs.
"$PY" "$clients" "$port" trickle-steady 20 10 >"$tmp/steady.out" 2>&1 &
steady_pid=$!
sleep 1
for check in "bystander 20" "trickle-idle 10 2" oversized traversal "tokens $token 200"; do
	# shellcheck disable=SC2086
	"$PY" "$clients" "$port" $check >"$tmp/check.out" 2>&1
	cat "$tmp/check.out"
	set -- $(tail -n 1 "$tmp/check.out")
	if [ $# -eq 3 ]; then record "$1" "$2" "$3"; else record "${check%% *}" 0 1; fi
done
wait "$steady_pid"
cat "$tmp/steady.out"
set -- $(tail -n 1 "$tmp/steady.out")
if [ $# -eq 3 ]; then record "$1" "$2" "$3"; else record trickle-steady 0 1; fi

wait "$wrk_pid"
cat "$tmp/wrk.out"
served=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$tmp/wrk.out")
errs=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$tmp/wrk.out" |
	awk '{ print $1 + $2 + $3 + $4 }')
non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$tmp/wrk.out")
load_errors=$((${errs:-0} + ${non2xx:-0}))
[ -n "$served" ] || { served=0; load_errors=1; }
record "load-1000" "$served" "$load_errors"

# Still healthy, then a clean stop.
ok=0
curl -sf --max-time 5 "http://127.0.0.1:$port/healthz" >/dev/null && ok=1
kill -TERM "$daemon_pid"
st=0
wait "$daemon_pid" || st=$?
daemon_pid=
if [ "$ok" -ne 1 ] || [ "$st" -ne 0 ] || grep -qE 'Sanitizer|runtime error' "$tmp/log"; then
	echo "after the abuse: healthy=$ok, exit status $st"
	grep -E 'Sanitizer|runtime error' -A5 "$tmp/log" | head -20
	record after 1 1
else
	record after 1 0
fi
echo "http-abuse: $served requests answered under load with $load_errors errors, $failures failures in all"
printf '%s\n' "${table[@]}"
[ "$failures" -eq 0 ]
