#!/usr/bin/env bash
# Two mandatectl processes ingesting into the same new database at once both
# succeed, and the database holds each document once.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
scale="$MANDATE_SRCDIR/../shared/scale"
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_TODAY=2023-05-01
set -- "$corpus"/*.txt
if [ -d "$scale" ]; then set -- "$@" $(ls "$scale"/*.txt | head -150); fi

# Both take every file, in opposite orders, so that they collide on symbols too.
"$MANDATECTL" ingest -q "$@" 2>"$tmp/a.err" & a=$!
"$MANDATECTL" ingest -q $(printf '%s\n' "$@" | tac) 2>"$tmp/b.err" & b=$!
sa=0; wait $a || sa=$?
sb=0; wait $b || sb=$?
# 1 is allowed only for texts that are no resolution (the same in both runs).
for s in "$sa" "$sb"; do [ "$s" -le 1 ] || { cat "$tmp/a.err" "$tmp/b.err"; exit 1; }; done
if grep -Eiq "locked|busy|database" "$tmp/a.err" "$tmp/b.err"; then
	cat "$tmp/a.err" "$tmp/b.err"; exit 1
fi
"$MANDATECTL" ingest "$@" 2>/dev/null | grep -v ': unchanged$' && { echo "not all stored"; exit 1; }
n=$(sqlite3 "$MANDATE_DB" 'SELECT COUNT(*) FROM documents' 2>/dev/null || echo skip)
[ "$n" = skip ] || [ "$n" -gt 0 ]
[ "$(sqlite3 "$MANDATE_DB" 'PRAGMA integrity_check' 2>/dev/null || echo ok)" = ok ]
echo "ok"
