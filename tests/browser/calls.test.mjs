// Browser test of call booking (label "browser"): the real frontline binary, the web chat and the
// booking page in Debian's headless Chromium through playwright-core, on a phone-sized screen.
// A visitor reports a problem and asks for a person; the agent (Chiara) claims it in the agents' view and
// types `call INC-…` twice, so the visitor gets two booking links. The visitor opens the second
// link; meanwhile the first link books the first free slot; picking that same slot on the open page
// says "this slot was just taken" with fresh slots; the next pick books. The page offers the .ics,
// which is downloaded and checked; a screenshot is saved. Both the visitor (in the chat) and the
// agent (privately) receive the confirmation. Then the links are tried again: used -> 410, tampered -> 403.
// Last, from the same page (now the booking's own), the visitor moves the call and cancels it.
// Usage: node calls.test.mjs FRONTLINE_BINARY CONFIG_FILE OUTPUT_DIR
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [binary, configFile, outDir] = process.argv.slice(2);
if (!binary || !configFile || !outDir) {
  console.error('usage: node calls.test.mjs FRONTLINE_BINARY CONFIG_FILE OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'frontline-calls-'));
const db = path.join(work, 'frontline.db');
const WAIT = { timeout: 20000 };
const env = {
  ...process.env,
  FRONTLINE_WEBCHAT_AGENT_SECRET: 'browser-test-agent-secret',
  FRONTLINE_CALLS_SECRET: 'browser-test-calls-secret-0123456789',
};

// The public URL must name the port before the service starts: take a free one.
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function agentToken(agentId) {
  return execFileSync(binary, ['agent-token', agentId, '--config', configFile], { env, encoding: 'utf8' }).trim();
}

function startService(port) {
  const child = spawn(binary, ['--config', configFile, '--db', db, '--set', `http.listen=127.0.0.1:${port}`,
    '--set', `http.public_url=http://127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (/listening on http:/.test(out)) resolve(); });
    child.on('exit', (code) => reject(new Error(`frontline exited with ${code} before listening:\n${log}`)));
  });
  return { child, ready, log: () => log };
}

async function online(page) {
  await page.waitForFunction(() => document.body.dataset.connection === 'online', null, WAIT);
}

async function say(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#log li.pending').length === 0, null, WAIT);
}

async function waitForLine(page, list, needle) {
  await page.waitForFunction(([l, n]) => Array.from(document.querySelectorAll(`${l} li.msg`)).some((li) => li.textContent.includes(n)),
    [list, needle], WAIT);
  return (await page.locator(`${list} li.msg .text`).allTextContents()).filter((t) => t.includes(needle));
}

/// The booking links in the visitor's chat, oldest first.
async function bookingLinks(page) {
  const texts = await page.locator('#log li.msg.bot .text').allTextContents();
  return texts.flatMap((t) => t.match(/http:\/\/127\.0\.0\.1:\d+\/call\/[A-Za-z0-9_.-]+/g) || []);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}/`;
const service = startService(port);
let browser;
let failed = false;
try {
  await service.ready;
  browser = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
    acceptDownloads: true,
  });
  const visitor = browser.pages()[0] || await browser.newPage();
  visitor.on('pageerror', (e) => { console.error('page error (visitor):', e); failed = true; });
  await visitor.goto(base);
  await online(visitor);
  await say(visitor, 'My VPN drops every five minutes since this morning');
  const ticketId = await visitor.locator('#log li.msg.bot .ticket').first().textContent(WAIT);
  assert.match(ticketId, /^INC-\d{6}$/);
  await say(visitor, 'agent');
  // Before the hand-off the web chat asks who is writing and how to reach them: skipped here.
  await waitForLine(visitor, '#log', 'your name');
  await say(visitor, 'skip');
  await waitForLine(visitor, '#log', `passed ${ticketId}`);
  console.log('ticket', ticketId);

  const agent = await browser.newPage();
  agent.on('pageerror', (e) => { console.error('page error (agent):', e); failed = true; });
  await agent.goto(base + 'agents');
  await agent.fill('#agent-id', 'chiara');  // L3: she may claim whatever tier the ticket went to
  await agent.fill('#agent-token', agentToken('chiara'));
  await agent.click('#login-button');
  await online(agent);
  await waitForLine(agent, '#log', ticketId);
  await say(agent, `claim ${ticketId}`);
  await waitForLine(agent, '#log', `${ticketId} is yours`);
  await say(agent, `call ${ticketId}`);
  await say(agent, `call ${ticketId} 30`);
  await waitForLine(agent, '#log', `sent the requester of ${ticketId}`);

  await visitor.waitForFunction(() => (document.querySelector('#log').textContent.match(/\/call\//g) || []).length >= 2, null, WAIT);
  const [first, second] = await bookingLinks(visitor);
  assert.ok(first && second && first !== second, 'two distinct booking links');
  console.log('booking link', second);

  // The visitor opens the second link: slots in their browser's zone.
  const booking = await browser.newPage();
  booking.on('pageerror', (e) => { console.error('page error (booking):', e); failed = true; });
  await booking.goto(second);
  await booking.locator('#days .slots button').first().waitFor(WAIT);
  assert.equal(await booking.locator('#zone').inputValue(), 'America/New_York', 'the browser\'s time zone is preselected');
  const firstSlot = await booking.locator('#days .slots button').first().getAttribute('data-start');

  // Meanwhile the first link takes that very slot.
  const taken = await fetch(`${first}/confirm`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ start: Number(firstSlot), zone: 'Europe/Rome' }) });
  assert.equal(taken.status, 200, 'the first link books the first slot');

  await booking.locator(`#days .slots button[data-start="${firstSlot}"]`).click();
  await booking.click('#confirm');
  await booking.locator('#notice').filter({ hasText: 'just taken' }).waitFor(WAIT);
  assert.equal(await booking.locator(`#days .slots button[data-start="${firstSlot}"]`).count(), 0, 'the taken slot is gone');

  // Another zone, another pick: booked.
  await booking.selectOption('#zone', 'Europe/London');
  const pick = booking.locator('#days .slots button').first();
  const picked = Number(await pick.getAttribute('data-start'));
  await pick.click();
  await booking.click('#confirm');
  await booking.locator('#booked').waitFor({ state: 'visible', ...WAIT });
  assert.match(await booking.locator('#booked-time').textContent(), /Europe\/London/);
  const meeting = await booking.locator('#meeting').getAttribute('href');
  assert.match(meeting, /^https:\/\/meet\.jit\.si\/frontline-[0-9a-f]{24}$/);

  // The invite, downloaded from the page and read back.
  const [download] = await Promise.all([booking.waitForEvent('download', WAIT), booking.click('#invite')]);
  const icsPath = path.join(outDir, 'call.ics');
  await download.saveAs(icsPath);
  const ics = readFileSync(icsPath, 'utf8');
  assert.ok(ics.includes('\r\n'), 'CRLF line endings');
  const unfolded = ics.replace(/\r\n /g, '');
  const field = (name) => (unfolded.match(new RegExp(`^${name}[:;](.*)$`, 'm')) || [])[1];
  const utc = (unix) => new Date(unix * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  assert.equal(field('DTSTART'), utc(picked));
  assert.equal(field('DTEND'), utc(picked + 30 * 60));
  assert.ok(field('SUMMARY').startsWith(ticketId), 'the summary names the ticket');
  assert.equal(field('URL'), meeting);
  assert.ok(field('UID') && field('DTSTAMP'), 'UID and DTSTAMP');
  assert.match(field('ORGANIZER'), /Chiara Ferri/);
  assert.ok(field('ATTENDEE'), 'an attendee');
  await booking.screenshot({ path: path.join(outDir, 'calls.png'), fullPage: true });
  console.log('screenshot', path.join(outDir, 'calls.png'));

  // Both sides got the confirmation: the visitor in the chat, the agent privately.
  const toVisitor = await waitForLine(visitor, '#log', meeting);
  assert.ok(toVisitor.some((t) => t.includes('is booked for') && t.includes(ticketId)), 'the visitor\'s confirmation');
  assert.ok(toVisitor.some((t) => /\/call\/[A-Za-z0-9_.-]+\/invite\.ics/.test(t)), 'and the invite link');
  const toAgent = await waitForLine(agent, '#private-log', meeting);
  assert.ok(toAgent.some((t) => t.includes('Call booked for') && t.includes('(Rome time)')), 'the agent\'s, in the agent\'s zone');

  // The invite link in the chat works too.
  const chatInvite = toVisitor.map((t) => t.match(/http:\/\/\S+\/invite\.ics/)).find(Boolean)[0];
  const fromChat = await fetch(chatInvite);
  assert.equal(fromChat.status, 200);
  assert.match(fromChat.headers.get('content-type'), /^text\/calendar/);

  // Used, tampered and unknown links book nothing.
  assert.equal((await fetch(second)).status, 410, 'a used link');
  const again = await fetch(`${second}/confirm`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ start: picked + 3600, zone: 'UTC' }) });
  assert.equal(again.status, 410);
  const tampered = second.slice(0, -1) + (second.endsWith('0') ? '1' : '0');
  assert.equal((await fetch(tampered)).status, 403, 'a tampered link');
  const count = execFileSync('sqlite3', ['-readonly', db, "SELECT count(*) FROM bookings WHERE status = 'booked'"], { encoding: 'utf8' }).trim();
  assert.equal(count, '2', 'two calls booked, no more');

  // The page is now the booking's own: the visitor moves the call, then cancels it.
  assert.match(new URL(booking.url()).pathname, /^\/call\/[A-Za-z0-9_-]+\.[0-9a-f]{64}$/);
  assert.notEqual(booking.url(), second, 'the used booking link is no longer the page\'s address');
  booking.on('dialog', (d) => d.accept());
  await booking.click('#move');
  const other = booking.locator(`#days .slots button:not([data-start="${picked}"])`).first();
  await other.click();
  await booking.click('#confirm');
  await booking.locator('#booked-head').filter({ hasText: 'moved' }).waitFor(WAIT);
  await waitForLine(visitor, '#log', 'has moved to');
  await waitForLine(agent, '#private-log', 'has moved to');
  await booking.click('#cancel');
  await booking.locator('#booked-head').filter({ hasText: 'cancelled' }).waitFor(WAIT);
  await waitForLine(visitor, '#log', 'is cancelled');
  await waitForLine(agent, '#private-log', 'was cancelled by');
  const left = execFileSync('sqlite3', ['-readonly', db, "SELECT count(*) FROM bookings WHERE status = 'booked'"], { encoding: 'utf8' }).trim();
  assert.equal(left, '1', 'only the first link\'s call is still on');
} catch (e) {
  failed = true;
  console.error(e);
  console.error('--- service log ---\n' + service.log());
} finally {
  if (browser) await browser.close();
  service.child.kill('SIGTERM');
  const code = await new Promise((resolve) => {
    if (service.child.exitCode !== null) resolve(service.child.exitCode);
    else service.child.on('exit', (c) => resolve(c));
  });
  if (code !== 0) { console.error('frontline exited with', code); failed = true; }
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
