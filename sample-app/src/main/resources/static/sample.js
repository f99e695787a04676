// The page: it shows what the API says, and alters nothing the user typed.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function field(dl, name, value, pre) {
  if (value === undefined || value === null || value === '') return;
  dl.append(el('dt', {}, name), el('dd', {}, pre ? el('pre', {}, String(value)) : String(value)));
}

// Long values are cut on screen (the API keeps them whole): a subject to one line's worth, a
// recipient list to its first ten.
function clip(text, max) {
  const s = String(text || '');
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function firstOf(list, max) {
  return list.length > max ? list.slice(0, max).join(', ') + ' … and ' + (list.length - max) + ' more' : list.join(', ');
}

// The connection as it was negotiated, not as configured.
function connectionText(c) {
  if (!c) return '';
  return c.server + ', ' + (c.tls === 'none' ? 'not encrypted' : 'TLS ' + c.tls) + ', ' + (c.auth === 'none' ? 'no login' : 'AUTH ' + c.auth);
}

function resultCard(r) {
  const outcome = r.outcome || 'sent';
  const card = el('article', { class: 'card result ' + (outcome === 'sent' ? 'ok' : outcome) });
  card.append(el('h3', { title: r.subject || '' }, clip(r.subject, 120) || '(no subject)', ' ', el('span', { class: 'badge outcome' }, outcome)));
  const dl = el('dl');
  field(dl, 'Sent with', r.via === 'JAVA_MAIL_SENDER' ? 'JavaMailSender' : 'SmtpTemplate');
  field(dl, 'Connection', connectionText(r.connection));
  if (outcome === 'sent' && r.via === 'JAVA_MAIL_SENDER') field(dl, 'Answers', 'JavaMailSender returns nothing for a sent message: the transcript has the server\'s replies.');
  field(dl, 'Accepted', firstOf(r.accepted || [], 10));
  field(dl, 'Refused', (r.rejected || []).map((x) => x.recipient + ': ' + x.reply).join('\n'), true);
  field(dl, 'Server reply', r.reply, true);
  field(dl, 'Queue id', r.queueId);
  field(dl, 'Error', r.error, true);
  if (outcome === 'uncertain') field(dl, 'Note', 'The data was sent but the reply never came: the message may have been delivered. It is not resent.');
  field(dl, 'Time', r.millis !== undefined ? r.millis.toFixed(1) + ' ms' : '');
  card.append(dl);
  if (r.transcript && r.transcript.length) {
    // "AUTH redacted" only when the session logged in: the transcript then shows AUTH with its data hidden.
    const authed = r.transcript.some(line => line.startsWith('<- "AUTH'));
    card.append(el('details', { class: 'transcript' }, el('summary', {}, 'Session transcript (' + r.transcript.length + ' lines' + (authed ? ', AUTH redacted' : '') + ')'),
      el('pre', {}, r.transcript.join('\n'))));
  }
  return card;
}

async function loadResults() {
  const res = await fetch('/api/results');
  const list = await res.json();
  $('results').replaceChildren(...list.map(resultCard));
}

async function loadInbox() {
  const res = await fetch('/api/messages');
  const data = await res.json();
  const s = data.server;
  $('mode').textContent = data.embedded
    ? 'Sending to the embedded SMTP server on 127.0.0.1:' + s.port + ' (no smtp.host was set). What it received is listed below.'
    : 'Sending to ' + s.host + ':' + s.port + ', the server configured in smtp.* (TLS mode ' + s.tls + '; '
      + (data.lastConnection
        ? 'the last message went ' + (data.lastConnection.tls === 'none' ? 'unencrypted' : 'over ' + data.lastConnection.tls)
        : 'nothing sent yet') + '). There is no inbox to show: the mail left this machine.';
  $('inbox-section').hidden = !data.embedded;
  $('inbox').replaceChildren(...data.messages.map((m) => {
    const card = el('article', { class: 'card inbox-message' });
    card.append(el('h3', { title: m.subject || '' }, clip(m.subject, 120) || '(no subject)'));
    const dl = el('dl');
    field(dl, 'From', m.from);
    field(dl, 'To', firstOf(String(m.to || '').split(/,\s*/).filter(x => x), 10));
    dl.append(el('dt', {}, 'Text'), el('dd', {}, el('pre', { class: 'preview' }, m.preview),
      m.truncated ? el('p', { class: 'muted truncated' }, '… ' + (m.length - m.preview.length) + ' more characters') : null));
    card.append(dl);
    card.append(el('a', { class: 'raw', href: '/api/messages/' + m.index + '/raw', target: '_blank', rel: 'noopener' }, 'show raw'));
    return card;
  }));
}

async function loadStatus() {
  try {
    const res = await fetch('/api/status');
    const s = await res.json();
    const items = [];
    if (s.pool) {
      items.push(['sessions lent', s.pool.active], ['sessions idle', s.pool.idle], ['connections opened', s.pool.created], ['loans', s.pool.borrowed]);
    }
    items.push(['sent', s.messages.sent], ['failed', s.messages.failed], ['uncertain', s.messages.uncertain]);
    $('status').replaceChildren(...items.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', { 'data-stat': k }, String(v)))));
  } catch (e) {
    // the panel waits for the next round
  }
}

function clearErrors() {
  $('error').textContent = '';
  for (const name of ['from', 'to', 'subject', 'body', 'via']) {
    $('error-' + name).textContent = '';
    $(name).removeAttribute('aria-invalid');
  }
}

$('send-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const form = event.target;
  // Sent exactly as typed: the API decides, and its answer is shown.
  const payload = { from: form.from.value, to: form.to.value, subject: form.subject.value, body: form.body.value, via: form.via.value };
  $('sending').hidden = false;
  try {
    const res = await fetch('/api/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
    const data = await res.json();
    if (res.status === 400 && data.field) {
      $('error-' + data.field).textContent = data.detail;
      $(data.field).setAttribute('aria-invalid', 'true');
      return;
    }
    if (!res.ok && !data.outcome) {
      $('error').textContent = data.detail || ('request failed: ' + res.status);
      return;
    }
    if (!res.ok) {
      // An SMTP failure: said at the form, where the sender is looking (also at 390 px), and kept in Results.
      $('error').textContent = data.title + ': ' + data.detail;
    }
    $('results').prepend(resultCard(data));
  } catch (e) {
    $('error').textContent = 'request failed: ' + e;
  } finally {
    $('sending').hidden = true;
    loadInbox();
    loadStatus();
  }
});

loadInbox();
loadResults();
loadStatus();
setInterval(loadStatus, 2000);
