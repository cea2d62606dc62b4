#!/usr/bin/env bash
# Runs a robustness test and keeps its figures for the suite's table.
#
# usage: tests/robust/report.sh NAME COMMAND [ARGS...]
#
# The command's "TABLE test runs failures" lines are written to
# $MANDATE_BUILDDIR/robust/NAME.tsv (scripts/test prints them all at the
# end); its output passes through and its exit status is kept.
set -u
: "${MANDATE_BUILDDIR:?}"
name=$1
shift
mkdir -p "$MANDATE_BUILDDIR/robust"
out="$MANDATE_BUILDDIR/robust/$name.out"
"$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
awk '$1 == "TABLE" { print $2 "\t" $3 "\t" $4 }' "$out" >"$MANDATE_BUILDDIR/robust/$name.tsv"
rm -f "$out"
exit "$status"
