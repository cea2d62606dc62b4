#!/usr/bin/env bash
# The service's life: systemd notifications (READY, RELOADING, STOPPING);
# SIGHUP with a broken configuration keeps serving the old one, with a good
# one applies it without dropping an open connection; a client that stops
# sending its request is cut off by the timeout; SIGTERM exits 0.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"

# A stand-in for systemd's notification socket.
export NOTIFY_SOCKET="$tmp/notify.sock"
"$PY" - "$NOTIFY_SOCKET" "$tmp/notify.log" <<'PYEOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
with open(sys.argv[2], "a") as log:
    while True:
        try:
            msg = s.recv(4096).decode()
        except socket.timeout:
            break
        log.write(msg.replace("\n", " ") + "\n")
        log.flush()
PYEOF
helper_pids+=($!)
wait_for 5 test -S "$NOTIFY_SOCKET" || fail "no notify socket"

write_conf 'feed_name "First name"'
export JOURNAL_STREAM=8:1234 # as under systemd: lines carry their syslog priority
export WATCHDOG_USEC=400000  # WatchdogSec=0.4s: fed every 0.2 s
start_daemon
wait_for 5 grep -q 'READY=1' "$tmp/notify.log" || fail "no READY=1"
fed() { [ "$(grep -c '^WATCHDOG=1' "$tmp/notify.log")" -ge 3 ]; }
wait_for 5 fed || fail "the watchdog is not fed"
curl -sf "$base/feeds/all.ics" | grep -q 'NAME:First name' || fail "feed name"

# A connection held open across the reloads, with a request sent after them.
"$PY" - "$port" "$tmp/held.out" <<'PYEOF' &
import http.client, sys, time
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
c.request("GET", "/healthz", headers={"Connection": "keep-alive"})
r = c.getresponse(); r.read()
time.sleep(1.0)   # the reloads happen meanwhile (http_timeout is 2 s)
c.request("GET", "/healthz")
r = c.getresponse()
open(sys.argv[2], "w").write("%d\n" % r.status)
PYEOF
held=$!
helper_pids+=($held)
sleep 0.2

# A broken file: logged, the running configuration kept, still serving.
cp "$tmp/mandated.conf" "$tmp/good.conf"
echo "colour blue" >>"$tmp/mandated.conf"
kill -HUP "$daemon_pid"
wait_for 5 grep -q "keeping the running configuration" "$tmp/log" || fail "broken reload not logged"
grep -q "^<4>reload: .*mandated.conf:8: unknown directive 'colour'" "$tmp/log" ||
	fail "no warning with file:line in the log"
grep -q "^<6>listening on 127.0.0.1 port $port" "$tmp/log" || fail "no <6> prefix on info lines"
curl -sf "$base/healthz" >/dev/null || fail "not serving after a broken reload"
curl -sf "$base/feeds/all.ics" | grep -q 'NAME:First name' || fail "old config not kept"

# A good file: applied.
sed 's/First name/Second name/' "$tmp/good.conf" >"$tmp/mandated.conf"
kill -HUP "$daemon_pid"
wait_for 5 grep -q "configuration reloaded" "$tmp/log" || fail "reload not logged"
curl -sf "$base/feeds/all.ics" | grep -q 'NAME:Second name' || fail "new feed name not served"
wait "$held" || fail "the held connection failed"
[ "$(cat "$tmp/held.out")" = 200 ] || fail "held connection got $(cat "$tmp/held.out")"
grep -q 'RELOADING=1' "$tmp/notify.log" || fail "no RELOADING=1"

# Slowloris: half a request, then silence; the server hangs up (http_timeout 2s).
"$PY" - "$port" <<'PYEOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
s.settimeout(15)
start = time.monotonic()
try:
    data = s.recv(4096)
except ConnectionResetError:
    data = b""
except socket.timeout:
    sys.exit("FAIL: the slow client was never cut off")
assert data == b"" or b" 408 " in data.split(b"\r\n")[0], data[:80]
print("slowloris cut off")
PYEOF
curl -sf "$base/healthz" >/dev/null || fail "not serving after the slow client"

stop_daemon
wait_for 5 grep -q 'STOPPING=1' "$tmp/notify.log" || fail "no STOPPING=1"
echo "ok: notifications, reloads, timeout, SIGTERM"
