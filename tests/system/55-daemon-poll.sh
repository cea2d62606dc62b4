#!/usr/bin/env bash
# Watched URLs: a resolution published on a local web server reaches the
# feed; the next polls are conditional (If-None-Match, answered 304); a
# document over fetch_max_bytes is refused even when the server announces
# no length; a server that is down is logged and the service carries on.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2026-01-15

mkdir -p "$tmp/www"
example "$tmp/www/res.txt"
web=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PY" - "$web" "$tmp/www" "$tmp/requests.log" <<'PYEOF' &
import hashlib, http.server, os, sys
port, root, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    def log_message(self, *a):
        pass
    def do_GET(self):
        with open(log, "a") as f:
            f.write("%s inm=%s\n" % (self.path, self.headers.get("If-None-Match")))
        if self.path == "/big.txt":   # no Content-Length, 64 KiB
            self.send_response(200)
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 1024)
            return
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/res.txt")
            self.end_headers()
            return
        p = os.path.join(root, os.path.basename(self.path))
        if not os.path.isfile(p):
            self.send_error(404)
            return
        body = open(p, "rb").read()
        tag = '"%s"' % hashlib.sha1(body).hexdigest()
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", tag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PYEOF
helper_pids+=($!)
wait_for 5 curl -sf "http://127.0.0.1:$web/res.txt" || fail "test web server"

write_conf "watch http://127.0.0.1:$web/moved" "watch http://127.0.0.1:$web/big.txt" \
	"watch http://127.0.0.1:1/down.txt" "poll_interval 1s" "fetch_max_bytes 16k" \
	"fetch_timeout 5s"
start_daemon
in_feed() { curl -sf "$base/feeds/all.ics" | grep -q 'A-HRC-RES-61-99'; }
wait_for 15 in_feed || fail "the watched document never reached the feed"
conditional() { grep -q '^/res.txt inm="' "$tmp/requests.log"; }
wait_for 15 conditional || fail "no conditional GET after the first fetch"
grep -q "big.txt: more than 16384 bytes" "$tmp/log" || wait_for 5 grep -q "big.txt: more than" "$tmp/log" ||
	fail "the oversized document was not refused"
grep -q "127.0.0.1:1/down.txt" "$tmp/log" || fail "the unreachable URL was not logged"
ls "$tmp/spool/processed" | grep -q 'big' && fail "the oversized document was ingested"
curl -sf "$base/healthz" >/dev/null || fail "not serving"
stop_daemon
echo "ok: watched URLs"
