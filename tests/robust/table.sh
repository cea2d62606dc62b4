#!/usr/bin/env bash
# Prints the robustness figures of a test run as one table: test, build,
# runs, failures.  Reads BUILDDIR/robust/*.tsv (tests/robust/report.sh) and
# BUILDDIR/fuzz-out/summary.tsv (fuzz/run: runs are executions; its CPU
# minutes are shown too).
#
# usage: tests/robust/table.sh BUILDDIR...
set -u
printf '%-34s %-11s %12s %9s\n' test build runs failures
printf '%-34s %-11s %12s %9s\n' ---- ----- ---- --------
for dir in "$@"; do
	b=$(basename "$dir")
	for f in "$dir"/robust/*.tsv "$dir"/fuzz-out/summary.tsv; do
		[ -f "$f" ] || continue
		while IFS=$'\t' read -r name runs failures cpu; do
			[ -n "$cpu" ] && name="$name ($cpu)"
			printf '%-34s %-11s %12s %9s\n' "$name" "$b" "$runs" "$failures"
		done <"$f"
	done
done
echo "(known-bug rows count what a reported, unfixed bug still does; they fail nothing)"
