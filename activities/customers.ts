import { cancelUpdate } from '../workflows/booking-messages';
import type { Standing } from '../workflows/customer-messages';
import { bookingWorkflowId } from '../workflows/ids';
import type { Money } from '../policy/types';
import { activityLogger } from '../observability/logger';
import type { ActivityDeps } from './index';

export function createCustomerActivities({ pool, client, logger }: ActivityDeps) {
  return {
    /** Keeps the `customer_standings` read model in step with the workflow. */
    async saveStanding(st: Standing): Promise<void> {
      await pool.query(
        `INSERT INTO customer_standings (customer_id, level, strike_count, standing, updated_at) VALUES ($1,$2,$3,$4,now())
         ON CONFLICT (customer_id) DO UPDATE SET level = $2, strike_count = $3, standing = $4, updated_at = now()`,
        [st.customerId, st.level, st.strikes.length, JSON.stringify(st)],
      );
    },

    /** Hand-off to billing: the fee a customer accepted for a session under penalty; once per booking. */
    async recordCharge({ customerId, bookingId, fee }: { customerId: string; bookingId: string; fee: Money }): Promise<void> {
      await pool.query(
        `INSERT INTO charges (customer_id, booking_id, amount, currency) VALUES ($1,$2,$3,$4)
         ON CONFLICT (booking_id) DO UPDATE SET status = 'due', updated_at = now()`,
        [customerId, bookingId, fee.amount, fee.currency],
      );
      activityLogger(logger).info({ bookingId, fee }, 'charge recorded for billing');
    },

    async voidCharge({ bookingId }: { bookingId: string }): Promise<void> {
      await pool.query(`UPDATE charges SET status = 'void', updated_at = now() WHERE booking_id = $1`, [bookingId]);
    },

    /** Records the termination for billing and cancels every future booking (by support: never a no-show). */
    async terminateSubscription({ customerId, decidedBy, note }: { customerId: string; decidedBy: string; note: string | null }): Promise<void> {
      await pool.query(
        `INSERT INTO subscription_terminations (customer_id, decided_by, note) VALUES ($1,$2,$3) ON CONFLICT (customer_id) DO NOTHING`,
        [customerId, decidedBy, note],
      );
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM bookings WHERE customer_id = $1 AND status = 'scheduled' AND start_at > now()`,
        [customerId],
      );
      activityLogger(logger).info({ decidedBy, futureBookings: rows.length }, 'subscription terminated; cancelling future bookings');
      for (const { id } of rows) {
        await client.workflow
          .getHandle(bookingWorkflowId(id))
          .executeUpdate(cancelUpdate, { args: [{ bySupport: true, reason: 'subscription_terminated' }], updateId: `terminate:${id}` })
          .catch(() => undefined); // already started or finished: nothing left to cancel
      }
    },
  };
}
