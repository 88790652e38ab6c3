// frontline web chat page. Speaks docs/webchat-protocol.md over one WebSocket. The transcript,
// the session token, the last seen seq and unsent lines live in localStorage, so a reload or a
// dropped connection resumes where it was: nothing lost (unsent lines are resent with the same id),
// nothing doubled (lines are keyed by id and seq). The agents' view also shows, apart from the room,
// the agent's own private conversation (lines marked "private", numbered by their own seq).
(() => {
  'use strict';

  const agentView = location.pathname === '/agents';
  // The browser's language until the bot has written in the conversation's own (then that one).
  let lang = (navigator.language || 'en').toLowerCase().startsWith('it') ? 'it' : 'en';
  const TEXTS = {
    en: {
      title: 'IT Service Desk', agentsTitle: "Agents' room", placeholder: 'Describe your problem…',
      agentPlaceholder: 'Write to the room or type a command…', send: 'Send', connecting: 'Connecting…',
      online: 'Online', offline: 'Connection lost: reconnecting…', sending: 'sending…',
      agentId: 'Agent id', agentToken: 'Agent token', login: "Open the agents' room",
      unauthorized: 'That agent token was not accepted.', tooLong: 'That message is too long: please keep it under 8,000 characters.',
      failed: 'Something went wrong with that message. Please try again.', you: 'You',
      replyPlaceholder: 'Your reply to the requester…', replySend: 'Send reply', cancel: 'Cancel',
      privateTitle: 'Private to you',
      privateEmpty: 'Restricted details and messages for you alone appear here, never in the room.',
      attach: 'Attach a file', uploading: 'Uploading {name}… {percent}%', uploaded: '{name} is ready to send',
      uploadTooLarge: '{name} is too large to send here.', uploadFailed: '{name} could not be uploaded. Please try again.',
      remove: 'Remove',
    },
    it: {
      title: 'Service desk IT', agentsTitle: 'Stanza degli agenti', placeholder: 'Descrivi il problema…',
      agentPlaceholder: 'Scrivi alla stanza o digita un comando…', send: 'Invia', connecting: 'Connessione…',
      online: 'In linea', offline: 'Connessione persa: mi sto ricollegando…', sending: 'invio…',
      agentId: 'Id agente', agentToken: 'Token agente', login: 'Apri la stanza degli agenti',
      unauthorized: 'Il token agente non è stato accettato.', tooLong: 'Il messaggio è troppo lungo: restiamo sotto gli 8.000 caratteri, per favore.',
      failed: 'Qualcosa è andato storto con questo messaggio. Riprova, per favore.', you: 'Tu',
      replyPlaceholder: 'La tua risposta al richiedente…', replySend: 'Invia risposta', cancel: 'Annulla',
      privateTitle: 'Solo per te',
      privateEmpty: 'Qui compaiono i dettagli riservati e i messaggi solo per te, mai nella stanza.',
      attach: 'Allega un file', uploading: 'Caricamento di {name}… {percent}%', uploaded: '{name} è pronto da inviare',
      uploadTooLarge: '{name} è troppo grande per inviarlo qui.', uploadFailed: 'Non è stato possibile caricare {name}. Riprova, per favore.',
      remove: 'Rimuovi',
    },
  };
  let T = TEXTS[lang];
  const PREFIX = agentView ? 'frontline.agent.' : 'frontline.user.';
  const MAX_ENTRIES = 400;
  const MAX_TEXT_BYTES = 8000;  // the server's limit, in UTF-8 bytes
  // A card's Reply button (docs/agents.md, "The Reply action") opens a text box instead of sending.
  const isReply = (payload) => agentView && typeof payload === 'string' && payload.startsWith('handoff:reply:');
  // Open reply boxes by entry id, with their draft: they survive the card being updated in place.
  const drafts = new Map();

  const $ = (id) => document.getElementById(id);
  const logEl = $('log');
  const privateEl = $('private');
  const privateLogEl = $('private-log');
  const statusEl = $('status');
  const textEl = $('text');
  const attachmentsEl = $('attachments');
  // Files uploaded (POST /upload) and waiting for the next message: {upload, name, preview}.
  const attached = [];
  // Thumbnails of the images this tab sent, by message id (object URLs live as long as the tab).
  const thumbs = new Map();
  const fillIn = (text, vars) => text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

  function load(key, fallback) {
    try { const v = localStorage.getItem(PREFIX + key); return v === null ? fallback : JSON.parse(v); }
    catch (e) { return fallback; }
  }
  function save() {
    try {
      localStorage.setItem(PREFIX + 'session', JSON.stringify(state.session));
      localStorage.setItem(PREFIX + 'lang', JSON.stringify(lang));
      localStorage.setItem(PREFIX + 'epoch', JSON.stringify(state.epoch));
      localStorage.setItem(PREFIX + 'lastSeq', JSON.stringify(state.lastSeq));
      localStorage.setItem(PREFIX + 'entries', JSON.stringify(state.entries.slice(-MAX_ENTRIES)));
      localStorage.setItem(PREFIX + 'pending', JSON.stringify(state.pending));
      if (agentView && state.agentId) {
        sessionStorage.setItem(privateKey('lastSeq'), JSON.stringify(state.privateLastSeq));
        sessionStorage.setItem(privateKey('entries'), JSON.stringify(state.privateEntries.slice(-MAX_ENTRIES)));
      }
    } catch (e) { /* storage full or disabled: the page still works, it just forgets on reload */ }
  }

  const state = {
    session: load('session', ''),
    epoch: load('epoch', ''),
    lastSeq: load('lastSeq', 0),
    entries: load('entries', []),
    pending: load('pending', []),
    privateLastSeq: 0,
    privateEntries: [],
    userId: '',
    agentId: sessionStorage.getItem('frontline.agentId') || '',
    agentToken: sessionStorage.getItem('frontline.agentToken') || '',
  };
  const savedLang = load('lang', '');
  if (!agentView && TEXTS[savedLang]) { lang = savedLang; T = TEXTS[lang]; }


  // Private lines are kept per agent and only for this tab (sessionStorage): restricted details do not
  // stay on the disk of a shared computer, and another agent logging in here never sees them. A new
  // tab gets them again from the server.
  function privateKey(key) { return 'frontline.agent.private.' + state.agentId + '.' + key; }
  function loadPrivate() {
    state.privateLastSeq = 0;
    state.privateEntries = [];
    if (!agentView || !state.agentId) return;
    try {
      state.privateLastSeq = JSON.parse(sessionStorage.getItem(privateKey('lastSeq')) || '0');
      state.privateEntries = JSON.parse(sessionStorage.getItem(privateKey('entries')) || '[]');
    } catch (e) { /* unreadable: the server sends them again */ }
  }
  loadPrivate();

  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // Neutral light markup -> HTML: *bold*, _italic_, `code`, URLs, ticket ids. Escape first.
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  function inline(s) {
    return escapeHtml(s)
      .replace(/`([^`\n]+)`/g, '<code>$1</code>')
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s.,;:!?)])/g, '$1<strong>$2</strong>')
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s.,;:!?)])/g, '$1<em>$2</em>')
      .replace(/\b((?:INC|REQ)-\d{6})\b/g, '<span class="ticket" data-ticket="$1">$1</span>');
  }
  function markup(text) {
    const url = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g;
    let out = '', last = 0, m;
    while ((m = url.exec(text)) !== null) {
      out += inline(text.slice(last, m.index));
      const href = escapeHtml(m[1]);
      out += `<a href="${href}" target="_blank" rel="noopener noreferrer">${href}</a>`;
      last = m.index + m[1].length;
    }
    return out + inline(text.slice(last));
  }

  function isMine(e) {
    if (agentView) return e.from === 'agent' && e.author === state.agentId;
    return e.from === 'user';
  }

  function renderEntry(e, pending, isPrivate) {
    const li = document.createElement('li');
    li.id = (isPrivate ? 'p-' : 'm-') + e.id;
    li.className = 'msg ' + (e.from || 'bot') + (isMine(e) ? ' mine' : '') + (pending ? ' pending' : '') +
      (isPrivate ? ' private' : '');
    li.dataset.from = e.from || 'bot';
    if (pending) li.title = T.sending;
    if (e.author && (agentView || e.from === 'agent')) {
      const who = document.createElement('span');
      who.className = 'author';
      who.textContent = isMine(e) ? T.you : e.author;
      li.appendChild(who);
    }
    const body = document.createElement('span');
    body.className = 'text';
    body.innerHTML = markup(e.text || '');
    li.appendChild(body);
    for (const src of thumbs.get(e.id) || []) {
      const img = document.createElement('img');
      img.className = 'thumb';
      img.src = src;
      img.alt = '';
      li.appendChild(img);
    }
    if (e.choices && e.choices.length) {
      const row = document.createElement('div');
      row.className = 'choices';
      for (const c of e.choices) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = c.label;
        b.dataset.payload = c.payload;
        if (e.chosen === c.payload) b.classList.add('chosen');
        if (isReply(c.payload)) b.classList.add('reply');
        b.addEventListener('click', () => (isReply(c.payload) ? openReply(e, c) : choose(e, c)));
        row.appendChild(b);
      }
      li.appendChild(row);
      const reply = e.choices.find((c) => isReply(c.payload));
      if (reply && drafts.has(e.id)) li.appendChild(replyBox(e, reply));
    }
    return li;
  }

  // The inline box under a card: Send transmits the Reply choice with the typed text.
  function replyBox(entry, choice) {
    const form = document.createElement('form');
    form.className = 'reply-box';
    const area = document.createElement('textarea');
    area.rows = 3;
    area.maxLength = MAX_TEXT_BYTES;
    area.placeholder = T.replyPlaceholder;
    area.setAttribute('aria-label', T.replyPlaceholder);
    area.value = drafts.get(entry.id) || '';
    area.addEventListener('input', () => drafts.set(entry.id, area.value));
    const send = document.createElement('button');
    send.type = 'submit';
    send.className = 'reply-send';
    send.textContent = T.replySend;
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'reply-cancel';
    cancel.textContent = T.cancel;
    const close = () => { drafts.delete(entry.id); form.remove(); };
    cancel.addEventListener('click', close);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      if (new TextEncoder().encode(text).length > MAX_TEXT_BYTES) { notice(T.tooLong); return; }  // keep the draft
      close();
      queue({ type: 'choice', id: newId(), payload: choice.payload, label: choice.label, text });
    });
    area.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
      else if (ev.key === 'Escape') { ev.preventDefault(); close(); }
    });
    form.append(area, send, cancel);
    return form;
  }

  function openReply(entry, choice) {
    const li = document.getElementById('m-' + entry.id);
    if (!li) return;
    if (!drafts.has(entry.id)) {
      drafts.set(entry.id, '');
      li.appendChild(replyBox(entry, choice));
    }
    li.querySelector('.reply-box textarea').focus();
  }

  // Replaces a line's element, keeping the focus in its reply box if it was there.
  function rerender(li, entry) {
    const focused = li.contains(document.activeElement);
    const fresh = renderEntry(entry, false);
    li.replaceWith(fresh);
    const area = fresh.querySelector('.reply-box textarea');
    if (focused && area) area.focus();
    return fresh;
  }

  // In the user's view only the latest question can be answered; agents may press any card button.
  function refreshChoices() {
    const items = Array.from(logEl.children);
    let lastBot = -1;
    items.forEach((li, i) => { if (li.dataset.from === 'bot') lastBot = i; });
    const answered = items.slice(lastBot + 1).some((li) => li.classList.contains('mine'));
    items.forEach((li, i) => {
      const entry = state.entries.find((x) => 'm-' + x.id === li.id);
      const open = agentView ? !(entry && entry.chosen) : (i === lastBot && !answered);
      li.querySelectorAll('.choices button').forEach((b) => { b.disabled = !open; });
    });
  }

  function renderPrivate() {
    if (!agentView) return;
    privateLogEl.textContent = '';
    for (const e of state.privateEntries) privateLogEl.appendChild(renderEntry(e, false, true));
    privateCount();
  }

  function privateCount() {
    const n = state.privateEntries.length;
    $('private-count').textContent = n ? '(' + n + ')' : '';
    $('private-empty').hidden = n > 0;
  }

  function renderAll() {
    renderPrivate();
    logEl.textContent = '';
    for (const e of state.entries) logEl.appendChild(renderEntry(e, false));
    for (const p of state.pending) logEl.appendChild(renderEntry(pendingEntry(p), true));
    refreshChoices();
    logEl.scrollTop = logEl.scrollHeight;
  }

  function pendingEntry(p) {
    // A choice shows its label, as its echo will: a reply's text is quoted by the bot's confirmation.
    const text = p.type === 'choice' ? (p.label || p.payload) : p.text;
    return { id: p.id, from: agentView ? 'agent' : 'user', author: state.agentId, text };
  }

  function notice(text) {
    const li = document.createElement('li');
    li.className = 'notice';
    li.textContent = text;
    logEl.appendChild(li);
    logEl.scrollTop = logEl.scrollHeight;
  }

  function setStatus(text, offline) {
    statusEl.textContent = text;
    statusEl.classList.toggle('offline', !!offline);
    document.body.dataset.connection = offline ? 'offline' : (text === T.online ? 'online' : 'connecting');
  }

  let ws = null;
  let ready = false;
  let retries = 0;
  let reconnectTimer = null;
  let resendTimer = null;

  function send(frame) {
    if (ws && ready && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  function queue(frame) {
    state.pending.push(frame);
    save();
    logEl.appendChild(renderEntry(pendingEntry(frame), true));
    refreshChoices();
    logEl.scrollTop = logEl.scrollHeight;
    send(frame);
  }

  function choose(entry, choice) {
    entry.chosen = choice.payload;
    const li = document.getElementById('m-' + entry.id);
    if (li) li.querySelectorAll('.choices button').forEach((b) => {
      b.disabled = true;
      if (b.dataset.payload === choice.payload) b.classList.add('chosen');
    });
    queue({ type: 'choice', id: newId(), payload: choice.payload, label: choice.label });
  }

  // The person's own zone ("Europe/Rome"), so the desk says times on their clock.
  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return ''; }
  }

  function hello() {
    const h = { type: 'hello', v: 1, epoch: state.epoch, last_seq: state.lastSeq, locale: lang };
    if (agentView) {
      Object.assign(h, { role: 'agent', token: state.agentToken, agent_id: state.agentId, name: state.agentId,
                         private_last_seq: state.privateLastSeq });
    }
    else Object.assign(h, { role: 'user', session: state.session, time_zone: browserZone() });
    return h;
  }

  // A line of the agent's own conversation: its own seq, its own panel, never mixed into the room.
  function onPrivate(f) {
    if (!agentView || f.seq <= state.privateLastSeq) return;
    state.privateLastSeq = f.seq;
    const target = f.replaces && state.privateEntries.find((x) => x.id === f.replaces);
    if (target) {
      Object.assign(target, { text: f.text, alias: f.id });
    } else if (!state.privateEntries.some((x) => x.id === f.id || x.alias === f.id)) {
      state.privateEntries.push({ id: f.id, from: f.from, author: f.author, text: f.text, at: f.at });
      if (state.privateEntries.length > MAX_ENTRIES) state.privateEntries.splice(0, state.privateEntries.length - MAX_ENTRIES);
      privateEl.open = true;  // something for this agent alone: show it
    }
    save();
    renderPrivate();
    privateLogEl.scrollTop = privateLogEl.scrollHeight;
  }

  function onMessage(f) {
    if (f.private) { onPrivate(f); return; }
    if (f.seq <= state.lastSeq) return;  // already shown (a replay after a resume)
    state.lastSeq = f.seq;
    // The bot writes in the conversation's language: the page's own words follow it.
    if (!agentView && f.from === 'bot' && TEXTS[f.locale] && f.locale !== lang) setLanguage(f.locale);
    const pendingIndex = state.pending.findIndex((p) => p.id === f.id);
    if (pendingIndex >= 0) state.pending.splice(pendingIndex, 1);
    const target = f.replaces && state.entries.find((x) => x.id === f.replaces);
    if (target) {
      Object.assign(target, { text: f.text, choices: f.choices, chosen: undefined, alias: f.id });
      const li = document.getElementById('m-' + target.id);
      if (li) rerender(li, target);
    } else if (!state.entries.some((x) => x.id === f.id || x.alias === f.id)) {
      state.entries.push({ id: f.id, from: f.from, author: f.author, text: f.text, choices: f.choices, at: f.at });
      if (state.entries.length > MAX_ENTRIES) state.entries.splice(0, state.entries.length - MAX_ENTRIES);
      const old = document.getElementById('m-' + f.id);
      const li = renderEntry(state.entries[state.entries.length - 1], false);
      if (old) old.replaceWith(li); else logEl.appendChild(li);
    } else {
      const old = document.getElementById('m-' + f.id);
      if (old) old.classList.remove('pending');
    }
    // Keep the unsent lines last, in the order they were typed.
    for (const p of state.pending) {
      const li = document.getElementById('m-' + p.id);
      if (li) logEl.appendChild(li);
    }
    save();
    refreshChoices();
    logEl.scrollTop = logEl.scrollHeight;
    send({ type: 'ack', seq: f.seq });
  }

  function onError(f) {
    if (f.code === 'not_accepted') {
      clearTimeout(resendTimer);
      resendTimer = setTimeout(resendPending, 3000);
      return;
    }
    if (f.id) {
      state.pending = state.pending.filter((p) => p.id !== f.id);
      const li = document.getElementById('m-' + f.id);
      if (li) li.remove();
      save();
    }
    if (f.code === 'unauthorized') {
      sessionStorage.removeItem('frontline.agentToken');
      state.agentToken = '';
      notice(T.unauthorized);
      $('login').hidden = false;
    } else if (f.code === 'too_long') {
      notice(T.tooLong);
    } else if (f.code === 'rate_limited' || f.code === 'too_many_attempts') {
      // The server's own words, already in the page's language (config/locales/*.limits.json).
      notice(f.message || T.failed);
    } else if (f.code === 'bad_session') {
      state.session = '';
      save();
    } else if (f.code !== 'empty') {
      notice(T.failed);
    }
  }

  function resendPending() {
    for (const p of state.pending) send(p);
  }

  function handle(f) {
    switch (f.type) {
      case 'welcome':
        if (f.epoch !== state.epoch) { state.epoch = f.epoch; state.lastSeq = 0; state.privateLastSeq = 0; }
        if (!agentView) state.session = f.session;
        state.userId = f.user_id;
        ready = true;
        retries = 0;
        save();
        setStatus(T.online);
        resendPending();
        break;
      case 'message': onMessage(f); break;
      case 'error': onError(f); break;
      default: break;  // pong and future frame types
    }
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (agentView && !state.agentToken) { $('login').hidden = false; return; }
    setStatus(T.connecting);
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws = socket;
    ready = false;
    socket.onopen = () => socket.send(JSON.stringify(hello()));
    socket.onmessage = (ev) => {
      let f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (socket === ws) handle(f);
    };
    socket.onclose = () => {
      if (socket !== ws) return;
      ws = null;
      ready = false;
      setStatus(T.offline, true);
      // Jittered exponential backoff, so a restarted server is not hit by every page at once.
      const delay = Math.min(15000, 400 * 2 ** retries) * (0.5 + Math.random() / 2);
      retries = Math.min(retries + 1, 10);
      reconnectTimer = setTimeout(connect, delay);
    };
  }

  function submit() {
    const text = textEl.value.trim();
    if (!text && !attached.length) return;
    textEl.value = '';
    const frame = { type: 'message', id: newId(), text };
    if (attached.length) {
      frame.files = attached.map((a) => ({ upload: a.upload, name: a.name }));
      thumbs.set(frame.id, attached.filter((a) => a.preview).map((a) => a.preview));
      attached.length = 0;
      renderAttached();
    }
    queue(frame);
  }

  // --- files: uploaded first (progress shown), then named in the next message ---------------------
  function renderAttached(progress) {
    attachmentsEl.textContent = '';
    for (const a of attached) {
      const chip = document.createElement('span');
      chip.className = 'chip';
      if (a.preview) {
        const img = document.createElement('img');
        img.className = 'thumb';
        img.src = a.preview;
        img.alt = '';
        chip.appendChild(img);
      }
      chip.appendChild(document.createTextNode(fillIn(T.uploaded, { name: a.name })));
      const x = document.createElement('button');
      x.type = 'button';
      x.textContent = '×';
      x.title = T.remove;
      x.addEventListener('click', () => { attached.splice(attached.indexOf(a), 1); renderAttached(); });
      chip.appendChild(x);
      attachmentsEl.appendChild(chip);
    }
    if (progress) {
      const label = document.createElement('span');
      label.className = 'upload-status';
      label.textContent = progress.text;
      const bar = document.createElement('progress');
      bar.id = 'upload-progress';
      bar.max = 100;
      bar.value = progress.percent;
      attachmentsEl.append(label, bar);
    }
    attachmentsEl.hidden = !attached.length && !progress;
  }

  function upload(file) {
    if (!state.session) return;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/upload');
    xhr.setRequestHeader('Authorization', 'Bearer ' + state.session);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    const show = (percent) => renderAttached({ percent, text: fillIn(T.uploading, { name: file.name, percent }) });
    xhr.upload.onprogress = (ev) => { if (ev.lengthComputable) show(Math.round((100 * ev.loaded) / ev.total)); };
    xhr.onload = () => {
      if (xhr.status === 201) {
        const r = JSON.parse(xhr.responseText);
        const preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : '';
        attached.push({ upload: r.upload, name: r.name || file.name, preview });
        renderAttached();
        textEl.focus();
      } else {
        renderAttached();
        notice(fillIn(xhr.status === 413 ? T.uploadTooLarge : T.uploadFailed, { name: file.name }));
      }
    };
    xhr.onerror = () => { renderAttached(); notice(fillIn(T.uploadFailed, { name: file.name })); };
    show(0);
    xhr.send(file);
  }

  function applyTexts() {
    $('title').textContent = agentView ? T.agentsTitle : T.title;
    document.title = agentView ? T.agentsTitle : T.title;
    document.documentElement.lang = lang;
    textEl.placeholder = agentView ? T.agentPlaceholder : T.placeholder;
    $('private-title').textContent = T.privateTitle;
    $('private-empty').textContent = T.privateEmpty;
    $('send').textContent = T.send;
    $('login-id-label').textContent = T.agentId;
    $('login-token-label').textContent = T.agentToken;
    $('login-button').textContent = T.login;
    $('attach').title = T.attach;
    $('attach-label').textContent = T.attach;
  }

  function setLanguage(next) {
    lang = next;
    T = TEXTS[lang];
    applyTexts();
    if (ready) setStatus(T.online);
    save();
  }

  applyTexts();
  privateEl.hidden = !agentView;
  // People send screenshots; agents' files are not part of the room.
  $('attach').hidden = agentView;
  $('file').addEventListener('change', () => {
    const input = $('file');
    for (const f of input.files) upload(f);
    input.value = '';
  });
  $('composer').addEventListener('submit', (ev) => { ev.preventDefault(); submit(); });
  textEl.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); submit(); }
  });
  $('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.agentId = $('agent-id').value.trim();
    state.agentToken = $('agent-token').value;
    sessionStorage.setItem('frontline.agentId', state.agentId);
    sessionStorage.setItem('frontline.agentToken', state.agentToken);
    loadPrivate();
    renderPrivate();
    $('login').hidden = true;
    connect();
  });

  // An agent command from outside the composer (the queue beside the room, queue.js): sent and shown
  // exactly as if typed in the room.
  function command(text) {
    if (!agentView || !text) return;
    queue({ type: 'message', id: newId(), text });
  }

  // For tests and the curious: drop the connection as a flaky network would.
  window.frontlineChat = {
    dropConnection() { if (ws) ws.close(4000, 'dropped by the page'); },
    state: () => JSON.parse(JSON.stringify(state)),
    command,
  };

  renderAll();
  connect();
})();
