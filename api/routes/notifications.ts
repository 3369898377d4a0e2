import { Router } from 'express';
import { requireRole } from '../auth';
import { notificationsQuery, parse } from '../schemas';
import type { RouteDeps } from './deps';

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

/** The notification log (CONTRACT §5), oldest first. */
export function notificationsRouter({ pool, settings }: RouteDeps): Router {
  const r = Router();
  r.get('/v1/notifications', requireRole(settings, 'agent'), async (req, res) => {
    const q = parse(notificationsQuery, req.query);
    const { rows } = await pool.query(
      `SELECT * FROM notifications WHERE ($1::text IS NULL OR booking_id = $1) AND ($2::text IS NULL OR customer_id = $2) ORDER BY id LIMIT 1000`,
      [q.bookingId ?? null, q.customerId ?? null],
    );
    res.json(
      rows.map((n) => ({
        id: String(n.id),
        bookingId: n.booking_id,
        customerId: n.customer_id,
        channel: n.channel,
        kind: n.kind,
        offset: n.offset ?? undefined,
        locale: n.locale,
        to: n.recipient,
        subject: n.subject ?? undefined,
        body: n.body,
        dueAt: iso(n.due_at),
        status: n.status,
        provider: n.provider,
        providerMessageId: n.provider_message_id ?? undefined,
        sentAt: iso(n.sent_at),
        error: n.error ?? undefined,
      })),
    );
  });
  return r;
}
