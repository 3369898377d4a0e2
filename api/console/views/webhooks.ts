// The managers' webhook pages: subscriptions (make, delete), the secret shown once, a subscription's delivery log.
import type { Delivery, Subscription } from '../../../db/webhooks';
import { WEBHOOK_EVENTS } from '../../../webhooks/events';
import { esc, form, notice, page, type PageContext, table, when } from '../layout';
import { WEBHOOK_TEXTS } from '../webhook-texts';

const badge = (c: PageContext, status: string) => `<span class="badge ${status === 'active' || status === 'delivered' ? '' : 'warned'}">${esc(WEBHOOK_TEXTS[c.locale].statuses[status] ?? status)}</span>`;

export function renderWebhooks(c: PageContext, subs: Subscription[], done?: string): string {
  const t = WEBHOOK_TEXTS[c.locale];
  const rows = subs.map((s) => [
    esc(s.url),
    esc(s.events.join(', ')),
    esc(s.description ?? ''),
    badge(c, s.status),
    when(c, s.createdAt),
    `<a href="/console/webhooks/${encodeURIComponent(s.id)}">${t.deliveries}</a>`,
    form(c, `/console/webhooks/${encodeURIComponent(s.id)}/delete`, `<button type="submit" class="secondary">${t.remove}</button>`),
  ]);
  const boxes = ['*', ...WEBHOOK_EVENTS].map((e) => `<label><input type="checkbox" name="events" value="${e}"${e === '*' ? ' checked' : ''}> ${e === '*' ? t.allEvents : e}</label>`).join(' ');
  const create = form(
    c,
    '/console/webhooks',
    `<fieldset><legend>${t.newSubscription}</legend><label>${t.url} <input name="url" type="url" required maxlength="2048" size="50"></label><br>
<label>${t.description} <input name="description" maxlength="500" size="50"></label><br><span>${t.events}:</span> ${boxes}</fieldset><button type="submit">${t.subscribe}</button>`,
  );
  const list = table([t.url, t.events, t.description, t.status, t.created, '', ''], rows) || `<p>${t.none}</p>`;
  return page(c, t.webhooks, `${notice(done === 'removed' ? t.removed : undefined)}<h2>${t.subscriptions}</h2>${list}${create}`);
}

export function renderWebhookCreated(c: PageContext, sub: Subscription & { secret: string }): string {
  const t = WEBHOOK_TEXTS[c.locale];
  const body = `<dl><dt>${t.url}</dt><dd>${esc(sub.url)}</dd><dt>${t.events}</dt><dd>${esc(sub.events.join(', '))}</dd></dl>
<p role="alert" class="alert">${t.secretOnce}</p><p><code id="secret">${esc(sub.secret)}</code></p><p>${t.verifyHint}</p>
<p><a href="/console/webhooks">${c.t.back}</a></p>`;
  return page(c, t.secretTitle, body);
}

export function renderDeliveries(c: PageContext, sub: Subscription, deliveries: Delivery[], done?: string): string {
  const t = WEBHOOK_TEXTS[c.locale];
  const rows = deliveries.map((d) => [
    when(c, d.createdAt),
    esc(d.event),
    badge(c, d.status),
    String(d.attempts),
    esc(d.lastStatus === null ? (d.lastError ?? '—') : String(d.lastStatus)),
    d.nextAttemptAt ? when(c, d.nextAttemptAt) : '—',
    d.deliveredAt ? when(c, d.deliveredAt) : '—',
    `<code>${esc(d.id)}</code>`,
    sub.status === 'active' ? form(c, `/console/webhooks/${encodeURIComponent(sub.id)}/deliveries/${encodeURIComponent(d.id)}/retry`, `<button type="submit" class="secondary">${t.retry}</button>`) : '',
  ]);
  const head = `<dl><dt>${t.url}</dt><dd>${esc(sub.url)}</dd><dt>${t.status}</dt><dd>${badge(c, sub.status)}</dd><dt>${t.events}</dt><dd>${esc(sub.events.join(', '))}</dd></dl>`;
  const log = table([t.created, t.event, t.status, t.attempts, t.lastStatus, t.nextAttempt, t.delivered, 'webhook-id', ''], rows) || `<p>${t.none}</p>`;
  return page(c, t.deliveryLog, `${notice(done === 'retried' ? t.retried : undefined)}${head}${log}<p><a href="/console/webhooks">${c.t.back}</a></p>`);
}
