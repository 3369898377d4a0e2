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
import { createInboxService } from './inbox-service';
import { inboundEmailParsers, inboxRouter } from './routes/inbox';
import { createSlotService } from './slots-service';
import { ApiError, errorHandler } from './errors';
import { checkHealth } from './health';
import { httpMetrics, INBOX_FIRST_REPLY_BUCKETS, metricsHandler, registerInboxMetrics } from '../observability/metrics';
import { inboxTotals } from '../db/conversations';
import { openApiDocument } from './openapi';
import { requestLog } from './request-log';
import { bookingsRouter } from './routes/bookings';
import { customersRouter } from './routes/customers';
import { linksRouter } from './routes/links';
import { notificationsRouter } from './routes/notifications';
import { slotsRouter } from './routes/slots';
import { feedbackRouter } from './routes/feedback';
import { createFeedbackService } from './feedback-service';
import { assetsRouter } from './pages/http';

export interface AppDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
  logger: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const bookings = createBookingService(deps);
  const routeDeps = { ...deps, bookings, customers: createCustomerService(deps), slots: createSlotService(deps), inbox: createInboxService(deps) };
  const spec = openApiDocument();
  registerInboxMetrics(() => inboxTotals(deps.pool, INBOX_FIRST_REPLY_BUCKETS));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.settings.trustProxy);
  app.use(requestLog(deps.logger));
  app.use(httpMetrics());
  app.use(helmet());
  app.use('/v1/inbox/mailgun', inboundEmailParsers()); // Mailgun's posts: larger, form-encoded or multipart
  app.use(express.json({ limit: '32kb' }));
  app.use(express.urlencoded({ extended: false, limit: '8kb' }));

  app.get('/health', async (_req, res) => {
    const report = await checkHealth(deps.pool, deps.client);
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
  app.use(inboxRouter(routeDeps));
  app.use(linksRouter(routeDeps));
  app.use('/console', consoleRouter(routeDeps));
  app.use(feedbackRouter({ ...routeDeps, feedback: createFeedbackService({ ...deps, bookings }) }));
  app.use(assetsRouter());

  app.use((_req, _res, next) => next(new ApiError('NOT_FOUND', 'No such resource')));
  app.use(errorHandler());
  return app;
}
