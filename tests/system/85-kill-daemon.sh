#!/usr/bin/env bash
# Crash consistency of the daemon: mandated killed with SIGKILL while it
# ingests a spool backlog, then started again: whole documents, none lost,
# none twice, every file moved once (tests/robust/kill-daemon.sh).
# 10 runs; 5 in the sanitizer build.
set -eu
: "${MANDATE_SRCDIR:?}"
runs=10
[ "${MANDATE_SANITIZED:-0}" = 1 ] && runs=5
exec bash "$MANDATE_SRCDIR/tests/robust/report.sh" 85-kill-daemon \
	bash "$MANDATE_SRCDIR/tests/robust/kill-daemon.sh" "$runs"
