#!/usr/bin/env bash
# mandated over HTTP, with curl and Python's http.client: a file dropped in
# the spool appears in the feed within seconds; the feed's headers; 304 on
# a repeated conditional request (If-None-Match, If-Modified-Since); HEAD;
# 400, 404, 405, 414 and 431; the JSON API, and a document in it as
# mandatectl show --json gives it; a change made by mandatectl
# shows in the feed without a restart.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2026-01-15

write_conf
start_daemon

example "$tmp/spool/panel.txt"
in_feed() { curl -sf "$base/feeds/all.ics" | grep -q 'A-HRC-RES-61-99'; }
wait_for 10 in_feed || fail "the dropped file never reached the feed"
[ -f "$tmp/spool/processed/panel.txt" ] || fail "panel.txt not moved to processed/"
curl -sf "$base/feeds/HRC.ics" | grep -q 'BEGIN:VCALENDAR' || fail "/feeds/HRC.ics"
curl -sf "$base/feeds/SC.ics" | grep -q 'A-HRC-RES-61-99' && fail "/feeds/SC.ics holds an HRC event"

"$PY" - "$port" <<'PYEOF'
import http.client, json, sys, time
port = int(sys.argv[1])

def req(method, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r, body

r, body = req("GET", "/feeds/all.ics")
assert r.status == 200, r.status
assert r.getheader("Content-Type") == "text/calendar; charset=utf-8", r.getheader("Content-Type")
etag = r.getheader("ETag")
assert etag and etag.startswith('"') and etag.endswith('"'), etag   # strong: no W/
lm = r.getheader("Last-Modified")
assert lm and lm.endswith(" GMT"), lm
assert "max-age=" in r.getheader("Cache-Control"), r.getheader("Cache-Control")
assert body.startswith(b"BEGIN:VCALENDAR\r\n"), body[:40]
assert int(r.getheader("Content-Length")) == len(body)

# The same feed again: the same bytes, the same validators (rendered once).
r2, body2 = req("GET", "/feeds/all.ics")
assert body2 == body and r2.getheader("ETag") == etag and r2.getheader("Last-Modified") == lm

r, b = req("GET", "/feeds/all.ics", {"If-None-Match": etag})
assert r.status == 304 and b == b"", (r.status, b[:40])
assert r.getheader("ETag") == etag
r, b = req("GET", "/feeds/all.ics", {"If-None-Match": '"other", ' + etag})
assert r.status == 304, r.status
r, b = req("GET", "/feeds/all.ics", {"If-None-Match": '"other"'})
assert r.status == 200 and b == body, r.status
r, b = req("GET", "/feeds/all.ics", {"If-Modified-Since": lm})
assert r.status == 304, r.status
r, b = req("GET", "/feeds/all.ics", {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
assert r.status == 200, r.status

r, b = req("HEAD", "/feeds/all.ics")
assert r.status == 200 and b == b"", (r.status, b[:40])
assert r.getheader("ETag") == etag
assert int(r.getheader("Content-Length")) == len(body), r.getheader("Content-Length")

for method in ("POST", "PUT", "DELETE", "OPTIONS"):
    r, b = req(method, "/feeds/all.ics")
    assert r.status == 405, (method, r.status)
    assert r.getheader("Allow") == "GET, HEAD", r.getheader("Allow")

for path in ("/feeds/", "/feeds/all.txt", "/feeds/H-R.ics", "/feeds/t/abc.ics",
             "/api/v1/documents/A/HRC/RES/1/1", "/etc/passwd", "/feeds/../healthz"):
    r, b = req("GET", path)
    assert r.status == 404, (path, r.status)

for path in ("/feeds/all.ics?colour=blue", "/feeds/all.ics?kind=poem",
             "/feeds/all.ics?from=yesterday", "/api/v1/obligations?within=soon",
             "/api/v1/obligations?status=closed", "/feeds/HRC.ics?body=GA"):
    r, b = req("GET", path)
    assert r.status == 400, (path, r.status)

r, b = req("GET", "/feeds/all.ics?actor=" + "x" * 3000)
assert r.status == 414, r.status
r, b = req("GET", "/healthz", {"X-Filler-%d" % i: "y" * 500 for i in range(20)})
assert r.status == 431, r.status

# The JSON API.
r, b = req("GET", "/api/v1/obligations?within=2y&body=HRC")
assert r.status == 200 and r.getheader("Content-Type") == "application/json"
j = json.loads(b)
assert j["from"] == "2026-01-15" and j["count"] == len(j["obligations"]) > 0, j
assert all(o["symbol"] == "A/HRC/RES/61/99" for o in j["obligations"])
r, b = req("GET", "/api/v1/obligations?within=2y&kind=report&status=all&limit=1")
j = json.loads(b)
assert j["count"] == 1 and j["obligations"][0]["kind"] == "report", j
r, b = req("GET", "/api/v1/documents/A/HRC/RES/61/99")
assert r.status == 200, r.status
d = json.loads(b)
assert d["symbol"] == "A/HRC/RES/61/99" and d["paragraphs"] and d["obligations"], d.keys()
assert "source" not in d
r, b = req("GET", "/api/v1/documents/A%2FHRC%2FRES%2F61%2F99")
assert r.status == 200, r.status
print("http ok")
PYEOF

# The API and mandatectl show --json give a document alike (md_store_doc_json).
curl -sf "$base/api/v1/documents/A/HRC/RES/61/99" >"$tmp/api-doc.json"
"$MANDATECTL" show --json A/HRC/RES/61/99 >"$tmp/cli-doc.json"
"$PY" - "$tmp/api-doc.json" "$tmp/cli-doc.json" <<'PYEOF' || fail "show --json and /api/v1/documents differ"
import json, sys
api, cli = (json.load(open(f)) for f in sys.argv[1:])
assert api == cli, (api.keys(), cli.keys())
assert api["adopted"] == "2026-04-02" and api["obligations"], api
PYEOF

# mandatectl changes the database: the daemon's feed follows, no restart.
etag1=$(curl -sfI "$base/feeds/all.ics" | tr -d '\r' | sed -n 's/^ETag: //Ip')
id=$("$MANDATECTL" upcoming --within 2y --format json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$MANDATECTL" dismiss --note "not ours" "$id" >/dev/null
etag2=$(curl -sfI "$base/feeds/all.ics" | tr -d '\r' | sed -n 's/^ETag: //Ip')
[ -n "$etag1" ] && [ "$etag1" != "$etag2" ] || fail "the feed did not change after dismiss ($etag1)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag1" "$base/feeds/all.ics")
[ "$code" = 200 ] || fail "old ETag still gives $code"

stop_daemon
echo "ok: feeds, conditional requests, errors and the API"
