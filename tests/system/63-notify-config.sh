#!/usr/bin/env bash
# mandatectl notify reading its recipients from mandated.conf: the smtp*
# directives, "reminder ADDRESS key=value..." lines (filters, leads, digest, a
# quoted name with blanks), reminder_to, and the configuration's database; a bad
# reminder line is refused with file:line before anything is sent.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d) # tmpfs: no fsync cost
. "$MANDATE_SRCDIR/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$tmp"' EXIT
unset MANDATE_DB MANDATE_RECIPIENTS
export MANDATE_USER=test MANDATE_TODAY=2027-01-24
M=$MANDATECTL
"$M" ingest --db "$tmp/cfg.db" --today 2026-12-20 --quiet "$MANDATE_SRCDIR"/examples/*.txt

smtp_start mx
cat >"$tmp/mandated.conf" <<CONF
database $tmp/cfg.db
smtp smtp://127.0.0.1:$SMTP_PORT_mx
smtp_from mandate@example.org
smtp_from_name "Mandate reminders"
reminder ga@example.org "name=GA Secretariat" body=GA kind=report leads=7
reminder hrc@example.org body=HRC leads=30,7 digest=yes
reminder none@example.org symbol=A/RES/1/* leads=7
reminder_to everyone@example.org
CONF
"$M" notify --config "$tmp/mandated.conf" >"$tmp/out"
grep -q '^sent ga@example.org: 1 reminder' "$tmp/out"
grep -q '^sent everyone@example.org' "$tmp/out"
if grep -q 'none@example.org' "$tmp/out"; then echo "FAIL: none@ matched"; exit 1; fi
"$PY" "$MANDATE_SRCDIR/tests/smtp/check_mail.py" "$tmp/mx" --json "$tmp/mail.json"
"$PY" - "$tmp/mail.json" <<'PYEOF'
import json, sys
mail = json.load(open(sys.argv[1]))
ga = [m for m in mail if m["to"] == "ga@example.org"]
assert len(ga) == 1 and ga[0]["name"] == "GA Secretariat", ga
assert ga[0]["items"][0][2] == 7 and "A/RES/81/999" in ga[0]["text"]
hrc = [m for m in mail if m["to"] == "hrc@example.org"]
assert len(hrc) <= 1 and all(m["message_id"].startswith("digest.") for m in hrc), hrc
assert all(m["to"] != "none@example.org" for m in mail)
print("notify config ok: %d messages" % len(mail))
PYEOF
"$M" notify --config "$tmp/mandated.conf" | grep -qx 'nothing to send'

# MANDATE_CONFIG works as --config does; a bad line is refused with its place.
printf 'smtp smtp://127.0.0.1:%s\nsmtp_from mandate@example.org\nreminder x@example.org kind=memo\n' \
	"$SMTP_PORT_mx" >"$tmp/bad.conf"
st=0
MANDATE_CONFIG="$tmp/bad.conf" "$M" notify --db "$tmp/cfg.db" 2>"$tmp/err" || st=$?
[ "$st" -eq 5 ] || { cat "$tmp/err"; echo "exit $st"; exit 1; }
grep -q "bad.conf:3: reminder: kind: 'memo' is not a kind" "$tmp/err"
printf 'smtp smtp://127.0.0.1:1\nreminder x@example.org\n' >"$tmp/nofrom.conf"
st=0
"$M" notify --db "$tmp/cfg.db" --config "$tmp/nofrom.conf" 2>"$tmp/err" || st=$?
[ "$st" -eq 5 ]
grep -q "no 'from' address" "$tmp/err"
echo "notify config ok"
