#!/usr/bin/env bash
# Allocation failure: the Nth allocation fails, for every N, through
# extraction, JSON, iCalendar and mail rendering, on the examples and some
# of the shared corpus: an error comes back, nothing crashes, nothing leaks
# (tests/robust/failalloc.sh, tests/failalloc/failalloc.c).
set -eu
: "${MANDATE_SRCDIR:?}"
n=12
[ "${MANDATE_SANITIZED:-0}" = 1 ] && n=4
exec bash "$MANDATE_SRCDIR/tests/robust/report.sh" 82-failalloc \
	bash "$MANDATE_SRCDIR/tests/robust/failalloc.sh" "$n"
