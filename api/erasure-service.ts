// Erasing a customer on request (CONTRACT §4 "Personal data", POST /v1/customers/:customerId/erase): their live
// bookings and workshop registrations are cancelled by support (the cancel Updates with bySupport: never counted), then their personal data is
// removed from PostgreSQL (db/erasure.ts). Strikes, statuses and counts stay, by id. Idempotent.
import type { Pool } from 'pg';
import { scheduledBookingIds } from '../db/bookings';
import { eraseCustomerData } from '../db/erasure';
import type { BookingService } from './bookings-service';
import type { WorkshopService } from './workshops-service';
import { ApiError, toApiError } from './errors';

export function createErasureService({ pool, bookings, workshops }: { pool: Pool; bookings: BookingService; workshops: WorkshopService }) {
  async function erase(customerId: string): Promise<{ customerId: string; erasedAt: string }> {
    for (const id of await scheduledBookingIds(pool, customerId)) {
      // One Update id per booking: a repeated erasure (or a retry) is the same cancellation.
      await bookings.cancel(id, { bySupport: true }, { updateId: 'erase' }).catch((err) => {
        if (toApiError(err).code !== 'BOOKING_NOT_CHANGEABLE') throw err;
      });
    }
    await workshops.cancelRegistrationsOf(customerId);
    const erasedAt = await eraseCustomerData(pool, customerId);
    if (!erasedAt) throw new ApiError('NOT_FOUND', `No customer ${customerId}`);
    return { customerId, erasedAt: erasedAt.toISOString() };
  }
  return { erase };
}

export type ErasureService = ReturnType<typeof createErasureService>;
