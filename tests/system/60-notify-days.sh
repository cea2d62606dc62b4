#!/usr/bin/env bash
# mandatectl notify over 90 days (--today advancing, a few days skipped) against
# a real SMTP server on loopback (python3-aiosmtpd): the right reminders reach
# the right recipients on the right days, none twice; one missed because the
# job did not run arrives on the next run, marked late; a done obligation gets
# no more; a digest lists its items.  Every message is parsed by Python's email
# package, and each text/calendar attachment by ical.js when tests/js has it.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d) # tmpfs: no fsync cost
. "$MANDATE_SRCDIR/tests/smtp/lib.sh"
trap 'smtp_stop_all; rm -rf "$tmp"' EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_USER=test
M=$MANDATECTL

"$M" ingest --today 2026-12-20 --quiet "$MANDATE_SRCDIR"/examples/*.txt
"$M" add --today 2026-12-20 --paragraph 2 --due "by 2027-02-10" --kind report \
	--actor "Special Rapporteur on the right to read" A/RES/81/999 >/dev/null
"$M" add --today 2026-12-20 --paragraph 4 --due "on 2027-03-01" --kind meeting \
	--actor "Président du Conseil" A/HRC/RES/61/99 >"$tmp/done-id"
"$M" add --today 2026-12-20 --paragraph 3 --due "by 2027-02-22" --kind report \
	--actor "High Commissioner" A/HRC/RES/61/99 >/dev/null
done_id=$(sed -n 's/^\([0-9]*\):.*/\1/p' "$tmp/done-id")
"$M" upcoming --today 2027-01-01 --within 150d --status all --format json >"$tmp/items.json"

smtp_start mx
cat >"$tmp/recipients.conf" <<CONF
# every item, one message each, the default leads (30 14 7 1)
smtp smtp://127.0.0.1:$SMTP_PORT_mx
from mandate@example.org
from-name Mandate reminders
recipient all@example.org
name Équipe de suivi

# the Council's items, one digest a day, a week and a day before
recipient hrc@example.org
name HRC secretariat
body HRC
leads 7 1
digest yes

# reports only, two weeks before
recipient reports@example.org
kind report
leads 14
CONF

skip=" 2027-01-17 2027-02-14 2027-02-15 2027-02-16 2027-03-10 "
day=2027-01-01
ran=""
for i in $(seq 0 89); do
	d=$(date -u -d "$day + $i days" +%F)
	case "$skip" in *" $d "*) continue ;; esac
	[ "$d" = 2027-02-20 ] && "$M" done --today "$d" "$done_id" >/dev/null
	"$M" notify --today "$d" --recipients "$tmp/recipients.conf" --quiet
	mkdir -p "$tmp/days/$d"
	for f in "$tmp/mx"/*.eml; do
		[ -e "$f" ] || break
		mv "$f" "${f%.eml}.env" "$tmp/days/$d/"
	done
	ran="$ran $d"
done
# The same day again: nothing new.
"$M" notify --today 2027-03-31 --recipients "$tmp/recipients.conf" >"$tmp/again.out"
grep -qx 'nothing to send' "$tmp/again.out"

mkdir -p "$tmp/ics"
"$PY" "$MANDATE_SRCDIR/tests/smtp/check_mail.py" "$tmp/days" --json "$tmp/mail.json" \
	--ics-dir "$tmp/ics"

"$PY" - "$tmp/items.json" "$tmp/mail.json" "$done_id" "$ran" "$tmp/digest-ics" <<'PYEOF'
import datetime, json, sys
items = json.load(open(sys.argv[1]))
mail = json.load(open(sys.argv[2]))
done_id, ran = int(sys.argv[3]), sys.argv[4].split()
D = datetime.date.fromisoformat
recipients = {
    "all@example.org": dict(leads=[30, 14, 7, 1], match=lambda it: True),
    "hrc@example.org": dict(leads=[7, 1], digest=True,
                            match=lambda it: it["body"] == "HRC" or
                            (it["due"].get("session") or {}).get("body") == "HRC"),
    "reports@example.org": dict(leads=[14], match=lambda it: it["kind"] == "report"),
}
# The model, written from the rule in notify.h, independently of the C code.
expected, sent = {}, set()
for day in ran:
    t = D(day)
    for addr, r in recipients.items():
        for it in items:
            if it["status"] == "dismissed" or (it["id"] == done_id and day >= "2027-02-20"):
                continue
            if not r["match"](it):
                continue
            due = D(it["deadline"] or it["start"])
            days = (due - t).days
            leads = [l for l in r["leads"] if l >= days]
            if days < 0 or not leads:
                continue
            lead = min(leads)
            key = (it["id"], it["occurrence"], lead, str(due))
            if (addr, key) in sent:
                continue
            sent.add((addr, key))
            expected.setdefault((day, addr), []).append((key, lead > days))
got = {}
seen_ids, seen_keys = set(), set()
for m in mail:
    assert m["message_id"] not in seen_ids, ("message twice", m["message_id"])
    seen_ids.add(m["message_id"])
    assert m["items"], m["file"]
    for it in m["items"]:
        k = (m["to"],) + tuple(it)
        assert k not in seen_keys, ("reminder twice", k)
        seen_keys.add(k)
    got.setdefault((m["day"], m["to"]), []).append(m)
for (day, addr), want in sorted(expected.items()):
    msgs = got.pop((day, addr), None)
    assert msgs, ("missing", day, addr, want)
    keys = sorted(tuple(i) for m in msgs for i in m["items"])
    assert keys == sorted(k for k, _ in want), (day, addr, keys, want)
    late = any(l for _, l in want)
    assert any(m["late"] for m in msgs) == late, (day, addr, "late flag")
    if late:
        assert any("[late]" in m["subject"] for m in msgs), (day, addr)
    if recipients[addr].get("digest"):
        assert len(msgs) == 1, (day, addr, "a digest is one message")
    else:
        assert len(msgs) == len(want), (day, addr, "one message per reminder")
assert not got, ("unexpected", sorted(got))
# The checks must have bitten: late ones, a digest of two, the done one stopped.
assert any(l for w in expected.values() for _, l in w), "no late reminder in the run"
digests = [m for m in mail if m["to"] == "hrc@example.org" and len(m["items"]) > 1]
assert digests, "no digest with several items"
dg = digests[0]
assert dg["text"].startswith("%d obligations are due soon" % len(dg["items"])), dg["text"][:80]
assert dg["text"].count("Who must act:") == len(dg["items"])
assert "A/HRC/RES/61/99" in dg["text"] and "https://undocs.org/A/HRC/RES/61/99" in dg["text"]
assert len(dg["ics"]) == 1 and dg["ics"][0].count("BEGIN:VEVENT") >= len(dg["items"])
assert any(i[0] == done_id for m in mail for i in m["items"]), "the done one was never reminded"
assert not any(i[0] == done_id and m["day"] >= "2027-02-20" for m in mail for i in m["items"])
one = next(m for m in mail if m["to"] == "all@example.org")
assert one["name"] == "Équipe de suivi", one["name"]
for word in ("Due:", "Who must act:", "Document:", "Link:", "Paragraph"):
    assert word in one["text"], word
with open(sys.argv[5], "w") as f:
    for m in digests:
        f.write("%s\n" % m["ics_file"])
print("notify days ok: %d messages, %d reminders" % (len(mail), len(seen_keys)))
PYEOF

js="$MANDATE_SRCDIR/tests/js"
if [ -f "$js/parse-ics.js" ] && [ -d "$js/node_modules/ical.js" ] && command -v node >/dev/null; then
	# a node start per file: the digests and a dozen others are enough
	n=0
	for f in $(grep -l 'BEGIN:VEVENT' "$tmp"/ics/*.ics | head -12) $(cat "$tmp/digest-ics"); do
		node "$js/parse-ics.js" "$f" >/dev/null
		n=$((n + 1))
	done
	echo "ical.js parsed $n attachments"
else
	echo "skip: ical.js check (no tests/js/node_modules/ical.js)"
fi
