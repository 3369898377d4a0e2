import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import { redactLinkTokens } from '../links/redact';
import type { Logger } from '../observability/logger';

/** A caller's own request id is kept if it looks like one; otherwise we make one. Either way it is echoed back. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Ids named by the path; a route that learns more (a new booking, a link's booking) adds them with `logIds`. */
const PATH_IDS: [RegExp, 'bookingId' | 'customerId'][] = [
  [/^\/v1\/bookings\/([^/?]+)/, 'bookingId'],
  [/^\/v1\/customers\/([^/?]+)/, 'customerId'],
  [/^\/console\/sessions\/([^/?]+)/, 'bookingId'],
  [/^\/console\/customers\/([^/?]+)/, 'customerId'],
];

export function logIds(res: Response, ids: { bookingId?: string; customerId?: string; conversationId?: string }) {
  res.locals.logIds = { ...res.locals.logIds, ...ids };
}

function pathIds(path: string) {
  const found: Record<string, string> = {};
  for (const [pattern, name] of PATH_IDS) {
    const m = pattern.exec(path);
    if (m) found[name] = m[1];
  }
  return found;
}

/**
 * One JSON line per request: method, route path, status, duration, request id, and the booking and customer ids
 * where known. Link tokens (every kind: /b, /s, /f, /v1/links, /v1/feedback) are credentials and query strings may
 * hold personal data: neither is logged.
 */
export function requestLog(logger: Logger) {
  return pinoHttp<Request, Response>({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // The request id at the top of every line; `res.log` (used by the error handler) carries the path's ids too.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    // Asked at the start (the path's ids, on `req.log` too) and again at the end (what the route learnt).
    customProps: (req, res) => (res.headersSent ? (res.locals?.logIds ?? {}) : pathIds(req.originalUrl)),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: redactLinkTokens(req.url.split('?')[0]) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
