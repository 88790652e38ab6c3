// frontline dashboard: the desk manager's figures at a glance, read from GET /api/report with the
// agent's own web chat token (the same id and token as the agents' view; kept for this tab only).
// The charts are drawn here as plain SVG, with their numbers written as text and in a table beside
// each: no chart library, nothing from outside this server, works offline.
(() => {
  'use strict';

  const lang = (navigator.language || 'en').toLowerCase().startsWith('it') ? 'it' : 'en';
  const TEXTS = {
    en: {
      title: 'Service desk dashboard', period: 'Period (days)', intro: 'Sign in with your agent id and agent token.',
      agentId: 'Agent id', agentToken: 'Agent token', login: 'Open the dashboard',
      unauthorized: 'That agent token was not accepted.', failed: 'The figures could not be loaded; retrying.',
      loading: 'Loading…', updated: 'Updated {time}',
      tickets: 'Tickets', sla: 'SLA met', fcr: 'Solved by the bot', mtta: 'Mean time to claim', mttr: 'Mean time to resolve',
      backlog: 'Open now',
      daily: 'Tickets per day by priority', trend: 'Mean time to claim (MTTA) and to resolve (MTTR) per day',
      slaChart: 'SLA compliance per priority', backlogChart: 'Open tickets by age', categories: 'Top categories',
      fcrChart: 'First-contact resolution by the bot', figures: 'Figures', day: 'Day', priority: 'Priority',
      age: 'Age', category: 'Category', count: 'Tickets', percent: 'Met', ofCounted: '{met} of {counted}',
      none: 'No tickets in this period.', noneDecided: 'No ticket has a decided SLA yet.', noneOpen: 'Nothing open.',
      fcrText: '{percent} of {total} tickets were solved by the bot without a person ({count}); {known} by a known fix.',
      dailyDesc: 'Stacked bars: tickets reported each day, by priority.',
      trendDesc: 'Two lines: the mean minutes from report to claim and to resolution of the tickets reported each day.',
      minutes: 'min', hours: 'h', mttaShort: 'MTTA', mttrShort: 'MTTR', noValue: '–',
      ages: { 'under 4h': 'under 4 h', '4h-24h': '4–24 h', '1d-3d': '1–3 days', '3d-7d': '3–7 days', 'over 7d': 'over 7 days' },
    },
    it: {
      title: 'Cruscotto del service desk', period: 'Periodo (giorni)', intro: 'Accedi con il tuo id agente e il token agente.',
      agentId: 'Id agente', agentToken: 'Token agente', login: 'Apri il cruscotto',
      unauthorized: 'Il token agente non è stato accettato.', failed: 'Non riesco a caricare i dati; riprovo.',
      loading: 'Caricamento…', updated: 'Aggiornato alle {time}',
      tickets: 'Ticket', sla: 'SLA rispettati', fcr: 'Risolti dal bot', mtta: 'Tempo medio di presa in carico',
      mttr: 'Tempo medio di risoluzione', backlog: 'Aperti ora',
      daily: 'Ticket al giorno per priorità', trend: 'Tempo medio di presa in carico (MTTA) e di risoluzione (MTTR) per giorno',
      slaChart: 'Rispetto degli SLA per priorità', backlogChart: 'Ticket aperti per età', categories: 'Categorie più frequenti',
      fcrChart: 'Risoluzione al primo contatto da parte del bot', figures: 'Dati', day: 'Giorno', priority: 'Priorità',
      age: 'Età', category: 'Categoria', count: 'Ticket', percent: 'Rispettati', ofCounted: '{met} su {counted}',
      none: 'Nessun ticket in questo periodo.', noneDecided: 'Nessun ticket ha ancora uno SLA concluso.', noneOpen: 'Niente di aperto.',
      fcrText: 'Il {percent} di {total} ticket è stato risolto dal bot senza una persona ({count}); {known} con una soluzione nota.',
      dailyDesc: 'Barre impilate: i ticket aperti ogni giorno, per priorità.',
      trendDesc: 'Due linee: i minuti medi dalla segnalazione alla presa in carico e alla risoluzione dei ticket aperti ogni giorno.',
      minutes: 'min', hours: 'h', mttaShort: 'MTTA', mttrShort: 'MTTR', noValue: '–',
      ages: { 'under 4h': 'meno di 4 h', '4h-24h': '4–24 h', '1d-3d': '1–3 giorni', '3d-7d': '3–7 giorni', 'over 7d': 'oltre 7 giorni' },
    },
  };
  const T = TEXTS[lang];
  const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
  const SVG = 'http://www.w3.org/2000/svg';
  const REFRESH_MS = 60000;
  const $ = (id) => document.getElementById(id);

  const state = {
    agentId: sessionStorage.getItem('frontline.agentId') || '',
    agentToken: sessionStorage.getItem('frontline.agentToken') || '',
    timer: null,
  };

  const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  const number = (v, digits = 0) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
  const percent = (v) => number(v, 1) + '%';
  // Durations as a manager reads them: minutes up to two hours, then hours with one decimal.
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return T.noValue;
    const minutes = seconds / 60;
    return minutes < 120 ? number(minutes, 1) + ' ' + T.minutes : number(minutes / 60, 1) + ' ' + T.hours;
  }

  function el(tag, attrs = {}, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svgEl(tag, attrs = {}, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // An SVG that screen readers announce as one image with a title and a description.
  function svgImage(id, width, height, title, desc) {
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` });
    svg.appendChild(svgEl('title', { id: `${id}-t` }, title));
    svg.appendChild(svgEl('desc', { id: `${id}-d` }, desc));
    return svg;
  }
  function figuresTable(headers, rows, rowAttr) {
    const details = el('details', { class: 'figures' });
    details.appendChild(el('summary', {}, T.figures));
    const table = el('table');
    const head = el('tr');
    headers.forEach((h, i) => head.appendChild(el('th', i ? { class: 'num', scope: 'col' } : { scope: 'col' }, h)));
    table.appendChild(el('thead')).appendChild(head);
    const body = table.appendChild(el('tbody'));
    rows.forEach((cells, r) => {
      const tr = el('tr', rowAttr ? rowAttr(r) : {});
      cells.forEach((c, i) => tr.appendChild(el(i ? 'td' : 'th', i ? { class: 'num' } : { scope: 'row' }, c)));
      body.appendChild(tr);
    });
    details.appendChild(table);
    return details;
  }
  function card(id, title) {
    const section = $(id);
    section.textContent = '';
    section.appendChild(el('h2', { id: id + '-h' }, title));
    section.setAttribute('aria-labelledby', id + '-h');
    return section;
  }
  function legend(items) {
    const ul = el('ul', { class: 'legend' });
    for (const [cls, label] of items) {
      const li = el('li');
      li.appendChild(el('span', { class: 'swatch sw-' + cls, 'aria-hidden': 'true' }));
      li.appendChild(document.createTextNode(label));
      ul.appendChild(li);
    }
    return ul;
  }
  // Gridlines at round steps (1, 2 or 5 times a power of ten, whole numbers for counts) up to the
  // first one at or above the largest value: every labelled line is exactly what it says.
  function axis(max, whole) {
    const rough = Math.max(max, whole ? 1 : 0.001) / 4;
    const p = 10 ** Math.floor(Math.log10(rough));
    let step = [1, 2, 5, 10].map((m) => m * p).find((v) => v >= rough);
    if (whole) step = Math.max(1, Math.round(step));
    const top = Math.max(step, Math.ceil(max / step) * step);
    const ticks = [];
    for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
    return { top, ticks };
  }
  const shortDay = (day) => day.slice(5);  // "MM-DD"

  function tiles(r) {
    const open = r.backlog.reduce((n, b) => n + b.tickets, 0);
    const items = [
      ['tickets', T.tickets, number(r.tickets)],
      ['sla', T.sla, percent(r.sla_compliance.overall.percent)],
      ['fcr', T.fcr, percent(r.first_contact_resolution.percent)],
      ['mtta', T.mtta, r.mtta.wall.count ? duration(r.mtta.wall.mean_seconds) : T.noValue],
      ['mttr', T.mttr, r.mttr.wall.count ? duration(r.mttr.wall.mean_seconds) : T.noValue],
      ['backlog', T.backlog, number(open)],
    ];
    const box = $('tiles');
    box.textContent = '';
    for (const [key, label, value] of items) {
      const tile = el('div', { class: 'tile', 'data-figure': key });
      tile.appendChild(el('span', { class: 'label' }, label));
      tile.appendChild(el('span', { class: 'value' }, value));
      box.appendChild(tile);
    }
  }

  function dailyChart(r) {
    const section = card('chart-daily', T.daily);
    const days = r.daily;
    const W = 900, H = 240, L = 36, B = 28, top = 12;
    const { top: max, ticks } = axis(Math.max(0, ...days.map((d) => d.tickets)), true);
    const svg = svgImage('daily-svg', W, H, T.daily, T.dailyDesc);
    const plotW = W - L - 8, plotH = H - B - top;
    for (const v of ticks) {
      const y = top + plotH - (v / max) * plotH;
      svg.appendChild(svgEl('line', { class: 'axis', x1: L, x2: W - 8, y1: y, y2: y }));
      svg.appendChild(svgEl('text', { x: L - 4, y: y + 4, 'text-anchor': 'end', class: 'muted' }, number(v)));
    }
    const slot = plotW / Math.max(1, days.length);
    const barW = Math.max(2, slot * 0.7);
    days.forEach((d, i) => {
      let y = top + plotH;
      const x = L + i * slot + (slot - barW) / 2;
      for (const p of PRIORITIES) {
        const n = d.by_priority[p] || 0;
        if (!n) continue;
        const h = (n / max) * plotH;
        y -= h;
        const rect = svgEl('rect', { x, y, width: barW, height: h, class: 'fill-' + p, 'data-day': d.day, 'data-priority': p, 'data-value': n });
        rect.appendChild(svgEl('title', {}, `${d.day} ${p}: ${n}`));
        svg.appendChild(rect);
      }
      if (d.tickets) svg.appendChild(svgEl('text', { x: x + barW / 2, y: y - 3, 'text-anchor': 'middle' }, number(d.tickets)));
      const every = Math.ceil(days.length / 15);
      if (i % every === 0) svg.appendChild(svgEl('text', { x: x + barW / 2, y: H - 8, 'text-anchor': 'middle', class: 'muted' }, shortDay(d.day)));
    });
    section.appendChild(legend(PRIORITIES.map((p) => [p, p])));
    section.appendChild(svg);
    const withTickets = days.filter((d) => d.tickets);
    section.appendChild(figuresTable([T.day, ...PRIORITIES, T.count],
      withTickets.map((d) => [d.day, ...PRIORITIES.map((p) => number(d.by_priority[p] || 0)), number(d.tickets)]),
      (i) => ({ 'data-day': withTickets[i].day })));
  }

  function trendChart(r) {
    const section = card('chart-trend', T.trend);
    const days = r.daily;
    const W = 900, H = 240, L = 52, B = 28, top = 12;
    const series = [['mtta', 'mtta_wall', T.mttaShort], ['mttr', 'mttr_wall', T.mttrShort]];
    const values = days.flatMap((d) => series.filter(([, k]) => d[k].count).map(([, k]) => d[k].mean_seconds / 60));
    const { top: max, ticks } = axis(Math.max(0, ...values), false);
    const svg = svgImage('trend-svg', W, H, T.trend, T.trendDesc);
    const plotW = W - L - 8, plotH = H - B - top;
    for (const v of ticks) {
      const y = top + plotH - (v / max) * plotH;
      svg.appendChild(svgEl('line', { class: 'axis', x1: L, x2: W - 8, y1: y, y2: y }));
      svg.appendChild(svgEl('text', { x: L - 4, y: y + 4, 'text-anchor': 'end', class: 'muted' }, number(v, v % 1 ? 1 : 0) + ' ' + T.minutes));
    }
    const slot = plotW / Math.max(1, days.length);
    const xOf = (i) => L + i * slot + slot / 2;
    for (const [cls, key, label] of series) {
      const points = [];
      days.forEach((d, i) => {
        if (!d[key].count) return;
        const minutes = d[key].mean_seconds / 60;
        const y = top + plotH - (minutes / max) * plotH;
        points.push(`${xOf(i).toFixed(1)},${y.toFixed(1)}`);
        const dot = svgEl('circle', { cx: xOf(i), cy: y, r: 3, class: 'dot-' + cls, 'data-day': d.day, 'data-series': cls,
                                      'data-value': d[key].mean_seconds });
        dot.appendChild(svgEl('title', {}, `${d.day} ${label}: ${duration(d[key].mean_seconds)}`));
        svg.appendChild(dot);
      });
      if (points.length > 1) svg.insertBefore(svgEl('polyline', { points: points.join(' '), class: 'line-' + cls }), svg.children[2]);
    }
    const every = Math.ceil(days.length / 15);
    days.forEach((d, i) => {
      if (i % every === 0) svg.appendChild(svgEl('text', { x: xOf(i), y: H - 8, 'text-anchor': 'middle', class: 'muted' }, shortDay(d.day)));
    });
    section.appendChild(legend(series.map(([cls, , label]) => [cls, label])));
    section.appendChild(svg);
    const measured = days.filter((d) => d.mtta_wall.count || d.mttr_wall.count);
    section.appendChild(figuresTable([T.day, T.mttaShort, T.mttrShort],
      measured.map((d) => [d.day, d.mtta_wall.count ? duration(d.mtta_wall.mean_seconds) : T.noValue,
                           d.mttr_wall.count ? duration(d.mttr_wall.mean_seconds) : T.noValue]),
      (i) => ({ 'data-day': measured[i].day })));
  }

  // Horizontal bars with the value written at their end: [key, label, value, max, text, cls].
  function barChart(id, title, desc, rows, rowKey) {
    const W = 330, rowH = 24, L = 84, textW = 96, top = 4;
    const barW = W - L - textW;
    const svg = svgImage(id, W, top * 2 + rows.length * rowH, title, desc);
    rows.forEach(([key, label, value, max, text, cls], i) => {
      const y = top + i * rowH;
      const width = barW * (max ? value / max : 0);
      svg.appendChild(svgEl('text', { x: L - 6, y: y + 16, 'text-anchor': 'end' }, label));
      svg.appendChild(svgEl('rect', { x: L, y: y + 4, width: barW, height: 16, rx: 3, class: 'fill-track' }));
      svg.appendChild(svgEl('rect', { x: L, y: y + 4, width: Math.max(0, width), height: 16, rx: 3, class: cls || 'fill-bar',
                                      [rowKey]: key, 'data-value': value }));
      svg.appendChild(svgEl('text', { x: L + barW + 6, y: y + 16 }, text));
    });
    return svg;
  }

  function slaChart(r) {
    const section = card('chart-sla', T.slaChart);
    const rows = PRIORITIES.map((p) => [p, (r.sla_compliance.priority || {})[p]]).filter(([, c]) => c);
    if (!rows.length) { section.appendChild(el('p', { class: 'empty' }, T.noneDecided)); return; }
    section.appendChild(barChart('sla-svg', T.slaChart, T.slaChart, rows.map(([p, c]) =>
      [p, p, c.percent, 100, `${percent(c.percent)} (${fill(T.ofCounted, { met: c.met, counted: c.counted })})`, 'fill-' + p]), 'data-priority'));
    section.appendChild(figuresTable([T.priority, T.percent, T.count],
      rows.map(([p, c]) => [p, percent(c.percent), fill(T.ofCounted, { met: c.met, counted: c.counted })]),
      (i) => ({ 'data-priority': rows[i][0] })));
  }

  function backlogChart(r) {
    const section = card('chart-backlog', T.backlogChart);
    const max = Math.max(0, ...r.backlog.map((b) => b.tickets));
    if (!max) section.appendChild(el('p', { class: 'empty' }, T.noneOpen));
    section.appendChild(barChart('backlog-svg', T.backlogChart, T.backlogChart,
      r.backlog.map((b) => [b.age, T.ages[b.age] || b.age, b.tickets, max, number(b.tickets)]), 'data-age'));
    section.appendChild(figuresTable([T.age, T.count], r.backlog.map((b) => [T.ages[b.age] || b.age, number(b.tickets)]),
      (i) => ({ 'data-age': r.backlog[i].age })));
  }

  function categoriesChart(r) {
    const section = card('chart-categories', T.categories);
    const top = Object.entries(r.by_category).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
    if (!top.length) { section.appendChild(el('p', { class: 'empty' }, T.none)); return; }
    const max = top[0][1];
    section.appendChild(barChart('categories-svg', T.categories, T.categories,
      top.map(([c, n]) => [c, c, n, max, number(n)]), 'data-category'));
    section.appendChild(figuresTable([T.category, T.count], top.map(([c, n]) => [c, number(n)]),
      (i) => ({ 'data-category': top[i][0] })));
  }

  function fcrChart(r) {
    const section = card('chart-fcr', T.fcrChart);
    const f = r.first_contact_resolution;
    const W = 330, H = 36;
    const svg = svgImage('fcr-svg', W, H, T.fcrChart, fill(T.fcrText, { percent: percent(f.percent), total: r.tickets, count: f.tickets,
                                                                        known: r.deflection_by_known_fix.tickets }));
    svg.appendChild(svgEl('rect', { x: 0, y: 6, width: W - 80, height: 22, rx: 4, class: 'fill-track' }));
    svg.appendChild(svgEl('rect', { x: 0, y: 6, width: (W - 80) * f.percent / 100, height: 22, rx: 4, class: 'fill-good', 'data-value': f.percent }));
    svg.appendChild(svgEl('text', { x: W - 72, y: 23, 'font-size': 15 }, percent(f.percent)));
    section.appendChild(svg);
    section.appendChild(el('p', { class: 'fcr-text' }, fill(T.fcrText, { percent: percent(f.percent), total: number(r.tickets),
                                                                       count: number(f.tickets), known: number(r.deflection_by_known_fix.tickets) })));
  }

  function render(r) {
    tiles(r);
    dailyChart(r);
    trendChart(r);
    slaChart(r);
    backlogChart(r);
    categoriesChart(r);
    fcrChart(r);
    document.body.dataset.loaded = r.generated_at;
  }

  function setStatus(text, error) {
    $('status').textContent = text;
    $('status').classList.toggle('error', !!error);
  }

  function showLogin(message) {
    $('board').hidden = true;
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    setStatus('');
  }

  function periodQuery() {
    const days = Number($('period').value);
    const today = new Date();
    const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1)));
    return '?from=' + from.toISOString().slice(0, 10) + '&to=' + today.toISOString().slice(0, 10);
  }

  async function load() {
    clearTimeout(state.timer);
    if (!state.agentToken) { showLogin(); return; }
    setStatus(T.loading);
    try {
      const response = await fetch('/api/report' + periodQuery(), { headers: { Authorization: 'Bearer ' + state.agentToken }, cache: 'no-store' });
      if (response.status === 401) {
        sessionStorage.removeItem('frontline.agentToken');
        state.agentToken = '';
        showLogin(T.unauthorized);
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const report = await response.json();
      $('login').hidden = true;
      $('board').hidden = false;
      render(report);
      setStatus(fill(T.updated, { time: new Date().toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) }));
    } catch (e) {
      setStatus(T.failed, true);
    }
    state.timer = setTimeout(load, REFRESH_MS);
  }

  function applyTexts() {
    document.documentElement.lang = lang;
    document.title = T.title;
    $('title').textContent = T.title;
    $('period-label').textContent = T.period;
    $('login-intro').textContent = T.intro;
    $('login-id-label').textContent = T.agentId;
    $('login-token-label').textContent = T.agentToken;
    $('login-button').textContent = T.login;
    $('tiles').setAttribute('aria-label', T.figures);
  }

  applyTexts();
  $('agent-id').value = state.agentId;
  $('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.agentId = $('agent-id').value.trim();
    state.agentToken = $('agent-token').value;
    sessionStorage.setItem('frontline.agentId', state.agentId);
    sessionStorage.setItem('frontline.agentToken', state.agentToken);
    load();
  });
  $('period').addEventListener('change', load);
  load();
})();
