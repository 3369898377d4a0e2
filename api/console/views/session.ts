import type { BookingView } from '../../../domain/booking';
import type { HistoryEntry } from '../history';
import { esc, form, notice, page, type PageContext, table, when } from '../layout';
import { awaitsRecord, statusText } from './badges';
import { conductForm } from './customer';

export interface NotificationLine {
  kind: string;
  channel: string;
  to: string;
  status: string;
  dueAt?: string;
  sentAt?: string;
  error?: string;
}

const OUTCOMES = [
  ['attended', 'attended'],
  ['no_show', 'noShow'],
  ['unresponsive', 'unresponsive'],
] as const;

function attendance(c: PageContext, b: BookingView): string {
  const started = Date.parse(b.start) <= Date.now();
  const open = started && ['scheduled', 'in_progress', 'unrecorded'].includes(b.status);
  const recorded = ['attended', 'no_show', 'unresponsive'].includes(b.status);
  if (!open && (recorded || started)) return `<p>${c.t.status}: <strong id="status">${statusText(c, b.status)}</strong></p>`;
  const buttons = OUTCOMES.map(([value, label]) => `<button type="submit" name="outcome" value="${value}"${open ? '' : ' disabled'}>${c.t[label]}</button>`).join('');
  const inner = `<label>${c.t.attendanceNote} <input name="note" maxlength="2000"></label><div>${buttons}</div>${open ? '' : `<p>${c.t.attendanceOpens}</p>`}`;
  return form(c, `/console/sessions/${encodeURIComponent(b.id)}/attendance`, inner, ` class="attendance${awaitsRecord(b) ? ' highlight' : ''}"`);
}

export function renderSession(
  c: PageContext,
  v: { booking: BookingView; customerName: string; notifications: NotificationLine[]; history: HistoryEntry[]; workflowUrl: string; done?: string },
): string {
  const { booking: b, t } = { ...v, t: c.t };
  const details = `<dl>
<dt>${t.customer}</dt><dd><a href="/console/customers/${esc(b.customerId)}">${esc(v.customerName)}</a></dd>
<dt>${t.when}</dt><dd>${when(c, b.start)} – ${when(c, b.end)} (${esc(c.zone)})</dd>
${b.timeZone === c.zone ? '' : `<dt>${t.timesIn} ${esc(b.timeZone)}</dt><dd>${when(c, b.start, b.timeZone)}</dd>`}
<dt>${t.type}</dt><dd>${esc(t.sessionTypes[b.sessionType] ?? b.sessionType)}</dd>
<dt>${t.agent}</dt><dd>${esc(b.agentId)}</dd>
<dt>${t.status}</dt><dd id="booking-status">${statusText(c, b.status)}</dd>
<dt>${t.fee}</dt><dd>${b.fee ? esc(`${(b.fee.amount / 100).toFixed(2)} ${b.fee.currency}`) : '—'}</dd>
</dl><p><a href="${esc(v.workflowUrl)}" rel="noopener" target="_blank">${t.workflow}</a></p>`;
  const reminders = table(
    [t.channel, t.due, t.status],
    b.reminders.map((r) => [esc(`${r.channel} ${r.offset}`), when(c, r.dueAt), esc(r.status)]),
  );
  const notifications = table(
    [t.kind, t.channel, t.to, t.status, t.due, t.sent, t.error],
    v.notifications.map((n) => [esc(n.kind), esc(n.channel), esc(n.to), n.status === 'failed' ? `<strong class="failed">${esc(n.status)}</strong>` : esc(n.status), n.dueAt ? when(c, n.dueAt) : '', n.sentAt ? when(c, n.sentAt) : '', esc(n.error ?? '')]),
  );
  const history = table(
    [t.when, t.kind],
    v.history.map((h) => [when(c, h.at), esc(t.historyKinds[h.what] ?? h.what)]),
  );
  const body = [
    notice(v.done === 'recorded' ? t.attendanceDone : v.done === 'reported' ? t.reported : undefined),
    notice(v.notifications.some((n) => n.status === 'failed') ? t.messagesFailed : undefined, 'alert'),
    details,
    `<h2>${t.attendance}</h2>`,
    attendance(c, b),
    `<h2>${t.reminders}</h2>${reminders || `<p>${t.none}</p>`}`,
    `<h2>${t.notifications}</h2>${notifications || `<p>${t.none}</p>`}`,
    `<h2>${t.history}</h2>${history || `<p>${t.none}</p>`}`,
    conductForm(c, b.customerId, b.id),
  ];
  return page(c, `${t.session} · ${v.customerName}`, body.join('\n'));
}
