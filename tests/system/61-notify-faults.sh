#!/usr/bin/env bash
# mandatectl notify when delivery fails: a server that drops the connection at
# the end of DATA (once: the message still arrives once; every time: nothing is
# recorded and the next run sends only that one), a run killed mid-way (the
# next sends only what was not accepted), two runs at once (none twice), a
# rejected recipient (the
# others still get theirs), a server nobody listens on, authentication refused,
# a credentials file others may read (refused before anything is sent), and a
# server off loopback that does not offer STARTTLS.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d) # tmpfs: no fsync cost
. "$MANDATE_SRCDIR/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_USER=test MANDATE_TODAY=2027-01-24
M=$MANDATECTL
"$M" ingest --today 2026-12-20 --quiet "$MANDATE_SRCDIR"/examples/*.txt

# conf FILE PORT ADDR... : one reminder (A/RES/81/999 OP3, due 2027-01-31) for each ADDR
conf() {
	local f=$1 port=$2; shift 2
	{
		echo "smtp smtp://127.0.0.1:$port"
		echo "from mandate@example.org"
		[ -n "${CRED:-}" ] && echo "credentials $CRED"
		for a in "$@"; do
			printf 'recipient %s\nsymbol A/RES/81/999\nleads 7\n' "$a"
		done
	} >"$f"
}
fail() { echo "FAIL: $*" >&2; exit 1; }
count() { sqlite3 "$MANDATE_DB" "SELECT COUNT(*) FROM reminders ${1:-}"; }
emls() { find "$tmp/$1" -name '*.eml' | wc -l; }
expect_status() { # expect_status N command...
	local want=$1 st=0; shift
	"$@" >"$tmp/out" 2>"$tmp/err" || st=$?
	[ "$st" -eq "$want" ] || { cat "$tmp/out" "$tmp/err"; echo "exit $st, wanted $want"; exit 1; }
}

# 1. The connection drops at the end of DATA on the first attempt: delivered once.
smtp_start drop --drop-data 1
conf "$tmp/drop.conf" "$SMTP_PORT_drop" once@example.org
expect_status 0 "$M" notify --recipients "$tmp/drop.conf"
[ "$(emls drop)" -eq 1 ]
[ "$(cat "$tmp/drop/attempts")" -eq 2 ]
expect_status 0 "$M" notify --recipients "$tmp/drop.conf"
grep -qx 'nothing to send' "$tmp/out"
[ "$(emls drop)" -eq 1 ]
[ "$(count "WHERE recipient = 'once@example.org'")" -eq 1 ]
smtp_stop drop

# 2. It drops on the first message's attempt and its retry: that one fails, the
#    next is delivered; the next run resends only the one not accepted.
smtp_start drop2 --drop-data 2
conf "$tmp/drop2.conf" "$SMTP_PORT_drop2" lost@example.org kept@example.org
expect_status 0 "$M" notify --dry-run --recipients "$tmp/drop2.conf"
mid=$(sed -n 's/^would send lost@example.org: .*<\(.*\)>$/\1/p' "$tmp/out")
[ -n "$mid" ]
expect_status 4 "$M" notify --recipients "$tmp/drop2.conf"
grep -q 'lost@example.org.*connection lost' "$tmp/err"
[ "$(emls drop2)" -eq 1 ]
grep -qx '<\?kept@example.org>\?' "$tmp/drop2/000001.env"
[ "$(count "WHERE recipient = 'lost@example.org'")" -eq 0 ]
expect_status 0 "$M" notify --recipients "$tmp/drop2.conf"
grep -q '^sent lost@example.org' "$tmp/out"
if grep -q kept "$tmp/out"; then fail "kept@ sent twice"; fi
[ "$(emls drop2)" -eq 2 ]
# the resend carries the Message-ID the failed attempt had: recognisable
grep -qx "Message-ID: <$mid>"$'\r' "$tmp/drop2/000002.eml"
smtp_stop drop2

# 2b. A crash: the run is killed while the server holds the second message;
#     the next run sends the two not accepted, not the first again.
smtp_start hang --hang-after 1
conf "$tmp/hang.conf" "$SMTP_PORT_hang" c1@example.org c2@example.org c3@example.org
"$M" notify --recipients "$tmp/hang.conf" >/dev/null 2>&1 &
run=$!
for _ in $(seq 1 200); do
	[ "$(cat "$tmp/hang/attempts" 2>/dev/null || echo 0)" -ge 2 ] && break
	sleep 0.05
done
kill -9 "$run" && wait "$run" 2>/dev/null || true
[ "$(emls hang)" -eq 1 ]
[ "$(count "WHERE recipient LIKE 'c_@example.org'")" -eq 1 ]
smtp_stop hang
smtp_start after
conf "$tmp/after.conf" "$SMTP_PORT_after" c1@example.org c2@example.org c3@example.org
expect_status 0 "$M" notify --recipients "$tmp/after.conf"
[ "$(grep -c '^sent ' "$tmp/out")" -eq 2 ]
if grep -q '^sent c1@' "$tmp/out"; then fail "c1@ sent again after the crash"; fi
[ "$(count "WHERE recipient LIKE 'c_@example.org'")" -eq 3 ]
smtp_stop after

# 2c. Two runs at once (the timer and a person): each reminder still goes once.
smtp_start twice --delay 0.05
conf "$tmp/twice.conf" "$SMTP_PORT_twice" $(for i in $(seq 1 12); do echo "t$i@example.org"; done)
"$M" notify --recipients "$tmp/twice.conf" >"$tmp/twice1.out" 2>&1 &
one=$!
sleep 0.1
"$M" notify --recipients "$tmp/twice.conf" >"$tmp/twice2.out" 2>&1
wait "$one"
[ "$(emls twice)" -eq 12 ] || fail "$(emls twice) messages for 12 reminders"
[ "$(cat "$tmp/twice1.out" "$tmp/twice2.out" | grep -c '^sent ')" -eq 12 ]
smtp_stop twice

# 3. A recipient rejected: a clear error for it, exit 4, the others delivered.
smtp_start rej --reject bad@example.org
conf "$tmp/rej.conf" "$SMTP_PORT_rej" first@example.org bad@example.org last@example.org
expect_status 4 "$M" notify --recipients "$tmp/rej.conf"
grep -q 'bad@example.org.*recipient rejected.*550' "$tmp/err"
[ "$(emls rej)" -eq 2 ]
[ "$(count "WHERE recipient = 'bad@example.org'")" -eq 0 ]
[ "$(count "WHERE recipient IN ('first@example.org', 'last@example.org')")" -eq 2 ]
smtp_stop rej

# 4. Nobody listens: every message fails, none is recorded.
port=$(free_port)
conf "$tmp/down.conf" "$port" x@example.org y@example.org
before=$(count)
expect_status 4 "$M" notify --recipients "$tmp/down.conf"
grep -q 'to x@example.org.*server unreachable' "$tmp/err"
grep -q 'to y@example.org.*not tried.*server unreachable' "$tmp/err"
[ "$(count)" -eq "$before" ]

# 5. Authentication refused; then accepted; a credentials file others may read is refused.
smtp_start auth --auth mandate:right
printf 'user mandate\npassword wrong\n' >"$tmp/cred"
chmod 600 "$tmp/cred"
CRED="$tmp/cred" conf "$tmp/auth.conf" "$SMTP_PORT_auth" auth@example.org
expect_status 4 "$M" notify --recipients "$tmp/auth.conf"
grep -q 'auth@example.org.*authentication refused' "$tmp/err"
[ "$(emls auth)" -eq 0 ]
[ "$(count "WHERE recipient = 'auth@example.org'")" -eq 0 ]
printf 'user mandate\npassword right\n' >"$tmp/cred"
chmod 644 "$tmp/cred"
expect_status 5 "$M" notify --recipients "$tmp/auth.conf"
grep -q 'refused: the credentials file' "$tmp/err"
chmod 600 "$tmp/cred"
expect_status 0 "$M" notify --recipients "$tmp/auth.conf"
[ "$(emls auth)" -eq 1 ]
[ "$(count "WHERE recipient = 'auth@example.org'")" -eq 1 ]

# 6. Off loopback STARTTLS is required: a server that does not offer it gets
#    nothing (reached here through another name of 127.0.0.1 in /etc/hosts).
alias=$(awk '$1 == "127.0.0.1" && $2 != "localhost" { print $2; exit }' /etc/hosts 2>/dev/null)
if [ -n "$alias" ]; then
	smtp_start plain
	conf "$tmp/tls.conf" "$SMTP_PORT_plain" tls@example.org
	sed -i "s|^smtp smtp://127.0.0.1:|smtp smtp://$alias:|" "$tmp/tls.conf"
	expect_status 4 "$M" notify --recipients "$tmp/tls.conf"
	grep -q 'STARTTLS is required off loopback' "$tmp/err"
	[ "$(emls plain)" -eq 0 ]
	[ "$(count "WHERE recipient = 'tls@example.org'")" -eq 0 ]
	smtp_stop plain
else
	echo "skip: STARTTLS check (no other name for 127.0.0.1 in /etc/hosts)"
fi

# 7. --dry-run sends and records nothing.
conf "$tmp/dry.conf" "$port" dry@example.org
expect_status 0 "$M" notify --dry-run --print --recipients "$tmp/dry.conf"
grep -q '^would send dry@example.org' "$tmp/out"
grep -q '^Message-ID: <reminder\.' "$tmp/out"
[ "$(count "WHERE recipient = 'dry@example.org'")" -eq 0 ]
echo "notify faults ok"
