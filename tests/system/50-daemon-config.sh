#!/usr/bin/env bash
# mandated -n: a good configuration passes; unknown directives and bad
# values are refused with file:line; -M prints the directive table, and
# every directive of it is documented in mandated.conf(5).
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"

write_conf "watch https://example.org/res.txt" "alarm 2w 1d" "lead HRC 8"
"$MANDATED" -n -f "$tmp/mandated.conf" 2>"$tmp/out" || fail "good config refused: $(cat "$tmp/out")"
grep -q "configuration OK" "$tmp/out" || fail "no OK line"
"$MANDATED" -n -v -f "$tmp/mandated.conf" >"$tmp/values" 2>/dev/null
grep -q "^port  *$port\$" "$tmp/values" || fail "-v does not print the port"
grep -q "^alarm  *2w, 1d\$" "$tmp/values" || fail "-v does not print the alarms"

check_bad() { # LINE EXPECTED-LINE-NO MESSAGE
	write_conf "$1"
	if "$MANDATED" -n -f "$tmp/mandated.conf" 2>"$tmp/err"; then
		fail "'$1' accepted"
	fi
	grep -F "$tmp/mandated.conf:$2: " "$tmp/err" | grep -qF "$3" ||
		fail "'$1': got $(cat "$tmp/err")"
}
# write_conf writes 6 lines first: the extra one is line 7.
check_bad "colour blue" 7 "unknown directive 'colour'"
check_bad "port 99999" 7 "port: given twice"
check_bad "poll_interval soon" 7 "poll_interval: 'soon' is not a duration"
check_bad "watch gopher://example.org/" 7 "is not an http or https URL"
check_bad "require_token maybe" 7 "require_token: 'maybe' is neither yes nor no"
check_bad "database var/m.db" 7 "database: given twice"
printf 'port 99999\n' >"$tmp/one.conf"
"$MANDATED" -n -f "$tmp/one.conf" 2>"$tmp/err" && fail "port 99999 accepted"
grep -qF "$tmp/one.conf:1: port: '99999' is out of range" "$tmp/err" || fail "$(cat "$tmp/err")"
"$MANDATED" -n -f "$tmp/missing.conf" 2>/dev/null && fail "a missing file accepted"

# The man page documents every directive of the table.
"$MANDATED" -M >"$tmp/man"
man5="$MANDATE_SRCDIR/docs/mandated.conf.5"
for d in $(sed -n 's/^\.It Ic \([a-z_]*\) .*/\1/p' "$tmp/man"); do
	grep -q "^\.It Ic $d " "$man5" || fail "mandated.conf(5) lacks $d"
done
echo "ok: mandated -n and the directive table"
