import { Router } from 'express';
import { listNotifications } from '../../db/notifications';
import { requireRole } from '../auth';
import { notificationsQuery, parse } from '../schemas';
import type { RouteDeps } from './deps';

/** The notification log (CONTRACT §5), oldest first. */
export function notificationsRouter({ pool, settings }: RouteDeps): Router {
  const r = Router();
  r.get('/v1/notifications', requireRole(settings, 'agent'), async (req, res) => {
    res.json(await listNotifications(pool, parse(notificationsQuery, req.query)));
  });
  return r;
}
