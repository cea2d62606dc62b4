#!/usr/bin/env bash
# mandatectl extract on good and bad input: every bad file gets one line on
# stderr naming it and exit status 1, while the good files beside it on the
# same command line are still read; --json prints one JSON line per document;
# "-" reads standard input; an unknown option is a usage error (exit 2).
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
corpus="$MANDATE_SRCDIR/../shared/corpus"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Two small resolutions, cut down from A/HRC/RES/51/34 and A/RES/80/209.
cat >"$tmp/hrc.txt" <<'EOF'
Human Rights Council
Fifty-first session
Resolution adopted by the Human Rights Council on 7 October 2022
51/34. Enhancement of technical cooperation and capacity-building in the field of human rights
The Human Rights Council,
1. *Requests* the High Commissioner to present a report to the Human Rights Council at its fifty-third session;
44th meeting
7 October 2022
EOF
cat >"$tmp/ga.txt" <<'EOF'
United Nations
A/RES/80/209
General Assembly
Eightieth session
Resolution adopted by the General Assembly on 18 December 2025
80/209. Human rights and unilateral coercive measures
The General Assembly,
1. Requests the Special Rapporteur to submit to the General Assembly at its
eighty-first session a report on the implementation of the present resolution;
69th plenary meeting
18 December 2025
EOF

# The bad inputs, one of each refusal.
: >"$tmp/empty.txt"
printf ' \n\t\r\n  \n' >"$tmp/blank.txt"
printf '1. Requests\000 the Secretary-General\n' >"$tmp/nul.txt"
printf 'Resolution adopted at Gen\350ve\n' >"$tmp/latin1.txt"
printf 'Minutes of the garden club.\nWe discussed roses.\n' >"$tmp/prose.txt"
# One byte over the limit of 8 MiB (MD_DOC_MAX_BYTES), good text throughout.
yes '1. Requests the Secretary-General to submit a report;' |
	head -c $((8 * 1024 * 1024 + 1)) >"$tmp/big.txt"
mkdir "$tmp/dir.txt"

# symbols FILE: the "symbol" of each JSON line of FILE, one per line.
symbols() {
	"$PY" -c '
import json, sys
for line in open(sys.argv[1]):
    print(json.loads(line)["symbol"])
' "$1"
}

checked=0
for bad in empty blank nul latin1 prose big missing dir; do
	path="$tmp/$bad.txt"
	status=0
	"$MANDATECTL" extract --json "$tmp/hrc.txt" "$path" "$tmp/ga.txt" \
		>"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 1 ] || fail "$bad: exit $status, want 1"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || { cat "$tmp/err"; fail "$bad: stderr is not one line"; }
	grep -qF "$path" "$tmp/err" || { cat "$tmp/err"; fail "$bad: stderr does not name the file"; }
	[ "$(symbols "$tmp/out" | tr '\n' ' ')" = "A/HRC/RES/51/34 A/RES/80/209 " ] ||
		{ cat "$tmp/out"; fail "$bad: the good files were not both read"; }
	checked=$((checked + 1))
done
echo "bad inputs: $checked refused one line each, good files still read"

# Several bad files: one line each, in order, exit 1, nothing on stdout.
status=0
"$MANDATECTL" extract --json "$tmp/empty.txt" "$tmp/missing.txt" "$tmp/nul.txt" \
	>"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || fail "three bad files: exit $status"
[ "$(wc -l <"$tmp/err")" -eq 3 ] || { cat "$tmp/err"; fail "three bad files: not three lines"; }
[ ! -s "$tmp/out" ] || fail "three bad files: stdout not empty"

# The table form refuses the same way.
status=0
"$MANDATECTL" extract "$tmp/nul.txt" "$tmp/ga.txt" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || fail "table: exit $status"
grep -qF "A/RES/80/209" "$tmp/out" || fail "table: good file not shown"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "table: stderr is not one line"

# "-" is standard input, alone or among files.
"$MANDATECTL" extract --json - <"$tmp/ga.txt" >"$tmp/out"
[ "$(symbols "$tmp/out")" = "A/RES/80/209" ] || fail "stdin: $(cat "$tmp/out")"
"$MANDATECTL" extract --json "$tmp/hrc.txt" - <"$tmp/ga.txt" >"$tmp/out"
[ "$(symbols "$tmp/out" | tr '\n' ' ')" = "A/HRC/RES/51/34 A/RES/80/209 " ] ||
	fail "file and stdin: $(cat "$tmp/out")"
status=0
"$MANDATECTL" extract --json - <"$tmp/nul.txt" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || fail "bad stdin: exit $status"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "bad stdin: stderr is not one line"
echo "stdin ok"

# Usage errors: exit 2, nothing on stdout.
for args in "--no-such-option $tmp/ga.txt" "-x $tmp/ga.txt" ""; do
	status=0
	# shellcheck disable=SC2086 # the words are the arguments
	"$MANDATECTL" extract $args >"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] || fail "extract $args: exit $status, want 2"
	[ -s "$tmp/err" ] || fail "extract $args: no message"
	[ ! -s "$tmp/out" ] || fail "extract $args: stdout not empty"
done
echo "usage errors ok"

# The real corpus: one valid JSON object per document, one line each, in order.
if [ ! -d "$corpus" ]; then
	echo "skip: no shared corpus at $corpus"
	exit 0
fi
set -- "$corpus"/A-HRC-RES-51-34.txt "$corpus"/A-RES-80-209.txt "$corpus"/S-RES-553-1984.txt
"$MANDATECTL" extract --json "$@" >"$tmp/out"
"$PY" - "$tmp/out" <<'PYEOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 3, lines
want = ["A/HRC/RES/51/34", "A/RES/80/209", "S/RES/553 (1984)"]
for line, symbol in zip(lines, want):
    rec = json.loads(line)
    assert isinstance(rec, dict), rec
    for key in ("symbol", "body", "session", "adopted", "title", "operative_paragraphs",
                "obligations"):
        assert key in rec, (key, rec)
    assert rec["symbol"] == symbol, (rec["symbol"], symbol)
    for ob in rec["obligations"]:
        for key in ("paragraph", "kind", "actor", "due", "recurrence"):
            assert key in ob, (key, ob)
        assert set(ob["due"]) >= {"relation", "session", "date"}, ob
print("corpus json ok:", len(lines), "documents")
PYEOF

# The whole corpus in one run: one line per text, every line JSON.
status=0
"$MANDATECTL" extract --json "$corpus"/*.txt >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -le 1 ] || fail "corpus: exit $status"
texts=$(find "$corpus" -maxdepth 1 -name '*.txt' | wc -l)
lines=$(($(wc -l <"$tmp/out") + $(wc -l <"$tmp/err")))
[ "$lines" -eq "$texts" ] || fail "corpus: $lines lines for $texts texts"
"$PY" -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out"
echo "corpus: $(wc -l <"$tmp/out") of $texts texts read"
