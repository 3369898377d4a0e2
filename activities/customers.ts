import { recordCharge, voidCharge } from '../db/charges';
import { futureBookingIds } from '../db/bookings';
import { recordTermination } from '../db/conduct';
import { saveStanding, type StandingExtras } from '../db/standings';
import { liveRegistrations } from '../db/workshops';
import type { Standing } from '../domain/customer';
import type { Money } from '../policy/types';
import { cancelUpdate } from '../workflows/booking-messages';
import { bookingWorkflowId, workshopWorkflowId } from '../workflows/ids';
import { cancelRegistrationUpdate } from '../workflows/workshop-messages';
import { activityLogger } from '../observability/logger';
import type { ActivityDeps } from './index';

export function createCustomerActivities({ pool, client, logger }: ActivityDeps) {
  return {
    /** Keeps the `customer_standings` read model in step with the workflow (and settles the fences it now includes). */
    async saveStanding(st: Standing, extras?: StandingExtras): Promise<void> {
      await saveStanding(pool, st, extras);
    },

    /** Hand-off to billing: the fee a customer accepted for a session under penalty; once per booking. */
    async recordCharge(c: { customerId: string; bookingId: string; fee: Money }): Promise<void> {
      await recordCharge(pool, c);
      activityLogger(logger).info({ bookingId: c.bookingId, fee: c.fee }, 'charge recorded for billing');
    },

    async voidCharge({ bookingId }: { bookingId: string }): Promise<void> {
      await voidCharge(pool, bookingId);
    },

    /** Records the termination for billing and cancels every future booking and workshop seat (by support: never a no-show). */
    async terminateSubscription(t: { customerId: string; decidedBy: string; note: string | null }): Promise<void> {
      await recordTermination(pool, t);
      const ids = await futureBookingIds(pool, t.customerId);
      activityLogger(logger).info({ decidedBy: t.decidedBy, futureBookings: ids.length }, 'subscription terminated; cancelling future bookings');
      for (const id of ids) {
        await client.workflow
          .getHandle(bookingWorkflowId(id))
          .executeUpdate(cancelUpdate, { args: [{ bySupport: true, reason: 'subscription_terminated' }], updateId: `terminate:${id}` })
          .catch(() => undefined); // already started or finished: nothing left to cancel
      }
      for (const r of await liveRegistrations(pool, t.customerId)) {
        await client.workflow
          .getHandle(workshopWorkflowId(r.workshop_id))
          .executeUpdate(cancelRegistrationUpdate, { args: [{ registrationId: r.id, bySupport: true }], updateId: `terminate:${r.id}` })
          .catch(() => undefined); // started, cancelled or finished meanwhile
      }
    },
  };
}
