import { Router } from 'express';
import { listNotifications } from '../../db/notifications';
import { redactNotification } from '../../links/redact';
import { requireRole } from '../auth';
import { decodeCursor, sendPage } from '../paging';
import { notificationsQuery, parse } from '../schemas';
import type { RouteDeps } from './deps';

/** The notification log (CONTRACT §5), oldest first, in pages (index notifications_booking / _customer / the key). */
export function notificationsRouter({ pool, settings }: RouteDeps): Router {
  const r = Router();
  r.get('/v1/notifications', requireRole(settings, 'agent'), async (req, res) => {
    const { limit, cursor, ...filter } = parse(notificationsQuery, req.query);
    const [after] = decodeCursor(cursor) ?? [];
    const rows = await listNotifications(pool, { ...filter, after, limit: limit + 1 });
    // No usable link in what agents read: an agent must not act as the customer.
    sendPage(req, res, settings.publicBaseUrl, rows, limit, (n) => [n.id], redactNotification);
  });
  return r;
}
