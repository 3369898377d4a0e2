import { allHandlersFinished, condition, continueAsNew, patched, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Standing } from '../domain/customer';
import { policyFingerprint } from '../policy/standing';
import { ADMISSION_FENCE, type CustomerInput } from './customer-messages';
import { setCustomerHandlers } from './customer-handlers';
import { CustomerModel, saveStanding } from './customer-model';
import { type CustomerState, fromCarried, termsOf } from './customer-state';
import { requireUsable } from './errors';
import { StandingKey, StrikeCountKey } from './search-attributes';

export type { CustomerState } from './customer-state';

/** Messages run beside the loop (a strike expires on time whatever a provider does); runs begun before await them. */
export const CUSTOMER_SENDS_BESIDE = 'customer-sends-beside';

/** What was last projected, so that an event which changes nothing visible costs no upsert and no write. */
function publisher(m: CustomerModel) {
  const published = { attributes: '', standing: '' };
  // Customers' workflows begun before this replay as they ran.
  const unchanged = (key: keyof typeof published, value: string) => {
    if (!patched('customer-publish-on-change')) return false;
    if (published[key] === value) return true;
    published[key] = value;
    return false;
  };
  return async () => {
    const st = m.standing();
    if (!unchanged('attributes', `${st.strikes.length}:${st.level}`)) {
      upsertSearchAttributes([
        { key: StrikeCountKey, value: st.strikes.length },
        { key: StandingKey, value: st.level },
      ]);
    }
    setCurrentDetails(
      `${st.level}; ${st.strikes.length} strike(s)` +
        (st.penalty ? `; next session before ${st.penalty.earliestFreeStart} carries a fee` : '') +
        (st.restriction ? `; restricted until ${st.restriction.until ?? 'lifted'}` : ''),
    );
    if (patched(ADMISSION_FENCE)) await saveWithFences(m, st, unchanged);
    else if (!unchanged('standing', JSON.stringify(st))) await saveStanding(st);
    await m.outbox.drain(); // runs begun before send here; new runs have started every message already
  };
}

/**
 * Stores the standing when it, or the policy the workflow holds, changed, or when it now includes fenced changes:
 * their fences go with it (customer-messages.ts ADMISSION_FENCE), and bookings are admitted on it again.
 */
async function saveWithFences(m: CustomerModel, st: Standing, unchanged: (key: 'standing', value: string) => boolean): Promise<void> {
  const absorbed = [...(m.s.absorbed ?? [])];
  const policy = policyFingerprint(m.s.policy);
  if (unchanged('standing', `${JSON.stringify(st)} ${policy}`) && absorbed.length === 0) return;
  await saveStanding(st, { policyFingerprint: policy, absorbed });
  m.s.absorbed = (m.s.absorbed ?? []).filter((id) => !absorbed.includes(id));
}

/** One customer, forever: strikes in the rolling window, the sanction ladder, conduct decisions, admission. */
export async function customerWorkflow(input: CustomerInput & { historyBound?: number }): Promise<void> {
  const beside = patched(CUSTOMER_SENDS_BESIDE);
  requireUsable(typeof input?.customerId === 'string' && !!input.policy && typeof input.policy.sanctions === 'object', 'customer id and policy');
  const customerId = input.customerId;
  const s: CustomerState = input.state
    ? fromCarried(input.state as Record<string, unknown>, input.policy)
    : { profile: termsOf(input.profile), policy: input.policy, strikes: [], seen: [], penalty: null, restriction: null, terminated: null, admissions: {}, reports: [] };
  const m = new CustomerModel(customerId, s, beside);
  setCustomerHandlers(m);
  const historyBound = input.historyBound ?? 10_000;
  const publish = publisher(m);
  const full = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyBound;
  // A new run continues as new only once its messages have ended, so the loop keeps expiring strikes meanwhile.
  const readyToContinue = () => full() && (!beside || m.outbox.idle);

  for (;;) {
    m.expire();
    if (m.changed) {
      m.changed = false;
      await publish();
    }
    if (readyToContinue()) break;
    const deadline = m.nextDeadline();
    // New runs also wake once they may continue as new (messages ended); runs begun before wake as they did.
    const wake = beside ? () => m.changed || readyToContinue() : () => m.changed || m.outbox.waiting;
    const summary = 'wait for the next strike expiry or restriction end';
    if (deadline !== Infinity) await condition(wake, Math.max(1, deadline - Date.now()), { summary });
    else if (beside) await condition(wake);
    else await condition(() => wake() || workflowInfo().continueAsNewSuggested);
  }
  await m.outbox.settled();
  await condition(allHandlersFinished);
  await m.outbox.settled();
  await continueAsNew<typeof customerWorkflow>({ customerId, policy: s.policy, state: s, historyBound: input.historyBound });
}
