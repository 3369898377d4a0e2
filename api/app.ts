import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Pool } from 'pg';
import swaggerUi from 'swagger-ui-express';
import type { Settings } from '../config/settings';
import type { Logger } from '../observability/logger';
import { createBookingService } from './bookings-service';
import { consoleRouter } from './console/router';
import { createCustomerService } from './customers-service';
import { createErasureService } from './erasure-service';
import { createInboxService } from './inbox-service';
import { inboundEmailParsers, inboxRouter } from './routes/inbox';
import { createSlotService } from './slots-service';
import { ApiError, errorHandler } from './errors';
import { checkHealth } from './health';
import { closeWhileDraining, type Lifecycle } from './lifecycle';
import { httpMetrics, INBOX_FIRST_REPLY_BUCKETS, metricsHandler, registerInboxMetrics } from '../observability/metrics';
import { inboxTotals } from '../db/conversations';
import { openApiDocument } from './openapi';
import { requestLog } from './request-log';
import { bookingsRouter } from './routes/bookings';
import { codecRouter } from './routes/codec';
import { customersRouter } from './routes/customers';
import { linksRouter } from './routes/links';
import { notificationsRouter } from './routes/notifications';
import { slotsRouter } from './routes/slots';
import { feedbackRouter } from './routes/feedback';
import { createFeedbackService } from './feedback-service';
import { assetsRouter, pageErrorHandler } from './pages/http';
import { registrationPageRouter } from './routes/registration-page';
import { workshopsRouter } from './routes/workshops';
import { createWorkshopService } from './workshops-service';
import { webhooksRouter } from './routes/webhooks';
import { createWebhookService } from './webhooks-service';

export interface AppDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
  logger: Logger;
  /** Set while the API stops: /health answers 503 and every answer closes its connection. */
  lifecycle?: Lifecycle;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const bookings = createBookingService(deps);
  const workshops = createWorkshopService(deps);
  const routeDeps = {
    ...deps,
    bookings,
    customers: createCustomerService(deps),
    slots: createSlotService(deps),
    workshops,
    webhooks: createWebhookService(deps),
    inbox: createInboxService(deps),
    erasure: createErasureService({ pool: deps.pool, bookings, workshops }),
  };
  const spec = openApiDocument(Object.keys(deps.settings.policy.plans));
  registerInboxMetrics(() => inboxTotals(deps.pool, INBOX_FIRST_REPLY_BUCKETS));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.settings.trustProxy);
  const lifecycle = deps.lifecycle ?? { draining: false };
  app.use(closeWhileDraining(lifecycle));
  app.use(requestLog(deps.logger));
  app.use(httpMetrics());
  app.use(helmet());
  app.use('/v1/inbox/mailgun', inboundEmailParsers()); // Mailgun's posts: larger, form-encoded or multipart
  // Before the API's body limit: a history's payloads are larger than any API body.
  app.use('/codec', codecRouter(routeDeps));
  // The largest body the schemas allow (500 slots; 5,000 characters written as JSON escapes) fits.
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '8kb' }));

  app.get('/health', async (_req, res) => {
    const report = await checkHealth(deps.pool, deps.client);
    if (lifecycle.draining) report.status = 'draining';
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  app.get('/metrics', metricsHandler);
  app.get('/openapi.json', (_req, res) => {
    res.json(spec);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(spec));
  app.use(customersRouter(routeDeps));
  app.use(slotsRouter(routeDeps));
  app.use(bookingsRouter(routeDeps));
  app.use(notificationsRouter(routeDeps));
  app.use(workshopsRouter(routeDeps));
  app.use(registrationPageRouter(routeDeps)); // before the booking links: it takes only registration tokens
  app.use(webhooksRouter(routeDeps));
  app.use(inboxRouter(routeDeps));
  app.use(linksRouter(routeDeps));
  app.use('/console', consoleRouter(routeDeps));
  app.use(feedbackRouter({ ...routeDeps, feedback: createFeedbackService({ ...deps, bookings }) }));
  app.use(assetsRouter());

  app.use((_req, _res, next) => next(new ApiError('NOT_FOUND', 'No such resource')));
  app.use(pageErrorHandler);
  app.use(errorHandler());
  return app;
}
