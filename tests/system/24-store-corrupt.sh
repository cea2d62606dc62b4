#!/usr/bin/env bash
# A corrupt or foreign file at the database path gives one clear line and
# exit status 3, and is never written.
set -eu
: "${MANDATECTL:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MANDATE_TODAY=2023-05-01

check() { # FILE: every store command refuses it and leaves it as it was
	cp "$1" "$tmp/before"
	for cmd in "upcoming" "sessions list" "review" "search water"; do
		status=0
		"$MANDATECTL" $cmd --db "$1" >/dev/null 2>"$tmp/err" || status=$?
		[ "$status" -eq 3 ] || { echo "$cmd: exit $status"; cat "$tmp/err"; exit 1; }
		[ "$(wc -l <"$tmp/err")" -eq 1 ] || { cat "$tmp/err"; exit 1; }
		grep -q "$1" "$tmp/err"
		cmp -s "$1" "$tmp/before" || { echo "$cmd wrote $1"; exit 1; }
	done
	[ ! -e "$1-journal" ] && [ ! -e "$1-wal" ]
}

printf 'Minutes of the meeting\n' >"$tmp/text.db"
check "$tmp/text.db"
grep -q "not a mandate database" "$tmp/err"

# An SQLite header over garbage.
{ printf 'SQLite format 3\0'; head -c 8192 /dev/urandom; } >"$tmp/garbage.db"
check "$tmp/garbage.db"

# A real database whose pages were overwritten.
"$MANDATECTL" sessions list --db "$tmp/good.db" >/dev/null
cp "$tmp/good.db" "$tmp/broken.db"
size=$(stat -c %s "$tmp/broken.db")
dd if=/dev/urandom of="$tmp/broken.db" bs=1 seek=100 count=$((size - 100)) conv=notrunc 2>/dev/null
check "$tmp/broken.db"

# Another application's SQLite file.
if command -v sqlite3 >/dev/null; then
	sqlite3 "$tmp/other.db" 'CREATE TABLE messages (body TEXT)'
	check "$tmp/other.db"
	grep -q "another application" "$tmp/err"
fi
echo "ok"
