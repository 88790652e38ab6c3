// Browser test of the dashboard and the agents' queue (label "browser"): the real frontline binary
// on a store seeded with tickets of known priorities and timings (seed_tickets), in Debian's headless
// Chromium through playwright-core.
// /dashboard: the login, then every figure shown (tiles, tickets per day and priority, SLA compliance
// per priority, backlog by age, top categories, first-contact resolution, MTTA per day) equals the
// one computed here from the seed; the Italian page in an Italian browser. /agents: the queue's rows
// in order with their amber and red clocks, a data breach shown to Alice without its details, the
// filters (priority, status, team, mine), a claim from the queue that the room confirms and the
// queue then shows, then a reply and a resolution sent from it. Screenshots: dashboard.png, dashboard-it.png and queue.png in OUTPUT_DIR.
// Usage: node dashboard.test.mjs FRONTLINE_BINARY SEED_BINARY CONFIG_FILE OUTPUT_DIR
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [binary, seeder, configFile, outDir] = process.argv.slice(2);
if (!binary || !seeder || !configFile || !outDir) {
  console.error('usage: node dashboard.test.mjs FRONTLINE_BINARY SEED_BINARY CONFIG_FILE OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'frontline-dashboard-'));
const db = path.join(work, 'frontline.db');
const WAIT = { timeout: 20000 };
const env = { ...process.env, FRONTLINE_WEBCHAT_AGENT_SECRET: 'browser-test-agent-secret' };
const config = JSON.parse(readFileSync(configFile, 'utf8'));

// --- the seed: times in unix seconds, relative to now ----------------------------------------------
const now = Math.floor(Date.now() / 1000);
const M = 60, H = 3600, D = 86400;
const dayStart = (ago) => Math.floor(now / D) * D - ago * D;
const resolved = (t) => ({ ...t, status: 'closed' });
const claimed = (t, after) => ({ ...t, claimed: t.reported + after, first_response: t.reported + after, escalated: t.reported + M });
const tickets = [
  // Decided in earlier days.
  resolved({ ...claimed({ priority: 'P1', tier: 'L3', category: 'network', title: 'VPN down for sales', reported: dayStart(3) + 10 * H }, 20 * M), resolved: dayStart(3) + 12 * H, assignee: 'chiara' }),
  resolved({ ...claimed({ priority: 'P1', tier: 'L3', category: 'network', title: 'Core router flapping', reported: dayStart(3) + 12 * H }, 30 * M), resolved: dayStart(3) + 17 * H, assignee: 'chiara' }),
  resolved({ ...claimed({ priority: 'P2', category: 'email', title: 'Mailbox full', reported: dayStart(2) + 9 * H }, 60 * M), resolved: dayStart(2) + 13 * H, assignee: 'alice' }),
  resolved({ priority: 'P3', tier: 'L1', category: 'password', title: 'Forgot password', reported: dayStart(2) + 11 * H, resolved: dayStart(2) + 11 * H + 10 * M, first_contact_resolution: true }),
  resolved({ priority: 'P3', tier: 'L1', category: 'password', title: 'Account locked', reported: dayStart(1) + 8 * H, resolved: dayStart(1) + 8 * H + 5 * M, first_contact_resolution: true }),
  resolved({ ...claimed({ priority: 'P4', category: 'hardware', title: 'New mouse please', reported: dayStart(1) + 14 * H }, 90 * M), resolved: dayStart(1) + 20 * H, assignee: 'bruno' }),
  // Open now: the queue.
  { priority: 'P2', status: 'escalated', category: 'network', title: 'Printer on floor 2 jams', reported: now - 30 * M, escalated: now - 29 * M },
  { priority: 'P1', tier: 'L3', status: 'escalated', category: 'outage', title: 'Payroll app unreachable', reported: now - 50 * M, escalated: now - 49 * M },
  { ...claimed({ priority: 'P3', status: 'in_progress', category: 'software', title: 'Excel crashes on open', reported: now - 26 * H }, 15 * M), assignee: 'alice' },
  { ...claimed({ priority: 'P1', tier: 'L3', status: 'in_progress', category: 'data_breach', title: 'Customer list mailed outside', reported: now - 20 * M }, 5 * M), assignee: 'chiara', restricted: true },
  { priority: 'P4', status: 'escalated', category: 'hardware', title: 'Docking station flickers', reported: now - 2 * H, escalated: now - 2 * H + M },
];
for (const t of tickets) t.tier = t.tier || 'L2';

// --- the truth, computed here from the seed and the configured targets ------------------------------
const target = (p, clock) => config.sla[p][clock + '_minutes'] * M;  // the default calendar counts every hour
for (const t of tickets) {
  t.response_due = t.reported + target(t.priority, 'response');
  t.resolution_due = t.reported + target(t.priority, 'resolution');
  t.journal = [];
  // What the service journals when a clock runs out before the ticket is answered or solved.
  if ((t.first_response ?? now) > t.response_due && t.response_due <= now) t.journal.push({ at: t.response_due, kind: 'sla_breach', details: { clock: 'response' } });
  if ((t.resolved ?? now) > t.resolution_due && t.resolution_due <= now) t.journal.push({ at: t.resolution_due, kind: 'sla_breach', details: { clock: 'resolution' } });
}
const day = (s) => new Date(s * 1000).toISOString().slice(0, 10);
const isOpen = (t) => !['resolved', 'closed', 'cancelled'].includes(t.status);
const truth = { perDay: {}, sla: {}, categories: {}, backlog: { 'under 4h': 0, '4h-24h': 0, '1d-3d': 0, '3d-7d': 0, 'over 7d': 0 } };
let met = 0, counted = 0, fcr = 0;
const claims = [], claimsPerDay = {};
for (const t of tickets) {
  const d = day(t.reported);
  truth.perDay[d] = truth.perDay[d] || { P1: 0, P2: 0, P3: 0, P4: 0 };
  truth.perDay[d][t.priority]++;
  truth.categories[t.category] = (truth.categories[t.category] || 0) + 1;
  const breached = t.journal.length > 0;
  if (t.resolved || breached) {
    const s = (truth.sla[t.priority] = truth.sla[t.priority] || { met: 0, counted: 0 });
    s.counted++; counted++;
    if (!breached) { s.met++; met++; }
  }
  if (t.first_contact_resolution) fcr++;
  if (t.claimed) { claims.push(t.claimed - t.reported); (claimsPerDay[d] = claimsPerDay[d] || []).push(t.claimed - t.reported); }
  if (isOpen(t)) {
    const h = (now - t.reported) / H;
    truth.backlog[h < 4 ? 'under 4h' : h < 24 ? '4h-24h' : h < 72 ? '1d-3d' : h < 168 ? '3d-7d' : 'over 7d']++;
  }
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const en = (v, digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
const pct = (v) => en(v, 1) + '%';
const duration = (s) => (s / 60 < 120 ? en(s / 60, 1) + ' min' : en(s / 3600, 1) + ' h');

// --- the service ------------------------------------------------------------------------------------
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
  const child = spawn(binary, ['--config', configFile, '--db', db, '--set', `http.listen=127.0.0.1:${port}`],
                      { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (/listening on http:/.test(out)) resolve(); });
    child.on('exit', (code) => reject(new Error(`frontline exited with ${code} before listening:\n${log}`)));
  });
  return { child, ready, log: () => log };
}

async function login(page, id, token) {
  await page.fill('#agent-id', id);
  await page.fill('#agent-token', token);
  await page.click('#login-button');
}

async function rows(page) {
  return page.$$eval('#queue-list li.q-row', (lis) => lis.map((li) => ({
    id: li.dataset.ticket, state: li.dataset.state, priority: li.dataset.priority,
    title: li.querySelector('.q-title')?.textContent, assignee: li.querySelector('.q-assignee')?.textContent,
    time: li.querySelector('.q-time')?.textContent,
    timeColor: li.querySelector('.q-time') ? getComputedStyle(li.querySelector('.q-time')).color : '',
  })));
}

async function filter(page, name, value) {
  await page.selectOption('#queue-filter-' + name, value);
}

const specFile = path.join(work, 'seed.json');
writeFileSync(specFile, JSON.stringify({ sla: config.sla, tickets }));
const ids = execFileSync(seeder, [db, specFile], { encoding: 'utf8' }).trim().split('\n');
assert.equal(ids.length, tickets.length);
tickets.forEach((t, i) => { t.id = ids[i]; });
const [printer, payroll, excel, breach, docking] = tickets.slice(6);

const port = await freePort();
const base = `http://127.0.0.1:${port}/`;
const service = startService(port);
let browser;
let failed = false;
try {
  await service.ready;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Rome' });
  const aliceToken = agentToken('alice');

  // The dashboard: a wrong token is refused, the right one shows the figures.
  const dash = await context.newPage();
  dash.on('pageerror', (e) => { console.error('page error (dashboard):', e); failed = true; });
  await dash.goto(base + 'dashboard');
  await dash.locator('#login').waitFor({ state: 'visible', ...WAIT });
  await login(dash, 'alice', 'not-the-token');
  await dash.locator('#login-error').filter({ hasText: 'not accepted' }).waitFor(WAIT);
  await login(dash, 'alice', aliceToken);
  await dash.waitForFunction(() => document.body.dataset.loaded, null, WAIT);

  const tile = (key) => dash.locator(`.tile[data-figure="${key}"] .value`).textContent();
  assert.equal(await tile('tickets'), String(tickets.length));
  assert.equal(await tile('sla'), pct(100 * met / counted));
  assert.equal(await tile('fcr'), pct(100 * fcr / tickets.length));
  assert.equal(await tile('mtta'), duration(mean(claims)));
  assert.equal(await tile('backlog'), String(tickets.filter(isOpen).length));

  // Tickets per day by priority: the table and the bars.
  const dayRows = await dash.$$eval('#chart-daily tbody tr', (trs) => trs.map((tr) => [tr.dataset.day, ...Array.from(tr.children).slice(1).map((c) => c.textContent)]));
  const wantDays = Object.keys(truth.perDay).sort().map((d) => {
    const p = truth.perDay[d];
    return [d, String(p.P1), String(p.P2), String(p.P3), String(p.P4), String(p.P1 + p.P2 + p.P3 + p.P4)];
  });
  assert.deepEqual(dayRows, wantDays);
  for (const [d, counts] of Object.entries(truth.perDay))
    for (const [p, n] of Object.entries(counts)) {
      const bar = dash.locator(`#chart-daily rect[data-day="${d}"][data-priority="${p}"]`);
      if (n) assert.equal(await bar.getAttribute('data-value'), String(n), `${d} ${p}`);
      else assert.equal(await bar.count(), 0, `${d} ${p}: no bar`);
    }

  // MTTA per day: the trend's points.
  for (const [d, v] of Object.entries(claimsPerDay)) {
    const dot = dash.locator(`#chart-trend circle[data-day="${d}"][data-series="mtta"]`);
    assert.equal(Number(await dot.getAttribute('data-value')), mean(v), `MTTA of ${d}`);
  }

  // SLA compliance per priority, as bars and as text.
  const slaRows = await dash.$$eval('#chart-sla tbody tr', (trs) => trs.map((tr) => [tr.dataset.priority, tr.children[1].textContent, tr.children[2].textContent]));
  assert.deepEqual(slaRows, ['P1', 'P2', 'P3', 'P4'].filter((p) => truth.sla[p]).map((p) =>
    [p, pct(100 * truth.sla[p].met / truth.sla[p].counted), `${truth.sla[p].met} of ${truth.sla[p].counted}`]));
  assert.ok(slaRows.some(([, v]) => v !== '100.0%'), 'the seed breaks an SLA');

  // Backlog by age and top categories.
  const backlogRows = await dash.$$eval('#chart-backlog tbody tr', (trs) => trs.map((tr) => [tr.dataset.age, tr.children[1].textContent]));
  assert.deepEqual(backlogRows, Object.entries(truth.backlog).map(([age, n]) => [age, String(n)]));
  const categoryRows = await dash.$$eval('#chart-categories tbody tr', (trs) => trs.map((tr) => [tr.dataset.category, tr.children[1].textContent]));
  const wantCategories = Object.entries(truth.categories).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8)
    .map(([c, n]) => [c, String(n)]);
  assert.deepEqual(categoryRows, wantCategories);
  const fcrText = await dash.locator('#chart-fcr .fcr-text').textContent();
  assert.ok(fcrText.startsWith(`${pct(100 * fcr / tickets.length)} of ${tickets.length} tickets`), fcrText);
  // Accessible: every chart is an image with a title.
  const unnamed = await dash.$$eval('svg', (svgs) => svgs.filter((s) => s.getAttribute('role') !== 'img' || !s.querySelector('title')).length);
  assert.equal(unnamed, 0);
  await dash.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });
  console.log('screenshot', path.join(outDir, 'dashboard.png'));

  // An Italian browser gets the Italian page.
  const it = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const dashIt = await it.newPage();
  await dashIt.goto(base + 'dashboard');
  await login(dashIt, 'alice', aliceToken);
  await dashIt.waitForFunction(() => document.body.dataset.loaded, null, WAIT);
  assert.equal(await dashIt.locator('h1').textContent(), 'Cruscotto del service desk');
  assert.equal(await dashIt.locator('#chart-sla h2').textContent(), 'Rispetto degli SLA per priorità');
  await dashIt.screenshot({ path: path.join(outDir, 'dashboard-it.png'), fullPage: true });
  await it.close();

  // The agents' queue, as Alice (L2, service desk).
  const agent = await context.newPage();
  agent.on('pageerror', (e) => { console.error('page error (agents):', e); failed = true; });
  await agent.goto(base + 'agents');
  await login(agent, 'alice', aliceToken);
  await agent.waitForFunction(() => document.body.dataset.connection === 'online', null, WAIT);
  await agent.waitForFunction(() => document.body.dataset.queueRead, null, WAIT);
  let shown = await rows(agent);
  // P1s first, the longest waiting first; then P2, P3, P4. The closed tickets are not there.
  assert.deepEqual(shown.map((r) => r.id), [payroll.id, breach.id, printer.id, excel.id, docking.id]);
  const byId = Object.fromEntries(shown.map((r) => [r.id, r]));
  assert.equal(byId[printer.id].state, 'ok');
  assert.match(byId[printer.id].time, /^1 h \d+ min left$/, "about 90 minutes of its 2-hour response target left");
  assert.equal(byId[payroll.id].state, 'warning', '50 of 60 minutes: past the 75% warning');
  assert.equal(byId[payroll.id].timeColor, 'rgb(185, 119, 14)', 'amber');
  assert.equal(byId[excel.id].state, 'breached');
  assert.match(byId[excel.id].time, /^overdue by /);
  assert.equal(byId[excel.id].timeColor, 'rgb(192, 57, 43)', 'red');
  assert.equal(byId[excel.id].assignee, 'alice');
  assert.equal(byId[docking.id].state, 'ok');
  assert.equal(byId[printer.id].assignee, 'unclaimed');
  // The data breach: only its id, priority and status for Alice.
  assert.equal(byId[breach.id].title, 'Restricted');
  assert.equal(byId[breach.id].assignee, undefined);
  assert.ok(!(await agent.locator('#queue').textContent()).includes('Customer list'), 'no detail of the breach');
  await agent.click(`#queue-list li[data-ticket="${breach.id}"] button`);
  await agent.locator('#queue-detail .q-restricted-note:not(.q-files-restricted)').waitFor(WAIT);
  await agent.locator('#queue-detail .q-files-restricted').waitFor(WAIT);  // and its files are not listed

  // Filters.
  await filter(agent, 'priority', 'P1');
  assert.deepEqual((await rows(agent)).map((r) => r.id), [payroll.id, breach.id]);
  await filter(agent, 'priority', '');
  await filter(agent, 'status', 'in_progress');
  assert.deepEqual((await rows(agent)).map((r) => r.id), [breach.id, excel.id]);
  await filter(agent, 'status', '');
  await filter(agent, 'team', 'infrastructure');
  assert.deepEqual((await rows(agent)).map((r) => r.id), [payroll.id], 'the P1 outage is carried by the L3 team');
  await filter(agent, 'team', '');
  await agent.check('#queue-filter-mine');
  assert.deepEqual((await rows(agent)).map((r) => r.id), [excel.id]);
  await agent.uncheck('#queue-filter-mine');

  // Claim from the queue: the room confirms it, and the queue shows it as Alice's.
  await agent.click(`#queue-list li[data-ticket="${printer.id}"] button`);
  await agent.locator('#queue-detail .q-detail-title').filter({ hasText: 'Printer on floor 2 jams' }).waitFor(WAIT);
  await agent.click('#queue-detail .q-claim');
  await agent.waitForFunction((id) => Array.from(document.querySelectorAll('#log li.msg')).some((li) => li.textContent.includes(`${id} is yours`)),
    printer.id, WAIT);
  await agent.waitForFunction((id) => document.querySelector(`#queue-list li[data-ticket="${id}"] .q-assignee`)?.textContent === 'alice',
    printer.id, WAIT);
  shown = await rows(agent);
  assert.equal(shown.find((r) => r.id === printer.id).assignee, 'alice');
  await agent.check('#queue-filter-mine');
  assert.deepEqual((await rows(agent)).map((r) => r.id).sort(), [excel.id, printer.id].sort());
  await agent.uncheck('#queue-filter-mine');

  // Reply and resolve from the queue: the room's confirmations, and the ticket leaves the queue.
  const roomSays = (text) => agent.waitForFunction((t) => Array.from(document.querySelectorAll('#log li.msg')).some((li) => li.textContent.includes(t)),
    text, WAIT);
  await agent.click(`#queue-list li[data-ticket="${printer.id}"] button`);
  await agent.locator('#queue-detail .q-reply').waitFor(WAIT);
  await agent.click('#queue-detail .q-reply');
  await agent.fill('#queue-detail textarea[name="reply"]', 'Please switch the printer off and on again.');
  await agent.click('#queue-detail .q-reply-form button[type="submit"]');
  await roomSays('✓ Sent to Rita Requester: Please switch the printer off and on again.');
  await agent.click('#queue-detail .q-resolve');
  await agent.fill('#queue-detail textarea[name="notes"]', 'Cleared the paper jam.');
  await agent.click('#queue-detail .q-resolve-form button[type="submit"]');
  await roomSays(`${printer.id} is resolved; the requester has been asked to confirm.`);
  await agent.waitForFunction((id) => !document.querySelector(`#queue-list li[data-ticket="${id}"]`), printer.id, WAIT);
  assert.ok((await agent.locator('#log').textContent()).includes(`resolve ${printer.id} fixed Cleared the paper jam.`), 'the command as typed');

  await agent.click(`#queue-list li[data-ticket="${payroll.id}"] button`);
  await agent.screenshot({ path: path.join(outDir, 'queue.png'), fullPage: true });
  console.log('screenshot', path.join(outDir, 'queue.png'));

  // Chiara, the breach's assignee, sees it whole.
  const chiara = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await chiara.goto(base + 'agents');
  await login(chiara, 'chiara', agentToken('chiara'));
  await chiara.waitForFunction(() => document.body.dataset.queueRead, null, WAIT);
  const hers = (await rows(chiara)).find((r) => r.id === breach.id);
  assert.equal(hers.title, 'Customer list mailed outside');
  assert.equal(hers.assignee, 'chiara');
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
