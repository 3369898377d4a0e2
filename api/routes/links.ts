import { Router, type Request, type Response } from 'express';
import { findCustomerContact } from '../../db/customers';
import { findShortLink } from '../../db/short-links';
import { findSlotRow, toSlot } from '../../db/slots';
import type { BookingView } from '../../domain/booking';
import { bookingLinks, type LinkScope } from '../../links/tokens';
import { bookingInvite } from '../../notify/booking-invite';
import { INVITE_FILENAME, inviteContentType } from '../../notify/invite';
import { ApiError, toApiError } from '../errors';
import { resolveLink } from '../link-resolve';
import { renderBookingPage, renderPenaltyChoice, type PageActions } from '../pages/booking-page';
import { browserLocale, linkLimiter, noStore, pageSecurity, sendErrorPage } from '../pages/http';
import { errorPage } from '../pages/layout';
import { weekFrom } from '../pages/slot-week';
import { logIds } from '../request-log';
import { linkCancelBody, parse, rescheduleBody } from '../schemas';
import type { RouteDeps } from './deps';

/** Customer links: a signed token instead of a key. GET shows; only POST acts (mail scanners prefetch links). */
export function linksRouter({ pool, settings, bookings }: RouteDeps): Router {
  const r = Router();
  r.use(['/v1/links', '/b', '/s'], linkLimiter(pool, 'links', settings.linkRateLimit));
  r.use(['/b', '/s'], pageSecurity, noStore);
  r.use('/v1/links', noStore);

  const token = (req: Request) => String(req.params.token);
  const path = (url: string) => new URL(url).pathname;

  /** The token's booking, if the token is genuine, unexpired, of its booking's current version and allowed here. */
  async function resolve(req: Request, scopes: readonly LinkScope[] = ['change', 'cancel']) {
    const resolved = await resolveLink(token(req), scopes, { secret: settings.linkSecret, bookings });
    logIds(req.res!, { bookingId: resolved.booking.id, customerId: resolved.booking.customerId });
    return resolved;
  }

  // Short links from SMS lead to the same page.
  r.get('/s/:code', async (req, res) => {
    const target = await findShortLink(pool, String(req.params.code));
    if (!target) {
      res.status(410).type('html').send(errorPage(browserLocale(req), 'LINK_EXPIRED'));
      return;
    }
    res.redirect(302, target);
  });

  r.get('/v1/links/:token', async (req, res) => {
    const { claims, booking } = await resolve(req);
    // Free slots are for moving: a cancel link is shown none.
    const [changeTerms, freeSlots] = await Promise.all([bookings.changeTerms(booking.id), claims.scope === 'change' ? bookings.freeSlotsFor(booking) : []]);
    res.json({ scope: claims.scope, booking, changeTerms, freeSlots });
  });
  r.post('/v1/links/:token/reschedule', async (req, res) => {
    const { booking } = await resolve(req, ['change']);
    res.json(await bookings.reschedule(booking.id, parse(rescheduleBody, req.body), { requestedBy: 'customer' }));
  });
  r.post('/v1/links/:token/cancel', async (req, res) => {
    parse(linkCancelBody, req.body);
    const { booking } = await resolve(req, ['cancel']);
    res.json(await bookings.cancel(booking.id, {}));
  });

  // The page behind Change and Cancel: server-rendered, in the customer's language; forms POST, then redirect.
  // A page offers only its own token's scope and posts to its own token: it never mints a token of another scope.
  const actionsFor = (scope: LinkScope, own: string): PageActions => ({
    self: `/b/${own}`,
    reschedule: scope === 'change' ? `/b/${own}/reschedule` : undefined,
    cancel: scope === 'cancel' ? `/b/${own}/cancel` : undefined,
    calendar: `/b/${own}/invite.ics`,
  });
  async function page(req: Request, res: Response, extra: { done?: 'moved' | 'cancelled'; error?: string; status?: number } = {}) {
    const { booking, claims } = await resolve(req);
    const week = weekFrom(typeof req.query.week === 'string' ? req.query.week : undefined, booking.timeZone);
    const open = booking.status === 'scheduled' && claims.scope === 'change';
    const actions = actionsFor(claims.scope, token(req));
    const [outlook, slots] = await Promise.all([
      bookings.changeOutlook(booking.id),
      open ? bookings.freeSlotsFor(booking, { from: week.from, to: week.to, limit: 300 }) : [],
    ]);
    const done = extra.done ?? (req.query.done === 'moved' || req.query.done === 'cancelled' ? req.query.done : undefined);
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(renderBookingPage({ booking, outlook, week, slots, actions, done, late: req.query.late === '1', error: extra.error }));
  }

  r.get('/b/:token', async (req, res) => {
    try {
      await page(req, res);
    } catch (err) {
      sendErrorPage(req, res, err);
    }
  });

  r.post('/b/:token/reschedule', async (req, res) => {
    let booking: BookingView;
    try {
      ({ booking } = await resolve(req, ['change']));
    } catch (err) {
      return sendErrorPage(req, res, err);
    }
    const slotId = String(req.body?.slotId ?? '');
    const acceptFee = req.body?.acceptFee === 'true';
    try {
      if (!slotId) throw new ApiError('VALIDATION_FAILED', 'Pick a time', { fields: [{ path: 'slotId', message: 'required' }] });
      const result = await bookings.reschedule(booking.id, { slotId, acceptFee }, { requestedBy: 'customer' });
      const links = await bookingLinks(result.booking, settings.linkSecret, settings.publicBaseUrl);
      res.redirect(303, `${path(links.change)}?done=moved${result.late ? '&late=1' : ''}`);
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 'PENALTY_APPLIES') {
        // Not an error to the customer: a choice between the fee and a later time.
        const penalty = e.details as { fee: { amount: number; currency: string }; earliestFreeStart: string };
        const actions = actionsFor('change', token(req));
        const [chosen, later] = await Promise.all([findSlotRow(pool, slotId), bookings.freeSlotsFor(booking, { from: penalty.earliestFreeStart, limit: 8 })]);
        if (chosen) {
          res.status(409).type('html').send(renderPenaltyChoice({ booking, chosen: toSlot(chosen), penalty, later, actions }));
          return;
        }
      }
      if (e.status >= 500) return sendErrorPage(req, res, err);
      await page(req, res, { error: e.code, status: e.status }).catch((pageErr) => sendErrorPage(req, res, pageErr));
    }
  });

  r.post('/b/:token/cancel', async (req, res) => {
    try {
      const { booking } = await resolve(req, ['cancel']);
      await bookings.cancel(booking.id, {});
      res.redirect(303, `/b/${token(req)}?done=cancelled`);
    } catch (err) {
      const e = toApiError(err);
      if (e.code.startsWith('LINK_') || e.status >= 500) return sendErrorPage(req, res, err);
      await page(req, res, { error: e.code, status: e.status }).catch((pageErr) => sendErrorPage(req, res, pageErr));
    }
  });

  // "Add to calendar": the booking's invite as it stands (a cancelled one removes the event), signed by the link.
  r.get('/b/:token/invite.ics', async (req, res) => {
    try {
      const { booking } = await resolve(req);
      const contact = await findCustomerContact(pool, booking.customerId);
      if (!contact) throw new ApiError('NOT_FOUND', 'No such customer');
      const live = booking.status === 'scheduled' || booking.status === 'in_progress';
      // No links in a downloaded invite: a page never mints a token (the messages carry them).
      const method = live ? 'REQUEST' : 'CANCEL';
      res
        .type(inviteContentType(method))
        .set('content-disposition', `attachment; filename="${INVITE_FILENAME}"`)
        .send(bookingInvite(method, booking, contact, settings));
    } catch (err) {
      sendErrorPage(req, res, err);
    }
  });
  return r;
}
