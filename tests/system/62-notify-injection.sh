#!/usr/bin/env bash
# No value from a document or a correction can add a header or break a
# reminder: a paragraph holding CR LF, "Bcc:" and "Subject:" lines, a lone dot,
# a very long line and non-ASCII names; an actor typed with CR LF and a Bcc.
# The server must see one recipient per message, and Python's email package
# must read exactly the headers mandate writes.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d) # tmpfs: no fsync cost
. "$MANDATE_SRCDIR/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_USER=test MANDATE_TODAY=2027-01-10
M=$MANDATECTL

"$PY" - "$MANDATE_SRCDIR/examples/example-ga-meeting.txt" "$tmp/evil.txt" <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("A/RES/81/999", "A/RES/81/998").replace("81/999.", "81/998.")
old = ("Invites Member States to submit their views on public libraries to the "
       "Secretary-General no later than 31 January 2027;")
assert old in s
s = s.replace(old, "Invites Member States, including Côte d\u2019Ivoire and Türkiye,\r\n"
              "Bcc: victim@evil.org\r\n\r\nSubject: forged\r\n.\r\nFrom here\r\n"
              "to submit their views on public libraries " + "and reading rooms " * 60 +
              "to the Secretary-General no later than 31 January 2027;")
open(sys.argv[2], "w", encoding="utf-8", newline="").write(s)
PYEOF
"$M" ingest --today 2026-12-20 --quiet "$tmp/evil.txt"
"$M" add --today 2026-12-20 --paragraph 2 --due "by 2027-01-20" --kind report \
	--actor $'Evil\r\nBcc: x@evil.org\nX-Injected: yes\r\n\r\nbody' A/RES/81/998 >/dev/null

smtp_start mx
cat >"$tmp/r.conf" <<CONF
smtp smtp://127.0.0.1:$SMTP_PORT_mx
from mandate@example.org
from-name Mandaté — rappels « UN »
recipient victim-free@example.org
name Zoë O'Brien-Łukasiewicz "the reader" <x@evil.org>
symbol A/RES/81/998
recipient digest@example.org
name 国連 reminders
symbol A/RES/81/998
digest yes
CONF
"$M" notify --recipients "$tmp/r.conf" >"$tmp/out"
[ "$(grep -c '^sent ' "$tmp/out")" -eq 3 ]
# one RCPT per message, never an address from the text
for env in "$tmp"/mx/*.env; do
	[ "$(sed -n '2,$p' "$env" | grep -c .)" -eq 1 ]
	if grep -q evil "$env"; then echo "FAIL: $env names evil.org"; exit 1; fi
done
"$PY" "$MANDATE_SRCDIR/tests/smtp/check_mail.py" "$tmp/mx" --json "$tmp/mail.json"
"$PY" - "$tmp/mail.json" <<'PYEOF'
import json, sys
mail = json.load(open(sys.argv[1]))
assert len(mail) == 3, len(mail)
names = {m["to"]: " ".join(m["name"].split()) for m in mail}
assert names["victim-free@example.org"] == 'Zoë O\'Brien-Łukasiewicz "the reader" <x@evil.org>', names
assert names["digest@example.org"] == "国連 reminders", names
evil_subject = [m for m in mail if "Evil" in m["subject"] and m["to"] != "digest@example.org"]
assert evil_subject, [m["subject"] for m in mail]
assert "Evil Bcc: x@evil.org X-Injected: yes body" in evil_subject[0]["subject"], evil_subject
para = [m for m in mail if "Türkiye" in m["text"]]
assert para, "the paragraph text is missing"
t = para[0]["text"]
assert "Côte d\u2019Ivoire" in t and "Bcc: victim@evil.org" in t and "and reading rooms " * 60 in t
assert "From here" in t and max(len(l) for l in t.splitlines()) > 1000
print("notify injection ok: %d messages" % len(mail))
PYEOF
# the raw bytes: header blocks hold no Bcc, no X-Injected, no forged Subject
"$PY" - "$tmp"/mx/*.eml <<'PYEOF'
import sys
for path in sys.argv[1:]:
    head = open(path, "rb").read().split(b"\r\n\r\n", 1)[0]
    for bad in (b"\r\nBcc:", b"\r\nX-Injected:", b"\r\nSubject: forged", b"evil.org>"):
        assert bad not in head, (path, bad)
PYEOF
