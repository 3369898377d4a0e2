// A conversation workflow's state (JSON-plain, carried across continue-as-new) and the named steps that change it;
// the handlers (conversation-handlers.ts) and the clock's loop (conversation.ts) call these and hold no state of
// their own. Ids only: the messages' texts and the customer's details stay in PostgreSQL.
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ConversationProjection } from '../activities/conversations';
import type { ConversationView } from '../domain/conversation';
import type { NotificationKind, NotificationRequest } from '../domain/notification';
import { slaClock } from '../policy/business-hours';
import { localActivitiesInTurn } from './activity-options';
import type { ConversationInput } from './conversation-messages';
import { reject } from './errors';
import { Outbox, sendMessage } from './messages';
import { OneAtATime } from './one-at-a-time';
import { ConversationStatusKey, SlaDueAtKey } from './search-attributes';

export const { inboxAccess, projectConversation } = localActivitiesInTurn<Activities>();

/** The clock that runs: its number (one per answer promised) and the instant the agents are warned. */
export interface Clock {
  n: number;
  startedAt: string;
  warnAt: string;
}
/** JSON-plain: carried across continue-as-new. */
export interface ConversationState {
  view: ConversationView;
  firstMessageId: string | null;
  clock: Clock | null;
  clocks: number;
  customerMessages: number;
  replied: boolean;
  notIncludedSent: boolean;
  /** Message ids already handled (the most recent ones): a retried Update changes nothing. */
  seen: string[];
}

const SEEN_KEPT = 1000;
const MINUTE = 60_000;
/** How long a message stays worth sending: a reply for a week, an alert or a refusal for a day. */
export const REPLY_DEADLINE_MS = 7 * 24 * 60 * MINUTE;
export const DAY_MS = 24 * 60 * MINUTE;

const initialState = (input: ConversationInput): ConversationState => ({
  view: {
    id: input.conversationId,
    customerId: input.customerId,
    status: 'open',
    assignee: null,
    sla: { state: 'none', dueAt: null, warnedAt: null, breachedAt: null },
    revision: 0,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
  },
  firstMessageId: null,
  clock: null,
  clocks: 0,
  customerMessages: 0,
  replied: false,
  notIncludedSent: false,
  seen: [],
});

/** A message to send: ids and the facts its text needs, never a text. */
export interface ConversationNotice {
  kind: NotificationKind;
  occasion: string;
  audience: NonNullable<NotificationRequest['audience']>;
  messageId?: string;
  facts?: Record<string, string | null>;
}

export class ConversationModel {
  /** The carried state (the state of the run continued from, or a new conversation's). */
  readonly s: ConversationState;
  readonly outbox = new Outbox<{ req: NotificationRequest; deadline: number }>((m) => sendMessage(m.req, { deadline: m.deadline, summary: `email ${m.req.kind}` }), true);
  changed = false;
  private readonly oneAtATime = new OneAtATime();
  private readonly workflowId = workflowInfo().workflowId;

  constructor(readonly input: ConversationInput) {
    this.s = (input.state as ConversationState | undefined) ?? initialState(input);
  }

  nowIso(): string {
    return new Date(Date.now()).toISOString();
  }

  view(): ConversationView {
    return { ...this.s.view, sla: { ...this.s.view.sla } };
  }

  /** One sentence for the Web UI: where the conversation stands. */
  describe(): string {
    const { status, sla, assignee } = this.s.view;
    const clock = sla.state === 'running' ? `answer due ${sla.dueAt}${sla.warnedAt ? ' (agents warned)' : ''}` : `clock ${sla.state}`;
    return `${status}; ${clock}; ${assignee ? `assigned to ${assignee}` : 'unassigned'}`;
  }

  /** The state changed: wake the clock's wait and tell the Web UI and the search attributes. */
  touched(): void {
    this.changed = true;
    setCurrentDetails(this.describe());
    const { sla, status } = this.s.view;
    const due = sla.state === 'running' && sla.dueAt ? new Date(sla.dueAt) : null;
    upsertSearchAttributes([
      { key: ConversationStatusKey, value: status },
      { key: SlaDueAtKey, value: due },
    ]);
  }

  /** The next revision, projected before anyone is told of it. */
  async save(extra: Omit<ConversationProjection, 'view' | 'firstMessageId'> = {}): Promise<void> {
    this.s.view.revision += 1;
    this.s.view.updatedAt = this.nowIso();
    await projectConversation({ view: this.view(), firstMessageId: this.s.firstMessageId, ...extra });
    this.touched();
  }

  /** One change at a time, its projection included: writes never race and land in revision order. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.oneAtATime.run(fn);
  }

  /** A message as its own step with a deadline, started beside the clock; collected before continuing as new. */
  notify(n: ConversationNotice, deadlineMs: number): void {
    this.outbox.push({
      req: {
        key: `${this.workflowId}:${n.kind}:${n.occasion}`,
        kind: n.kind,
        channel: 'email',
        customerId: this.s.view.customerId ?? '',
        audience: n.audience,
        conversation: { conversationId: this.s.view.id, messageId: n.messageId },
        facts: n.facts,
      },
      deadline: Date.now() + Math.max(2 * MINUTE, deadlineMs),
    });
  }

  remember(messageId: string): void {
    const { seen } = this.s;
    seen.push(messageId);
    if (seen.length > SEEN_KEPT) seen.splice(0, seen.length - SEEN_KEPT);
  }

  async breach(n: number): Promise<void> {
    const at = this.nowIso();
    this.s.view.sla = { ...this.s.view.sla, state: 'breached', breachedAt: at };
    this.s.clock = null;
    await this.save({ event: 'conversation.sla_breached', clock: { n, outcome: 'breached', settledAt: at } });
    this.notify({ kind: 'inbox_sla_breach', occasion: `clock${n}`, audience: 'managers' }, DAY_MS);
  }

  /** The clock of a message now; terms it cannot count in (hours without working time) refuse the message, never the task. */
  clockOf(first: boolean): { dueAtMs: number; warnAtMs: number } {
    try {
      return slaClock(Date.now(), this.input.inbox, first, this.input.timeZone);
    } catch (err) {
      return reject('VALIDATION_FAILED', `the inbox terms cannot set a due time: ${err instanceof Error ? err.message : 'unusable'}`);
    }
  }
}
