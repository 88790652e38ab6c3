// The booking page: the agent's free slots in the requester's time zone (the browser's, changeable),
// one pick, confirm; then the meeting link, the invite and (from the confirmation's own link)
// reschedule and cancel. Everything it needs comes from this server: /call/<token>/slots, /confirm, /cancel.
'use strict';
const TEXT = {
  en: {
    title: 'Book a call', subtitle: '{ticket}: a {minutes}-minute call with {agent}', zone: 'Time zone',
    confirm: 'Book this time', confirming: 'Booking…', none: 'No free times in the next days. Please answer in the chat and we will find another way.',
    taken: 'This slot was just taken. Here are the times that are free now.',
    booked: 'Your call is booked', moved: 'Your call has moved', cancelled: 'This call is cancelled',
    invite: 'Add to calendar (.ics)', move: 'Choose another time', cancel: 'Cancel the call', reschedule: 'Move the call to this time',
    cancel_sure: 'Cancel this call?', failed: 'Something went wrong. Please try again in a moment.',
    gone: 'This link cannot be used any more. Please check the chat for the latest message about your call.',
    join: 'Join the call',
  },
  it: {
    title: 'Prenota una chiamata', subtitle: '{ticket}: una chiamata di {minutes} minuti con {agent}', zone: 'Fuso orario',
    confirm: 'Prenota questo orario', confirming: 'Prenotazione…', none: 'Nessun orario libero nei prossimi giorni. Rispondi nella chat e troveremo un altro modo.',
    taken: 'Questo orario è appena stato preso. Ecco gli orari liberi adesso.',
    booked: 'La tua chiamata è prenotata', moved: 'La tua chiamata è stata spostata', cancelled: 'Questa chiamata è annullata',
    invite: 'Aggiungi al calendario (.ics)', move: 'Scegli un altro orario', cancel: 'Annulla la chiamata', reschedule: 'Sposta la chiamata a questo orario',
    cancel_sure: 'Annullare questa chiamata?', failed: 'Qualcosa è andato storto. Riprova tra un momento.',
    gone: 'Questo link non si può più usare. Guarda nella chat l’ultimo messaggio sulla tua chiamata.',
    join: 'Partecipa alla chiamata',
  },
};
const $ = (id) => document.getElementById(id);
let base = location.pathname.replace(/\/+$/, '');
let lang = (navigator.language || 'en').slice(0, 2) === 'it' ? 'it' : 'en';
let view = null;
let picked = null;
let zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function t(key, vars = {}) {
  return (TEXT[lang][key] || TEXT.en[key]).replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : ''));
}
function notice(text) { $('notice').textContent = text; $('notice').hidden = !text; }
function fmt(unix, opts) {
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: zone, ...opts }).format(new Date(unix * 1000));
}
function dayKey(unix) { return fmt(unix, { year: 'numeric', month: '2-digit', day: '2-digit' }); }

function fillZones() {
  const sel = $('zone');
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { zones = []; }
  if (!zones.includes(zone)) zones.unshift(zone);
  if (!zones.includes('UTC')) zones.push('UTC');
  sel.replaceChildren(...zones.map((z) => { const o = document.createElement('option'); o.value = z; o.textContent = z.replace(/_/g, ' '); return o; }));
  sel.value = zone;
  sel.onchange = () => { zone = sel.value; render(); };
}

function renderSlots() {
  const days = $('days');
  days.replaceChildren();
  if (!view.slots.length) {
    const p = document.createElement('p'); p.className = 'empty'; p.textContent = t('none'); days.append(p);
  }
  let current = null;
  for (const s of view.slots) {
    const key = dayKey(s);
    if (!current || current.key !== key) {
      const div = document.createElement('div'); div.className = 'day';
      const h = document.createElement('h3'); h.textContent = fmt(s, { weekday: 'long', day: 'numeric', month: 'long' });
      const grid = document.createElement('div'); grid.className = 'slots';
      div.append(h, grid); days.append(div);
      current = { key, grid };
    }
    const b = document.createElement('button');
    b.type = 'button'; b.dataset.start = String(s);
    b.textContent = fmt(s, { hour: '2-digit', minute: '2-digit' });
    b.setAttribute('aria-pressed', String(picked === s));
    b.onclick = () => { picked = s; renderSlots(); $('confirm').disabled = false; };
    current.grid.append(b);
  }
  if (!view.slots.includes(picked)) picked = null;
  $('confirm').disabled = picked === null;
  $('confirm').textContent = view.mode === 'manage' ? t('reschedule') : t('confirm');
}

function renderBooked(headKey) {
  const b = view.booking;
  $('booked').hidden = false;
  $('booked-head').textContent = t(b.status === 'cancelled' ? 'cancelled' : headKey);
  $('booked-time').textContent = fmt(b.start, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }) + ` (${zone})`;
  const link = /^https?:\/\//.test(b.meeting);
  $('meeting').hidden = !link || b.status === 'cancelled';
  $('meeting').href = link ? b.meeting : '#';
  $('meeting').textContent = link ? `${t('join')}: ${b.meeting}` : '';
  $('bridge').textContent = link || b.status === 'cancelled' ? '' : b.meeting;
  $('invite').href = b.invite;
  $('invite').textContent = t('invite');
  $('invite').hidden = b.status === 'cancelled';
  $('move').hidden = b.status === 'cancelled';
  $('move').textContent = t('move');
  $('cancel').hidden = b.status === 'cancelled';
  $('cancel').textContent = t('cancel');
}

function render(headKey = 'booked') {
  document.documentElement.lang = lang;
  $('title').textContent = t('title');
  $('zone-label').textContent = t('zone');
  $('subtitle').textContent = t('subtitle', { ticket: view.ticket, minutes: view.minutes, agent: view.agent });
  const booked = view.booking && (view.mode === 'manage' || view.booking.status === 'booked');
  $('booked').hidden = true;
  if (booked) renderBooked(headKey);
  $('picker').hidden = !(view.mode === 'book' && !view.booking) && document.body.dataset.state !== 'moving';
  if (!$('picker').hidden) renderSlots();
}

async function call(path, body) {
  const r = await fetch(`${base}/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  let data = null;
  try { data = await r.json(); } catch { data = null; }
  return { status: r.status, data };
}

async function load() {
  const { status, data } = await call('slots');
  if (status !== 200) { notice(status === 410 || status === 403 ? t('gone') : t('failed')); document.body.dataset.state = 'gone'; return; }
  view = data;
  if (TEXT[view.locale]) lang = view.locale;
  if (view.booking && view.booking.zone && view.mode === 'manage') zone = view.booking.zone;
  fillZones();
  document.body.dataset.state = view.booking ? view.booking.status : 'picking';
  render();
}

async function confirm() {
  if (picked === null) return;
  $('confirm').disabled = true;
  $('confirm').textContent = t('confirming');
  const moving = view.mode === 'manage';
  const { status, data } = await call('confirm', { start: picked, zone });
  if (status === 200) {
    view = data; picked = null; notice('');
    // From now on this page is the booking's own page (the booking link is used up): a reload,
    // a move or a cancel goes through the manage link the server just signed.
    if (view.booking && view.booking.manage) {
      const manage = new URL(view.booking.manage, location.href);
      base = manage.pathname.replace(/\/+$/, '');
      history.replaceState(null, '', manage.pathname);
      view.mode = 'manage';
    }
    document.body.dataset.state = 'booked';
    render(moving ? 'moved' : 'booked');
  } else if (status === 409) {
    view = data; picked = null; notice(t('taken'));
    render();
  } else {
    notice(status === 410 || status === 403 ? t('gone') : t('failed'));
    render();
  }
}

async function cancel() {
  if (!window.confirm(t('cancel_sure'))) return;
  const { status, data } = await call('cancel', {});
  if (status === 200) { view = data; document.body.dataset.state = 'cancelled'; notice(''); render(); }
  else notice(t('failed'));
}

$('confirm').onclick = confirm;
$('cancel').onclick = cancel;
$('move').onclick = async () => {
  // The slots of this moment (the confirmation carried none), the booking's own time among them.
  const { status, data } = await call('slots');
  if (status !== 200) { notice(status === 410 || status === 403 ? t('gone') : t('failed')); return; }
  view = data; picked = null; notice('');
  document.body.dataset.state = 'moving';
  render();
};
load().catch(() => notice(t('failed')));
