// /console: the agents' and managers' console. Server-rendered pages over the same services as the HTTP API.
import { type NextFunction, type Request, type Response, Router, type ErrorRequestHandler } from 'express';
import { ApiError, toApiError } from '../errors';
import type { RouteDeps } from '../routes/deps';
import { agentRoutes, ctx } from './agent-routes';
import { inboxRoutes } from './inbox-routes';
import { localeOf, TEXTS } from './i18n';
import { CSS, type PageContext } from './layout';
import { PostgresRateLimitStore } from '../rate-limit-store';
import { createLoginLimiter } from './login-limiter';
import { managerRoutes } from './manager-routes';
import { workshopRoutes } from './workshop-routes';
import { webhookRoutes } from './webhook-routes';
import { createConsoleAuth, parseCookies } from './session';
import { renderError, renderLogin } from './views/login';

/** Form fields as the API's schemas expect them: no CSRF token, no empty optional fields. */
const formFields = (body: unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([k, v]) => k !== '_csrf' && v !== ''));

export function consoleRouter(deps: RouteDeps): Router {
  const r = Router();
  const auth = createConsoleAuth(deps);
  const sendError = (res: Response, err: ApiError) => res.status(err.status).type('html').send(renderError(ctx(res), err));

  r.get('/assets/console.css', (_req, res) => {
    res.type('css').set('cache-control', 'public, max-age=3600').send(CSS);
  });

  // Every page: its language, its session (if any), its CSRF token; every POST: a valid CSRF token or nothing happens.
  r.use(async (req: Request, res: Response, next: NextFunction) => {
    const cookies = parseCookies(req.headers.cookie);
    const locale = localeOf(req, res, cookies);
    const c: PageContext = {
      t: TEXTS[locale],
      locale,
      session: await auth.current(cookies),
      csrf: '',
      path: req.method === 'GET' ? req.baseUrl + req.path : '/console',
      zone: deps.settings.policy.defaultTimeZone,
    };
    res.locals.console = c;
    res.set('cache-control', 'no-store');
    if (req.method === 'POST') {
      if (!(await auth.csrfValid(req.body?._csrf, cookies, c.session))) {
        res.status(403).type('html').send(renderError(c, { code: 'CSRF', message: 'Missing or invalid CSRF token' }));
        return;
      }
      req.body = formFields(req.body);
    }
    c.csrf = await auth.csrfToken(req, res, cookies, c.session);
    next();
  });

  r.get('/login', (_req, res) => {
    const c = ctx(res);
    if (c.session) return res.redirect(303, '/console');
    res.type('html').send(renderLogin(c));
  });
  const limited = (_req: Request, res: Response) => sendError(res, new ApiError('RATE_LIMITED', ctx(res).t.tooMany));
  r.post('/login', createLoginLimiter(limited, new PostgresRateLimitStore(deps.pool, 'console-login')), async (req, res) => {
    const c = ctx(res);
    const session = await auth.signIn(req, res, typeof req.body.key === 'string' ? req.body.key : '');
    if (!session) {
      res.status(401).type('html').send(renderLogin(c, c.t.wrongKey));
      return;
    }
    res.redirect(303, '/console');
  });
  r.post('/logout', async (req, res) => {
    await auth.signOut(req, res, ctx(res).session);
    res.redirect(303, '/console/login');
  });

  // Everything else needs a session; manager pages need the manager role.
  r.use((req, res, next) => {
    if (ctx(res).session) return next();
    if (req.method === 'GET') return res.redirect(303, '/console/login');
    sendError(res, new ApiError('UNAUTHENTICATED', 'Sign in first'));
  });
  const managersOnly = (_req: Request, res: Response, next: NextFunction) =>
    ctx(res).session!.role === 'manager' ? next() : sendError(res, new ApiError('FORBIDDEN', 'This needs the manager role'));
  r.use(['/reports', '/availability', '/webhooks', '/customers/:id/restriction', '/customers/:id/penalty', '/customers/:id/erase'], managersOnly);
  r.use(inboxRoutes(deps));
  r.use(agentRoutes(deps));
  r.use(managerRoutes(deps));
  r.use(workshopRoutes(deps));
  r.use(webhookRoutes(deps));

  r.use((_req, _res, next) => next(new ApiError('NOT_FOUND', 'No such page')));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = toApiError(err);
    if (e.status >= 500) res.log.error({ err }, 'console request failed');
    if (!res.locals.console) return res.status(e.status).json(e.body());
    sendError(res, e);
  };
  r.use(onError);
  return r;
}
