// The message step: how a workflow sends a customer (or the agents) a message without holding up its timers.
//
//   const outbox = new Outbox(run, beside);       // one per workflow run
//   outbox.push(item);                            // starts the item now (beside) or queues it (workflows begun before)
//   await outbox.settled();                       // before completing or continue-as-new: every step has ended
//
//   const result = await sendMessage(request, { deadline, summary });  // one message, awaited where it must be
//
// A request carries ids only (`domain/notification.ts`): the render activity reads the recipient from PostgreSQL.
// Each message has a deadline (a reminder: its session's start; any other kind: MESSAGE_DEADLINE_MS after it is
// started); its attempts back off within it, and once it passes the message is `failed` (stored, counted in
// `support_sessions_notifications_total{status="failed"}`). An SMS refused for good is followed by its fallback email
// as a step of its own (key `<key>:fallback-email`), with the same deadline.
import { ActivityFailure, ApplicationFailure, log, proxyActivities, TimeoutFailure } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { HELD_SEND_HEARTBEAT_MS, type NotificationRequest, type NotificationResult } from '../domain/notification';

/** How long a message other than a reminder stays worth sending: a day (README, "Messages and providers"). */
export const MESSAGE_DEADLINE_MS = 24 * 3600_000;

/** Attempts back off from 5 s to at most 15 min between them, until the message's deadline. */
export const MESSAGE_RETRY = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' } as const;

// Recording a deadline that passed is a short write; it waits for PostgreSQL as long as it must, beside the timers.
const { expireMessage } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } });

const reasonOf = (err: unknown): string => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof TimeoutFailure) return 'deadline passed';
  return cause instanceof Error ? cause.message.slice(0, 200) : 'failed';
};

/**
 * Sends one message as its own durable step and answers its outcome; never throws for a provider's sake.
 * `deadline` (epoch ms) bounds every attempt; `inlineFallback` keeps the behaviour of workflows begun before the
 * fallback step (their activity sent the fallback email itself).
 */
export async function sendMessage(req: NotificationRequest, opts: { deadline?: number; summary?: string; inlineFallback?: boolean } = {}): Promise<NotificationResult> {
  const deadline = opts.deadline ?? Date.now() + MESSAGE_DEADLINE_MS;
  // A reminder started ahead of its instant waits for it inside its attempt: that wait is added to the attempt's bound.
  const held = req.sendAt ? Math.max(0, Date.parse(req.sendAt) - Date.now()) : 0;
  const { sendNotification } = proxyActivities<Activities>({
    startToCloseTimeout: 60_000 + held,
    // A held send is quiet through its hold (domain/notification.ts): a worker lost meanwhile is replaced within
    // HELD_SEND_HEARTBEAT_MS of the instant, not at the end of the attempt.
    ...(req.sendAt ? { heartbeatTimeout: held + HELD_SEND_HEARTBEAT_MS } : {}),
    scheduleToCloseTimeout: Math.max(1000, deadline - Date.now()),
    retry: MESSAGE_RETRY,
    summary: opts.summary ?? `${req.channel} ${req.kind}`,
  });
  let result: NotificationResult;
  try {
    result = await sendNotification(opts.inlineFallback ? req : { ...req, fallback: 'step' });
  } catch (err) {
    if (err instanceof ApplicationFailure && err.nonRetryable) throw err;
    log.warn('message step ended without a send', { key: req.key, reason: reasonOf(err) });
    result = await expireMessage({ ...req, reason: reasonOf(err) });
  }
  if (result.fallback !== 'email' || opts.inlineFallback) return result;
  const email = await sendMessage(
    { ...req, key: `${req.key}:fallback-email`, channel: 'email', projection: undefined, fallback: undefined },
    { deadline, summary: `email fallback of ${req.kind}` },
  );
  // No phone at all: the email is the message. Otherwise the SMS's outcome stands, with its fallback noted.
  return result.id === '' ? { ...email, fallback: 'email' } : { ...result, fallback: 'email' };
}

/**
 * Messages and hand-offs a workflow starts without waiting for them. `beside` (new runs): each item starts the moment
 * it is pushed and runs beside the main loop; otherwise (runs begun before) items wait in order until the main loop
 * `drain()`s them, exactly as those runs did. Either way `settled()` resolves once every item has ended.
 */
export class Outbox<T> {
  private readonly queue: T[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly errors: unknown[] = [];

  constructor(
    private readonly run: (item: T) => Promise<unknown>,
    readonly beside: boolean,
  ) {}

  push(item: T): void {
    if (!this.beside) {
      this.queue.push(item);
      return;
    }
    this.track(this.run(item));
  }

  /**
   * Keeps a step started elsewhere (a reminder, a charge voided) so that `settled()` waits for it too; a step that
   * failed makes `settled()` throw (the workflow task fails and is retried, as an awaited step would).
   */
  track(step: Promise<unknown>): void {
    const entry: Promise<void> = step
      .then(
        () => undefined,
        (err: unknown) => {
          this.errors.push(err);
        },
      )
      .finally(() => this.running.delete(entry));
    this.running.add(entry);
  }

  /** Nothing queued and nothing running. */
  get idle(): boolean {
    return this.queue.length === 0 && this.running.size === 0;
  }

  /** Items still waiting for the main loop (runs begun before only). */
  get waiting(): boolean {
    return this.queue.length > 0;
  }

  /** Runs the queued items one after another (runs begun before); new runs have nothing queued. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) {
      await this.run(this.queue[0]);
      this.queue.shift();
    }
  }

  /** Every item pushed or tracked so far has ended (queued ones are run first). */
  async settled(): Promise<void> {
    await this.drain();
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.errors.length > 0) throw this.errors[0];
  }
}
