// How the API stops (SIGTERM / SIGINT / orphaned): /health answers 503 at once so a load balancer moves away, every
// answer from then on says `Connection: close` (kept-alive clients must reconnect elsewhere), idle sockets close at
// once, and whatever still runs after a short grace is cut.
import type { RequestHandler } from 'express';
import type { Server } from 'node:http';

export interface Lifecycle {
  draining: boolean;
}

/** While draining, every answer closes its connection. */
export const closeWhileDraining = (lifecycle: Lifecycle): RequestHandler => (_req, res, next) => {
  if (lifecycle.draining) res.set('connection', 'close');
  next();
};

/** Stops taking requests on every connection and resolves once the server is closed (at most `graceMs` later). */
export function drain(server: Server, lifecycle: Lifecycle, graceMs: number): Promise<void> {
  lifecycle.draining = true;
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
    // A kept-alive socket that turns idle after its last answer is closed by that answer's `Connection: close`;
    // one that was between requests is closed here, again, in case a request had just ended on it.
    const idle = setInterval(() => server.closeIdleConnections(), 200);
    idle.unref();
    server.once('close', () => clearInterval(idle));
  });
}
