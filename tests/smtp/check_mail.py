#!/usr/bin/python3
"""Reads the messages a test SMTP server stored (NNNNNN.eml + NNNNNN.env) and
checks each with Python's own email and icalendar packages:

- parsed by email.message_from_bytes (policy default) without defects;
- exactly one Date, From, To, Subject, Message-ID; no Bcc, Cc, Reply-To or any
  header but the ones mandate writes; the To address is the one envelope
  recipient; the subject decodes to one line;
- a text/plain part in UTF-8 and, when there is one, a text/calendar part
  that icalendar parses with at least one VEVENT having UID and DTSTART.

usage: check_mail.py DIR [--json OUT] [--ics-dir D]
Writes a JSON list (one object per message: file, day, to, subject,
message_id, late, text, items [[obligation, occurrence, lead, due]...]) and
each attachment into --ics-dir for other parsers.  Exit 1 on any problem.
"""
import email
import email.policy
import email.utils
import json
import os
import re
import sys

import icalendar

ALLOWED = {"date", "from", "to", "subject", "message-id", "mime-version", "auto-submitted",
           "x-mandate-late", "content-type", "content-transfer-encoding"}
ITEM = re.compile(r"Obligation:\s+(\d+), occurrence (\d+); (\d+)-day reminder")
DUE = re.compile(r"Due:\s+\w+, (\d{4}-\d\d-\d\d)")


def fail(path, why):
    print("%s: %s" % (path, why), file=sys.stderr)
    sys.exit(1)


def check(path, env_rcpts):
    raw = open(path, "rb").read()
    if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
        fail(path, "a bare LF or CR")
    for line in raw.split(b"\r\n"):
        if len(line) > 998:
            fail(path, "a line over 998 octets")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if msg.defects:
        fail(path, "defects %r" % msg.defects)
    names = [k.lower() for k in msg.keys()]
    for k in names:
        if k not in ALLOWED:
            fail(path, "unexpected header %r" % k)
    for k in ("date", "from", "to", "subject", "message-id"):
        if names.count(k) != 1:
            fail(path, "%d %s headers" % (names.count(k), k))
    to = email.utils.getaddresses([str(msg["To"])])
    if len(to) != 1 or [to[0][1]] != env_rcpts:
        fail(path, "To %r is not the envelope %r" % (to, env_rcpts))
    subject = str(msg["Subject"])
    if "\n" in subject or "\r" in subject:
        fail(path, "a line end in the subject")
    if email.utils.parsedate_to_datetime(str(msg["Date"])) is None:
        fail(path, "a bad Date")
    text, ics = None, []
    for part in msg.walk():
        if part.defects:
            fail(path, "part defects %r" % part.defects)
        ct = part.get_content_type()
        if ct == "text/plain":
            text = part.get_content()
        elif ct == "text/calendar":
            ics.append(part.get_payload(decode=True))
    if text is None:
        fail(path, "no text/plain part")
    for cal_bytes in ics:
        cal = icalendar.Calendar.from_ical(cal_bytes)
        events = [c for c in cal.walk() if c.name == "VEVENT"]
        if not events:
            fail(path, "a calendar without events")
        for ev in events:
            if not ev.get("UID") or not ev.get("DTSTART"):
                fail(path, "an event without UID or DTSTART")
    items = [[int(a), int(b), int(c), d] for (a, b, c), d in
             zip(ITEM.findall(text), DUE.findall(text))]
    if len(ITEM.findall(text)) != len(DUE.findall(text)):
        fail(path, "items and due lines do not pair up")
    return {"to": to[0][1], "name": to[0][0], "subject": subject,
            "message_id": str(msg["Message-ID"]).strip("<>"),
            "late": str(msg.get("X-Mandate-Late", "")) == "yes", "text": text,
            "items": items, "ics": [c.decode("utf-8") for c in ics]}


def main():
    args = sys.argv[1:]
    root = args[0]
    out = args[args.index("--json") + 1] if "--json" in args else None
    ics_dir = args[args.index("--ics-dir") + 1] if "--ics-dir" in args else None
    result = []
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if not f.endswith(".eml"):
                continue
            path = os.path.join(dirpath, f)
            env = open(path[:-4] + ".env").read().split("\n")
            m = check(path, [r for r in env[1:] if r])
            m["file"] = path
            m["day"] = os.path.basename(dirpath)
            if ics_dir:
                for i, c in enumerate(m["ics"]):
                    name = os.path.join(ics_dir, "%s-%s-%d.ics" % (m["day"], f[:-4], i))
                    with open(name, "w") as fh:
                        fh.write(c)
                    m["ics_file"] = name
            result.append(m)
    if out:
        with open(out, "w") as fh:
            json.dump(result, fh, indent=1)
    print("check_mail: %d messages parsed" % len(result))


if __name__ == "__main__":
    main()
