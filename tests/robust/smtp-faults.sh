#!/usr/bin/env bash
# SMTP servers that stall or answer 4xx (tests/robust/smtp-fault-server.py).
#
# usage: tests/robust/smtp-faults.sh [--notify-stall]
#        (env MANDATECTL, MANDATE_SRCDIR, MANDATE_BUILDDIR)
#
#   stall     a server silent from the start, and one silent at the end of
#             DATA: md_smtp_send (smtp-send, 3 s timeout) gives up and says
#             the message was not delivered; nothing is stored, nothing hangs;
#   tempfail  451 to MAIL FROM, to RCPT TO, at the end of DATA on the first
#             connection: the first send fails as sender/recipient/refused,
#             the next is delivered, the server holds exactly one message;
#   notify    mandatectl notify against a server that answers 451 at the end
#             of DATA once: exit 4 and no reminder recorded, then delivered
#             and recorded once, then nothing more to send;
#   --notify-stall (long runs): notify against a silent server waits out
#             its own timeout (60 s, retried once), records nothing, and a
#             later run against a good server delivers once.
# Prints "TABLE smtp-<case> RUNS FAILURES" lines.
set -u
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}" "${MANDATE_BUILDDIR:?}"
send="$MANDATE_BUILDDIR/smtp-send"
server="$MANDATE_SRCDIR/tests/robust/smtp-fault-server.py"
PY=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
declare -A runs fails
count() { # count CASE OK(0|1) MESSAGE
	runs[$1]=$((${runs[$1]:-0} + 1))
	fails[$1]=${fails[$1]:-0}
	[ "$2" -eq 0 ] || { fails[$1]=$((${fails[$1]} + 1)); echo "$1: $3"; }
}

start() { # start NAME MODE: sets $port; the server's files in $tmp/NAME
	mkdir -p "$tmp/$1"
	"$PY" "$server" "$2" "$tmp/$1" 2>"$tmp/$1.err" &
	pids+=($!)
	for _ in $(seq 1 100); do [ -s "$tmp/$1/port" ] && break; sleep 0.05; done
	port=$(cat "$tmp/$1/port")
}
stored() { find "$tmp/$1" -name '*.eml' | wc -l; }

# ---- stall
for mode in stall-greeting stall-data; do
	start "$mode" "$mode"
	st=0
	timeout 120 "$send" "smtp://127.0.0.1:$port" 3 >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 4 ] && [ "$(stored "$mode")" -eq 0 ] && ok=0
	count stall "$ok" "$mode: exit $st ($(cat "$tmp/out")), $(stored "$mode") stored"
	echo "stall: $mode: $(cat "$tmp/out")"
done

# ---- tempfail
for mode in tempfail-mail tempfail-rcpt tempfail-data; do
	start "$mode" "$mode"
	case $mode in
	tempfail-mail) want=sender ;;
	tempfail-rcpt) want=recipient ;;
	tempfail-data) want=refused ;;
	esac
	st=0
	timeout 120 "$send" "smtp://127.0.0.1:$port" 3 >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 4 ] && grep -q "^$want:" "$tmp/out" && [ "$(stored "$mode")" -eq 0 ] && ok=0
	count tempfail "$ok" "$mode, first: exit $st ($(cat "$tmp/out")), $(stored "$mode") stored"
	echo "tempfail: $mode, first: $(cat "$tmp/out")"
	st=0
	timeout 120 "$send" "smtp://127.0.0.1:$port" 3 >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 0 ] && [ "$(stored "$mode")" -eq 1 ] && ok=0
	count tempfail "$ok" "$mode, again: exit $st ($(cat "$tmp/out")), $(stored "$mode") stored"
done

# ---- notify, end to end
export MANDATE_DB="$tmp/mandate.db" MANDATE_USER=test MANDATE_TODAY=2027-01-24
"$MANDATECTL" ingest --today 2026-12-20 --quiet "$MANDATE_SRCDIR"/examples/*.txt
conf() { # conf FILE PORT: one reminder due (A/RES/81/999 OP3, lead 7 days)
	printf 'smtp smtp://127.0.0.1:%s\nfrom mandate@example.org\nrecipient r@example.org\nsymbol A/RES/81/999\nleads 7\n' \
		"$2" >"$1"
}
recorded() { sqlite3 "$MANDATE_DB" "SELECT COUNT(*) FROM reminders WHERE recipient = 'r@example.org'"; }
notify_case() { # notify_case NAME: a 4xx first, then accepted, then nothing more
	local name=$1 st
	conf "$tmp/$name.conf" "$port"
	st=0
	timeout 300 "$MANDATECTL" notify --recipients "$tmp/$name.conf" >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 4 ] && [ "$(recorded)" -eq 0 ] && ok=0
	count notify "$ok" "$name, first run: exit $st, $(recorded) recorded: $(head -c 300 "$tmp/out")"
	st=0
	timeout 300 "$MANDATECTL" notify --recipients "$tmp/$name.conf" >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 0 ] && [ "$(recorded)" -eq 1 ] && [ "$(stored "$name")" -eq 1 ] && ok=0
	count notify "$ok" "$name, second run: exit $st, $(recorded) recorded, $(stored "$name") stored"
	st=0
	timeout 300 "$MANDATECTL" notify --recipients "$tmp/$name.conf" >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 0 ] && [ "$(recorded)" -eq 1 ] && [ "$(stored "$name")" -eq 1 ] && ok=0
	count notify "$ok" "$name, third run: exit $st, $(recorded) recorded, $(stored "$name") stored"
}
start notify-data tempfail-data
notify_case notify-data

if [ "${1:-}" = --notify-stall ]; then
	sqlite3 "$MANDATE_DB" "DELETE FROM reminders"
	start notify-stall stall-greeting
	conf "$tmp/stall.conf" "$port"
	st=0
	timeout 600 "$MANDATECTL" notify --recipients "$tmp/stall.conf" >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 4 ] && [ "$(recorded)" -eq 0 ] && ok=0
	count notify-stall "$ok" "notify against a silent server: exit $st, $(recorded) recorded"
	start notify-ok ok
	conf "$tmp/ok.conf" "$port"
	st=0
	timeout 300 "$MANDATECTL" notify --recipients "$tmp/ok.conf" >"$tmp/out" 2>&1 || st=$?
	ok=1
	[ "$st" -eq 0 ] && [ "$(recorded)" -eq 1 ] && [ "$(stored notify-ok)" -eq 1 ] && ok=0
	count notify-stall "$ok" "then a good server: exit $st, $(recorded) recorded"
fi

total=0
for c in stall tempfail notify notify-stall; do
	[ -n "${runs[$c]:-}" ] || continue
	echo "TABLE smtp-$c ${runs[$c]} ${fails[$c]}"
	total=$((total + ${fails[$c]}))
done
[ "$total" -eq 0 ]
