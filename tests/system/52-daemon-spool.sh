#!/usr/bin/env bash
# The spool: files there at start-up are ingested; a file renamed in is;
# a hidden file is not; a file that is not a resolution goes to failed/
# with a .reason; kill -TERM while a backlog is being ingested exits 0 and
# leaves every document either fully stored (and in processed/) or not at
# all (and still in the spool).
set -eu
. "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
export MANDATE_TODAY=2026-01-15
corpus="$MANDATE_SRCDIR/../shared/corpus"

example "$tmp/spool/at-start.txt"
write_conf
start_daemon
wait_for 10 test -f "$tmp/spool/processed/at-start.txt" || fail "start-up file not ingested"

# Written under a hidden name, then renamed in.
cp "$MANDATE_SRCDIR/examples/example-ga-meeting.txt" "$tmp/spool/.part"
sleep 0.3
[ -f "$tmp/spool/.part" ] || fail "a hidden file was taken"
mv "$tmp/spool/.part" "$tmp/spool/ga.txt"
wait_for 10 test -f "$tmp/spool/processed/ga.txt" || fail "renamed file not ingested"

printf 'Shopping list\n\nmilk, eggs\n' >"$tmp/spool/list.txt"
head -c 3000 /dev/urandom >"$tmp/spool/noise.bin"
: >"$tmp/spool/empty.txt"
for f in list.txt noise.bin empty.txt; do
	wait_for 10 test -f "$tmp/spool/failed/$f.reason" || fail "$f: no failed/$f.reason"
	[ -f "$tmp/spool/failed/$f" ] || fail "$f not in failed/"
	[ -s "$tmp/spool/failed/$f.reason" ] || fail "$f.reason is empty"
done
grep -qi "not a resolution" "$tmp/spool/failed/list.txt.reason" || fail "$(cat "$tmp/spool/failed/list.txt.reason")"

# The same name again: kept apart in processed/.
example "$tmp/spool/at-start.txt"
wait_for 10 test -f "$tmp/spool/processed/at-start.txt.2" || fail "second at-start.txt not kept"
curl -sf "$base/healthz" >/dev/null || fail "not serving"

# A backlog, and SIGTERM in the middle of it.
if [ -d "$corpus" ]; then
	n=0
	for f in "$corpus"/*.txt; do
		cp "$f" "$tmp/spool/.b$n" && mv "$tmp/spool/.b$n" "$tmp/spool/backlog-$n.txt"
		n=$((n + 1))
		[ "$n" -ge 40 ] && break
	done
	sleep 0.2
	stop_daemon
	"$PY" - "$tmp" "$n" <<'PYEOF'
import os, sqlite3, sys
tmp, n = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(os.path.join(tmp, "mandate.db"))
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
sources = {r[0] for r in db.execute("SELECT source FROM documents")}
left = [f for f in os.listdir(os.path.join(tmp, "spool")) if f.startswith("backlog-")]
done = [f for f in os.listdir(os.path.join(tmp, "spool", "processed")) if f.startswith("backlog-")]
failed = [f for f in os.listdir(os.path.join(tmp, "spool", "failed"))
          if f.startswith("backlog-") and not f.endswith(".reason")]
assert len(left) + len(done) + len(failed) == n, (left, done, failed)
# A document still in the spool was not stored from there.
for f in left:
    assert os.path.join(tmp, "spool", f) not in sources, f
# Every stored backlog document has all its paragraphs and obligations rows.
for (doc_id, n_ops) in db.execute("SELECT id, operative_paragraphs FROM documents"):
    paras = db.execute("SELECT count(*) FROM paragraphs WHERE document_id=?", (doc_id,)).fetchone()[0]
    assert paras >= 1, doc_id
print("after SIGTERM: %d stored, %d failed, %d left for next time" % (len(done), len(failed), len(left)))
PYEOF
	# The next start takes what was left.
	start_daemon
	left() { ! ls "$tmp/spool"/backlog-*.txt >/dev/null 2>&1; }
	wait_for 60 left || fail "the backlog was not finished after a restart"
fi
stop_daemon
echo "ok: spool ingest, failures, SIGTERM"
