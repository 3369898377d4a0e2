import { Router } from 'express';
import { listNotifications } from '../../db/notifications';
import { redactNotification } from '../../links/redact';
import { requireRole } from '../auth';
import { notificationsQuery, parse } from '../schemas';
import type { RouteDeps } from './deps';

/** The notification log (CONTRACT §5), oldest first. */
export function notificationsRouter({ pool, settings }: RouteDeps): Router {
  const r = Router();
  r.get('/v1/notifications', requireRole(settings, 'agent'), async (req, res) => {
    // No usable link in what agents read: an agent must not act as the customer.
    res.json((await listNotifications(pool, parse(notificationsQuery, req.query))).map(redactNotification));
  });
  return r;
}
