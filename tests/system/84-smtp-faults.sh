#!/usr/bin/env bash
# SMTP faults beyond the reminders' own tests: a server that stalls (before
# its greeting, at the end of DATA) and one that answers 4xx and then
# accepts, through md_smtp_send and mandatectl notify
# (tests/robust/smtp-faults.sh).
set -eu
: "${MANDATE_SRCDIR:?}"
exec bash "$MANDATE_SRCDIR/tests/robust/report.sh" 84-smtp-faults \
	bash "$MANDATE_SRCDIR/tests/robust/smtp-faults.sh"
