import { Router, type Request } from 'express';
import rateLimit from 'express-rate-limit';
import { bookingLinks, LinkError, type LinkClaims, verifyLinkToken } from '../../links/tokens';
import { ApiError } from '../errors';
import { PostgresRateLimitStore } from '../rate-limit-store';
import { logIds } from '../request-log';
import { linkCancelBody, parse, rescheduleBody } from '../schemas';
import { findShortLink } from '../../db/short-links';
import type { BookingView } from '../../domain/booking';
import type { RouteDeps } from './deps';
import { renderLinkPage } from '../link-page';

/** Customer links: a signed token instead of a key. GET shows; only POST acts (mail scanners prefetch links). */
export function linksRouter({ pool, settings, bookings }: RouteDeps): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 60,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(pool, 'links'), // one count across every API instance
    handler: (_req, _res, next) => next(new ApiError('RATE_LIMITED', 'Too many requests; try again in a minute')),
  });
  r.use(['/v1/links', '/b', '/s'], limiter);

  const token = (req: Request) => String(req.params.token);

  /** The token's booking, if the token is genuine, unexpired and of the booking's current version. */
  async function resolve(req: Request, scope?: LinkClaims['scope']): Promise<{ claims: LinkClaims; booking: BookingView }> {
    let claims: LinkClaims;
    try {
      claims = await verifyLinkToken(token(req), settings.linkSecret);
    } catch (err) {
      if (err instanceof LinkError) throw new ApiError(err.code, err.message);
      throw err;
    }
    const booking = await bookings.get(claims.bookingId).catch(() => undefined);
    if (!booking || booking.version !== claims.version) throw new ApiError('LINK_INVALID', 'This link is no longer valid: the booking has changed');
    if (scope && claims.scope !== scope) throw new ApiError('LINK_INVALID', `This link cannot ${scope} the booking`);
    logIds(req.res!, { bookingId: booking.id, customerId: booking.customerId });
    return { claims, booking };
  }

  // Short links from SMS lead to the same page.
  r.get('/s/:code', async (req, res) => {
    const target = await findShortLink(pool, String(req.params.code));
    if (!target) {
      res.status(410).type('html').send(renderLinkPage({ error: 'This link has expired' }));
      return;
    }
    res.redirect(302, target);
  });

  r.get('/v1/links/:token', async (req, res) => {
    const { claims, booking } = await resolve(req);
    const [changeTerms, freeSlots] = await Promise.all([bookings.changeTerms(booking.id), bookings.freeSlotsFor(booking)]);
    res.json({ scope: claims.scope, booking, changeTerms, freeSlots });
  });
  r.post('/v1/links/:token/reschedule', async (req, res) => {
    const { booking } = await resolve(req, 'change');
    res.json(await bookings.reschedule(booking.id, parse(rescheduleBody, req.body), { requestedBy: 'customer' }));
  });
  r.post('/v1/links/:token/cancel', async (req, res) => {
    parse(linkCancelBody, req.body);
    const { booking } = await resolve(req, 'cancel');
    res.json(await bookings.cancel(booking.id, {}));
  });

  // The page behind Change and Cancel: server-rendered, in the customer's language; forms POST, then redirect.
  const page = async (req: Request, notice?: string) => {
    const { booking } = await resolve(req);
    const links = await bookingLinks(booking, settings.linkSecret, settings.publicBaseUrl);
    const [terms, slots] = await Promise.all([bookings.changeTerms(booking.id), bookings.freeSlotsFor(booking)]);
    return renderLinkPage({ booking, terms, slots, links, notice });
  };
  r.get('/b/:token', async (req, res) => {
    try {
      res.type('html').send(await page(req, typeof req.query.done === 'string' ? req.query.done : undefined));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('LINK_INVALID', 'This link is not valid');
      res.status(e.status).type('html').send(renderLinkPage({ error: e.message }));
    }
  });
  r.post('/b/:token/reschedule', async (req, res) => {
    const { booking } = await resolve(req, 'change');
    const result = await bookings.reschedule(booking.id, { slotId: String(req.body?.slotId ?? '') }, { requestedBy: 'customer' });
    const links = await bookingLinks(result.booking, settings.linkSecret, settings.publicBaseUrl);
    res.redirect(303, `${links.change}?done=moved`);
  });
  r.post('/b/:token/cancel', async (req, res) => {
    const { booking } = await resolve(req, 'cancel');
    await bookings.cancel(booking.id, {});
    res.redirect(303, `/b/${token(req)}?done=cancelled`);
  });
  return r;
}
