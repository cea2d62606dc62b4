#!/usr/bin/env bash
# The web pages over HTTP, with Python's http.client: content types, the
# Content-Security-Policy, HEAD, 400/404/405, the static files, filters and
# the text search, the subscribe links of a filter (and their feed, read by
# python3-icalendar), a hostile Host header, X-Forwarded-Proto, markup in
# a document, and require_token hiding the pages.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2026-01-15

"$MANDATECTL" ingest "$MANDATE_SRCDIR"/examples/*.txt >/dev/null || fail "ingest of the examples"
sed -e 's|61/99\. Example resolution on access to public libraries|61/98. Example on <script>alert(1)</script> \& "quotes"|' \
	"$MANDATE_SRCDIR/examples/example-hrc-panel.txt" >"$tmp/markup.txt"
"$MANDATECTL" ingest "$tmp/markup.txt" >/dev/null || fail "ingest of the document with markup"
write_conf
start_daemon

"$PY" - "$port" <<'PYEOF' || fail "the web pages over HTTP"
import http.client, sys
from icalendar import Calendar
port = int(sys.argv[1])

def req(method, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r, body.decode("utf-8")

r, home = req("GET", "/")
assert r.status == 200, r.status
assert r.getheader("Content-Type") == "text/html; charset=utf-8", r.getheader("Content-Type")
csp = r.getheader("Content-Security-Policy") or ""
for part in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
    assert part in csp, (part, csp)
assert r.getheader("X-Content-Type-Options") == "nosniff"
assert "A/HRC/RES/61/99" in home, home[:300]
assert '<html lang="en">' in home and '<label for="f-body">' in home
assert "<script>" not in home.replace('<script src="/static/web.js" defer></script>', "")

r, b = req("HEAD", "/")
assert r.status == 200 and b == "", (r.status, b[:40])

for path, ctype in (("/static/web.css", "text/css"), ("/static/web.js", "text/javascript")):
    r, b = req("GET", path)
    assert r.status == 200 and r.getheader("Content-Type").startswith(ctype), (path, r.status)
    assert r.getheader("Cache-Control") == "max-age=3600", r.getheader("Cache-Control")
for path in ("/static/nope.css", "/static/../mandated.conf", "/static/", "/documents/A/HRC/RES/1/1",
             "/documents/", "/sessions/x"):
    r, b = req("GET", path)
    assert r.status == 404, (path, r.status)
for path in ("/?kind=poem", "/?within=soon", "/?body=H-R", "/?actor=" + "a" * 300):
    r, b = req("GET", path)
    assert r.status == 400 and "<h1>Bad filter</h1>" in b, (path, r.status)
r, b = req("POST", "/")
assert r.status == 405, r.status

# Filters narrow; the text search reads the paragraphs.
def rows(page):
    return page.count('<td data-label="Resolution">')
r, hrc = req("GET", "/?body=HRC&kind=report&actor=High+Commissioner")
assert 0 < rows(hrc) < rows(home), (rows(hrc), rows(home))
r, libs = req("GET", "/?q=libraries")
assert 0 < rows(libs) and "61/99" in libs, rows(libs)
r, none = req("GET", "/?q=zzzzqqq")
assert rows(none) == 0 and "Nothing matches" in none
assert "not narrowed by the text search" in libs

# The subscribe block of a filter: webcal, address and download name one feed.
feed = "/feeds/HRC.ics?actor=High%20Commissioner&amp;kind=report"
assert 'href="webcal://127.0.0.1:%d%s"' % (port, feed) in hrc, hrc
assert 'value="http://127.0.0.1:%d%s"' % (port, feed) in hrc
assert 'href="%s" download="mandate.ics"' % feed in hrc
r, ics = req("GET", feed.replace("&amp;", "&"))
assert r.status == 200, r.status
events = [e for e in Calendar.from_ical(ics).walk("VEVENT")]
assert events and all("HRC" in str(e.get("SUMMARY")) for e in events), len(events)

# A Host header that is no host name is not echoed; a proxy's https is.
r, b = req("GET", "/", {"Host": 'evil"><script>x'})
assert "webcal://localhost/feeds/all.ics" in b and "evil" not in b
r, b = req("GET", "/", {"Host": "mandate.example.org", "X-Forwarded-Proto": "https"})
assert 'value="https://mandate.example.org/feeds/all.ics"' in b

# Markup in a document is text.
r, b = req("GET", "/documents/A/HRC/RES/61/98")
assert r.status == 200, r.status
assert "Example on &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in b
assert "<script>alert" not in b
r, b = req("GET", "/sessions?body=HRC")
assert r.status == 200 and '<td data-label="Organ">HRC</td>' in b
assert '<span class="est">estimated</span>' in b
print("web pages ok")
PYEOF
stop_daemon

# With require_token the pages are hidden like the public feeds; the static files are not.
write_conf "require_token yes"
start_daemon
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 404 ] || fail "/ served with require_token"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/documents/A/HRC/RES/61/99")" = 404 ] ||
	fail "a document page served with require_token"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/static/web.css")" = 200 ] || fail "/static with require_token"
stop_daemon
echo "90-web-pages: ok"
