// What agents (and managers) do in the console: sessions, a session, attendance, customers, conduct reports.
import { type Request, type Response, Router } from 'express';
import { DateTime } from 'luxon';
import { listAwaitingAttendanceRows, listBookingRowsBetween, toBooking } from '../../db/bookings';
import { listConductReports } from '../../db/conduct';
import { findCustomerRows } from '../../db/customers';
import { listNotifications } from '../../db/notifications';
import { redactNotification } from '../../links/redact';
import { listAgentIds } from '../../db/slots';
import { findStandingSummaries } from '../../db/standings';
import { bookingWorkflowId } from '../../workflows/ids';
import { ApiError } from '../errors';
import { attendanceBody, idParam, parse } from '../schemas';
import type { RouteDeps } from '../routes/deps';
import { bookingHistory } from './history';
import type { PageContext } from './layout';
import { renderCustomer } from './views/customer';
import { renderSession } from './views/session';
import { renderSessions, type SessionRow } from './views/sessions';

export const ctx = (res: Response): PageContext => res.locals.console as PageContext;
const actor = (res: Response) => ctx(res).session!.actor;
const done = (req: Request) => (typeof req.query.done === 'string' ? req.query.done : undefined);

export function agentRoutes({ pool, client, settings, bookings, customers }: RouteDeps): Router {
  const r = Router();

  async function withCustomers(rows: Awaited<ReturnType<typeof listBookingRowsBetween>>): Promise<SessionRow[]> {
    const ids = [...new Set(rows.map((b) => b.customer_id))];
    const [names, standings] = await Promise.all([findCustomerRows(pool, ids), findStandingSummaries(pool, ids)]);
    return rows.map((b) => ({ booking: toBooking(b), customerName: names.get(b.customer_id)?.name ?? b.customer_id, standing: standings.get(b.customer_id) }));
  }

  r.get('/', async (req, res) => {
    const c = ctx(res);
    const agentId = typeof req.query.agent === 'string' && req.query.agent ? parse(idParam, req.query.agent) : undefined;
    const today = DateTime.now().setZone(c.zone).startOf('day');
    const [awaiting, todays, upcoming, agents] = await Promise.all([
      listAwaitingAttendanceRows(pool, { before: today.toJSDate(), agentId }),
      listBookingRowsBetween(pool, { from: today.toJSDate(), to: today.plus({ days: 1 }).toJSDate(), agentId }),
      listBookingRowsBetween(pool, { from: today.plus({ days: 1 }).toJSDate(), to: today.plus({ days: 15 }).toJSDate(), agentId }),
      listAgentIds(pool),
    ]);
    res.type('html').send(renderSessions(c, { agents, agentId, awaiting: await withCustomers(awaiting), today: await withCustomers(todays), upcoming: await withCustomers(upcoming) }));
  });

  r.get('/sessions/:id', async (req, res) => {
    const booking = await bookings.get(parse(idParam, req.params.id));
    const [names, notifications, history] = await Promise.all([
      findCustomerRows(pool, [booking.customerId]),
      listNotifications(pool, { bookingId: booking.id }),
      bookingHistory(client, booking.id).catch(() => []),
    ]);
    const workflowUrl = `${settings.temporalUiUrl}/namespaces/${encodeURIComponent(settings.temporalNamespace)}/workflows/${bookingWorkflowId(booking.id)}`;
    const customerName = names.get(booking.customerId)?.name ?? booking.customerId;
    // The log without usable links: an agent never acts as the customer.
    res.type('html').send(renderSession(ctx(res), { booking, customerName, notifications: notifications.map(redactNotification), history, workflowUrl, done: done(req) }));
  });

  r.post('/sessions/:id/attendance', async (req, res) => {
    const id = parse(idParam, req.params.id);
    await bookings.recordAttendance(id, parse(attendanceBody, req.body), { recordedBy: actor(res) });
    res.redirect(303, `/console/sessions/${encodeURIComponent(id)}?done=recorded`);
  });

  r.get('/customers', (req, res) => {
    res.redirect(303, `/console/customers/${encodeURIComponent(parse(idParam, String(req.query.id ?? '').trim()))}`);
  });

  r.get('/customers/:id', async (req, res) => {
    const id = await customers.mustExist(req.params.id);
    const [rows, standing, list, reports] = await Promise.all([
      findCustomerRows(pool, [id]),
      bookings.standing(id),
      bookings.listForCustomer(id),
      listConductReports(pool, { customerId: id }),
    ]);
    const customer = rows.get(id);
    if (!customer) throw new ApiError('NOT_FOUND', `No customer ${id}`);
    res.type('html').send(renderCustomer(ctx(res), { customer, standing, bookings: list.reverse(), reports, done: done(req) }));
  });

  r.post('/customers/:id/conduct-reports', async (req, res) => {
    await customers.reportConduct(req.params.id, req.body, actor(res));
    const bookingId: unknown = req.body?.bookingId;
    const back = bookingId ? `/console/sessions/${encodeURIComponent(String(bookingId))}` : `/console/customers/${encodeURIComponent(req.params.id)}`;
    res.redirect(303, `${back}?done=reported`);
  });
  return r;
}
