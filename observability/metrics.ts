import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process: the API's request metrics and the domain counters that activities move. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const httpRequests = new Counter({
  name: 'support_sessions_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'],
  registers: [registry],
});
const httpDuration = new Histogram({
  name: 'support_sessions_http_request_duration_seconds',
  help: 'HTTP request latency by method and route',
  labelNames: ['method', 'route'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
const bookings = new Counter({
  name: 'support_sessions_bookings_total',
  help: 'Bookings created and changed, by outcome',
  labelNames: ['outcome'],
  registers: [registry],
});
const notifications = new Counter({
  name: 'support_sessions_notifications_total',
  help: 'Notifications by kind, channel and status',
  labelNames: ['kind', 'channel', 'status'],
  registers: [registry],
});
const reminderLateness = new Histogram({
  name: 'support_sessions_reminder_lateness_seconds',
  help: 'Reminder sent time minus its due time',
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [registry],
});

const webhookAttempts = new Counter({
  name: 'support_sessions_webhook_attempts_total',
  help: "Webhook delivery attempts by the delivery's status after them (delivered, pending: another attempt is due, failed)",
  labelNames: ['status'],
  registers: [registry],
});

const feedbackRatings = new Histogram({
  name: 'support_sessions_feedback_rating',
  help: 'Feedback ratings (1-5) as customers give them; a changed answer is observed again',
  labelNames: ['session_type'],
  buckets: [1, 2, 3, 4, 5],
  registers: [registry],
});

export const observeFeedbackRating = (rating: number, sessionType: string): void => feedbackRatings.observe({ session_type: sessionType }, rating);
export const recordBooking = (outcome: string): void => bookings.inc({ outcome });
export const recordNotification = (kind: string, channel: string, status: string): void => notifications.inc({ kind, channel, status });
export const recordWebhookAttempt = (status: string): void => webhookAttempts.inc({ status });
export const observeReminderLateness = (seconds: number): void => reminderLateness.observe(Math.max(0, seconds));

/** Request rate and latency per route pattern (never the raw URL, which holds ids). */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      end({ method: req.method, route });
      httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

export const metricsHandler: RequestHandler = async (_req, res) => {
  res.type(registry.contentType).send(await registry.metrics());
};

/** What the inbox's metrics are read from at each scrape: settled clocks, and first replies in buckets of seconds. */
export interface InboxTotals {
  met: number;
  breached: number;
  firstReply: { le: number[]; counts: number[]; sum: number; count: number };
}
export const INBOX_FIRST_REPLY_BUCKETS = [60, 300, 900, 3600, 4 * 3600, 8 * 3600, 12 * 3600, 24 * 3600, 48 * 3600];

let readInbox: (() => Promise<InboxTotals>) | undefined;
const readOrNothing = async () => {
  try {
    return readInbox ? await readInbox() : undefined;
  } catch {
    return undefined; // PostgreSQL away: the scrape goes on without these
  }
};

/**
 * `support_sessions_inbox_sla_total{outcome}` and `support_sessions_inbox_first_reply_seconds`, read from PostgreSQL when
 * scraped: clocks settle in the worker, and any API process reports every outcome, whichever worker saw it.
 */
export function registerInboxMetrics(read: () => Promise<InboxTotals>): void {
  const first = !readInbox;
  readInbox = read;
  if (!first) return;
  const sla = {
    name: 'support_sessions_inbox_sla_total',
    help: 'Inbox answer clocks settled, by outcome (met: answered before due; breached: not answered by the due time)',
    type: 'counter' as const,
    aggregator: 'sum' as const,
    reset: () => undefined,
    get: async () => {
      const t = await readOrNothing();
      const values = t ? [{ labels: { outcome: 'met' }, value: t.met }, { labels: { outcome: 'breached' }, value: t.breached }] : [];
      return { name: sla.name, help: sla.help, type: sla.type, aggregator: sla.aggregator, values };
    },
  };
  const firstReply = {
    name: 'support_sessions_inbox_first_reply_seconds',
    help: "Time from a conversation's first message to its first agent reply",
    type: 'histogram' as const,
    aggregator: 'sum' as const,
    reset: () => undefined,
    get: async () => {
      const f = (await readOrNothing())?.firstReply;
      const n = firstReply.name;
      const values = f
        ? [
            ...f.le.map((le, i) => ({ metricName: `${n}_bucket`, labels: { le }, value: f.counts[i] })),
            { metricName: `${n}_bucket`, labels: { le: '+Inf' }, value: f.count },
            { metricName: `${n}_sum`, labels: {}, value: f.sum },
            { metricName: `${n}_count`, labels: {}, value: f.count },
          ]
        : [];
      return { name: n, help: firstReply.help, type: firstReply.type, aggregator: firstReply.aggregator, values };
    },
  };
  registry.registerMetric(sla as unknown as Parameters<Registry['registerMetric']>[0]);
  registry.registerMetric(firstReply as unknown as Parameters<Registry['registerMetric']>[0]);
}
