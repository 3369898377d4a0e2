import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import type { Logger } from '../observability/logger';
import { checkHealth } from './health';

export interface AppDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
  logger: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(express.json({ limit: '32kb' }));

  app.get('/health', async (_req, res) => {
    const report = await checkHealth(deps.pool, deps.client);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such resource', details: {} } });
  });
  return app;
}
