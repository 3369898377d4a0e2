// The conversation workflow's Updates and Query: each one a named function over ConversationModel, run one at a time.
import { setHandler } from '@temporalio/workflow';
import type { ConversationProjection } from '../activities/conversations';
import type { ConversationView } from '../domain/conversation';
import {
  assignUpdate,
  closeUpdate,
  conversationQuery,
  receiveUpdate,
  replyUpdate,
  type AssignRequest,
  type ReceiveRequest,
  type ReplyRequest,
} from './conversation-messages';
import { type ConversationModel, DAY_MS, inboxAccess, REPLY_DEADLINE_MS } from './conversation-state';
import { reject } from './errors';
import { isId } from './ids';

const validReceive = (req: ReceiveRequest) => {
  if (!isId(req?.messageId)) reject('VALIDATION_FAILED', 'messageId must be a message id');
};
const validReply = (req: ReplyRequest) => {
  if (!isId(req?.messageId) || !isId(req?.agentId)) reject('VALIDATION_FAILED', 'messageId and agentId must be ids');
};
const validAssign = (req: AssignRequest) => {
  if (req?.agentId !== null && !isId(req?.agentId)) reject('VALIDATION_FAILED', 'agentId must be an id or null');
};

/** A customer message: an entitled customer's starts the answer clock when none runs; a retried one changes nothing. */
async function receive(m: ConversationModel, req: ReceiveRequest): Promise<ConversationView> {
  const { s } = m;
  if (s.seen.includes(req.messageId)) return m.view();
  const access = await inboxAccess({ customerId: s.view.customerId });
  const first = s.firstMessageId === null;
  const start = access.entitled && s.view.sla.state !== 'running';
  const times = start ? m.clockOf(first) : undefined; // refused before anything changes
  m.remember(req.messageId);
  s.customerMessages += 1;
  if (first) s.firstMessageId = req.messageId;
  s.view.status = 'open';
  let clock: ConversationProjection['clock'];
  if (times) {
    const { dueAtMs, warnAtMs } = times;
    s.clocks += 1;
    s.clock = { n: s.clocks, startedAt: m.nowIso(), warnAt: new Date(warnAtMs).toISOString() };
    s.view.sla = { state: 'running', dueAt: new Date(dueAtMs).toISOString(), warnedAt: null, breachedAt: null };
    clock = { n: s.clocks, startedAt: s.clock.startedAt, dueAt: s.view.sla.dueAt! };
  } else if (!access.entitled && s.view.sla.state !== 'running') {
    s.view.sla = { state: 'none', dueAt: null, warnedAt: null, breachedAt: null };
  }
  await m.save({ event: first ? 'conversation.created' : undefined, clock });
  if (start && !req.auto) {
    m.notify({ kind: 'inbox_acknowledgement', occasion: `clock${s.clocks}`, audience: 'customer', facts: { dueAt: s.view.sla.dueAt } }, Date.parse(s.view.sla.dueAt!) - Date.now());
  }
  if (!access.entitled && !req.auto && !s.notIncludedSent) {
    s.notIncludedSent = true;
    m.notify({ kind: 'inbox_not_included', occasion: 'first', audience: 'customer', facts: { channels: access.channels.join(','), until: access.until, reason: access.reason } }, DAY_MS);
  }
  return m.view();
}

/** An agent's reply: meets the running clock (or breaches it first, if it was due before its timer fired). */
async function reply(m: ConversationModel, req: ReplyRequest): Promise<ConversationView> {
  const { s } = m;
  if (s.seen.includes(req.messageId)) return m.view();
  m.remember(req.messageId);
  const running = s.view.sla.state === 'running' && s.clock !== null;
  if (running && Date.now() >= Date.parse(s.view.sla.dueAt!)) await m.breach(s.clock!.n); // due before its timer fired
  const n = s.clock?.n;
  const met = s.view.sla.state === 'running' && n !== undefined;
  if (met) {
    s.view.sla = { ...s.view.sla, state: 'met' };
    s.clock = null;
  }
  s.view.status = 'answered';
  const firstReplySeconds = s.replied ? undefined : (Date.now() - Date.parse(s.view.createdAt)) / 1000;
  s.replied = true;
  await m.save({
    event: 'conversation.replied',
    clock: met ? { n: n!, outcome: 'met', settledAt: m.nowIso() } : undefined,
    firstReplySeconds,
  });
  m.notify({ kind: 'inbox_reply', occasion: req.messageId, audience: 'customer', messageId: req.messageId }, REPLY_DEADLINE_MS);
  return m.view();
}

async function assign(m: ConversationModel, req: AssignRequest): Promise<ConversationView> {
  if (m.s.view.assignee === req.agentId) return m.view();
  m.s.view.assignee = req.agentId;
  await m.save();
  return m.view();
}

async function close(m: ConversationModel): Promise<ConversationView> {
  const { s } = m;
  if (s.view.status === 'closed') return m.view();
  s.view.status = 'closed';
  // Closed without an answer (spam, a duplicate): the promise is withdrawn, neither met nor breached.
  if (s.view.sla.state === 'running') s.view.sla = { state: 'none', dueAt: null, warnedAt: null, breachedAt: null };
  s.clock = null;
  await m.save();
  return m.view();
}

export function setConversationHandlers(m: ConversationModel): void {
  setHandler(conversationQuery, () => m.view());
  setHandler(receiveUpdate, (req) => m.exclusive(() => receive(m, req)), { validator: validReceive });
  setHandler(replyUpdate, (req) => m.exclusive(() => reply(m, req)), { validator: validReply });
  setHandler(assignUpdate, (req) => m.exclusive(() => assign(m, req)), { validator: validAssign });
  setHandler(closeUpdate, () => m.exclusive(() => close(m)));
}
