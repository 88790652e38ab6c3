// Browser test of the web chat (label "browser"): the real frontline binary with the real
// conversation engine, driven in Debian's headless Chromium through playwright-core.
// Reports a problem, answers with buttons, gets a ticket id; reloads mid-flow and goes on; drops
// the WebSocket mid-flow and goes on; then checks that the page shows every line the server
// delivered exactly once, and saves a screenshot. Then, in the agents' view of this web-chat-only
// setup: a new visitor reports a data breach; the security officer reads its details under "Private
// to you" (another agent does not), claims it from the card and answers with the Reply box.
// Usage: node webchat.test.mjs FRONTLINE_BINARY CONFIG_FILE OUTPUT_DIR
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [binary, configFile, outDir] = process.argv.slice(2);
if (!binary || !configFile || !outDir) {
  console.error('usage: node webchat.test.mjs FRONTLINE_BINARY CONFIG_FILE OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'frontline-browser-'));
const db = path.join(work, 'frontline.db');
const WAIT = { timeout: 20000 };
const AGENT_SECRET = 'browser-test-agent-secret';
const secretEnv = { ...process.env, FRONTLINE_WEBCHAT_AGENT_SECRET: AGENT_SECRET };

// Each agent's own token, as the operator would hand it out.
function agentToken(agentId) {
  return execFileSync(binary, ['agent-token', agentId, '--config', configFile], { env: secretEnv, encoding: 'utf8' }).trim();
}

function startService() {
  const child = spawn(binary, ['--config', configFile, '--db', db, '--set', 'http.listen=127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: secretEnv,
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const port = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/[^:]+:(\d+)\//);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`frontline exited with ${code} before listening:\n${log}`)));
  });
  return { child, port, log: () => log };
}

function delivered(conversation) {
  const out = execFileSync('sqlite3', ['-readonly', db,
    `SELECT idempotency_key FROM outbox WHERE platform = 'webchat' AND conversation = '${conversation}' ` +
    `AND status = 'delivered' ORDER BY id`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

async function online(page) {
  await page.waitForFunction(() => document.body.dataset.connection === 'online', null, WAIT);
}

async function botCount(page) {
  return page.locator('#log li.msg.bot').count();
}

// Presses the first open button of the latest question and waits for the bot's next line.
async function answerWithButton(page) {
  const button = page.locator('#log li.msg.bot .choices button:not([disabled])').first();
  // The question may still be on its way behind the lines before it (the ticket id, say).
  try { await button.waitFor({ timeout: 5000 }); } catch { return false; }
  const before = await botCount(page);
  await button.click();
  await page.waitForFunction((n) => document.querySelectorAll('#log li.msg.bot').length > n, before, WAIT);
  return true;
}

// Types a line and waits until the server has committed it (its echo replaced the pending line).
async function say(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#log li.pending').length === 0, null, WAIT);
}

async function openAgentsView(browser, url, agentId) {
  const page = await browser.newPage();  // its own sessionStorage: its own agent
  page.on('pageerror', (e) => { console.error(`page error (${agentId}):`, e); failed = true; });
  await page.goto(url + 'agents');
  await page.fill('#agent-id', agentId);
  await page.fill('#agent-token', agentToken(agentId));
  await page.click('#login-button');
  await online(page);
  return page;
}

// The texts of the lines in a list ('#log' or '#private-log').
function lines(page, list) {
  return page.locator(`${list} li.msg .text`).allTextContents();
}

const service = startService();
let browser;
let failed = false;
try {
  const port = await service.port;
  const url = `http://127.0.0.1:${port}/`;
  browser = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },  // a phone screen
    locale: 'en-US',
  });
  const page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => { console.error('page error:', e); failed = true; });
  await page.goto(url);
  await online(page);

  // 1. Report a problem: the answer names the ticket, highlighted.
  await page.fill('#text', 'My VPN drops every five minutes since this morning');
  await page.press('#text', 'Enter');
  const ticket = page.locator('#log li.msg.bot .ticket').first();
  await ticket.waitFor(WAIT);
  const ticketId = await ticket.textContent();
  assert.match(ticketId, /^(INC|REQ)-\d{6}$/);
  console.log('ticket', ticketId);

  // 2. Answer with a button.
  assert.ok(await answerWithButton(page), 'the bot offers buttons after the report');

  // 3. Reload mid-flow: the transcript comes back as it was, and the conversation goes on.
  const beforeReload = await page.locator('#log li.msg').evaluateAll((els) => els.map((e) => e.id));
  await page.reload();
  await online(page);
  const afterReload = await page.locator('#log li.msg').evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(afterReload, beforeReload, 'the reloaded page shows the same lines');
  assert.ok(await answerWithButton(page), 'buttons still work after a reload');

  // 4. Drop the WebSocket and answer while it is down: the answer waits, then goes through once.
  const questionsBefore = await botCount(page);
  await page.evaluate(() => window.frontlineChat.dropConnection());
  await page.waitForFunction(() => document.body.dataset.connection !== 'online', null, WAIT);
  const open = page.locator('#log li.msg.bot .choices button:not([disabled])').first();
  if ((await open.count()) > 0) {
    await open.click();
    await online(page);
    await page.waitForFunction((n) => document.querySelectorAll('#log li.msg.bot').length > n, questionsBefore, WAIT);
  } else {
    await online(page);
  }
  for (let i = 0; i < 2 && (await answerWithButton(page)); ++i) { /* a little further into the flow */ }
  await page.waitForFunction(() => document.querySelectorAll('#log li.pending').length === 0, null, WAIT);

  // 5. Nothing lost, nothing doubled: the page shows exactly the lines the server delivered. One
  // answer can bring several bot lines, and the last may still be on its way: let the page and the
  // outbox settle (bounded), then compare.
  const botLines = (st) => st.entries.filter((e) => e.from === 'bot').flatMap((e) => (e.alias ? [e.id, e.alias] : [e.id]));
  let state = await page.evaluate(() => window.frontlineChat.state());
  for (let i = 0; i < 50 && JSON.stringify(botLines(state)) !== JSON.stringify(delivered(state.userId)); ++i) {
    await page.waitForTimeout(100);
    state = await page.evaluate(() => window.frontlineChat.state());
  }
  const ids = await page.locator('#log li.msg').evaluateAll((els) => els.map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, 'no line is shown twice');
  assert.deepEqual(botLines(state), delivered(state.userId), 'every delivered bot line is shown once, in order');
  const userLines = state.entries.filter((e) => e.from === 'user').length;
  assert.ok(userLines >= 4, `the user's own lines are kept (${userLines})`);

  await page.screenshot({ path: path.join(outDir, 'webchat.png'), fullPage: true });
  console.log('screenshot', path.join(outDir, 'webchat.png'));

  // 6. The agents' view. Dana is the security officer; Bruno an L2 agent. Only the web chat runs,
  // so Dana's private messages go to her web chat identity.
  const dana = await openAgentsView(browser, url, 'dana');
  const bruno = await openAgentsView(browser, url, 'bruno');
  await page.evaluate(() => localStorage.clear());  // a new visitor
  await page.reload();
  await online(page);
  await say(page, 'I think we have a data breach: a spreadsheet with customer data was emailed to the wrong company');
  const breach = await page.locator('#log li.msg.bot .ticket').first().textContent({ timeout: WAIT.timeout });
  const secret = 'customer contact list, about 200 people';
  await say(page, secret);
  await say(page, 'an email sent by mistake today at 10:30');
  await say(page, 'I did, when the other company replied');
  await say(page, 'skip');  // no name or e-mail asked of a new visitor: the officer answers in the chat
  console.log('data breach', breach);

  // The details reach Dana privately; the room only ever sees "restricted incident".
  await dana.waitForFunction((id) => Array.from(document.querySelectorAll('#private-log li.msg'))
    .some((li) => li.textContent.includes(id)), breach, WAIT);
  assert.ok((await lines(dana, '#private-log')).some((t) => t.includes(secret)), 'the officer reads the details privately');
  assert.ok(await dana.locator('#private').evaluate((d) => d.open), 'the private panel opens for a new private message');
  const card = (page_) => page_.locator('#log li.msg.bot').filter({ hasText: breach }).first();
  await card(bruno).waitFor(WAIT);
  for (const p of [dana, bruno]) {
    assert.ok(!(await lines(p, '#log')).some((t) => t.includes(secret)), 'no detail in the agents\' room');
  }
  assert.equal(await bruno.locator('#private-log li').count(), 0, 'another agent sees none of it');
  assert.equal((await bruno.evaluate(() => window.frontlineChat.state())).privateEntries.length, 0);

  // Dana claims from the card, then answers with its Reply button and the box under the card.
  await card(dana).locator(`button[data-payload="handoff:claim:${breach}"]`).click();
  const replyButton = card(dana).locator(`button[data-payload="handoff:reply:${breach}"]:not([disabled])`);
  await replyButton.waitFor(WAIT);
  await replyButton.click();
  const answer = 'Please delete the email from your Sent folder and let us know once it is done.';
  await card(dana).locator('.reply-box textarea').fill(answer);
  await card(dana).locator('.reply-box .reply-send').click();
  await page.waitForFunction((text) => Array.from(document.querySelectorAll('#log li.msg.bot'))
    .some((li) => li.textContent.includes(text)), answer, WAIT);
  const relayed = (await lines(page, '#log')).find((t) => t.includes(answer));
  assert.ok(relayed.includes('Dana Greco'), `the requester sees who answers: ${relayed}`);
  await dana.waitForFunction(() => Array.from(document.querySelectorAll('#log li.msg.bot'))
    .some((li) => li.textContent.startsWith('✓')), null, WAIT);
  assert.equal(await card(dana).locator('.reply-box').count(), 0, 'the box closes once sent');
  assert.ok(!(await lines(bruno, '#log')).some((t) => t.includes(answer)), 'a restricted reply is not quoted in the room');
  await dana.screenshot({ path: path.join(outDir, 'agents.png'), fullPage: true });
  console.log('screenshot', path.join(outDir, 'agents.png'));

  // 7. The page follows the conversation's language, not only the browser's (issue 17): an English
  // browser whose visitor writes in Italian gets the bot in Italian and the page's own words too.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await online(page);
  assert.equal(await page.getAttribute('#text', 'placeholder'), 'Describe your problem…');
  await say(page, 'La stampante del terzo piano non stampa più da stamattina');
  await page.waitForFunction(() => document.getElementById('text').placeholder === 'Descrivi il problema…', null, WAIT);
  assert.equal(await page.getAttribute('html', 'lang'), 'it');
  await page.reload();
  await online(page);
  assert.equal(await page.getAttribute('#text', 'placeholder'), 'Descrivi il problema…', 'kept across a reload');
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
