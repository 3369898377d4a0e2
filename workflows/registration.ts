import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReminderView } from '../domain/booking';
import { DateTime } from 'luxon';
import { ACTIVITY_OPTIONS } from './activity-options';
import { requireUsable } from './errors';
import { runSessionReminders } from './reminders';
import { type SeatInput, seatReleasedSignal } from './workshop-messages';

const { projectSeatReminders } = proxyActivities<Activities>(ACTIVITY_OPTIONS);

/**
 * One registered seat (`registration:<id>`, started by its workshop's workflow when the seat is taken, at registration
 * or promotion): the policy's reminders until the workshop starts, exactly as a 1:1 session gets them, on the shared
 * reminder engine (a reminder already past is `skipped`). Ends early when the seat is released (cancelled, workshop
 * cancelled): pending reminders are then `cancelled`. Its own history, so the workshop's stays bounded whatever the
 * number of seats and reminders. The only writer of the registration's `reminders` in the read model.
 */
export async function registrationWorkflow(input: SeatInput): Promise<void> {
  requireUsable(typeof input?.registrationId === 'string' && typeof input.customerId === 'string', 'registration and customer ids');
  requireUsable(Number.isFinite(Date.parse(input.start)) && DateTime.fromMillis(0, { zone: input.timeZone }).isValid && Array.isArray(input.rules), 'start, zone and reminder rules');
  const workflowId = workflowInfo().workflowId;
  let released = false;
  setHandler(seatReleasedSignal, () => {
    released = true;
  });

  // The reminders' statuses reach the read model in order, one write at a time, the latest list each time.
  let latest: ReminderView[] | null = null;
  let revision = 0;
  const writes: Promise<void>[] = [];
  let writing = false;
  const flush = async () => {
    writing = true;
    while (latest) {
      const reminders = latest;
      latest = null;
      await projectSeatReminders({ registrationId: input.registrationId, reminders, revision });
    }
    writing = false;
  };

  await runSessionReminders({
    rules: input.rules,
    start: input.start,
    timeZone: input.timeZone,
    message: (r) => ({
      key: `${workflowId}:reminder:${r.offset}`,
      kind: 'reminder',
      channel: r.channel,
      customerId: input.customerId,
      bookingId: input.registrationId,
      offset: r.offset,
      dueAt: r.dueAt,
      // Sent only while the registration holds its seat and the workshop has not started.
      registration: { id: input.registrationId, whileLive: true },
    }),
    stopped: () => released,
    leadMs: input.reminderLeadMs,
    onChange: (list) => {
      latest = list;
      revision += 1;
      if (!writing) writes.push(flush());
    },
  });
  await Promise.all(writes);
}
