#!/usr/bin/env node
// interact.js - uses the web pages as a person does, through Debian's
// chromium driven by playwright-core (never a downloaded browser):
//   - the keyboard: the first Tab reaches "Skip to content", which moves to
//     the main content; the filter form is reached and sent with the
//     keyboard alone, and the table narrows;
//   - the copy button puts the feed's address on the clipboard;
//   - with JavaScript off the page still lists, filters and links the
//     feed, and the copy button stays hidden;
//   - no Content-Security-Policy violation, no script error;
//   - full-page screenshots: desktop, phone, print.
// Exits 1 with a message at the first failure.
//
// usage: node interact.js BASE_URL SCREENSHOT_DIR DOCUMENT_SYMBOL
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [base, shots, symbol] = process.argv.slice(2);
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-dev-shm-usage'];

function check(ok, msg) {
	if (!ok) throw new Error(msg);
}

const rows = (page) => page.locator('table.due tbody tr').count();

// Each page's console: a CSP violation or a script error fails the test.
function watch(page, problems) {
	page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
	page.on('pageerror', (e) => problems.push(String(e)));
}

async function keyboard(browser, problems) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
	const page = await ctx.newPage();
	watch(page, problems);
	await page.goto(base + '/');
	const all = await rows(page);
	check(all > 0, 'the home page lists nothing');

	await page.keyboard.press('Tab');
	check(await page.evaluate(() => document.activeElement.textContent) === 'Skip to content',
		'the first Tab does not reach "Skip to content"');
	await page.keyboard.press('Enter');
	check(page.url().endsWith('#main'), 'the skip link goes nowhere');

	// To the organ filter with Tab alone, choose by typing, then to "Show".
	let id = '';
	for (let i = 0; i < 20 && id !== 'f-body'; i++) {
		await page.keyboard.press('Tab');
		id = await page.evaluate(() => document.activeElement.id);
	}
	check(id === 'f-body', 'Tab never reaches the organ filter');
	await page.keyboard.type('HRC');
	await page.focus('#f-kind');
	await page.keyboard.type('report');
	await page.focus('form.filters button[type=submit]');
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	const narrowed = await rows(page);
	check(page.url().includes('body=HRC') && page.url().includes('kind=report'),
		'the form sent ' + page.url());
	check(narrowed > 0 && narrowed < all, `the filter did not narrow: ${narrowed} of ${all}`);
	const focusVisible = await page.evaluate(() => {
		const b = document.querySelector('form.filters button');
		b.focus();
		return getComputedStyle(b).outlineStyle !== 'none';
	});
	check(focusVisible, 'a focused button shows no outline');

	// The copy button copies the address shown.
	const url = await page.inputValue('#feed-url');
	await page.click('button.copy');
	await page.waitForFunction(() => document.querySelector('.copied').textContent !== '');
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	check(copied === url, `copied ${copied}, shown ${url}`);
	console.log(`keyboard: ${all} rows, ${narrowed} after the form; copied ${copied}`);

	await page.screenshot({ path: path.join(shots, 'pw-filtered.png'), fullPage: true });
	await page.goto(base + '/documents/' + symbol);
	await page.screenshot({ path: path.join(shots, 'pw-document.png'), fullPage: true });
	await page.emulateMedia({ media: 'print' });
	await page.screenshot({ path: path.join(shots, 'pw-document-print.png'), fullPage: true });
	await ctx.close();
}

async function noScript(browser, problems) {
	const ctx = await browser.newContext({ javaScriptEnabled: false,
		viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
	const page = await ctx.newPage();
	watch(page, problems);
	await page.goto(base + '/?kind=report');
	const n = await rows(page);
	check(n > 0, 'without JavaScript the page lists nothing');
	check(await page.locator('button.copy').isHidden(), 'the copy button shows without JavaScript');
	check((await page.getAttribute('a[download]', 'href')) === '/feeds/all.ics?kind=report',
		'the download link without JavaScript');
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	check(wide <= 390, `the phone page is ${wide}px wide`);
	await page.screenshot({ path: path.join(shots, 'pw-phone-nojs.png'), fullPage: true });
	console.log(`no script: ${n} rows on a phone, ${wide}px wide`);
	await ctx.close();
}

(async () => {
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args,
		timeout: 30000 });
	const problems = [];
	try {
		await keyboard(browser, problems);
		await noScript(browser, problems);
		check(problems.length === 0, 'console errors: ' + problems.join(' | '));
	} finally {
		await browser.close();
	}
})().catch((e) => {
	process.stderr.write(`interact: ${e.message}\n`);
	process.exit(1);
});
