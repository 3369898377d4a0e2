// The customer workflow's Updates, Signals and Query: each one a named step of CustomerModel.
import { setHandler } from '@temporalio/workflow';
import type { Standing } from '../domain/customer';
import {
  admitUpdate,
  bookingOutcomeSignal,
  conductDecisionUpdate,
  type ConductDecisionRequest,
  conductReportUpdate,
  decisionFenceId,
  fencedDecision,
  liftRestrictionUpdate,
  profileSignal,
  releaseAdmissionSignal,
  standingQuery,
  waivePenaltyUpdate,
} from './customer-messages';
import { type CustomerModel, terminateSubscription } from './customer-model';
import { termsOf } from './customer-state';
import { reject } from './errors';

const ACTIONS = new Set(['dismiss', 'warn', 'restrict', 'terminate']);

function validateDecision(m: CustomerModel, req: { reportId: string; action: string; until?: string }): void {
  if (!req || typeof req.reportId !== 'string' || !ACTIONS.has(req.action)) reject('VALIDATION_FAILED', 'A decision needs a report id and an action');
  if (!m.s.reports.some((r) => r.reportId === req.reportId)) reject('NOT_FOUND', `No open conduct report ${req.reportId}`);
  if (req.until !== undefined && !(Date.parse(req.until) > Date.now())) reject('VALIDATION_FAILED', '`until` must be a future instant');
}

/** A manager's decision on an open report; the report leaves the state (its text and the decision are in PostgreSQL). */
async function decide(m: CustomerModel, req: ConductDecisionRequest): Promise<Standing> {
  validateDecision(m, req);
  const { s } = m;
  const at = m.nowIso();
  if (fencedDecision(req.action)) m.absorb(decisionFenceId(req.reportId));
  s.reports = s.reports.filter((r) => r.reportId !== req.reportId);
  if (req.action === 'warn') m.outbox.push({ kind: 'restriction_notice', occasion: `warn:${req.reportId}`, facts: { until: null, warning: 'conduct' } });
  if (req.action === 'restrict') {
    s.restriction = { since: at, until: req.until ?? null, reason: 'conduct' };
    m.outbox.push({ kind: 'restriction_notice', occasion: req.reportId, facts: { until: req.until ?? null } });
  }
  if (req.action === 'terminate') {
    s.terminated = { at, by: req.decidedBy };
    await terminateSubscription({ customerId: m.customerId, decidedBy: req.decidedBy, note: null });
  }
  m.touch();
  return m.standing();
}

export function setCustomerHandlers(m: CustomerModel): void {
  const { s } = m;
  setHandler(standingQuery, () => m.standing());
  setHandler(profileSignal, ({ profile, policy }) => {
    s.profile = termsOf(profile) ?? s.profile;
    if (policy) s.policy = policy;
    m.touch();
  });
  setHandler(bookingOutcomeSignal, (o) => m.applyOutcome(o));
  setHandler(admitUpdate, (req) => m.admit(req, req.policy), { validator: (req) => m.validateAdmission(req) });
  setHandler(releaseAdmissionSignal, (req) => m.release(req));
  setHandler(conductReportUpdate, (req) => {
    if (!req || typeof req.reportId !== 'string') reject('VALIDATION_FAILED', 'A report needs an id');
    if (!s.reports.some((r) => r.reportId === req.reportId)) s.reports.push({ reportId: req.reportId, bookingId: req.bookingId, status: 'open', openedAt: m.nowIso() });
    m.touch();
    return { id: req.reportId, status: 'open' as const };
  });
  setHandler(conductDecisionUpdate, (req) => decide(m, req), { validator: (req) => validateDecision(m, req) });
  setHandler(liftRestrictionUpdate, () => {
    if (s.restriction) {
      s.restriction = null;
      m.outbox.push({ kind: 'restriction_lifted', occasion: `lift:${m.nowIso()}` });
      m.touch();
    }
    return m.standing();
  });
  setHandler(waivePenaltyUpdate, () => {
    if (s.penalty) {
      s.penalty = null;
      m.touch();
    }
    return m.standing();
  });
}
