import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities';
import type { ConversationView } from '../domain/conversation';
import type { ConversationProjection } from '../activities/conversations';
import type { NotificationKind, NotificationRequest } from '../domain/notification';
import { slaClock } from '../policy/business-hours';
import { localActivitiesInTurn } from './activity-options';
import {
  assignUpdate,
  closeUpdate,
  type ConversationInput,
  conversationQuery,
  receiveUpdate,
  replyUpdate,
  type AssignRequest,
  type ReceiveRequest,
  type ReplyRequest,
} from './conversation-messages';
import { reject, requireUsable } from './errors';
import { Outbox, sendMessage } from './messages';
import { ConversationStatusKey, SlaDueAtKey } from './search-attributes';

const { inboxAccess, projectConversation } = localActivitiesInTurn<Activities>();

/** The clock that runs: its number (one per answer promised) and the instant the agents are warned. */
interface Clock {
  n: number;
  startedAt: string;
  warnAt: string;
}
/** JSON-plain: carried across continue-as-new. */
interface ConversationState {
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
const HISTORY_BOUND = 20_000;
const MINUTE = 60_000;
/** How long a message stays worth sending: a reply for a week, an alert or a refusal for a day. */
const REPLY_DEADLINE_MS = 7 * 24 * 60 * MINUTE;
const DAY_MS = 24 * 60 * MINUTE;

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

const isId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200;
const validReceive = (req: ReceiveRequest) => {
  if (!isId(req?.messageId)) reject('VALIDATION_FAILED', 'messageId must be a message id');
};
const validReply = (req: ReplyRequest) => {
  if (!isId(req?.messageId) || !isId(req?.agentId)) reject('VALIDATION_FAILED', 'messageId and agentId must be ids');
};
const validAssign = (req: AssignRequest) => {
  if (req?.agentId !== null && !isId(req?.agentId)) reject('VALIDATION_FAILED', 'agentId must be an id or null');
};

/** The input's shape, checked before any state is built from it. */
function checkInput(input: ConversationInput): void {
  requireUsable(isId(input?.conversationId) && (input.customerId === null || isId(input.customerId)), 'conversation and customer ids');
  const inbox = input.inbox;
  requireUsable(!!inbox && [inbox.firstReply, inbox.nextReply, inbox.warnBefore].every((d) => typeof d === 'string'), 'the inbox terms');
  requireUsable(typeof input.timeZone === 'string' && DateTime.fromMillis(0, { zone: input.timeZone }).isValid, 'the time zone');
  requireUsable(Number.isFinite(Date.parse(input.createdAt)), 'the creation time');
}

/**
 * One conversation of the inbox, for ever (continue-as-new), and the only writer of its read model. A customer message
 * of an entitled customer starts the answer clock when none runs; an agent's reply before it is due meets it; at
 * `warnBefore` before the due time the agents are warned, at the due time the managers are told of the breach. The clock
 * is one updatable timer: every change wakes the wait. Messages go out beside it, never holding it up.
 */
export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  checkInput(input);
  const s: ConversationState = (input.state as ConversationState | undefined) ?? initialState(input);
  const workflowId = workflowInfo().workflowId;
  const outbox = new Outbox<{ req: NotificationRequest; deadline: number }>((m) => sendMessage(m.req, { deadline: m.deadline, summary: `email ${m.req.kind}` }), true);
  let changed = false;
  let busy = false;

  const nowIso = () => new Date(Date.now()).toISOString();
  const view = (): ConversationView => ({ ...s.view, sla: { ...s.view.sla } });
  const describe = () => {
    const { status, sla, assignee } = s.view;
    const clock = sla.state === 'running' ? `answer due ${sla.dueAt}${sla.warnedAt ? ' (agents warned)' : ''}` : `clock ${sla.state}`;
    return `${status}; ${clock}; ${assignee ? `assigned to ${assignee}` : 'unassigned'}`;
  };
  const touched = () => {
    changed = true;
    setCurrentDetails(describe());
    const due = s.view.sla.state === 'running' && s.view.sla.dueAt ? new Date(s.view.sla.dueAt) : null;
    upsertSearchAttributes([
      { key: ConversationStatusKey, value: s.view.status },
      { key: SlaDueAtKey, value: due },
    ]);
  };
  /** The next revision, projected before anyone is told of it. */
  const save = async (extra: Omit<ConversationProjection, 'view' | 'firstMessageId'> = {}) => {
    s.view.revision += 1;
    s.view.updatedAt = nowIso();
    await projectConversation({ view: view(), firstMessageId: s.firstMessageId, ...extra });
    touched();
  };
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  /** A message as its own step with a deadline, started beside the clock; collected before continuing as new. */
  const notify = (
    n: { kind: NotificationKind; occasion: string; audience: NonNullable<NotificationRequest['audience']>; messageId?: string; facts?: Record<string, string | null> },
    deadlineMs: number,
  ) =>
    outbox.push({
      req: {
        key: `${workflowId}:${n.kind}:${n.occasion}`,
        kind: n.kind,
        channel: 'email',
        customerId: s.view.customerId ?? '',
        audience: n.audience,
        conversation: { conversationId: s.view.id, messageId: n.messageId },
        facts: n.facts,
      },
      deadline: Date.now() + Math.max(2 * MINUTE, deadlineMs),
    });
  const remember = (messageId: string) => {
    s.seen.push(messageId);
    if (s.seen.length > SEEN_KEPT) s.seen.splice(0, s.seen.length - SEEN_KEPT);
  };
  const breach = async (n: number) => {
    const at = nowIso();
    s.view.sla = { ...s.view.sla, state: 'breached', breachedAt: at };
    s.clock = null;
    await save({ event: 'conversation.sla_breached', clock: { n, outcome: 'breached', settledAt: at } });
    notify({ kind: 'inbox_sla_breach', occasion: `clock${n}`, audience: 'managers' }, DAY_MS);
  };

  /** The clock of a message now; terms it cannot count in (hours without working time) refuse the message, never the task. */
  const clockOf = (first: boolean) => {
    try {
      return slaClock(Date.now(), input.inbox, first, input.timeZone);
    } catch (err) {
      return reject('VALIDATION_FAILED', `the inbox terms cannot set a due time: ${err instanceof Error ? err.message : 'unusable'}`);
    }
  };

  setHandler(conversationQuery, view);

  setHandler(
    receiveUpdate,
    (req) =>
      exclusive(async () => {
        if (s.seen.includes(req.messageId)) return view();
        const access = await inboxAccess({ customerId: s.view.customerId });
        const first = s.firstMessageId === null;
        const start = access.entitled && s.view.sla.state !== 'running';
        const times = start ? clockOf(first) : undefined; // refused before anything changes
        remember(req.messageId);
        s.customerMessages += 1;
        if (first) s.firstMessageId = req.messageId;
        s.view.status = 'open';
        let clock: ConversationProjection['clock'];
        if (times) {
          const { dueAtMs, warnAtMs } = times;
          s.clocks += 1;
          s.clock = { n: s.clocks, startedAt: nowIso(), warnAt: new Date(warnAtMs).toISOString() };
          s.view.sla = { state: 'running', dueAt: new Date(dueAtMs).toISOString(), warnedAt: null, breachedAt: null };
          clock = { n: s.clocks, startedAt: s.clock.startedAt, dueAt: s.view.sla.dueAt! };
        } else if (!access.entitled && s.view.sla.state !== 'running') {
          s.view.sla = { state: 'none', dueAt: null, warnedAt: null, breachedAt: null };
        }
        await save({ event: first ? 'conversation.created' : undefined, clock });
        if (start && !req.auto) {
          notify({ kind: 'inbox_acknowledgement', occasion: `clock${s.clocks}`, audience: 'customer', facts: { dueAt: s.view.sla.dueAt } }, Date.parse(s.view.sla.dueAt!) - Date.now());
        }
        if (!access.entitled && !req.auto && !s.notIncludedSent) {
          s.notIncludedSent = true;
          notify({ kind: 'inbox_not_included', occasion: 'first', audience: 'customer', facts: { channels: access.channels.join(','), until: access.until, reason: access.reason } }, DAY_MS);
        }
        return view();
      }),
    { validator: validReceive },
  );

  setHandler(
    replyUpdate,
    (req) =>
      exclusive(async () => {
        if (s.seen.includes(req.messageId)) return view();
        remember(req.messageId);
        const running = s.view.sla.state === 'running' && s.clock !== null;
        if (running && Date.now() >= Date.parse(s.view.sla.dueAt!)) await breach(s.clock!.n); // due before its timer fired
        const n = s.clock?.n;
        const met = s.view.sla.state === 'running' && n !== undefined;
        if (met) {
          s.view.sla = { ...s.view.sla, state: 'met' };
          s.clock = null;
        }
        s.view.status = 'answered';
        const firstReplySeconds = s.replied ? undefined : (Date.now() - Date.parse(s.view.createdAt)) / 1000;
        s.replied = true;
        await save({
          event: 'conversation.replied',
          clock: met ? { n: n!, outcome: 'met', settledAt: nowIso() } : undefined,
          firstReplySeconds,
        });
        notify({ kind: 'inbox_reply', occasion: req.messageId, audience: 'customer', messageId: req.messageId }, REPLY_DEADLINE_MS);
        return view();
      }),
    { validator: validReply },
  );

  setHandler(
    assignUpdate,
    (req) =>
      exclusive(async () => {
        if (s.view.assignee === req.agentId) return view();
        s.view.assignee = req.agentId;
        await save();
        return view();
      }),
    { validator: validAssign },
  );

  setHandler(closeUpdate, () =>
    exclusive(async () => {
      if (s.view.status === 'closed') return view();
      s.view.status = 'closed';
      // Closed without an answer (spam, a duplicate): the promise is withdrawn, neither met nor breached.
      if (s.view.sla.state === 'running') s.view.sla = { state: 'none', dueAt: null, warnedAt: null, breachedAt: null };
      s.clock = null;
      await save();
      return view();
    }),
  );

  /** Waits for the clock's next instant (the warning, then the due time); true when it came with nothing changed. */
  const waitForClock = async (clock: Clock): Promise<boolean> => {
    const dueMs = Date.parse(s.view.sla.dueAt!);
    const warnMs = Date.parse(clock.warnAt);
    const warning = !s.view.sla.warnedAt && warnMs < dueMs;
    changed = false;
    const woken = await condition(() => changed, Math.max(1, (warning ? warnMs : dueMs) - Date.now()), { summary: warning ? `warn agents, clock ${clock.n}` : `answer due, clock ${clock.n}` });
    return !woken;
  };

  while (!workflowInfo().continueAsNewSuggested && workflowInfo().historyLength < HISTORY_BOUND) {
    const clock = s.clock;
    if (!clock || s.view.sla.state !== 'running') {
      changed = false;
      await condition(() => changed || workflowInfo().continueAsNewSuggested);
      continue;
    }
    if (!(await waitForClock(clock))) continue;
    await exclusive(async () => {
      if (s.clock?.n !== clock.n || s.view.sla.state !== 'running') return; // answered or closed meanwhile
      if (Date.now() >= Date.parse(s.view.sla.dueAt!)) return breach(clock.n);
      if (s.view.sla.warnedAt || Date.now() < Date.parse(clock.warnAt)) return;
      s.view.sla = { ...s.view.sla, warnedAt: nowIso() };
      await save({ event: 'conversation.sla_warning' });
      notify({ kind: 'inbox_sla_warning', occasion: `clock${clock.n}`, audience: 'agents', facts: { dueAt: s.view.sla.dueAt } }, Date.parse(s.view.sla.dueAt!) - Date.now());
    });
  }
  // Every handler done and every message collected (a handler that ran meanwhile may have started another).
  while (!outbox.idle || !allHandlersFinished()) {
    await condition(allHandlersFinished);
    await outbox.settled();
  }
  await continueAsNew<typeof conversationWorkflow>({ ...input, state: s });
}
