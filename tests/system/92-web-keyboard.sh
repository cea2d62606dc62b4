#!/usr/bin/env bash
# The web pages used as a person uses them, through Debian's chromium driven
# by playwright-core (tests/browser/interact.js): the keyboard alone reaches
# the skip link and the filters and sends the form, which narrows the table;
# the copy button puts the feed's address on the clipboard; with JavaScript
# off, on a phone's width, the page lists, filters and links the feed; no
# Content-Security-Policy violation or script error.  Full-page screenshots
# (pw-*.png) go to $MANDATE_BUILDDIR/screenshots/.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2023-05-01

if ! command -v chromium >/dev/null || ! command -v node >/dev/null ||
	[ ! -d "$MANDATE_SRCDIR/tests/browser/node_modules/playwright-core" ]; then
	echo "skip: chromium, node or playwright-core missing (scripts/install-deps --test installs them)"
	exit 0
fi
shots="$MANDATE_BUILDDIR/screenshots"
mkdir -p "$shots"
rm -f "$shots"/pw-*.png

corpus="$MANDATE_SRCDIR/../shared/corpus"
if [ -d "$corpus" ]; then
	"$MANDATECTL" ingest "$corpus"/*.txt >/dev/null 2>&1 || [ $? -eq 1 ] || fail "ingest of the corpus"
	doc=A/HRC/RES/51/34
else
	"$MANDATECTL" ingest "$MANDATE_SRCDIR"/examples/*.txt >/dev/null || fail "ingest of the examples"
	doc=A/HRC/RES/61/99
fi
write_conf
start_daemon
HOME="$tmp" timeout 120 node "$MANDATE_SRCDIR/tests/browser/interact.js" "$base" "$shots" "$doc" ||
	fail "the pages in the browser"
stop_daemon
