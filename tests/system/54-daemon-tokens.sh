#!/usr/bin/env bash
# Private feeds: require_token makes the public feeds and the API 404; a
# token from mandatectl opens its feed with its filters, at once; a revoked
# token gets 404 at once; only a hash is stored; tokens are never logged.
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2026-01-15

example "$tmp/spool/panel.txt"
write_conf "require_token yes"
start_daemon
wait_for 10 test -f "$tmp/spool/processed/panel.txt" || fail "not ingested"

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "$base/feeds/all.ics")" = 404 ] || fail "public feed served with require_token"
[ "$(code "$base/feeds/HRC.ics")" = 404 ] || fail "organ feed served with require_token"
[ "$(code "$base/api/v1/obligations")" = 404 ] || fail "API served without a token"

url=$("$MANDATECTL" token add --label "HRC desk" --body HRC --kind report --url "$base" 2>/dev/null)
case "$url" in "$base"/feeds/t/*.ics) ;; *) fail "token add printed '$url'" ;; esac
token=${url##*/t/}
token=${token%.ics}
[ "${#token}" -ge 32 ] || fail "a short token: $token"
curl -sf "$url" >"$tmp/private.ics" || fail "token feed refused"
grep -q 'BEGIN:VCALENDAR' "$tmp/private.ics" || fail "token feed is not a calendar"
grep -q 'A-HRC-RES-61-99.op3.report' "$tmp/private.ics" || fail "the report is missing"
grep -q '\.meeting\.' "$tmp/private.ics" && fail "the token's kind filter was not applied"
[ "$(code -H "Authorization: Bearer $token" "$base/api/v1/obligations?within=2y")" = 200 ] ||
	fail "API refused a valid bearer token"

# Only the hash is stored.
sqlite3 "$MANDATE_DB" "SELECT key || value FROM meta" | grep -q "$token" && fail "token stored in clear"
"$MANDATECTL" token list | grep -q "HRC desk" || fail "token list"

# A wrong token of the right shape, and one of the wrong shape.
[ "$(code "$base/feeds/t/${token%?}0.ics")" = 404 ] || [ "${token: -1}" = 0 ] || fail "wrong token served"
[ "$(code "$base/feeds/t/zzz.ics")" = 404 ] || fail "malformed token served"

id=$("$MANDATECTL" token list --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$MANDATECTL" token revoke "$id" >/dev/null
[ "$(code "$url")" = 404 ] || fail "revoked token still served"
[ "$(code -H "Authorization: Bearer $token" "$base/api/v1/obligations")" = 404 ] ||
	fail "revoked token still opens the API"

stop_daemon
grep -q "$token" "$tmp/log" && fail "the token appears in the log"
echo "ok: tokens"
