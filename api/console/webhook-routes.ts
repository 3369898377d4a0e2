// The managers' webhook pages: the same service as /v1/webhooks, the same validation, no rule of its own.
import { Router } from 'express';
import type { RouteDeps } from '../routes/deps';
import { ctx } from './agent-routes';
import { renderDeliveries, renderWebhookCreated, renderWebhooks } from './views/webhooks';

const doneOf = (q: unknown) => (typeof q === 'string' ? q : undefined);

export function webhookRoutes({ webhooks }: RouteDeps): Router {
  const r = Router();
  r.get('/webhooks', async (req, res) => {
    const { rows } = await webhooks.list({ limit: '500' });
    res.type('html').send(renderWebhooks(ctx(res), rows.slice(0, 500), doneOf(req.query.done)));
  });
  r.post('/webhooks', async (req, res) => {
    // A form sends one checked box as a lone string.
    const events = req.body?.events === undefined ? [] : [req.body.events].flat();
    const created = await webhooks.create({ url: req.body?.url, events, ...(req.body?.description ? { description: req.body.description } : {}) });
    res.status(201).type('html').send(renderWebhookCreated(ctx(res), created));
  });
  r.post('/webhooks/:id/delete', async (req, res) => {
    await webhooks.remove(req.params.id);
    res.redirect(303, '/console/webhooks?done=removed');
  });
  r.get('/webhooks/:id', async (req, res) => {
    const sub = await webhooks.get(req.params.id);
    const { rows, limit } = await webhooks.deliveries(sub.id, { limit: '200' });
    res.type('html').send(renderDeliveries(ctx(res), sub, rows.slice(0, limit), doneOf(req.query.done)));
  });
  r.post('/webhooks/:id/deliveries/:deliveryId/retry', async (req, res) => {
    await webhooks.retry(req.params.id, req.params.deliveryId);
    res.redirect(303, `/console/webhooks/${encodeURIComponent(req.params.id)}?done=retried`);
  });
  return r;
}
