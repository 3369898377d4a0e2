import type { ConductReportRow } from '../../../db/conduct';
import type { Standing } from '../../../domain/customer';
import { esc, form, page, type PageContext, table, when, whenText } from '../layout';
import { levelBadge } from './badges';

/** The console's choices; each maps onto one decision of the API (`restrict` with or without `until`). */
export const CHOICES = ['dismiss', 'warn', 'restrict_until', 'restrict_permanent', 'terminate'] as const;
export type Choice = (typeof CHOICES)[number];

export function renderReports(c: PageContext, reports: (ConductReportRow & { customerName: string })[]): string {
  const rows = reports.map((r) => [
    when(c, r.created_at),
    `<a href="/console/customers/${esc(r.customer_id)}">${esc(r.customerName)}</a>`,
    esc(r.description),
    r.booking_id ? `<a href="/console/sessions/${esc(r.booking_id)}">${c.t.open}</a>` : '—',
    esc(r.reported_by.split(':')[0]),
    `<a href="/console/reports/${esc(r.id)}">${c.t.decide}</a>`,
  ]);
  const body = table([c.t.reportedAt, c.t.customer, c.t.description, c.t.booking, c.t.reportedBy, ''], rows) || `<p>${c.t.none}</p>`;
  return page(c, c.t.openReports, body);
}

function reportSummary(c: PageContext, r: ConductReportRow, customerName: string, standing: Standing): string {
  return `<dl><dt>${c.t.customer}</dt><dd><a href="/console/customers/${esc(r.customer_id)}">${esc(customerName)}</a></dd>
<dt>${c.t.standing}</dt><dd>${levelBadge(c, standing.level, standing.strikes.length)}</dd>
<dt>${c.t.reportedAt}</dt><dd>${when(c, r.created_at)} · ${esc(r.reported_by.split(':')[0])}</dd>
<dt>${c.t.description}</dt><dd>${esc(r.description)}</dd>
${r.status === 'decided' ? `<dt>${c.t.decision}</dt><dd>${esc(r.decision?.action ?? '')}</dd>` : ''}</dl>`;
}

export function renderDecisionForm(c: PageContext, r: ConductReportRow, customerName: string, standing: Standing): string {
  const radios = CHOICES.map((a, i) => `<label><input type="radio" name="choice" value="${a}"${i === 0 ? ' checked' : ''}> ${esc(c.t.actions[a])}</label>`).join('<br>');
  const inner = `<fieldset><legend>${c.t.decision}</legend>${radios}<br><label>${c.t.untilDate} <input type="date" name="untilDate"></label><br><label>${c.t.note} <input name="note" maxlength="2000"></label></fieldset><button type="submit">${c.t.reviewDecision}</button>`;
  const decide = r.status === 'open' ? form(c, `/console/reports/${encodeURIComponent(r.id)}/confirm`, inner) : '';
  return page(c, c.t.reports, reportSummary(c, r, customerName, standing) + decide);
}

export function renderDecisionConfirm(c: PageContext, r: ConductReportRow, v: { choice: Choice; until?: string; note?: string; customerName: string }): string {
  const consequence = v.choice === 'restrict_until' ? c.t.consequences.restrict_until(`${whenText(c, v.until!)} (${c.zone})`) : c.t.consequences[v.choice];
  const hidden = [
    `<input type="hidden" name="choice" value="${v.choice}">`,
    v.until ? `<input type="hidden" name="until" value="${esc(v.until)}">` : '',
    v.note ? `<input type="hidden" name="note" value="${esc(v.note)}">` : '',
  ].join('');
  const body = `<p>${c.t.customer}: <strong>${esc(v.customerName)}</strong> · ${c.t.decision}: <strong>${esc(c.t.actions[v.choice])}</strong></p>
<p role="alert" class="alert" id="consequence">${esc(consequence)}</p>
${form(c, `/console/reports/${encodeURIComponent(r.id)}/decide`, `${hidden}<button type="submit">${c.t.confirm}: ${esc(c.t.actions[v.choice])}</button> <a href="/console/reports/${esc(r.id)}">${c.t.back}</a>`)}`;
  return page(c, c.t.confirmTitle, body);
}
