import type { BookingView } from '../../../domain/booking';
import type { Standing } from '../../../domain/customer';
import type { CustomerRow } from '../../../db/customers';
import type { ConductReportRow } from '../../../db/conduct';
import { esc, form, notice, page, type PageContext, table, when, whenText } from '../layout';
import { levelBadge, statusText } from './badges';

export const conductForm = (c: PageContext, customerId: string, bookingId?: string) =>
  `<h2>${c.t.reportConduct}</h2>` +
  form(
    c,
    `/console/customers/${encodeURIComponent(customerId)}/conduct-reports`,
    `${bookingId ? `<input type="hidden" name="bookingId" value="${esc(bookingId)}">` : ''}<label>${c.t.description}<br><textarea name="description" required maxlength="5000" rows="3"></textarea></label><div><button type="submit">${c.t.reportConduct}</button></div>`,
  );

/** The confirmation before an erasure: what goes and what is kept, then the one button that erases. */
export function renderEraseConfirm(c: PageContext, customer: CustomerRow): string {
  const { t } = c;
  const id = encodeURIComponent(customer.id);
  const body = `<p>${t.customer}: <strong>${esc(customer.name || customer.id)}</strong></p>
<p role="alert" class="alert" id="erase-goes">${esc(t.eraseGoes)}</p>
<p id="erase-kept">${esc(t.eraseKept)}</p>
${form(c, `/console/customers/${id}/erase`, `<button type="submit" class="danger" id="erase-confirm">${esc(t.eraseConfirm)}</button> <a href="/console/customers/${id}">${t.back}</a>`)}`;
  return page(c, t.eraseTitle, body);
}

const money = (m: { amount: number; currency: string }) => `${(m.amount / 100).toFixed(2)} ${m.currency}`;

export function renderCustomer(c: PageContext, v: { customer: CustomerRow; standing: Standing; bookings: BookingView[]; reports: ConductReportRow[]; done?: string }): string {
  const { t } = c;
  const { customer: cu, standing: st } = v;
  const manager = c.session?.role === 'manager';
  const done = { reported: t.reported, lifted: t.liftRestriction, waived: t.waivePenalty, decided: t.decided, erased: t.erased } as Record<string, string>;
  const parts = [
    notice(v.done ? done[v.done] : undefined),
    `<dl><dt>${t.customer}</dt><dd>${esc(cu.name)} · ${esc(cu.email)}${cu.phone ? ` · ${esc(cu.phone)}` : ''}</dd>
<dt>${t.plan}</dt><dd>${esc(cu.plan)} · ${t.seats}: ${cu.seats} · ${esc(cu.time_zone)} · ${esc(cu.locale)}</dd>
<dt>${t.standing}</dt><dd id="standing">${levelBadge(c, st.level, st.strikes.length)}</dd>
<dt>${t.canBook}</dt><dd>${st.canBook ? t.yes : t.no}</dd>
<dt>${t.channels}</dt><dd>${esc(st.channels.join(', ')) || '—'}</dd></dl>`,
    `<h2>${t.strikes}</h2>`,
    table(
      [t.strikeAt, t.reason, t.booking, t.expires],
      st.strikes.map((s) => [when(c, s.at), esc(t.reasons[s.reason] ?? s.reason), `<a href="/console/sessions/${esc(s.bookingId)}">${t.open}</a>`, when(c, s.expiresAt)]),
    ) || `<p>${t.none}</p>`,
    `<h2>${t.penalty}</h2>`,
    st.penalty
      ? `<p>${esc(t.penaltyText(money(st.penalty.fee), whenText(c, st.penalty.earliestFreeStart)))}</p>${manager ? form(c, `/console/customers/${encodeURIComponent(cu.id)}/penalty/waive`, `<button type="submit">${t.waivePenalty}</button>`) : ''}`
      : `<p>${t.none}</p>`,
    `<h2>${t.restriction}</h2>`,
    st.restriction
      ? `<p id="restriction">${t.since} ${when(c, st.restriction.since)} · ${t.until} ${st.restriction.until ? when(c, st.restriction.until) : t.permanently} · ${esc(st.restriction.reason)}</p>${
          manager ? form(c, `/console/customers/${encodeURIComponent(cu.id)}/restriction/lift`, `<button type="submit">${t.liftRestriction}</button>`) : ''
        }`
      : `<p>${t.none}</p>`,
    `<h2>${t.reports}</h2>`,
    table(
      [t.reportedAt, t.description, t.reportedBy, t.decision],
      v.reports.map((r) => [
        when(c, r.created_at),
        esc(r.description),
        esc(r.reported_by.split(':')[0]),
        r.status === 'open' ? (manager ? `<a href="/console/reports/${esc(r.id)}">${t.decide}</a>` : '—') : esc(r.decision?.action ?? ''),
      ]),
    ) || `<p>${t.none}</p>`,
    `<h2>${t.bookings}</h2>`,
    table(
      [t.when, t.type, t.agent, t.status],
      v.bookings.map((b) => [`<a href="/console/sessions/${esc(b.id)}">${when(c, b.start)}</a>`, esc(t.sessionTypes[b.sessionType] ?? b.sessionType), esc(b.agentId), statusText(c, b.status)]),
    ) || `<p>${t.none}</p>`,
    conductForm(c, cu.id),
    manager ? `<h2>${t.eraseTitle}</h2>${form(c, `/console/customers/${encodeURIComponent(cu.id)}/erase/confirm`, `<button type="submit" class="danger" id="erase">${t.eraseButton}</button>`)}` : '',
  ];
  return page(c, `${t.customer}: ${cu.name}`, parts.join('\n'));
}
