import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { ConversationInput } from './conversation-messages';
import { setConversationHandlers } from './conversation-handlers';
import { type Clock, ConversationModel } from './conversation-state';
import { requireUsable } from './errors';
import { isId } from './ids';

const HISTORY_BOUND = 20_000;

/** The input's shape, checked before any state is built from it. */
function checkInput(input: ConversationInput): void {
  requireUsable(isId(input?.conversationId) && (input.customerId === null || isId(input.customerId)), 'conversation and customer ids');
  const inbox = input.inbox;
  requireUsable(!!inbox && [inbox.firstReply, inbox.nextReply, inbox.warnBefore].every((d) => typeof d === 'string'), 'the inbox terms');
  requireUsable(typeof input.timeZone === 'string' && DateTime.fromMillis(0, { zone: input.timeZone }).isValid, 'the time zone');
  requireUsable(Number.isFinite(Date.parse(input.createdAt)), 'the creation time');
}

/** Waits for the clock's next instant (the warning, then the due time); true when it came with nothing changed. */
async function waitForClock(m: ConversationModel, clock: Clock): Promise<boolean> {
  const { sla } = m.s.view;
  const dueMs = Date.parse(sla.dueAt!);
  const warnMs = Date.parse(clock.warnAt);
  const warning = !sla.warnedAt && warnMs < dueMs;
  m.changed = false;
  const woken = await condition(() => m.changed, Math.max(1, (warning ? warnMs : dueMs) - Date.now()), { summary: warning ? `warn agents, clock ${clock.n}` : `answer due, clock ${clock.n}` });
  return !woken;
}

/** The clock's instant came: the managers are told of a breach, or the agents warned before it (each once). */
async function clockReached(m: ConversationModel, clock: Clock): Promise<void> {
  const { s } = m;
  if (s.clock?.n !== clock.n || s.view.sla.state !== 'running') return; // answered or closed meanwhile
  if (Date.now() >= Date.parse(s.view.sla.dueAt!)) return m.breach(clock.n);
  if (s.view.sla.warnedAt || Date.now() < Date.parse(clock.warnAt)) return;
  s.view.sla = { ...s.view.sla, warnedAt: m.nowIso() };
  await m.save({ event: 'conversation.sla_warning' });
  m.notify({ kind: 'inbox_sla_warning', occasion: `clock${clock.n}`, audience: 'agents', facts: { dueAt: s.view.sla.dueAt } }, Date.parse(s.view.sla.dueAt!) - Date.now());
}

/**
 * One conversation of the inbox, for ever (continue-as-new), and the only writer of its read model. A customer message
 * of an entitled customer starts the answer clock when none runs; an agent's reply before it is due meets it; at
 * `warnBefore` before the due time the agents are warned, at the due time the managers are told of the breach. The clock
 * is one updatable timer: every change wakes the wait. Messages go out beside it, never holding it up.
 */
export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  checkInput(input);
  const m = new ConversationModel(input);
  setConversationHandlers(m);

  while (!workflowInfo().continueAsNewSuggested && workflowInfo().historyLength < HISTORY_BOUND) {
    const clock = m.s.clock;
    if (!clock || m.s.view.sla.state !== 'running') {
      m.changed = false;
      await condition(() => m.changed || workflowInfo().continueAsNewSuggested);
      continue;
    }
    if (!(await waitForClock(m, clock))) continue;
    await m.exclusive(() => clockReached(m, clock));
  }
  // Every handler done and every message collected (a handler that ran meanwhile may have started another).
  while (!m.outbox.idle || !allHandlersFinished()) {
    await condition(allHandlersFinished);
    await m.outbox.settled();
  }
  await continueAsNew<typeof conversationWorkflow>({ ...input, state: m.s });
}
