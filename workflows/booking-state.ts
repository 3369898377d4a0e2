// A booking workflow's state and the named steps that change it; the handlers (booking-handlers.ts) and the main loop
// (booking.ts) call these and hold no state of their own.
import { ApplicationFailure, patched, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities';
import type { PendingChange } from '../db/standings';
import type { BookingStatus, BookingView } from '../domain/booking';
import type { NotificationKind, NotificationRequest } from '../domain/notification';
import { scheduleReminders } from '../policy/reminders';
import type { Policy } from '../policy/types';
import type { BookingInput } from './booking-messages';
import { ADMISSION_FENCE, type BookingOutcome } from './customer-messages';
import { localActivitiesInTurn } from './activity-options';
import { bookingReminderHost } from './booking-reminders';
import { reject } from './errors';
import { Outbox, sendMessage } from './messages';
import { OneAtATime } from './one-at-a-time';
import { ReminderEngine } from './reminders';
import { BookingStatusKey, SessionStartKey } from './search-attributes';

export const { admitBooking, releaseAdmission, claimBooking, saveBooking, reportOutcome } = localActivitiesInTurn<Activities>();

/** The id of an outcome handed to the customer's workflow: it de-duplicates by it, and deletes its fence with it. */
const outcomeEventId = (bookingId: string, kind: BookingOutcome['kind'], version: number) => `${bookingId}:${kind}:v${version}`;

export const FINAL: BookingStatus[] = ['attended', 'no_show', 'unresponsive', 'cancelled', 'cancelled_late', 'cancelled_by_support'];

/** A message or a hand-off to the customer's workflow, started beside the main loop. */
export type BookingStep = { notify: NotificationRequest } | { outcome: BookingOutcome };

export class BookingState {
  readonly b: BookingView;
  readonly policy: Policy;
  readonly tz: string;
  readonly outbox: Outbox<BookingStep>;
  readonly reminders: ReminderEngine;
  /** Undefined until admission and claim are settled; then the refusal, or null once the booking stands. */
  refusal: ApplicationFailure | null | undefined;
  changed = false;
  private readonly oneAtATime = new OneAtATime();
  private readonly workflowId = workflowInfo().workflowId;

  /** `beside`: sends run beside the timers (runs begun before this change await them in the main loop). */
  constructor(
    readonly input: BookingInput,
    readonly beside: boolean,
  ) {
    const tz = input.customer.timeZone;
    this.tz = tz;
    this.policy = input.policy;
    const created = DateTime.fromISO(input.createdAt, { zone: tz }).toISO()!;
    this.b = {
      id: input.bookingId,
      customerId: input.customerId,
      slotId: input.slot.slotId,
      agentId: input.slot.agentId,
      sessionType: input.slot.sessionType,
      start: input.slot.start,
      end: input.slot.end,
      status: 'scheduled',
      timeZone: tz,
      locale: input.customer.locale,
      policyVersion: input.policy.version,
      fee: null,
      reminders: scheduleReminders(input.policy.reminders, input.slot.start, tz, Date.now()),
      version: 1,
      revision: 1,
      createdAt: created,
      updatedAt: created,
    };
    this.outbox = new Outbox<BookingStep>(
      (step) => ('notify' in step ? sendMessage(step.notify, { inlineFallback: !beside }) : reportOutcome({ customerId: this.b.customerId, outcome: step.outcome })),
      beside,
    );
    this.reminders = new ReminderEngine(
      bookingReminderHost(this),
      this.outbox,
      beside ? (input.reminderLeadMs ?? 0) : 0,
    );
  }

  now(): string {
    return DateTime.fromMillis(Date.now(), { zone: this.tz }).toISO()!;
  }

  view(): BookingView {
    return { ...this.b, reminders: this.b.reminders.map((r) => ({ ...r })) };
  }

  /** One sentence for the Web UI: where the booking stands. */
  describe(): string {
    const b = this.b;
    const when = `${DateTime.fromISO(b.start, { zone: this.tz }).toFormat('yyyy-MM-dd HH:mm')} ${this.tz}`;
    const sent = b.reminders.filter((r) => r.status === 'sent').pop();
    const next = b.reminders.find((r) => r.status === 'pending');
    const last = sent ? `${sent.channel} reminder ${sent.offset} sent; ` : '';
    if (b.status === 'scheduled') return `${last}${next ? `next: ${next.channel} reminder ${next.offset}; ` : ''}waiting for the session at ${when}`;
    if (b.status === 'in_progress') return `session of ${when} started; waiting for attendance`;
    return `${b.status} (session of ${when})`;
  }

  /** The state changed: wake the main loop and tell the Web UI; status and start also go to the search attributes. */
  touched(attributes = false): void {
    this.changed = true;
    setCurrentDetails(this.describe());
    if (attributes) {
      upsertSearchAttributes([
        { key: BookingStatusKey, value: this.b.status },
        { key: SessionStartKey, value: new Date(this.b.start) },
      ]);
    }
  }

  /** The next revision of the state, to be projected by whatever carries it. */
  advance(): void {
    this.b.revision += 1;
    this.b.updatedAt = this.now();
  }

  /** The next revision of the state, projected before anyone is told of it (with the fence of a strike it hands off). */
  async save(fence?: PendingChange): Promise<void> {
    this.advance();
    await saveBooking(this.view(), fence);
  }

  /**
   * The fence of a strike this change hands off at `version`: projected with the change, so that a booking admitted
   * on the stored standing (activities/bookings.ts) waits for the customer's workflow until the strike is in it.
   * Runs begun before replay without it.
   */
  fenceOf(kind: BookingOutcome['kind'], countsAsStrike: boolean, version = this.b.version): PendingChange | undefined {
    if (!countsAsStrike || !patched(ADMISSION_FENCE)) return undefined;
    return { customerId: this.b.customerId, eventId: outcomeEventId(this.b.id, kind, version) };
  }

  /** One change at a time, its projection included: writes never race and land in revision order. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.oneAtATime.run(fn);
  }

  /** A message about this booking: ids and the session's times only (the render reads the customer's details). */
  message(kind: NotificationKind, occasion: string, extra: Partial<NotificationRequest> = {}): NotificationRequest {
    const b = this.b;
    return {
      key: `${this.workflowId}:${kind}:${occasion}`,
      kind,
      channel: 'email',
      customerId: b.customerId,
      bookingId: b.id,
      booking: { id: b.id, version: b.version, sessionType: b.sessionType, start: b.start, end: b.end, agentId: b.agentId },
      ...extra,
    };
  }

  notify(kind: NotificationKind, occasion: string, extra: Partial<NotificationRequest> = {}): void {
    this.outbox.push({ notify: this.message(kind, occasion, extra) });
  }

  /** Tells the customer's workflow of an outcome that matters to it: a strike, or a paid session cancelled in time. */
  handOff(kind: BookingOutcome['kind'], countsAsStrike: boolean): void {
    const b = this.b;
    if (!countsAsStrike && !(b.fee !== null && (kind === 'cancelled' || kind === 'cancelled_by_support'))) return;
    const at = new Date(Date.now()).toISOString();
    this.outbox.push({ outcome: { eventId: outcomeEventId(b.id, kind, b.version), bookingId: b.id, kind, countsAsStrike, at, sessionStart: b.start, policy: this.policy } });
  }

  assertChangeable(): void {
    if (this.refusal !== null) reject('BOOKING_NOT_CHANGEABLE', `Booking ${this.b.id} is not confirmed`);
    if (this.b.status !== 'scheduled' || Date.now() >= Date.parse(this.b.start)) {
      reject('BOOKING_NOT_CHANGEABLE', `Booking ${this.b.id} is ${this.b.status} and can no longer be changed`);
    }
  }

  /** The session has started: reminders not under way are skipped (an overdue one is sent late only before it). */
  async startSession(): Promise<void> {
    await this.exclusive(async () => {
      if (this.b.status !== 'scheduled') return;
      this.reminders.skipPending('skipped', this.beside);
      this.b.status = 'in_progress';
      await this.save();
      this.touched(true);
    });
  }
}
