// What every customer page route shares: a strict CSP (nothing but our own style sheet; no scripts at all), the
// style sheet itself, a rate limit, and error pages in the browser's language.
import { type ErrorRequestHandler, Router, type Request, type RequestHandler, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import type { Pool } from 'pg';
import type { Locale } from '../../domain/booking';
import { ApiError, toApiError } from '../errors';
import { PostgresRateLimitStore } from '../rate-limit-store';
import { errorPage } from './layout';
import { PAGES_CSS, PAGES_CSS_PATH } from './styles';

export const pageSecurity: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** Link and feedback pages name a customer's session and carry their token: never kept by a browser or a proxy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
};

/** The customer-link routes' limit per address and minute (LINK_RATE_LIMIT, 60), counted in PostgreSQL across every API
 * instance. A page route (`/b`, `/s`, `/f`) that is refused gets a page; the JSON routes get the error body. */
export const linkLimiter = (pool: Pool, name: string, limit: number): RequestHandler =>
  rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(pool, name),
    handler: (req, res, next) => {
      const err = new ApiError('RATE_LIMITED', 'Too many requests; try again in a minute');
      if (isPageRequest(req)) sendErrorPage(req, res, err);
      else next(err);
    },
  });

/** A request for one of the customer pages (not the JSON API). */
export const isPageRequest = (req: Request): boolean => /^\/(b|s|f)\//.test(req.originalUrl);

export function assetsRouter(): Router {
  const r = Router();
  r.get(PAGES_CSS_PATH, (_req, res) => {
    res.set('cache-control', 'public, max-age=31536000, immutable').type('text/css').send(PAGES_CSS);
  });
  return r;
}

export const browserLocale = (req: Request): Locale => (req.acceptsLanguages('es', 'en') === 'es' ? 'es' : 'en');

/** An error on a page route, as a page (never a JSON body nor a stack trace). */
export function sendErrorPage(req: Request, res: Response, err: unknown): void {
  const e = toApiError(err);
  if (e.status >= 500) res.log?.error({ err }, 'page failed');
  res.status(e.status).type('html').send(errorPage(browserLocale(req), e.code));
}

/** Whatever fails on a page route outside its own handler (the rate limit's store, an unknown page): a page too. */
export const pageErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (isPageRequest(req) && !res.headersSent) sendErrorPage(req, res, err);
  else next(err);
};
