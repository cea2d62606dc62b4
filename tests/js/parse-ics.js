#!/usr/bin/env node
// parse-ics.js - reads an iCalendar file with ical.js (the parser inside
// Thunderbird) the way a subscribing client does, and prints how many
// VEVENTs it holds.  Exits 1 on any parse error, an event without UID,
// DTSTAMP or DTSTART, a duplicate UID, or an all-day event whose DTEND is
// not after its DTSTART.
//
// usage: node parse-ics.js FILE [--json]
//   --json  prints instead one JSON object per event, sorted by UID (uid,
//           summary, description, start, end, status, sequence,
//           last_modified), so that a test can compare what two parsers
//           read.
'use strict';
const fs = require('fs');

function fail(msg) {
	process.stderr.write(`parse-ics: ${msg}\n`);
	process.exit(1);
}

// LAST-MODIFIED as written: "YYYYMMDDTHHMMSSZ", or null.
function stamp(t) {
	if (!t) return null;
	const p = (n, w) => String(n).padStart(w, '0');
	return `${p(t.year, 4)}${p(t.month, 2)}${p(t.day, 2)}T${p(t.hour, 2)}${p(t.minute, 2)}${p(t.second, 2)}Z`;
}

function check(ev, uids) {
	const uid = ev.getFirstPropertyValue('uid');
	if (!uid) fail('a VEVENT without UID');
	if (uids.has(uid)) fail(`duplicate UID ${uid}`);
	uids.add(uid);
	if (!ev.getFirstPropertyValue('dtstamp')) fail(`${uid}: no DTSTAMP`);
	const start = ev.getFirstPropertyValue('dtstart');
	const end = ev.getFirstPropertyValue('dtend');
	if (!start) fail(`${uid}: no DTSTART`);
	if (start.isDate && end && end.compare(start) <= 0) fail(`${uid}: DTEND not after DTSTART`);
	return {
		uid,
		summary: ev.getFirstPropertyValue('summary'),
		description: ev.getFirstPropertyValue('description'),
		start: start.toString(),
		end: end ? end.toString() : null,
		status: ev.getFirstPropertyValue('status'),
		sequence: ev.getFirstPropertyValue('sequence'),
		last_modified: stamp(ev.getFirstPropertyValue('last-modified')),
	};
}

async function main() {
	const [file, opt] = process.argv.slice(2);
	if (!file) fail('usage: node parse-ics.js FILE [--json]');
	const ICAL = (await import('ical.js')).default;
	let cal;
	try {
		cal = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8')));
	} catch (e) {
		fail(`${file}: ${e.message}`);
	}
	if (cal.name !== 'vcalendar') fail(`${file}: not a VCALENDAR`);
	const uids = new Set();
	const events = cal.getAllSubcomponents('vevent').map((ev) => check(ev, uids));
	if (opt === '--json') {
		events.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
		for (const e of events) process.stdout.write(JSON.stringify(e) + '\n');
	} else {
		process.stdout.write(`${events.length}\n`);
	}
}

main().catch((e) => fail(e.message));
