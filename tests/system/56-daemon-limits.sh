#!/usr/bin/env bash
# Hostile clients: connections over the per-address limit are refused;
# garbage, NUL bytes, a request line and a header larger than a
# connection's memory, and clients that hang up mid-request never stop the
# service; it answers normally afterwards.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"

write_conf "max_per_ip 2" "max_connections 8" "http_memory 16k"
start_daemon

"$PY" - "$port" <<'PYEOF'
import socket, sys, time
port = int(sys.argv[1])
addr = ("127.0.0.1", port)

def conn():
    s = socket.create_connection(addr, timeout=5)
    return s

# Two idle connections fill this address's quota; a third is refused.
a, b = conn(), conn()
time.sleep(0.2)
c = conn()
try:
    c.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
except OSError:
    pass
try:
    got = c.recv(4096)
except OSError:
    got = b""
assert b"200 OK" not in got, got[:80]
for s in (a, b, c):
    s.close()
time.sleep(0.2)

def raw(data, read=True):
    s = conn()
    try:
        s.sendall(data)
        if read:
            s.shutdown(socket.SHUT_WR)
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
            return out
    except (OSError, socket.timeout):   # reset, broken pipe, not connected: hung up on
        return b""
    finally:
        s.close()
    return b""

for data in (b"\x00\x01\x02garbage\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
             b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
             b"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
             b"GET /feeds/all.ics?kind=%zz HTTP/1.0\r\n\r\n",
             b"GET /feeds/t/" + b"a" * 48 + b".ics\x00 HTTP/1.0\r\n\r\n",
             b"GET /" + b"a" * 40000 + b" HTTP/1.0\r\n\r\n",
             b"GET / HTTP/1.0\r\nX-Big: " + b"b" * 40000 + b"\r\n\r\n",
             b"POST /api/v1/obligations HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b"x" * 5000):
    out = raw(data)
    status = out.split(b"\r\n", 1)[0]
    assert not status.startswith(b"HTTP/1.1 200") or data.startswith(b"GET /healthz"), (data[:40], status)
for data in (b"GET /feeds/all.ics HTTP/1.1\r\nHo", b"GET /api/v1/obl"):
    raw(data, read=False)   # hang up mid-request
print("hostile clients survived")
PYEOF
curl -sf "$base/healthz" >/dev/null || fail "not serving after the hostile clients"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/$(head -c 20000 /dev/zero | tr '\0' a)")
case "$code" in 414 | 431) ;; *) fail "a 20 kB target got $code" ;; esac
stop_daemon
echo "ok: limits and hostile clients"
