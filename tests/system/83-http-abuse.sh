#!/usr/bin/env bash
# mandated under load and abuse on loopback: wrk with 1,000 connections
# (60 s; 20 s in the sanitizer build) and 0 errors, while slow clients,
# oversized requests, traversal tricks and guessed tokens are answered as
# they should be (tests/robust/http-abuse.sh).
set -eu
: "${MANDATE_SRCDIR:?}"
secs=60
[ "${MANDATE_SANITIZED:-0}" = 1 ] && secs=20
exec bash "$MANDATE_SRCDIR/tests/robust/report.sh" 83-http-abuse \
	bash "$MANDATE_SRCDIR/tests/robust/http-abuse.sh" "$secs"
