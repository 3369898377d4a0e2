// What a workshop workflow does outside itself: its read model (and the webhook events of each change, in the same
// transaction). Short and idempotent: the workflow runs the projection as a local activity.
import { projectRegistrationReminders, projectWorkshop } from '../db/workshops';
import type { ReminderView } from '../domain/booking';
import type { WorkshopView } from '../domain/workshop';
import type { Policy } from '../policy/types';
import type { RegistrationProjection } from '../workflows/workshop-state';
import { findCustomerRows } from '../db/customers';
import type { NotificationKind, NotificationResult } from '../domain/notification';
import type { ActivityDeps } from './index';
import { createNotificationActivities } from './notifications';

/** A registration's message as the workshop workflow asks for it: ids only. */
export interface WorkshopMessage {
  kind: NotificationKind;
  workshopId: string;
  registrationId: string;
  customerId: string;
  occasion: string;
  facts?: Record<string, boolean>;
}

export function createWorkshopActivities(deps: ActivityDeps) {
  const { pool } = deps;
  const notifications = createNotificationActivities(deps);
  return {
    /** Sends one registration message through the notification log; the customer's details are read here. */
    async sendWorkshopMessage(m: WorkshopMessage): Promise<NotificationResult> {
      const c = (await findCustomerRows(pool, [m.customerId])).get(m.customerId);
      if (!c) return { id: '', status: 'skipped' };
      return notifications.sendNotification({
        key: `workshop:${m.workshopId}:${m.kind}:${m.registrationId}:${m.occasion}`,
        kind: m.kind,
        channel: 'email',
        customerId: m.customerId,
        bookingId: m.registrationId,
        contact: { name: c.name, email: c.email, phone: c.phone, locale: c.locale, timeZone: c.time_zone },
        facts: m.facts,
        registration: { id: m.registrationId, whileLive: m.kind !== 'workshop_cancellation' },
      });
    },

    /** One revision of a workshop and the registrations it changed; `policy` only with the first (the row's insert). */
    async projectWorkshop(p: { workshop: WorkshopView; policy?: Policy; registrations: RegistrationProjection[] }): Promise<void> {
      await projectWorkshop(pool, p.workshop, p.policy, p.registrations);
    },

    /** A seat's reminders as its own workflow keeps them. */
    async projectSeatReminders(p: { registrationId: string; reminders: ReminderView[]; revision: number }): Promise<void> {
      await projectRegistrationReminders(pool, p.registrationId, p.reminders, p.revision);
    },
  };
}
