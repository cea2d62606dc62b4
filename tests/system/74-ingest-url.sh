#!/usr/bin/env bash
# mandatectl ingest URL against a local HTTP server on a loopback port: a PDF
# and a web page are downloaded, read and stored with the URL as their
# source; a redirect is followed; a redirect loop, a redirect to file://, a
# 404, a body over the 8 MiB cap (announced or not) are clear errors that
# store nothing.  Only 127.0.0.1 is ever contacted.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
PY=/usr/bin/python3
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
if ! "$PY" -c 'import reportlab' 2>/dev/null || [ ! -x /usr/bin/pdftotext ]; then
	echo "skip: python3-reportlab or poppler-utils not installed"; exit 0
fi
tmp=$(mktemp -d)
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export no_proxy=127.0.0.1 MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2025-12-20 MANDATE_USER=test
mkdir "$tmp/docs"
"$PY" "$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py" pdf "$tmp/docs" \
	"$corpus/A-RES-80-209.txt"
"$PY" "$MANDATE_SRCDIR/tests/fixtures/layout-resolution.py" html "$tmp/docs" \
	"$corpus/A-RES-79-12.txt"

"$PY" - "$tmp/docs" "$tmp/port" >"$tmp/server.log" 2>&1 <<'PYEOF' &
import http.server, os, sys

root, portfile = sys.argv[1], sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p.startswith("/docs/") and os.path.isfile(os.path.join(root, p[6:])):
            data = open(os.path.join(root, p[6:]), "rb").read()
            self.send(200, data, [("Content-Length", str(len(data)))])
        elif p == "/redirect":
            self.send(302, headers=[("Location", "/docs/A-RES-80-209.pdf")])
        elif p == "/loop":
            self.send(302, headers=[("Location", "/loop")])
        elif p == "/to-file":
            self.send(302, headers=[("Location", "file:///etc/passwd")])
        elif p == "/big-announced":
            self.send(200, b"x" * 1024, [("Content-Length", str(9 << 20))])
        elif p == "/big":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(9 * 16):
                    self.wfile.write(b"A" * 65536)
            except OSError:
                pass
        else:
            self.send(404, b"not found")

    def log_message(self, *a):
        pass

srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
PYEOF
server=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { cat "$tmp/server.log"; echo "the test server did not start"; exit 1; }
base="http://127.0.0.1:$(cat "$tmp/port")"

count() { sqlite3 "$MANDATE_DB" 'SELECT count(*) FROM documents'; }

# Bad answers first: each a line on stderr, exit 1, nothing stored.
for path in /loop /to-file /missing /big-announced /big; do
	status=0
	"$MANDATECTL" ingest "$base$path" >"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 1 ] || { cat "$tmp/err"; echo "$path: exit $status, want 1"; exit 1; }
	grep -q "$base$path" "$tmp/err" || { cat "$tmp/err"; echo "$path: error names no URL"; exit 1; }
	case $path in
	/loop) grep -qi 'redirect' "$tmp/err" ;;
	/to-file) grep -qi 'protocol\|not supported\|disabled' "$tmp/err" ;;
	/missing) grep -q '404' "$tmp/err" ;;
	/big*) grep -q 'larger than the limit' "$tmp/err" ;;
	esac || { cat "$tmp/err"; echo "$path: unclear error"; exit 1; }
	cat "$tmp/err" >&2
	[ ! -f "$MANDATE_DB" ] || [ "$(count)" -eq 0 ] || { echo "$path: something stored"; exit 1; }
done

# A PDF through a redirect, and a web page: stored with their URLs.
"$MANDATECTL" ingest "$base/redirect" "$base/docs/A-RES-79-12.html" >"$tmp/out"
grep -q "^A/RES/80/209 ($base/redirect): new" "$tmp/out" || { cat "$tmp/out"; exit 1; }
grep -q "^A/RES/79/12 ($base/docs/A-RES-79-12.html): new" "$tmp/out" || { cat "$tmp/out"; exit 1; }
"$MANDATECTL" show A/RES/80/209 | grep -q "read from $base/redirect"
"$MANDATECTL" show A/RES/79/12 | grep -q "read from $base/docs/A-RES-79-12.html"
[ "$(count)" -eq 2 ]

echo "ingest URL: PDF and web page stored with their URLs; bad answers refused"
