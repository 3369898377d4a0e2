// The console's inbox: the agents' queue (open conversations by due time), a conversation page with its thread, clock,
// standing and plan, and the actions (reply, assign to me, close) through the same service as the HTTP API.
import { type Request, type Response, Router } from 'express';
import { listOpenConversationRows, metRateByWeek, toConversation } from '../../db/conversations';
import { findCustomerRows } from '../../db/customers';
import { findStanding } from '../../db/standings';
import { replyBody } from '../inbox-schemas';
import type { RouteDeps } from '../routes/deps';
import { idParam, parse } from '../schemas';
import { ctx } from './agent-routes';
import { renderConversation, renderInbox } from './views/inbox';

const done = (req: Request) => (typeof req.query.done === 'string' ? req.query.done : undefined);
const back = (res: Response, id: string, what: string) => res.redirect(303, `/console/inbox/${encodeURIComponent(id)}?done=${what}`);

export function inboxRoutes({ pool, inbox }: RouteDeps): Router {
  const r = Router();
  const me = (res: Response) => ctx(res).session!.actor;

  r.get('/inbox', async (_req, res) => {
    const c = ctx(res);
    const rows = await listOpenConversationRows(pool);
    const names = await findCustomerRows(pool, [...new Set(rows.map((row) => row.customer_id).filter((id): id is string => !!id))]);
    const conversations = rows.map((row) => ({ ...toConversation(row), customerName: (row.customer_id && names.get(row.customer_id)?.name) || row.customer_id || '—' }));
    const metRate = c.session?.role === 'manager' ? await metRateByWeek(pool, c.zone) : undefined;
    res.type('html').send(renderInbox(c, { conversations, metRate }));
  });

  r.get('/inbox/:id', async (req, res) => {
    const conversation = await inbox.get(parse(idParam, req.params.id));
    const customerId = conversation.customerId;
    const [customers, standing] = customerId ? await Promise.all([findCustomerRows(pool, [customerId]), findStanding(pool, customerId)]) : [undefined, undefined];
    const customer = customerId ? customers?.get(customerId) : undefined;
    const sender = conversation.messages.find((m) => m.direction === 'in')?.author ?? '—';
    res.type('html').send(renderConversation(ctx(res), { conversation, customerName: customer?.name ?? sender, plan: customer?.plan, standing, done: done(req) }));
  });

  r.post('/inbox/:id/reply', async (req, res) => {
    const id = parse(idParam, req.params.id);
    await inbox.reply(id, parse(replyBody, req.body).text, me(res));
    back(res, id, 'replied');
  });

  r.post('/inbox/:id/assign', async (req, res) => {
    const id = parse(idParam, req.params.id);
    await inbox.assign(id, me(res));
    back(res, id, 'assigned');
  });

  r.post('/inbox/:id/close', async (req, res) => {
    const id = parse(idParam, req.params.id);
    await inbox.close(id);
    back(res, id, 'closed');
  });
  return r;
}
