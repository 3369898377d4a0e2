import { condition, setHandler } from '@temporalio/workflow';
import { type SeatInput, seatReleasedSignal } from './workshop-messages';

/**
 * One registered seat (`registration:<id>`, started by its workshop's workflow when the seat is taken): the policy's
 * reminders until the workshop starts, exactly as a 1:1 session gets them, on the shared reminder engine. Ends early
 * when the seat is released (cancelled, workshop cancelled). Its own history, so the workshop's stays bounded.
 */
export async function registrationWorkflow(input: SeatInput): Promise<void> {
  let released = false;
  setHandler(seatReleasedSignal, () => {
    released = true;
  });
  // Wired to the reminder engine of workflows/reminders.ts once it lands (core): until then, no reminders are sent.
  await condition(() => released, Math.max(1, Date.parse(input.start) - Date.now()));
}
