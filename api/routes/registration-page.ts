// `/b/:token` for a workshop registration's link (scope `registration`): shows the registration, POST cancels it.
// Any other token passes on to the booking links' routes. GET never changes anything.
import { type NextFunction, type Request, type Response, Router } from 'express';
import { findWorkshopRow } from '../../db/workshops';
import { LinkError, verifyLinkToken } from '../../links/tokens';
import { workshopPolicy } from '../../policy/default-policy';
import { isLateChange } from '../../policy/notice';
import { ApiError, toApiError } from '../errors';
import { linkLimiter, pageSecurity, sendErrorPage } from '../pages/http';
import { renderRegistrationPage } from '../pages/registration-page';
import { logIds } from '../request-log';
import type { RouteDeps } from './deps';

export function registrationPageRouter({ pool, settings, workshops }: RouteDeps): Router {
  const r = Router();
  const limiter = linkLimiter(pool, 'links', settings.linkRateLimit);

  /** Registration tokens only (signature and expiry checked); any other token goes on to the booking links. */
  const onlyRegistrations = async (req: Request, res: Response, next: NextFunction) => {
    const claims = await verifyLinkToken(String(req.params.token), settings.linkSecret).catch((err: unknown) => {
      if (err instanceof LinkError) return undefined;
      throw err;
    });
    if (claims?.scope !== 'registration') return next('route');
    res.locals.registrationId = claims.bookingId;
    res.set('cache-control', 'no-store');
    limiter(req, res, (err?: unknown) => (err ? next(err) : pageSecurity(req, res, next)));
  };

  async function show(req: Request, res: Response, extra: { done?: boolean; error?: boolean; status?: number } = {}) {
    const registration = await workshops.getRegistration(String(res.locals.registrationId));
    const row = await findWorkshopRow(pool, registration.workshopId);
    if (!row) throw new ApiError('LINK_INVALID', 'No such workshop');
    const workshop = await workshops.get(row.id);
    logIds(res, { customerId: registration.customerId });
    const lateCounts =
      registration.status === 'registered' && workshopPolicy(row.policy).countsAsStrike && isLateChange(Date.now(), workshop.start, row.policy, registration.timeZone);
    const page = renderRegistrationPage({ registration, workshop, lateCounts, cancelAction: `/b/${String(req.params.token)}/cancel`, done: extra.done ?? req.query.done === 'cancelled', error: extra.error });
    res.status(extra.status ?? 200).type('html').send(page);
  }

  r.get('/b/:token', onlyRegistrations, async (req, res) => {
    await show(req, res).catch((err) => sendErrorPage(req, res, err));
  });

  r.post('/b/:token/cancel', onlyRegistrations, async (req, res) => {
    try {
      await workshops.cancelRegistration(String(res.locals.registrationId), {});
      res.redirect(303, `/b/${String(req.params.token)}?done=cancelled`);
    } catch (err) {
      const e = toApiError(err);
      if (e.status >= 500 || e.code === 'NOT_FOUND') return sendErrorPage(req, res, err);
      await show(req, res, { error: true, status: e.status }).catch((pageErr) => sendErrorPage(req, res, pageErr));
    }
  });
  return r;
}
