#!/usr/bin/env bash
# Inputs that once broke the reader (tests/robust/reader-*): each is read
# without a crash, a hang or a sanitizer report, and with exit status 0 or 1.
set -u
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
fail=0 n=0
for f in "$MANDATE_SRCDIR"/tests/robust/reader-*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	err=$(timeout 20 "$MANDATECTL" extract --json "$f" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -gt 1 ] || printf '%s' "$err" | grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:'; then
		echo "FAIL: $f: exit $rc"
		printf '%s\n' "$err" | head -20
		fail=$((fail + 1))
	fi
done
echo "$n reproducers read, $fail failed"
[ "$fail" -eq 0 ]
