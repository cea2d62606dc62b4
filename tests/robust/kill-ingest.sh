#!/usr/bin/env bash
# Crash consistency: `mandatectl ingest` killed with SIGKILL at random points.
#
# usage: tests/robust/kill-ingest.sh RUNS     (env MANDATECTL, MANDATE_SRCDIR)
#
# A reference database is made first by one whole ingest of the documents
# (the shared corpus and a sample of the scale set, copied to a temporary
# directory).  Then RUNS times: an ingest into a database (a fresh one on odd
# runs, on even runs the one the previous run left, hot journal and all;
# every third run with --batch 7) is killed after a random delay within the
# reference ingest's duration, and
#   - PRAGMA integrity_check and foreign_key_check pass, as does the FTS5
#     index's own integrity-check;
#   - every document in the database is wholly there: its paragraphs,
#     obligations and occurrences number exactly as in the reference (a
#     document is all present or all absent, never half written).
# Finally the last database is ingested again to completion: it must then
# equal the reference document for document, with nothing duplicated.
# Prints "TABLE kill-ingest RUNS FAILURES" at the end.
set -u
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
runs=${1:-50}
shared="$MANDATE_SRCDIR/../shared"
if [ ! -d "$shared/corpus" ]; then echo "skip: no shared corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_TODAY=2024-01-15 MANDATE_USER=test

mkdir "$tmp/docs"
cp "$shared/corpus"/*.txt "$tmp/docs/"
if [ -d "$shared/scale" ]; then
	ls "$shared/scale"/*.txt | awk 'NR % 40 == 1' | while read -r f; do cp "$f" "$tmp/docs/"; done
fi

# One line per document: symbol, hash, then how many paragraphs, obligations
# and occurrences it holds.
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
t1=$(now_ms)
span=$((t1 - t0))
[ "$span" -gt 0 ] || span=1
signature "$tmp/ref.db" >"$tmp/ref.sig"
ndocs=$(wc -l <"$tmp/ref.sig")
echo "reference: $ndocs documents in ${span} ms"

failures=0 killed=0 partial=0
fail() { echo "run $1: $2"; failures=$((failures + 1)); }

check() { # check RUN DB
	local run=$1 db=$2 ic fk fts
	[ -s "$db" ] || return 0 # killed before the file had a page: nothing to check
	ic=$(sqlite3 -batch "$db" 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || { fail "$run" "integrity_check: $ic"; return; }
	fk=$(sqlite3 -batch "$db" 'PRAGMA foreign_key_check' 2>&1)
	[ -z "$fk" ] || { fail "$run" "foreign_key_check: $fk"; return; }
	if sqlite3 -batch "$db" "SELECT 1 FROM sqlite_master WHERE name = 'paragraphs_fts'" |
		grep -q 1; then
		fts=$(sqlite3 -batch "$db" \
			"INSERT INTO paragraphs_fts(paragraphs_fts) VALUES('integrity-check')" 2>&1)
		[ -z "$fts" ] || { fail "$run" "FTS5 integrity-check: $fts"; return; }
	fi
	# Killed inside the very first transaction: the hot journal, rolled back
	# when the file is opened, leaves an empty database.  Nothing stored is
	# a whole state; a schema half made would not be.
	if [ "$(sqlite3 -batch "$db" "SELECT COUNT(*) FROM sqlite_master" 2>&1)" = 0 ]; then
		partial=$((partial + 1))
		return 0
	fi
	signature "$db" >"$tmp/run.sig" 2>&1 || { fail "$run" "cannot read: $(cat "$tmp/run.sig")"; return; }
	# Every line (document) must be one of the reference's.
	if ! awk 'NR == FNR { ref[$0] = 1; next } !($0 in ref) { print; bad = 1 } END { exit bad }' \
		"$tmp/ref.sig" "$tmp/run.sig" >"$tmp/bad.sig"; then
		fail "$run" "documents not as in the reference: $(head -3 "$tmp/bad.sig")"
	fi
	[ "$(wc -l <"$tmp/run.sig")" -lt "$ndocs" ] && partial=$((partial + 1))
	return 0
}

db="$tmp/run.db"
for run in $(seq 1 "$runs"); do
	if [ $((run % 2)) -eq 1 ]; then rm -f "$db" "$db-journal" "$db-wal" "$db-shm"; fi
	delay=$((RANDOM * 32768 + RANDOM))
	# A continued ingest has about half the documents left to store.
	if [ $((run % 2)) -eq 1 ]; then delay=$((delay % span)); else delay=$((delay % (span / 2 + 1))); fi
	# Every third run commits in groups (--batch): a group is lost whole.
	batch=()
	[ $((run % 3)) -eq 0 ] && batch=(--batch 7)
	"$MANDATECTL" ingest --db "$db" --quiet "${batch[@]}" "$tmp/docs" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 137 ] && killed=$((killed + 1))
	check "$run" "$db"
done

# The last database, ingested to completion: the reference exactly.
"$MANDATECTL" ingest --db "$db" --quiet "$tmp/docs" >/dev/null 2>&1
signature "$db" >"$tmp/final.sig"
if ! cmp -s "$tmp/ref.sig" "$tmp/final.sig"; then
	fail final "the completed database differs from the reference:"
	diff "$tmp/ref.sig" "$tmp/final.sig" | head -10
fi
dups=$(sqlite3 -batch "$db" "SELECT COUNT(*) FROM (SELECT document_id, origin, paragraph, kind,
	ordinal FROM obligations GROUP BY 1, 2, 3, 4, 5 HAVING COUNT(*) > 1)")
[ "$dups" = 0 ] || fail final "$dups duplicated obligations"

echo "kill-ingest: $runs runs, $killed killed mid-ingest, $partial left part of the documents, $failures failures"
echo "TABLE kill-ingest $runs $failures"
[ "$failures" -eq 0 ]
