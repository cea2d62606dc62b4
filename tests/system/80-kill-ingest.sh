#!/usr/bin/env bash
# Crash consistency: ingests killed with SIGKILL at random points leave a
# sound database where each document is wholly present or absent, and
# ingesting again completes it without duplicates (tests/robust/kill-ingest.sh).
# 50 runs; 20 in the sanitizer build, where each run is slower.
set -eu
: "${MANDATE_SRCDIR:?}"
runs=50
[ "${MANDATE_SANITIZED:-0}" = 1 ] && runs=20
exec bash "$MANDATE_SRCDIR/tests/robust/report.sh" 80-kill-ingest \
	bash "$MANDATE_SRCDIR/tests/robust/kill-ingest.sh" "$runs"
