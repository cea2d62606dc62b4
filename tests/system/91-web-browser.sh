#!/usr/bin/env bash
# The web pages in a real browser: headless Chromium against mandated on
# loopback, with the shared corpus (or, without it, the examples) stored.
#   - the home page lists every open obligation mandatectl upcoming lists;
#   - a filter (organ and kind, as the form sends them) narrows the table;
#   - the subscribe block's address serves a feed ical.js parses, the
#     webcal:// link and the download name the same feed, and the copy
#     button appears (the script ran under the Content-Security-Policy);
#   - the page of A/HRC/RES/51/34 marks OP 13's request with its due;
#   - a document whose title and text hold <script> shows them as text.
# Screenshots (desktop, phone, print as PDF) go to $MANDATE_BUILDDIR/screenshots/.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2023-05-01

chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
	echo "skip: no chromium (scripts/install-deps --test installs it)"
	exit 0
fi
shots="$MANDATE_BUILDDIR/screenshots"
mkdir -p "$shots"
rm -f "$shots"/*.png "$shots"/*.pdf

# Chromium offline: no sandbox (root), no GPU, a fresh profile, nothing fetched
# but the page; every run bounded in time.
chrome() {
	HOME="$tmp" timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-dev-shm-usage --disable-extensions --hide-scrollbars \
		--user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chrome.log"
}
dump() { chrome --virtual-time-budget=2000 --dump-dom "$base$1" >"$tmp/$2.html" || fail "chromium could not load $1"; }
shot() { chrome --virtual-time-budget=2000 --window-size="$3" --screenshot="$shots/$2.png" "$base$1" >/dev/null || fail "no screenshot of $1"; }
dom() { "$PY" "$MANDATE_SRCDIR/tests/browser/dom.py" "$tmp/$1.html" ${2:+"$2"}; }

# The corpus when it is there; always a document whose text carries markup.
corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ -d "$corpus" ]; then
	"$MANDATECTL" ingest "$corpus"/*.txt >/dev/null 2>&1 || [ $? -eq 1 ] || fail "ingest of the corpus"
	doc=A/HRC/RES/51/34 op=op13 due="at its fifty-third session"
else
	echo "note: no shared corpus at $corpus; the examples stand in"
	"$MANDATECTL" ingest "$MANDATE_SRCDIR"/examples/*.txt >/dev/null || fail "ingest of the examples"
	doc=A/HRC/RES/61/99 op=op3 due="at its sixty-fourth session"
fi
sed -e 's|61/99\. Example resolution on access to public libraries|61/98. Example on <script>alert("title")</script> \& <b>libraries</b>|' \
	-e 's|present a report on access to public libraries|present a report on <script>document.title="pwned"</script> libraries|' \
	"$MANDATE_SRCDIR/examples/example-hrc-panel.txt" >"$tmp/markup.txt"
"$MANDATECTL" ingest "$tmp/markup.txt" >/dev/null || fail "ingest of the document with markup"
"$MANDATECTL" upcoming --within 100y --format json >"$tmp/all.json"
"$MANDATECTL" upcoming --within 100y --body HRC --kind report --format json >"$tmp/hrc.json"

write_conf
start_daemon

# 1. The home page lists what mandatectl lists, in the same order.
dump / home
dom home >"$tmp/home.json"
"$PY" - "$tmp/home.json" "$tmp/all.json" "$doc" <<'PYEOF' || fail "the home page"
import json, sys
page, want, doc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
rows = page["rows"]
assert len(want) <= 500, len(want)
assert page["count"] == len(rows) == len(want), (page["count"], len(rows), len(want))
assert [r[3].split(",")[0] for r in rows] == [w["symbol"] for w in want], "not the same obligations"
assert any(r[3].startswith(doc + ",") for r in rows), doc
est = [w for w in want if w["estimated"]]
assert sum("estimated" in r[1] for r in rows) == len(est), "estimated dates not marked"
print("home:", len(rows), "rows,", len(est), "estimated")
PYEOF

# 2. A filter narrows the table: the form's fields, sent as the form sends them.
grep -q '<select id="f-body" name="body">' "$tmp/home.html" || fail "no organ filter"
grep -q '<select id="f-kind" name="kind">' "$tmp/home.html" || fail "no kind filter"
dump "/?body=HRC&actor=&kind=report&within=all&q=" hrc
dom hrc >"$tmp/hrc-page.json"
"$PY" - "$tmp/hrc-page.json" "$tmp/hrc.json" "$tmp/home.json" <<'PYEOF' || fail "the filtered page"
import json, sys
page, want, home = (json.load(open(p)) for p in sys.argv[1:4])
rows = page["rows"]
assert 0 < len(rows) < len(home["rows"]), (len(rows), len(home["rows"]))
assert len(rows) == len(want), (len(rows), len(want))
assert all("report" in r[2] for r in rows), [r[2] for r in rows]
assert page["copy_hidden"] is False, "the copy button stayed hidden: web.js did not run"
assert page["webcal"] == "webcal://" + page["feed_url"].split("://", 1)[1], page
assert page["feed_url"].endswith(page["download"]), page
assert page["download"] == "/feeds/HRC.ics?kind=report", page["download"]
print("filter: %d of %d rows; feed %s" % (len(rows), len(home["rows"]), page["feed_url"]))
PYEOF

# 3. The subscribe address serves a feed that ical.js reads.
feed_url=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["feed_url"])' "$tmp/hrc-page.json")
case "$feed_url" in "$base"/*) ;; *) fail "feed URL $feed_url is not on $base" ;; esac
curl -sf --max-time 10 "$feed_url" -o "$tmp/hrc.ics" || fail "GET $feed_url"
grep -q '^BEGIN:VCALENDAR' "$tmp/hrc.ics" || fail "not a calendar: $feed_url"
if [ -d "$MANDATE_SRCDIR/tests/js/node_modules/ical.js" ]; then
	events=$(node "$MANDATE_SRCDIR/tests/js/parse-ics.js" "$tmp/hrc.ics") || fail "ical.js refused $feed_url"
	[ "$events" -gt 0 ] || fail "ical.js read no event from $feed_url"
	echo "subscribe: ical.js read $events events"
else
	echo "note: ical.js is not installed (scripts/install-deps --test); feed not parsed"
fi

# 4. The resolution's page: the request of the paragraph marked, its due in bold.
dump "/documents/$doc" doc
dom doc "$op" >"$tmp/doc.json"
"$PY" - "$tmp/doc.json" "$due" <<'PYEOF' || fail "the page of $doc"
import json, sys
page, due = json.load(open(sys.argv[1])), sys.argv[2]
assert page["marks"], "no request marked in the paragraph"
assert due in page["dues"], page["dues"]
assert any(due in m["text"] and "date from:" in (m["title"] or "") for m in page["marks"]), page["marks"]
print("document: %d marks, due %r" % (len(page["marks"]), due))
PYEOF

# 5. Markup in a document is text.
dump "/documents/A/HRC/RES/61/98" markup
dom markup op3 >"$tmp/markup.json"
"$PY" - "$tmp/markup.json" <<'PYEOF' || fail "markup in a document"
import json, sys
page = json.load(open(sys.argv[1]))
assert page["scripts"] == ["/static/web.js"], page["scripts"]
assert '<script>alert("title")</script> & <b>libraries</b>' in page["h1"], page["h1"]
assert '<script>document.title="pwned"</script>' in page["paragraph"], page["paragraph"]
print("markup: shown as text")
PYEOF
grep -q '<title>A/HRC/RES/61/98 · mandate</title>' "$tmp/markup.html" || fail "the page title changed"

# Screenshots: desktop, a phone, print.  (A screenshot scrolled to a fragment
# comes out half blank in headless Chromium: whole pages, tall windows.)
shot / home-desktop 1280,1400
shot / home-phone 390,1600
shot "/?body=HRC&kind=report" filtered 1280,1200
shot "/documents/$doc" document 1280,4000
shot "/documents/$doc" document-phone 390,2400
shot "/documents/A/HRC/RES/61/98" markup 1280,2000
shot /sessions sessions 1280,1400
chrome --virtual-time-budget=2000 --no-pdf-header-footer --print-to-pdf="$shots/document-print.pdf" \
	"$base/documents/$doc" >/dev/null || fail "no PDF of $doc"
for f in home-desktop home-phone filtered document document-phone markup sessions; do
	[ -s "$shots/$f.png" ] || fail "no screenshot $f"
done
echo "screenshots in $shots"
stop_daemon
