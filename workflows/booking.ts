// Placeholder: the booking workflow issue replaces this file.
import type { BookingInput } from './booking-messages';

export async function bookingWorkflow(_input: BookingInput): Promise<void> {
  return;
}
