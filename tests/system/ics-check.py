#!/usr/bin/python3
"""ics-check.py - reads an iCalendar file with python3-icalendar (Debian's)
and prints how many VEVENTs it holds.  Exits 1 on a parse error, a property
the library could not read, an event without UID, DTSTAMP or DTSTART, a
duplicate UID, or an all-day event whose DTEND is not after its DTSTART.

usage: /usr/bin/python3 ics-check.py FILE [--json]
  --json  prints one JSON object per event, sorted by UID, with the fields
          of tests/js/parse-ics.js, so that the two parsers can be compared.
"""
import datetime
import json
import sys

import icalendar


def fail(msg):
    sys.stderr.write("ics-check: %s\n" % msg)
    sys.exit(1)


def day(v):
    d = v.dt
    if isinstance(d, datetime.datetime) or not isinstance(d, datetime.date):
        fail("not an all-day date: %r" % (d,))
    return d


def stamp(v):
    """LAST-MODIFIED as written: "YYYYMMDDTHHMMSSZ", or None."""
    return None if v is None else v.dt.strftime("%Y%m%dT%H%M%SZ")


def event(ev, uids):
    uid = str(ev.get("UID", ""))
    if not uid:
        fail("a VEVENT without UID")
    if uid in uids:
        fail("duplicate UID %s" % uid)
    uids.add(uid)
    if "DTSTAMP" not in ev or "DTSTART" not in ev:
        fail("%s: no DTSTAMP or DTSTART" % uid)
    start = day(ev["DTSTART"])
    end = day(ev["DTEND"]) if "DTEND" in ev else None
    if end is not None and end <= start:
        fail("%s: DTEND not after DTSTART" % uid)
    desc = ev.get("DESCRIPTION")
    return {
        "uid": uid,
        "summary": str(ev.get("SUMMARY")),
        "description": None if desc is None else str(desc),
        "start": start.isoformat(),
        "end": None if end is None else end.isoformat(),
        "status": str(ev.get("STATUS")),
        "sequence": int(ev.get("SEQUENCE", 0)),
        "last_modified": stamp(ev.get("LAST-MODIFIED")),
    }


def main():
    if len(sys.argv) < 2:
        fail("usage: ics-check.py FILE [--json]")
    try:
        with open(sys.argv[1], "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
    except Exception as e:  # the library raises ValueError and others
        fail("%s: %s" % (sys.argv[1], e))
    for c in cal.walk():
        if getattr(c, "errors", None):
            fail("%s: %s: %s" % (sys.argv[1], c.name, c.errors))
    uids = set()
    events = [event(ev, uids) for ev in cal.walk("VEVENT")]
    if sys.argv[2:] == ["--json"]:
        for e in sorted(events, key=lambda e: e["uid"]):
            print(json.dumps(e, ensure_ascii=False, separators=(",", ":")))
    else:
        print(len(events))


main()
