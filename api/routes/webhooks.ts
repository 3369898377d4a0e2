import { Router } from 'express';
import { requireRole } from '../auth';
import { sendPage } from '../paging';
import type { RouteDeps } from './deps';

/** Webhook subscriptions and their delivery logs (CONTRACT §5, §6); managers only. */
export function webhooksRouter({ settings, webhooks }: RouteDeps): Router {
  const r = Router();
  const manager = requireRole(settings, 'manager');
  r.post('/v1/webhooks', manager, async (req, res) => {
    res.status(201).json(await webhooks.create(req.body));
  });
  r.get('/v1/webhooks', manager, async (req, res) => {
    const { rows, limit } = await webhooks.list(req.query);
    sendPage(req, res, settings.publicBaseUrl, rows, limit, (row) => [row.id], (row) => row);
  });
  r.delete('/v1/webhooks/:id', manager, async (req, res) => {
    await webhooks.remove(req.params.id);
    res.status(204).end();
  });
  r.get('/v1/webhooks/:id/deliveries', manager, async (req, res) => {
    const { rows, limit } = await webhooks.deliveries(req.params.id, req.query);
    sendPage(req, res, settings.publicBaseUrl, rows, limit, (row) => [row.id], (row) => row);
  });
  r.post('/v1/webhooks/:id/deliveries/:deliveryId/retry', manager, async (req, res) => {
    res.json(await webhooks.retry(req.params.id, req.params.deliveryId));
  });
  return r;
}
