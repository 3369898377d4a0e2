// A workshop workflow's model: its state (workshop-state.ts, JSON-plain, carried across continue-as-new), the
// projection of its changes in revision order, and the named steps that change a seat. The handlers
// (workshop-handlers.ts) and the main loop (workshop.ts) call these and hold no state of their own.
import { condition, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities';
import { scheduleReminders } from '../policy/reminders';
import type { Policy } from '../policy/types';
import { ACTIVITY_OPTIONS } from './activity-options';
import { reject } from './errors';
import { Outbox } from './messages';
import type { WorkshopInput } from './workshop-messages';
import { recount, type RegistrationProjection, registrationView, renumber, type SeatState, type WorkshopState, type WorkshopTask } from './workshop-state';

export const { projectWorkshop, reportOutcome } = proxyActivities<Activities>(ACTIVITY_OPTIONS);

type WebhookEvents = NonNullable<RegistrationProjection['events']>;
export type SendKind = Extract<WorkshopTask, { send: unknown }>['send']['kind'];

/** A new workshop's state: its times in the policy's zone, no registration yet. */
function initialState(input: WorkshopInput, zone: string): WorkshopState {
  const inZone = (iso: string) => DateTime.fromISO(iso, { zone }).toISO()!;
  return {
    w: {
      ...input.workshop,
      start: inZone(input.workshop.start),
      end: inZone(input.workshop.end),
      registered: 0,
      waitlisted: 0,
      seatsLeft: input.workshop.capacity,
      status: 'scheduled',
      revision: 0,
      createdAt: inZone(input.workshop.createdAt),
      updatedAt: inZone(input.workshop.createdAt),
    },
    regs: [],
    accepted: 0,
    tasks: [],
    seatWorkflows: [],
  };
}

export class WorkshopModel {
  readonly policy: Policy;
  /** REMINDER_LEAD for the seats' reminders (workflows/reminders.ts). */
  readonly reminderLeadMs: number | undefined;
  readonly zone: string;
  readonly s: WorkshopState;
  readonly w: WorkshopState['w'];
  readonly startMs: number;
  /** Messages, hand-offs and signals started beside the loop; all have ended before the run completes or continues. */
  readonly steps = new Outbox<never>(async () => undefined, true);
  /** Registrations changed since the last projection, with the webhook event of the change, if any. */
  private readonly dirty = new Map<string, WebhookEvents>();
  /** The revision the read model holds (carried state was projected before continuing as new). */
  projected: number;
  projecting = false;

  constructor(input: WorkshopInput) {
    this.policy = input.policy;
    this.reminderLeadMs = input.reminderLeadMs;
    this.zone = input.policy.defaultTimeZone;
    this.s = (input.state as WorkshopState | undefined) ?? initialState(input, this.zone);
    this.w = this.s.w;
    this.startMs = Date.parse(this.w.start);
    this.projected = this.w.revision;
  }

  nowIso(tz = this.zone): string {
    return DateTime.fromMillis(Date.now(), { zone: tz }).toISO()!;
  }

  find(id: string): SeatState | undefined {
    return this.s.regs.find((r) => r.id === id);
  }

  mustFind(id: string): SeatState {
    return this.find(id) ?? reject('NOT_FOUND', `No registration ${id} in workshop ${this.w.id}`);
  }

  /** A registration changed: its next revision, written with the next projection (with its webhook event, if any). */
  touch(r: SeatState, event?: WebhookEvents[number]): void {
    r.revision += 1;
    r.updatedAt = this.nowIso(r.timeZone);
    this.dirty.set(r.id, [...(this.dirty.get(r.id) ?? []), ...(event ? [event] : [])]);
  }

  /** One sentence for the Web UI: where the workshop stands. */
  describe(): string {
    const { w, zone } = this;
    return `${w.status === 'cancelled' ? 'cancelled; ' : ''}${w.registered}/${w.capacity} registered, ${w.waitlisted} waitlisted; starts ${DateTime.fromISO(w.start, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
  }

  /**
   * Projects what changed, in revision order, one write at a time: each write holds the workshop and every
   * registration changed since the previous one (a burst of registrations costs a few writes, not one each). A regular
   * activity, not a local one: its write happens only once the workflow task that decided it is recorded, so a task
   * lost under a burst of Updates never leaves a decision in the read model that the replay does not make.
   */
  private async flush(): Promise<void> {
    const { w } = this;
    this.projecting = true;
    try {
      while (this.projected < w.revision) {
        const revision = w.revision;
        const registrations = [...this.dirty].map(([id, events]): RegistrationProjection => {
          const r = this.find(id)!;
          return { registration: registrationView(w, r), seat: r.seat, capacity: w.capacity, idempotencyKey: r.idempotencyKey, events };
        });
        this.dirty.clear();
        await projectWorkshop({ workshop: { ...w }, policy: this.projected === 0 ? this.policy : undefined, registrations });
        this.projected = revision;
      }
    } finally {
      this.projecting = false;
    }
  }

  /** The change made so far becomes the workshop's next revision; answers once it is in the read model. */
  async project(): Promise<void> {
    const { w } = this;
    for (const r of renumber(this.s)) if (!this.dirty.has(r.id)) this.touch(r);
    recount(this.s);
    w.revision += 1;
    w.updatedAt = this.nowIso();
    setCurrentDetails(this.describe());
    const revision = w.revision;
    if (!this.projecting) await this.flush();
    await condition(() => this.projected >= revision);
  }

  /** Queues a message to the registration's customer (the main loop starts it). */
  send(r: SeatState, kind: SendKind, facts?: Record<string, boolean>): void {
    this.s.tasks.push({ send: { kind, registrationId: r.id, customerId: r.customerId, occasion: 'v1', facts } });
  }

  /** Queues a strike for the customer's workflow. */
  strike(r: SeatState, kind: 'late_cancel' | 'no_show'): void {
    this.s.tasks.push({ strike: { registrationId: r.id, customerId: r.customerId, kind, at: new Date(Date.now()).toISOString() } });
  }

  /** A seat taken now (registration or promotion): its reminders from now on (any already past is skipped). */
  seat(r: SeatState, n: number): void {
    r.status = 'registered';
    r.seat = n;
    r.reminders = scheduleReminders(this.policy.reminders, this.w.start, r.timeZone, Date.now());
  }

  /** The seat is given up: its own workflow is told (by the main loop) and its pending reminders are cancelled. */
  release(r: SeatState): void {
    if (r.seat !== null) this.s.tasks.push({ releaseSeat: r.id });
    r.seat = null;
    for (const x of r.reminders) if (x.status === 'pending') x.status = 'cancelled';
  }

  /** Registrations are taken until the workshop starts, unless it is cancelled. */
  assertOpen(): void {
    const { w } = this;
    if (w.status === 'cancelled') reject('SLOT_UNAVAILABLE', `Workshop ${w.id} is cancelled`, { workshopId: w.id });
    if (Date.now() >= this.startMs) reject('SLOT_UNAVAILABLE', `Workshop ${w.id} has already started`, { workshopId: w.id });
  }
}
