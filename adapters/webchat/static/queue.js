// The agents' queue, beside the room in the agents' view (/agents): the open tickets with the people,
// read every few seconds from GET /api/queue with the agent's own token (the one chat.js keeps for
// this tab). Each row shows the priority, status, assignee and the time left on the running SLA clock,
// amber once the warning share of it is used and red once it is overdue (the server decides which).
// Filters by team, status, priority and "mine". A click shows the ticket with Claim, Reply and Resolve,
// which send the ordinary agent commands into the room through chat.js (window.frontlineChat.command).
(() => {
  'use strict';

  if (location.pathname !== '/agents') return;

  const lang = (navigator.language || 'en').toLowerCase().startsWith('it') ? 'it' : 'en';
  const TEXTS = {
    en: {
      queue: 'Queue', all: 'All', team: 'Team', status: 'Status', priority: 'Priority', mine: 'Mine',
      empty: 'Nothing waiting here.', unclaimed: 'unclaimed', left: '{time} left', overdue: 'overdue by {time}',
      paused: 'paused, {time} left', noClock: 'no clock running', restricted: 'Restricted',
      restrictedNote: 'Restricted ticket: only its assignee and the security officer see the details.',
      claim: 'Claim', reply: 'Reply', resolve: 'Resolve', send: 'Send', close: 'Close',
      replyPlaceholder: 'Your reply to the requester…', code: 'Resolution code', notes: 'What was done',
      category: 'Category', tier: 'Tier', assignee: 'Assignee', requester: 'Requester', reported: 'Reported',
      due: 'Due', clock: { response: 'response', resolution: 'resolution' }, failed: 'The queue could not be loaded; retrying.',
      states: { ok: 'on time', warning: 'warning', breached: 'breached', paused: 'paused', none: '' },
      statuses: { escalated: 'waiting for an agent', in_progress: 'in progress', pending_user: 'waiting for the requester' },
      units: { s: 's', min: 'min', h: 'h', d: 'd' },
      files: 'Files', filesRestricted: 'Only its assignee and the security officer see the files of this ticket.',
      quarantined: '{name}: quarantined, it failed the virus scan',
    },
    it: {
      queue: 'Coda', all: 'Tutti', team: 'Team', status: 'Stato', priority: 'Priorità', mine: 'Miei',
      empty: 'Qui non aspetta niente.', unclaimed: 'non preso in carico', left: 'restano {time}', overdue: 'in ritardo di {time}',
      paused: 'in pausa, restano {time}', noClock: 'nessun tempo in corso', restricted: 'Riservato',
      restrictedNote: 'Ticket riservato: i dettagli li vedono solo l’assegnatario e il responsabile della sicurezza.',
      claim: 'Prendi in carico', reply: 'Rispondi', resolve: 'Risolvi', send: 'Invia', close: 'Chiudi',
      replyPlaceholder: 'La tua risposta al richiedente…', code: 'Codice di risoluzione', notes: 'Cosa è stato fatto',
      category: 'Categoria', tier: 'Livello', assignee: 'Assegnatario', requester: 'Richiedente', reported: 'Segnalato',
      due: 'Scadenza', clock: { response: 'risposta', resolution: 'risoluzione' }, failed: 'Non riesco a caricare la coda; riprovo.',
      states: { ok: 'nei tempi', warning: 'in avviso', breached: 'scaduto', paused: 'in pausa', none: '' },
      statuses: { escalated: 'in attesa di un agente', in_progress: 'in lavorazione', pending_user: 'in attesa del richiedente' },
      units: { s: 's', min: 'min', h: 'h', d: 'g' },
      files: 'File', filesRestricted: 'I file di questo ticket li vedono solo l’assegnatario e il responsabile della sicurezza.',
      quarantined: '{name}: in quarantena, non ha superato il controllo antivirus',
    },
  };
  const T = TEXTS[lang];
  const POLL_MS = 5000;
  const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
  const STATUSES = ['escalated', 'in_progress', 'pending_user'];

  const q = {
    tickets: [],
    teams: [],
    agent: '',
    fetchedAt: 0,
    selected: '',
    panel: '',  // '', 'reply' or 'resolve': the form open under the selected ticket
    files: {},  // ticket id -> {at, status, list}: GET /api/files, read when a ticket is shown
    filters: JSON.parse(sessionStorage.getItem('frontline.queue.filters') || '{}'),
    timer: null,
  };

  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  const token = () => sessionStorage.getItem('frontline.agentToken') || '';

  // "42 s", "17 min", "3 h 5 min", "2 d 4 h": short enough for a row.
  function span(seconds) {
    const s = Math.max(0, Math.round(Math.abs(seconds)));
    const u = T.units;
    if (s < 60) return `${s} ${u.s}`;
    if (s < 3600) return `${Math.floor(s / 60)} ${u.min}`;
    if (s < 172800) {
      const m = Math.floor((s % 3600) / 60);
      return `${Math.floor(s / 3600)} ${u.h}` + (m ? ` ${m} ${u.min}` : '');
    }
    const h = Math.floor((s % 86400) / 3600);
    return `${Math.floor(s / 86400)} ${u.d}` + (h ? ` ${h} ${u.h}` : '');
  }

  // Seconds left now: the server's figure less what passed since it was read (a paused clock stands).
  function secondsLeft(t) {
    if (t.state === 'paused') return t.seconds_left;
    return t.seconds_left - Math.floor((Date.now() - q.fetchedAt) / 1000);
  }
  function timeText(t) {
    if (!t.clock) return T.noClock;
    const left = secondsLeft(t);
    if (t.state === 'breached' || left <= 0) return fill(T.overdue, { time: span(left) });
    if (t.state === 'paused') return fill(T.paused, { time: span(left) });
    return fill(T.left, { time: span(left) });
  }

  // --- the panel -------------------------------------------------------------------------------

  const aside = el('aside', { id: 'queue', class: 'queue', 'aria-labelledby': 'queue-title' });
  const head = el('header', { class: 'queue-head' });
  const title = el('h2', { id: 'queue-title' });
  const count = el('span', { id: 'queue-count', class: 'queue-count' });
  head.append(title, count);
  const filters = el('form', { id: 'queue-filters', class: 'queue-filters' });
  const list = el('ul', { id: 'queue-list', class: 'queue-list', 'aria-live': 'polite' });
  const detail = el('section', { id: 'queue-detail', class: 'queue-detail', 'aria-live': 'polite' });
  const problem = el('p', { id: 'queue-problem', class: 'queue-problem', role: 'status' });
  aside.append(head, filters, problem, list, detail);

  function select(name, label, options) {
    const wrap = el('label', { class: 'queue-filter' });
    wrap.appendChild(el('span', {}, label));
    const s = el('select', { id: 'queue-filter-' + name, name });
    s.appendChild(el('option', { value: '' }, T.all));
    for (const [value, text] of options) s.appendChild(el('option', { value }, text));
    s.value = q.filters[name] || '';
    s.addEventListener('change', () => { q.filters[name] = s.value; keepFilters(); renderList(); });
    wrap.appendChild(s);
    return wrap;
  }
  function keepFilters() { sessionStorage.setItem('frontline.queue.filters', JSON.stringify(q.filters)); }

  function renderFilters() {
    filters.textContent = '';
    filters.append(
      select('team', T.team, q.teams.map((t) => [t.id, t.name || t.id])),
      select('status', T.status, STATUSES.map((s) => [s, T.statuses[s]])),
      select('priority', T.priority, PRIORITIES.map((p) => [p, p])));
    const mine = el('label', { class: 'queue-filter queue-mine' });
    const box = el('input', { type: 'checkbox', id: 'queue-filter-mine' });
    box.checked = !!q.filters.mine;
    box.addEventListener('change', () => { q.filters.mine = box.checked; keepFilters(); renderList(); });
    mine.append(box, document.createTextNode(' ' + T.mine));
    filters.appendChild(mine);
  }

  function visible(t) {
    const f = q.filters;
    if (f.team && t.team !== f.team) return false;
    if (f.status && t.status !== f.status) return false;
    if (f.priority && t.priority !== f.priority) return false;
    if (f.mine && t.assignee !== q.agent) return false;
    return true;
  }

  function row(t) {
    const li = el('li', { class: 'q-row', 'data-ticket': t.id, 'data-state': t.state || 'hidden', 'data-priority': t.priority });
    if (t.state) li.classList.add('state-' + t.state);
    if (t.id === q.selected) li.classList.add('selected');
    const b = el('button', { type: 'button', class: 'q-open', 'aria-controls': 'queue-detail' });
    const top = el('span', { class: 'q-top' });
    top.append(el('span', { class: 'q-id' }, t.id), el('span', { class: 'q-priority q-' + t.priority }, t.priority),
               el('span', { class: 'q-status' }, T.statuses[t.status] || t.status));
    b.appendChild(top);
    if (t.title === undefined) {
      b.appendChild(el('span', { class: 'q-title q-restricted' }, T.restricted));
    } else {
      b.appendChild(el('span', { class: 'q-title' }, t.title));
      const bottom = el('span', { class: 'q-bottom' });
      bottom.append(el('span', { class: 'q-assignee' }, t.assignee || T.unclaimed),
                    el('span', { class: 'q-time', 'data-seconds': String(t.seconds_left) }, timeText(t)));
      b.appendChild(bottom);
      if (t.state && t.state !== 'ok' && t.state !== 'none') b.setAttribute('aria-description', T.states[t.state]);
    }
    b.addEventListener('click', () => { q.selected = t.id; q.panel = ''; renderList(); });
    li.appendChild(b);
    return li;
  }

  function renderList() {
    title.textContent = T.queue;
    const shown = q.tickets.filter(visible);
    count.textContent = `(${shown.length})`;
    list.textContent = '';
    if (!shown.length) list.appendChild(el('li', { class: 'q-empty' }, T.empty));
    for (const t of shown) list.appendChild(row(t));
    renderDetail();
  }

  // Only the clocks' words change between two reads: cheaper than a new list, and focus stays put.
  function tick() {
    for (const cell of list.querySelectorAll('.q-time')) {
      const id = cell.closest('.q-row').dataset.ticket;
      const t = q.tickets.find((x) => x.id === id);
      if (t) cell.textContent = timeText(t);
    }
  }

  function fact(dl, label, value) {
    dl.append(el('dt', {}, label), el('dd', {}, value));
  }

  function renderDetail() {
    const t = q.tickets.find((x) => x.id === q.selected);
    const focused = detail.contains(document.activeElement) ? document.activeElement.name : '';
    const drafts = {};
    for (const f of detail.querySelectorAll('textarea, input')) drafts[f.name] = f.value;
    detail.textContent = '';
    detail.hidden = !t;
    if (!t) return;
    detail.dataset.ticket = t.id;
    const h = el('h3', {}, `${t.id} · ${t.priority}`);
    detail.appendChild(h);
    if (t.title === undefined) {
      detail.appendChild(el('p', { class: 'q-restricted-note' }, T.restrictedNote));
    } else {
      detail.appendChild(el('p', { class: 'q-detail-title' }, t.title));
      const dl = el('dl');
      fact(dl, T.status, T.statuses[t.status] || t.status);
      fact(dl, T.category, t.category || '–');
      fact(dl, T.tier, t.tier);
      fact(dl, T.team, (q.teams.find((x) => x.id === t.team) || { name: t.team }).name);
      fact(dl, T.assignee, t.assignee || T.unclaimed);
      fact(dl, T.requester, t.requester || '–');
      fact(dl, T.reported, new Date(t.reported_at).toLocaleString(lang));
      if (t.due) fact(dl, `${T.due} (${T.clock[t.clock] || t.clock})`, `${new Date(t.due).toLocaleString(lang)} · ${timeText(t)}`);
      detail.appendChild(dl);
    }
    detail.appendChild(filesBlock(t));
    const actions = el('div', { class: 'q-actions' });
    const button = (name, label, onClick) => {
      const b = el('button', { type: 'button', class: 'q-' + name }, label);
      b.addEventListener('click', onClick);
      actions.appendChild(b);
    };
    if (!t.assignee) button('claim', T.claim, () => command(`claim ${t.id}`));
    if (t.title !== undefined && t.assignee) {
      button('reply', T.reply, () => { q.panel = q.panel === 'reply' ? '' : 'reply'; renderDetail(); });
      button('resolve', T.resolve, () => { q.panel = q.panel === 'resolve' ? '' : 'resolve'; renderDetail(); });
    }
    button('close', T.close, () => { q.selected = ''; renderList(); });
    detail.appendChild(actions);
    if (q.panel === 'reply') detail.appendChild(replyForm(t));
    if (q.panel === 'resolve') detail.appendChild(resolveForm(t));
    for (const f of detail.querySelectorAll('textarea, input')) if (f.name in drafts) f.value = drafts[f.name];
    const again = focused && detail.querySelector(`[name="${focused}"]`);
    if (again) again.focus();
  }

  // The ticket's files with signed links from /api/files (thumbnails for images); read again at most
  // every 20 s while the ticket is shown.
  function filesBlock(t) {
    const box = el('div', { class: 'q-files' });
    const known = q.files[t.id];
    if (!known || Date.now() - known.at > 20000) loadFiles(t.id);
    if (!known) return box;
    if (known.status === 403) {
      box.appendChild(el('p', { class: 'q-restricted-note q-files-restricted' }, T.filesRestricted));
      return box;
    }
    if (!known.list.length) return box;
    box.appendChild(el('h4', {}, T.files));
    const ul = el('ul');
    for (const f of known.list) {
      const li = el('li', { class: 'q-file' });
      if (!f.url) {
        li.textContent = fill(T.quarantined, { name: f.name });
      } else {
        const a = el('a', { href: f.url, target: '_blank', rel: 'noopener noreferrer' });
        if (f.image) a.appendChild(el('img', { class: 'q-thumb', src: f.url, alt: f.name }));
        a.appendChild(el('span', {}, `${f.name} (${Math.max(1, Math.round(f.size / 1024))} KB)`));
        li.appendChild(a);
      }
      ul.appendChild(li);
    }
    box.appendChild(ul);
    return box;
  }

  async function loadFiles(id) {
    q.files[id] = Object.assign({ list: [], status: 0 }, q.files[id], { at: Date.now() });
    try {
      const r = await fetch('/api/files?ticket=' + encodeURIComponent(id), { headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' });
      const list = r.ok ? (await r.json()).files : [];
      q.files[id] = { at: Date.now(), status: r.status, list };
    } catch (e) {
      return;
    }
    if (q.selected === id) renderDetail();
  }

  function replyForm(t) {
    const form = el('form', { class: 'q-form q-reply-form' });
    const area = el('textarea', { name: 'reply', rows: '3', maxlength: '8000', placeholder: T.replyPlaceholder, 'aria-label': T.replyPlaceholder });
    form.append(area, el('button', { type: 'submit' }, T.send));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      q.panel = '';
      command(`reply ${t.id} ${text}`);
    });
    return form;
  }

  function resolveForm(t) {
    const form = el('form', { class: 'q-form q-resolve-form' });
    const code = el('input', { name: 'code', value: 'fixed', required: '', pattern: '\\S+', 'aria-label': T.code, title: T.code });
    const notes = el('textarea', { name: 'notes', rows: '3', maxlength: '7000', placeholder: T.notes, 'aria-label': T.notes, required: '' });
    form.append(code, notes, el('button', { type: 'submit' }, T.resolve));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = notes.value.trim();
      if (!text || !code.value.trim()) return;
      q.panel = '';
      command(`resolve ${t.id} ${code.value.trim()} ${text}`);
    });
    return form;
  }

  // The same command an agent would type in the room; the answer appears there. A read shortly after
  // shows its effect without waiting for the next poll.
  function command(text) {
    if (window.frontlineChat && window.frontlineChat.command) window.frontlineChat.command(text);
    renderDetail();
    clearTimeout(q.soon);
    q.soon = setTimeout(poll, 800);
  }

  // --- reading -----------------------------------------------------------------------------------

  async function poll() {
    clearTimeout(q.timer);
    const bearer = token();
    aside.hidden = !bearer;
    document.body.classList.toggle('with-queue', !!bearer);
    if (bearer) {
      try {
        const response = await fetch('/api/queue', { headers: { Authorization: 'Bearer ' + bearer }, cache: 'no-store' });
        if (response.status === 401) {
          aside.hidden = true;
          document.body.classList.remove('with-queue');
        } else if (!response.ok) {
          throw new Error(String(response.status));
        } else {
          const data = await response.json();
          const teamsChanged = JSON.stringify(data.teams) !== JSON.stringify(q.teams);
          Object.assign(q, { tickets: data.tickets, teams: data.teams, agent: data.agent, fetchedAt: Date.now() });
          if (teamsChanged) renderFilters();
          problem.textContent = '';
          renderList();
          document.body.dataset.queueRead = data.generated_at;
        }
      } catch (e) {
        problem.textContent = T.failed;
      }
    }
    q.timer = setTimeout(poll, POLL_MS);
  }

  function start() {
    const main = document.querySelector('main.chat');
    main.after(aside);
    renderFilters();
    renderList();
    // Right after chat.js stored the token of a fresh login (its listener runs first).
    document.getElementById('login').addEventListener('submit', () => setTimeout(poll, 0));
    setInterval(tick, 1000);
    poll();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
