import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Settings } from '../config/settings';
import type { Logger } from '../observability/logger';
import { createBookingActivities } from './bookings';
import { createConversationActivities } from './conversations';
import { createCustomerActivities } from './customers';
import { createNotificationActivities } from './notifications';
import { createWorkshopActivities } from './workshops';
import { createWebhookActivities } from './webhooks';

/** What activities reach: PostgreSQL, a Temporal client (hand-offs between workflows), settings, logs. */
export interface ActivityDeps {
  pool: Pool;
  client: Client;
  settings: Settings;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createNotificationActivities(deps),
    ...createBookingActivities(deps),
    ...createCustomerActivities(deps),
    ...createWorkshopActivities(deps),
    ...createWebhookActivities(deps),
    ...createConversationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
