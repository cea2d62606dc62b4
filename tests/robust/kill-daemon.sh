#!/usr/bin/env bash
# Crash consistency of the daemon: mandated killed with SIGKILL while it
# ingests a backlog from its spool, then started again.
#
# usage: tests/robust/kill-daemon.sh RUNS   (env MANDATECTL, MANDATE_SRCDIR, MANDATE_BUILDDIR)
#
# The reference is one `mandatectl ingest` of the documents (the shared
# corpus and a sample of the scale set).  Each run puts them all in an
# empty spool, starts mandated on a fresh database, kills it with SIGKILL
# after a random delay within the reference's duration, checks the
# database (integrity_check, foreign_key_check, each document wholly there
# as in the reference), starts mandated again and waits until the spool is
# empty: then every document is stored exactly as in the reference, none
# twice, and every file is in processed/ or failed/ exactly once.
# Prints "TABLE kill-daemon RUNS FAILURES".
set -u
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}" "${MANDATE_BUILDDIR:?}"
runs=${1:-10}
MANDATED="$MANDATE_BUILDDIR/mandated"
PY=/usr/bin/python3
shared="$MANDATE_SRCDIR/../shared"
if [ ! -d "$shared/corpus" ]; then echo "skip: no shared corpus"; exit 0; fi
if [ ! -x "$MANDATED" ]; then echo "skip: no mandated built"; exit 0; fi
tmp=$(mktemp -d)
daemon_pid=
trap '[ -n "$daemon_pid" ] && kill -KILL "$daemon_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
export MANDATE_TODAY=2024-01-15 MANDATE_USER=test

mkdir "$tmp/docs"
cp "$shared/corpus"/*.txt "$tmp/docs/"
if [ -d "$shared/scale" ]; then
	ls "$shared/scale"/*.txt | awk 'NR % 40 == 1' | while read -r f; do cp "$f" "$tmp/docs/"; done
fi
ndocs_files=$(ls "$tmp/docs" | wc -l)

signature() {
	sqlite3 -batch -separator ' ' "$1" "SELECT d.symbol, d.hash,
	  (SELECT COUNT(*) FROM paragraphs p WHERE p.document_id = d.id),
	  (SELECT COUNT(*) FROM obligations o WHERE o.document_id = d.id),
	  (SELECT COUNT(*) FROM occurrences c JOIN obligations o ON o.id = c.obligation_id
	   WHERE o.document_id = d.id)
	  FROM documents d ORDER BY d.symbol"
}
now_ms() { date +%s%3N; }

t0=$(now_ms)
"$MANDATECTL" ingest --db "$tmp/ref.db" --quiet "$tmp/docs" 2>/dev/null
span=$(($(now_ms) - t0))
[ "$span" -gt 0 ] || span=1
signature "$tmp/ref.db" >"$tmp/ref.sig"
echo "reference: $(wc -l <"$tmp/ref.sig") documents from $ndocs_files files in ${span} ms"

port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
failures=0 killed=0
fail() { echo "run $1: $2"; failures=$((failures + 1)); }

start() {
	"$MANDATED" -d -f "$tmp/mandated.conf" 2>>"$tmp/log" &
	daemon_pid=$!
}
drained() { [ -z "$(find "$tmp/spool" -maxdepth 1 -type f -name '*.txt')" ]; }

check_db() { # check_db RUN STAGE
	local ic fk
	[ -s "$tmp/run.db" ] || return 0
	ic=$(sqlite3 -batch "$tmp/run.db" "SELECT COUNT(*) FROM sqlite_master WHERE name = 'documents'" 2>&1)
	[ "$ic" = 1 ] || return 0 # killed before the schema was committed: nothing stored
	ic=$(sqlite3 -batch "$tmp/run.db" 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || { fail "$1" "$2: integrity_check: $ic"; return; }
	fk=$(sqlite3 -batch "$tmp/run.db" 'PRAGMA foreign_key_check' 2>&1)
	[ -z "$fk" ] || { fail "$1" "$2: foreign_key_check: $fk"; return; }
	signature "$tmp/run.db" >"$tmp/run.sig"
	if ! awk 'NR == FNR { ref[$0] = 1; next } !($0 in ref) { print; bad = 1 } END { exit bad }' \
		"$tmp/ref.sig" "$tmp/run.sig" >"$tmp/bad.sig"; then
		fail "$1" "$2: documents not as in the reference: $(head -2 "$tmp/bad.sig")"
	fi
}

# One uninterrupted run first: how long the daemon takes to start and drain
# the spool is the span the kills are spread over.
for run in $(seq 0 "$runs"); do
	rm -rf "$tmp/spool" "$tmp/run.db" "$tmp/run.db-journal" "$tmp/run.db-wal" "$tmp/run.db-shm"
	mkdir "$tmp/spool"
	cp "$tmp/docs"/*.txt "$tmp/spool/"
	cat >"$tmp/mandated.conf" <<EOF
database $tmp/run.db
spool $tmp/spool
listen 127.0.0.1
port $port
EOF
	if [ "$run" -eq 0 ]; then
		t0=$(now_ms)
		start
		for _ in $(seq 1 600); do drained && break; sleep 0.05; done
		span=$(($(now_ms) - t0))
		kill -TERM "$daemon_pid" 2>/dev/null
		wait "$daemon_pid" 2>/dev/null
		daemon_pid=
		echo "mandated: started and drained the spool in ${span} ms"
		continue
	fi
	delay=$(((RANDOM * 32768 + RANDOM) % span))
	start
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null
	[ $? -eq 137 ] && ! drained && killed=$((killed + 1))
	daemon_pid=
	check_db "$run" "after the kill"
	# Again, until the spool is empty.
	start
	for _ in $(seq 1 600); do drained && break; sleep 0.1; done
	drained || fail "$run" "the spool was not drained after the restart"
	kill -TERM "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null
	daemon_pid=
	signature "$tmp/run.db" >"$tmp/final.sig"
	cmp -s "$tmp/ref.sig" "$tmp/final.sig" ||
		fail "$run" "after the restart: not the reference: $(diff "$tmp/ref.sig" "$tmp/final.sig" | head -3)"
	moved=$( (ls "$tmp/spool/processed" 2>/dev/null; ls "$tmp/spool/failed" 2>/dev/null | grep -v '\.reason$') | sort)
	[ "$(echo "$moved" | grep -c .)" -eq "$ndocs_files" ] &&
		[ -z "$(echo "$moved" | uniq -d)" ] ||
		fail "$run" "files in processed/ and failed/: $(echo "$moved" | grep -c .) of $ndocs_files"
done
if grep -qE 'Sanitizer|runtime error' "$tmp/log"; then
	fail log "a sanitizer report in the daemon's log"
	grep -E 'Sanitizer|runtime error' -A5 "$tmp/log" | head -20
fi
echo "kill-daemon: $runs runs, $killed killed with a backlog left, $failures failures"
echo "TABLE kill-daemon $runs $failures"
[ "$failures" -eq 0 ]
