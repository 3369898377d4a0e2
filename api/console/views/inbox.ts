import type { Conversation, ConversationMessage } from '../../../domain/conversation';
import type { Standing } from '../../../domain/customer';
import { INBOX_TEXTS } from '../inbox-texts';
import { esc, form, notice, page, type PageContext, table, when } from '../layout';
import { levelBadge } from './badges';

const texts = (c: PageContext) => INBOX_TEXTS[c.locale];
const href = (id: string) => `/console/inbox/${encodeURIComponent(id)}`;

/** Breached, or warned and still running: what the queue highlights. */
export const breaching = (conv: Pick<Conversation, 'sla'>) => conv.sla.state === 'breached' || (conv.sla.state === 'running' && conv.sla.warnedAt !== null);

function clock(c: PageContext, conv: Conversation): string {
  const t = texts(c);
  const state = `<span class="badge sla-${esc(conv.sla.state)}">${esc(t.states[conv.sla.state])}</span>`;
  const due = conv.sla.dueAt ? ` ${when(c, conv.sla.dueAt)}` : '';
  const warned = conv.sla.state === 'running' && conv.sla.warnedAt ? ` · ${t.warned}` : '';
  return `${state}${due}${warned}`;
}

const assignToMe = (c: PageContext, conv: Conversation) =>
  conv.assignee === c.session?.actor ? '' : form(c, `${href(conv.id)}/assign`, `<button type="submit" class="secondary">${texts(c).assignToMe}</button>`);

export function renderInbox(c: PageContext, v: { conversations: (Conversation & { customerName: string })[]; metRate?: { week: string; met: number; breached: number }[] }): string {
  const t = texts(c);
  const rows = table(
    [t.due, t.subject, t.customer, t.status, t.assignee, ''],
    v.conversations.map((conv) => [
      clock(c, conv),
      `<a href="${href(conv.id)}">${esc(conv.subject || '—')}</a>`,
      esc(conv.customerName),
      esc(t.statuses[conv.status]),
      esc(conv.assignee ?? t.unassigned),
      assignToMe(c, conv),
    ]),
    (i) => (breaching(v.conversations[i]) ? 'needs-record breaching' : ''),
  );
  const rate = v.metRate
    ? `<h2>${t.metRate}</h2>${
        table(
          [t.week, t.met, t.breached, t.rate],
          v.metRate.map((w) => [esc(w.week), String(w.met), String(w.breached), `${Math.round((100 * w.met) / Math.max(1, w.met + w.breached))} %`]),
        ) || `<p>${t.none}</p>`
      }`
    : '';
  return page(c, t.inbox, `<h2>${t.openConversations}</h2>${rows || `<p>${t.noConversations}</p>`}<p>${c.t.timesIn} ${esc(c.zone)}</p>${rate}`);
}

export function renderConversation(
  c: PageContext,
  v: { conversation: Conversation & { messages: ConversationMessage[] }; customerName: string; plan?: string; standing?: Standing; done?: string },
): string {
  const t = texts(c);
  const conv = v.conversation;
  const customer = conv.customerId ? `<a href="/console/customers/${esc(conv.customerId)}">${esc(v.customerName)}</a>` : esc(`${t.unknownSender} (${v.customerName})`);
  const details = `<dl><dt>${t.customer}</dt><dd>${customer}</dd>
<dt>${t.plan}</dt><dd>${esc(v.plan ?? '—')}</dd>
<dt>${t.standing}</dt><dd>${conv.customerId ? levelBadge(c, v.standing?.level, v.standing?.strikes.length) : '—'}</dd>
<dt>${t.status}</dt><dd id="conversation-status">${esc(t.statuses[conv.status])}</dd>
<dt>${t.assignee}</dt><dd>${esc(conv.assignee ?? t.unassigned)}</dd>
<dt>${t.clock}</dt><dd id="clock"${breaching(conv) ? ' class="alert"' : ''}>${clock(c, conv)}${conv.sla.breachedAt ? ` · ${t.breachedAt} ${when(c, conv.sla.breachedAt)}` : ''}</dd></dl>`;
  const thread = conv.messages
    .map((m) => `<article class="message ${m.direction}"><p><strong>${esc(m.direction === 'in' ? t.fromCustomer : t.fromAgent)}</strong> · ${esc(m.author)} · ${when(c, m.at)}</p><pre>${esc(m.text)}</pre></article>`)
    .join('');
  const reply = form(c, `${href(conv.id)}/reply`, `<label>${t.replyText}<br><textarea name="text" required maxlength="20000" rows="6"></textarea></label><div><button type="submit">${t.reply}</button></div>`, ' class="reply"');
  const actions = `<div class="actions">${assignToMe(c, conv)}${conv.status === 'closed' ? '' : form(c, `${href(conv.id)}/close`, `<button type="submit" class="secondary">${t.close}</button>`)}</div>`;
  const body = [notice(v.done ? t.done[v.done] : undefined), details, actions, `<h2>${t.thread}</h2>${thread}`, `<h2>${t.reply}</h2>${reply}`];
  return page(c, conv.subject || t.inbox, body.join('\n'));
}
