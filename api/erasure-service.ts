// Erasing a customer on request (CONTRACT §4 "Personal data", POST /v1/customers/:customerId/erase): their live
// bookings are cancelled by support (the cancel Update with bySupport: never counted), then their personal data is
// removed from PostgreSQL (db/erasure.ts). Strikes, statuses and counts stay, by id. Idempotent.
import type { Pool } from 'pg';
import { eraseCustomerData } from '../db/erasure';
import type { BookingService } from './bookings-service';
import { ApiError, toApiError } from './errors';

export function createErasureService({ pool, bookings }: { pool: Pool; bookings: BookingService }) {
  async function erase(customerId: string): Promise<{ customerId: string; erasedAt: string }> {
    const live = (await bookings.listForCustomer(customerId)).filter((b) => b.status === 'scheduled');
    for (const b of live) {
      // One Update id per booking: a repeated erasure (or a retry) is the same cancellation.
      await bookings.cancel(b.id, { bySupport: true }, { updateId: 'erase' }).catch((err) => {
        if (toApiError(err).code !== 'BOOKING_NOT_CHANGEABLE') throw err;
      });
    }
    const erasedAt = await eraseCustomerData(pool, customerId);
    if (!erasedAt) throw new ApiError('NOT_FOUND', `No customer ${customerId}`);
    return { customerId, erasedAt: erasedAt.toISOString() };
  }
  return { erase };
}
