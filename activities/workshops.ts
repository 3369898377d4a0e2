// What a workshop workflow does outside itself: its read model (and the webhook events of each change, in the same
// transaction). Short and idempotent; regular activities, so a write happens only once its decision is recorded.
import { projectRegistrationReminders, projectWorkshop } from '../db/workshops';
import type { ReminderView } from '../domain/booking';
import type { WorkshopView } from '../domain/workshop';
import type { Policy } from '../policy/types';
import type { RegistrationProjection } from '../workflows/workshop-state';
import type { ActivityDeps } from './index';

export function createWorkshopActivities({ pool }: ActivityDeps) {
  return {
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
