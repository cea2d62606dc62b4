#!/usr/bin/env bash
# Hostile input: UTF-8 stress cases, NUL bytes, a 1 GiB single line through
# a pipe, deeply nested HTML, a file replaced while it is read
# (tests/robust/hostile-input.sh).
set -eu
: "${MANDATE_SRCDIR:?}"
rounds=60
[ "${MANDATE_SANITIZED:-0}" = 1 ] && rounds=20
exec bash "$MANDATE_SRCDIR/tests/robust/report.sh" 81-hostile-input \
	bash "$MANDATE_SRCDIR/tests/robust/hostile-input.sh" "$rounds"
