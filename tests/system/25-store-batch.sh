#!/usr/bin/env bash
# mandatectl ingest --batch N stores exactly what ingesting document by
# document stores, prints the same lines, keeps the full-text index
# consistent (FTS5's integrity-check) when a group holds one symbol twice,
# keeps going past bad files, refuses bad values, and runs beside another
# writer.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
scale="$MANDATE_SRCDIR/../shared/scale"
if [ ! -d "$corpus" ]; then echo "skip: no shared corpus at $corpus"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'echo "line $LINENO failed" >&2' ERR
export MANDATE_TODAY=2023-05-01 MANDATE_USER=test
ctl() { "$MANDATECTL" "$@"; }
fts_ok() {
	sqlite3 "$1" "INSERT INTO paragraphs_fts (paragraphs_fts, rank) VALUES ('integrity-check', 1)" ||
		{ echo "$1: the full-text index does not match the paragraphs"; exit 1; }
}
# What a database holds, ids and times aside where they differ by design.
dump() {
	sqlite3 "$1" "
	  SELECT symbol, hash, operative_paragraphs FROM documents ORDER BY symbol;
	  SELECT d.symbol, p.number, p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id
	   ORDER BY 1, 2;
	  SELECT o.id, d.symbol, o.paragraph, o.kind, o.ordinal, o.actor, o.due, o.recurrence,
	         o.status, o.in_text FROM obligations o JOIN documents d ON d.id = o.document_id
	   ORDER BY o.id;
	  SELECT obligation_id, idx, start, \"end\", deadline, estimated FROM occurrences ORDER BY 1, 2;
	  SELECT action, symbol, obligation_id, detail FROM history ORDER BY id;"
}

set -- "$corpus"/*.txt
if [ -d "$scale" ]; then set -- "$@" $(ls "$scale"/*.txt | head -120); fi
# A text that is no resolution and a missing file, amid the others.
printf 'Nothing to see here.\n' >"$tmp/not-a-resolution.txt"
set -- "$@" "$tmp/not-a-resolution.txt" "$tmp/missing.txt" "$MANDATE_SRCDIR"/examples/*.txt

s1=0; ctl ingest --db "$tmp/each.db" "$@" >"$tmp/each.out" 2>"$tmp/each.err" || s1=$?
s2=0; ctl ingest --db "$tmp/batch.db" --batch 7 "$@" >"$tmp/batch.out" 2>"$tmp/batch.err" || s2=$?
[ "$s1" = 1 ] && [ "$s2" = 1 ] || { cat "$tmp/batch.err"; echo "exit $s1 and $s2, not 1"; exit 1; }
grep -q 'not-a-resolution.txt' "$tmp/batch.err"
grep -q 'missing.txt' "$tmp/batch.err"
cmp "$tmp/each.out" "$tmp/batch.out" || { diff "$tmp/each.out" "$tmp/batch.out" | head; exit 1; }
cmp "$tmp/each.err" "$tmp/batch.err" || { diff "$tmp/each.err" "$tmp/batch.err"; exit 1; }
dump "$tmp/each.db" >"$tmp/each.dump"
dump "$tmp/batch.db" >"$tmp/batch.dump"
cmp "$tmp/each.dump" "$tmp/batch.dump" || { diff "$tmp/each.dump" "$tmp/batch.dump" | head; exit 1; }
fts_ok "$tmp/batch.db"
for q in webcasting 'High Commissioner' '"interactive dialogue"' 'librar*'; do
	[ "$(ctl search --db "$tmp/each.db" "$q")" = "$(ctl search --db "$tmp/batch.db" "$q")" ]
done
ctl search --db "$tmp/batch.db" webcasting | grep -q '^A/HRC/RES/61/99 OP2:'

# Again: everything unchanged (the inputs that failed fail again: exit 1).
s=0; ctl ingest --db "$tmp/batch.db" --batch 50 "$@" >"$tmp/again.out" 2>/dev/null || s=$?
[ "$s" = 1 ]
if grep -v ': unchanged$' "$tmp/again.out"; then echo "a second ingest changed something"; exit 1; fi

# One symbol twice in one group, then again in a later group: the index
# follows the newest text.
panel="$MANDATE_SRCDIR/examples/example-hrc-panel.txt"
sed 's/webcasting services/captioning services/' "$panel" >"$tmp/panel-corrected.txt"
ctl ingest --db "$tmp/twice.db" --batch 10 "$panel" "$tmp/panel-corrected.txt" >"$tmp/twice.out"
grep -q '(.*panel-corrected.txt): updated' "$tmp/twice.out"
fts_ok "$tmp/twice.db"
found() { ctl search --db "$tmp/twice.db" "$1" | grep -q '^A/HRC/RES/61/99 OP2:'; }
if found webcasting; then echo "the index still has the first text"; exit 1; fi
found captioning
ctl ingest --db "$tmp/twice.db" --batch 10 "$panel" >/dev/null
fts_ok "$tmp/twice.db"
found webcasting
if found captioning; then echo "the index still has the corrected text"; exit 1; fi

# Bad values are usage errors, and write nothing.
for bad in 0 -1 abc 100001 '' 7x; do
	s=0; ctl ingest --db "$tmp/bad.db" --batch "$bad" "$panel" 2>"$tmp/bad.err" || s=$?
	[ "$s" = 2 ] || { echo "--batch '$bad': exit $s, not 2"; exit 1; }
	grep -q -- '--batch' "$tmp/bad.err"
done
[ ! -e "$tmp/bad.db" ]

# Beside another writer: a batch and a document-by-document run on one
# database, in opposite orders, both succeed (exit 1 only for the inputs
# that are no resolution, as above).
ctl ingest -q --db "$tmp/two.db" --batch 20 "$@" 2>"$tmp/a.err" & a=$!
ctl ingest -q --db "$tmp/two.db" $(printf '%s\n' "$@" | tac) 2>"$tmp/b.err" & b=$!
sa=0; wait $a || sa=$?
sb=0; wait $b || sb=$?
[ "$sa" = 1 ] && [ "$sb" = 1 ] || { cat "$tmp/a.err" "$tmp/b.err"; echo "exit $sa and $sb"; exit 1; }
if grep -Eiq "locked|busy|database|not stored" "$tmp/a.err" "$tmp/b.err"; then
	cat "$tmp/a.err" "$tmp/b.err"; exit 1
fi
fts_ok "$tmp/two.db"
[ "$(sqlite3 "$tmp/two.db" 'PRAGMA integrity_check')" = ok ]
ctl ingest --db "$tmp/two.db" "$@" 2>/dev/null | grep -v ': unchanged$' &&
	{ echo "not all stored"; exit 1; }
echo ok
