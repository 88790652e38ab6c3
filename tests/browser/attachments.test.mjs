// Browser test of files (label "browser", issue 22): the real frontline binary with the real
// conversation engine in Debian's headless Chromium. A visitor reports a problem and asks for a
// person; then uploads a screenshot with the paperclip (progress shown, then ready to send), sends
// it, and sees its thumbnail in the conversation and the bot's confirmation. An agent opens the
// ticket in the agents' view's queue and sees the screenshot's thumbnail, loaded through its signed
// link. Screenshots: attachments-chat.png and attachments-agents.png in OUTPUT_DIR.
// Usage: node attachments.test.mjs FRONTLINE_BINARY CONFIG_FILE OUTPUT_DIR
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [binary, configFile, outDir] = process.argv.slice(2);
if (!binary || !configFile || !outDir) {
  console.error('usage: node attachments.test.mjs FRONTLINE_BINARY CONFIG_FILE OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'frontline-files-'));
const db = path.join(work, 'frontline.db');
const WAIT = { timeout: 20000 };
const AGENT_SECRET = 'browser-files-agent-secret';
const env = { ...process.env, FRONTLINE_WEBCHAT_AGENT_SECRET: AGENT_SECRET };

function agentToken(agentId) {
  return execFileSync(binary, ['agent-token', agentId, '--config', configFile], { env, encoding: 'utf8' }).trim();
}

function sql(query) {
  return execFileSync('sqlite3', ['-readonly', db, query], { encoding: 'utf8' }).trim();
}

function startService() {
  const child = spawn(binary, ['--config', configFile, '--db', db, '--set', 'http.listen=127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
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

async function online(page) {
  await page.waitForFunction(() => document.body.dataset.connection === 'online', null, WAIT);
}

async function say(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#log li.pending').length === 0, null, WAIT);
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
    viewport: { width: 390, height: 844 },
    locale: 'en-US',
  });
  const page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => { console.error('page error:', e); failed = true; });
  await page.goto(url);
  await online(page);

  // 1. A problem, handed to a person (a new visitor is asked who they are: skipped).
  await say(page, 'My VPN drops every five minutes since this morning');
  const ticketId = await page.locator('#log li.msg.bot .ticket').first().textContent({ timeout: WAIT.timeout });
  assert.match(ticketId, /^INC-\d{6}$/);
  for (let i = 0; i < 4 && sql(`SELECT status FROM tickets WHERE id = '${ticketId}'`) !== 'escalated'; ++i) {
    await say(page, i % 2 === 0 ? 'agent' : 'skip');
    await page.waitForTimeout(300);
  }
  assert.equal(sql(`SELECT status FROM tickets WHERE id = '${ticketId}'`), 'escalated', 'the ticket is with the people');

  // 2. A screenshot of the page itself, uploaded with the paperclip: progress, then ready to send.
  const shot = path.join(work, 'vpn-error.png');
  writeFileSync(shot, await page.screenshot());
  const sawProgress = page.waitForSelector('#attachments progress, #attachments .chip', WAIT);
  await page.setInputFiles('#file', shot);
  await sawProgress;
  await page.locator('#attachments .chip').filter({ hasText: 'vpn-error.png is ready to send' }).waitFor(WAIT);
  assert.ok(await page.locator('#attachments .chip img.thumb').count() === 1, 'the waiting file shows its thumbnail');

  // 3. Sent alone (no words): the thumbnail in the conversation, the bot's confirmation.
  await page.press('#text', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#log li.pending').length === 0, null, WAIT);
  const sent = page.locator('#log li.msg.user').filter({ hasText: 'vpn-error.png' }).last();
  await sent.locator('img.thumb').waitFor(WAIT);
  assert.ok(await sent.locator('img.thumb').evaluate((img) => img.complete && img.naturalWidth > 0), 'the thumbnail shows the image');
  await page.locator('#log li.msg.bot').filter({ hasText: `added vpn-error.png to ${ticketId}` }).waitFor(WAIT);
  assert.equal(await page.locator('#attachments').isHidden(), true, 'nothing waits to be sent any more');
  assert.equal(sql(`SELECT COUNT(*) FROM journal WHERE ticket_id = '${ticketId}' AND kind = 'attachment'`), '1');
  await page.screenshot({ path: path.join(outDir, 'attachments-chat.png'), fullPage: true });

  // 4. The agents' view: the room's message names the file, the queue's ticket shows the thumbnail.
  const agent = await browser.newPage();
  agent.on('pageerror', (e) => { console.error('page error (agent):', e); failed = true; });
  await agent.setViewportSize({ width: 1280, height: 900 });
  await agent.goto(url + 'agents');
  await agent.fill('#agent-id', 'bruno');
  await agent.fill('#agent-token', agentToken('bruno'));
  await agent.click('#login-button');
  await online(agent);
  await agent.locator('#log li.msg.bot').filter({ hasText: `sent a file for ${ticketId}: vpn-error.png` }).first().waitFor(WAIT);
  await agent.click(`#queue-list li[data-ticket="${ticketId}"] button`);
  const thumb = agent.locator('#queue-detail .q-files img.q-thumb');
  await thumb.waitFor(WAIT);
  await agent.waitForFunction(() => {
    const img = document.querySelector('#queue-detail .q-files img.q-thumb');
    return img && img.complete && img.naturalWidth > 0;
  }, null, WAIT);
  const href = await agent.locator('#queue-detail .q-files a').first().getAttribute('href');
  assert.match(href, new RegExp(`^/files/${ticketId}\\.[0-9a-f]{64}\\.\\d+\\.[0-9a-f]{64}$`));
  // The link serves the very bytes uploaded, inline as an image with nosniff.
  const served = await agent.request.get(url + href.slice(1));
  assert.equal(served.status(), 200);
  assert.equal(served.headers()['content-type'], 'image/png');
  assert.equal(served.headers()['x-content-type-options'], 'nosniff');
  assert.match(served.headers()['content-disposition'], /^inline;/);
  // Tampered with, it serves nothing.
  const forged = await agent.request.get(url + href.slice(1, -1) + (href.endsWith('0') ? '1' : '0'));
  assert.equal(forged.status(), 403);
  await agent.screenshot({ path: path.join(outDir, 'attachments-agents.png'), fullPage: true });
  console.log('screenshots', path.join(outDir, 'attachments-chat.png'), path.join(outDir, 'attachments-agents.png'));
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
