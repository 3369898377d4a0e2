import type { BookingView } from '../../../domain/booking';
import type { StandingLevel } from '../../../domain/customer';
import { esc, page, type PageContext, table, when } from '../layout';
import { awaitsRecord, levelBadge, statusText } from './badges';

export interface SessionRow {
  booking: BookingView;
  customerName: string;
  standing?: { level: StandingLevel; strikeCount: number };
}

function sessionTable(c: PageContext, rows: SessionRow[]): string {
  if (rows.length === 0) return `<p>${c.t.noSessions}</p>`;
  return table(
    [c.t.when, c.t.customer, c.t.standing, c.t.type, c.t.agent, c.t.status, ''],
    rows.map(({ booking: b, customerName, standing }) => [
      `<a href="/console/sessions/${esc(b.id)}">${when(c, b.start)}</a>`,
      `<a href="/console/customers/${esc(b.customerId)}">${esc(customerName)}</a>`,
      levelBadge(c, standing?.level, standing?.strikeCount ?? 0),
      esc(c.t.sessionTypes[b.sessionType] ?? b.sessionType),
      esc(b.agentId),
      awaitsRecord(b) ? `<strong>${c.t.notRecorded}</strong> (${statusText(c, b.status)})` : statusText(c, b.status),
      `<a href="/console/sessions/${esc(b.id)}">${c.t.open}</a>`,
    ]),
    (i) => (awaitsRecord(rows[i].booking) ? 'needs-record' : ''),
  );
}


export function renderSessions(c: PageContext, v: { agents: string[]; agentId?: string; awaiting: SessionRow[]; today: SessionRow[]; upcoming: SessionRow[] }): string {
  const options = [`<option value="">${c.t.allAgents}</option>`, ...v.agents.map((a) => `<option value="${esc(a)}"${a === v.agentId ? ' selected' : ''}>${esc(a)}</option>`)];
  const filter = `<form method="get" action="/console"><label>${c.t.agent} <select name="agent">${options.join('')}</select></label> <button type="submit" class="secondary">${c.t.show}</button></form>`;
  const body = [
    filter,
    `<p>${c.t.timesIn} ${esc(c.zone)}</p>`,
    v.awaiting.length ? `<h2>${c.t.awaiting}</h2>${sessionTable(c, v.awaiting)}` : '',
    `<h2>${c.t.today}</h2>${sessionTable(c, v.today)}`,
    `<h2>${c.t.upcoming}</h2>${sessionTable(c, v.upcoming)}`,
  ];
  return page(c, c.t.sessions, body.join('\n'));
}
