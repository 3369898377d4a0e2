// The reminder engine: the reminders of one session, sent beside the workflow's timers, each with the session's start
// as its deadline. The booking workflow runs it inside its own loop (reschedules replace the schedule); any other
// workflow with a session (a workshop seat) can run a session's reminders in one call:
//
//   import { runSessionReminders } from './reminders';
//   const reminders = await runSessionReminders({
//     rules: policy.reminders, start, timeZone,                  // the session and the policy's reminder rules
//     message: (r) => ({ key: `${workflowId}:reminder:${r.offset}:seat-${n}`, kind: 'reminder', channel: r.channel,
//                        customerId, offset: r.offset, dueAt: r.dueAt }),   // ids only: the render reads the rest
//     stopped: () => seat.cancelled,                              // optional: a cancelled seat sends nothing more
//     onChange: (list) => { seat.reminders = list; },             // optional: every status change, for a read model
//   });
//
// It waits for each reminder's instant with an absolute timer (a reminder already past when it starts is `skipped`),
// or for `leadMs` before it (REMINDER_LEAD: the send then waits on the worker for the exact instant, so a burst of
// timers due together is absorbed ahead of time; the guard, checked at the instant, lets a cancel in the lead win),
// starts its send without waiting for it, and resolves at the session's start (or once `stopped()`), after every
// send it started has ended: then each reminder is `sent`, `failed`, `skipped` or `cancelled`. `stopped()` is checked
// whenever the workflow's state changes, so a cancel wakes it at once.
//
// Lower level (the booking workflow): `new ReminderEngine(host, outbox)` over the host's reminder list; `next(startMs)`
// says what to wait for, `fire(reminder, startMs)` sends one, `skipPending(status)` closes those not yet sent.
import { condition } from '@temporalio/workflow';
import type { ReminderView } from '../domain/booking';
import type { NotificationRequest, NotificationResult } from '../domain/notification';
import { scheduleReminders } from '../policy/reminders';
import type { ReminderRule } from '../policy/types';
import { Outbox, sendMessage } from './messages';

/** What the engine asks of the workflow that owns the reminders. */
export interface ReminderHost {
  /** The reminders as they stand now (the host may replace the list, e.g. on a reschedule). */
  reminders(): ReminderView[];
  /** The message of a reminder about to go out, or null when it should not go (the state moved on). */
  prepare(reminder: ReminderView, index: number): Promise<NotificationRequest | null> | NotificationRequest | null;
  /** The reminder's send has ended; the host records `result.status` if the reminder still stands. */
  settle(reminder: ReminderView, result: NotificationResult, prepared: NotificationRequest): Promise<void> | void;
}

export class ReminderEngine {
  private readonly inFlight = new Set<ReminderView>();

  constructor(
    private readonly host: ReminderHost,
    private readonly outbox: Pick<Outbox<unknown>, 'beside' | 'track'>,
    private readonly leadMs = 0,
  ) {}

  /** The next instant to wait for before `startMs` (the next pending reminder, else the start) and its timer summary. */
  next(startMs: number): { at: number; summary: string; reminder?: ReminderView } {
    const pending = this.host
      .reminders()
      .filter((r) => r.status === 'pending' && !this.inFlight.has(r))
      .sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt));
    const reminder = pending[0];
    if (!reminder || Date.parse(reminder.dueAt) >= startMs) return { at: startMs, summary: 'wait for session start' };
    const lead = this.leadMs > 0 ? ` (${this.leadMs / 1000} s ahead)` : '';
    return { at: Date.parse(reminder.dueAt) - this.leadMs, summary: `${reminder.channel} reminder ${reminder.offset}${lead}`, reminder };
  }

  /** Whether this reminder's send has started and not yet ended. */
  sending(reminder: ReminderView): boolean {
    return this.inFlight.has(reminder);
  }

  /**
   * Sends one due reminder with the session's start as its deadline. Beside the timers (the outbox's mode): returns
   * once the send has started; otherwise (runs begun before) once it has ended, as those runs did.
   */
  async fire(reminder: ReminderView, startMs: number): Promise<void> {
    const list = this.host.reminders();
    if (reminder.status !== 'pending' || this.inFlight.has(reminder) || !list.includes(reminder)) return;
    this.inFlight.add(reminder);
    const run = async () => {
      try {
        const prepared = await this.host.prepare(reminder, list.indexOf(reminder));
        if (!prepared) return;
        const req = this.leadMs > 0 ? { ...prepared, sendAt: reminder.dueAt } : prepared;
        const result = await sendMessage(req, { deadline: startMs, summary: `${reminder.channel} reminder ${reminder.offset}`, inlineFallback: !this.outbox.beside });
        await this.host.settle(reminder, result, req);
      } finally {
        this.inFlight.delete(reminder);
      }
    };
    if (this.outbox.beside) this.outbox.track(run());
    else await run();
  }

  /** Every pending reminder becomes `status`; with `keepSending`, those whose send is under way keep their outcome. */
  skipPending(status: 'skipped' | 'cancelled', keepSending = false): void {
    for (const r of this.host.reminders()) if (r.status === 'pending' && !(keepSending && this.inFlight.has(r))) r.status = status;
  }
}

export interface SessionReminders {
  rules: ReminderRule[];
  /** The session's start (ISO-8601) and the zone its calendar reminders are counted in. */
  start: string;
  timeZone: string;
  /** The message of one reminder: ids only, with a key unique to the session and the reminder. */
  message: (reminder: ReminderView) => NotificationRequest;
  stopped?: () => boolean;
  onChange?: (reminders: ReminderView[]) => void;
  /** REMINDER_LEAD in ms (see the header); 0 or absent: each send starts at its instant. */
  leadMs?: number;
}

/** Runs a session's reminders to its start (see the header); resolves with their final statuses. */
export async function runSessionReminders(opts: SessionReminders): Promise<ReminderView[]> {
  const reminders = scheduleReminders(opts.rules, opts.start, opts.timeZone, Date.now());
  const startMs = Date.parse(opts.start);
  const changed = () => opts.onChange?.(reminders.map((r) => ({ ...r })));
  const steps = new Outbox<never>(async () => undefined, true);
  const engine = new ReminderEngine(
    {
      reminders: () => reminders,
      prepare: (r) => (opts.stopped?.() ? null : opts.message(r)),
      settle: (r, result) => {
        if (r.status !== 'pending') return;
        r.status = result.status;
        changed();
      },
    },
    steps,
    opts.leadMs,
  );
  changed();
  const stopped = () => opts.stopped?.() === true;
  while (!stopped() && Date.now() < startMs) {
    const next = engine.next(startMs);
    const woken = await condition(stopped, Math.max(1, next.at - Date.now()), { summary: next.summary });
    if (woken) break;
    if (next.reminder) await engine.fire(next.reminder, startMs);
  }
  engine.skipPending(stopped() ? 'cancelled' : 'skipped', true);
  changed();
  await steps.settled();
  engine.skipPending('skipped');
  changed();
  return reminders;
}
