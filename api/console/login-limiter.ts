// The sign-in limiter, made in one place so its store can be swapped (e.g. for PostgreSQL) without touching the routes.
import type { RequestHandler } from 'express';
import rateLimit, { type Store } from 'express-rate-limit';

export const LOGIN_ATTEMPTS = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/** Five failed sign-ins from one address in 15 minutes, then `onLimited` answers until the window passes. */
export function createLoginLimiter(onLimited: RequestHandler, store?: Store): RequestHandler {
  return rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_ATTEMPTS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: onLimited,
    ...(store ? { store } : {}),
  });
}
