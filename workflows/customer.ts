import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { NotificationKind } from '../domain/notification';
import type { CustomerProfile, Standing, Strike, StrikeReason } from '../domain/customer';
import { instantAfter } from '../policy/durations';
import { entitledChannels, includesSessionType, ONE_TO_ONE, SELF_SERVICE } from '../policy/entitlements';
import { consequenceAt } from '../policy/sanctions';
import type { Money, Policy } from '../policy/types';
import {
  type Admission,
  admitUpdate,
  bookingOutcomeSignal,
  conductDecisionUpdate,
  type ConductReport,
  conductReportUpdate,
  type CustomerInput,
  liftRestrictionUpdate,
  profileSignal,
  releaseAdmissionSignal,
  standingQuery,
  waivePenaltyUpdate,
} from './customer-messages';
import { ACTIVITY_OPTIONS, LOCAL_ACTIVITY_OPTIONS } from './activity-options';
import { reject } from './errors';
import { StandingKey, StrikeCountKey } from './search-attributes';

const { sendNotification, terminateSubscription } = proxyActivities<Activities>(ACTIVITY_OPTIONS);
const { saveStanding, recordCharge, voidCharge } = proxyLocalActivities<Activities>(LOCAL_ACTIVITY_OPTIONS);

/** Everything the customer's standing depends on; JSON-plain, carried across continue-as-new. */
export interface CustomerState {
  profile: CustomerProfile | null;
  policy: Policy;
  strikes: Strike[];
  /** Hand-off event ids already applied (those of the strike window suffice to de-duplicate retries). */
  seen: { id: string; at: string }[];
  /** At penaltyAt: the next session before `earliestFreeStart` carries `fee`; `usedBy` is the booking that paid it. */
  penalty: { fee: Money; earliestFreeStart: string; usedBy: string | null } | null;
  restriction: { since: string; until: string | null; reason: string } | null;
  terminated: { at: string; by: string; note?: string } | null;
  admissions: Record<string, Admission>;
  reports: ConductReport[];
  decisions: { at: string; by: string; action: string; reportId?: string; note?: string }[];
}

const REASON: Record<string, StrikeReason> = {
  no_show: 'no_show',
  late_cancel: 'late_cancel',
  late_reschedule: 'late_reschedule',
  unresponsive: 'unresponsive',
};

/** One customer, forever: strikes in the rolling window, the sanction ladder, conduct decisions, admission. */
export async function customerWorkflow(input: CustomerInput & { historyBound?: number }): Promise<void> {
  const customerId = input.customerId;
  const s: CustomerState = (input.state as CustomerState | undefined) ?? {
    profile: input.profile ?? null,
    policy: input.policy,
    strikes: [],
    seen: [],
    penalty: null,
    restriction: null,
    terminated: null,
    admissions: {},
    reports: [],
    decisions: [],
  };
  const historyBound = input.historyBound ?? 10_000;
  let changed = true;
  const nowIso = () => new Date(Date.now()).toISOString();
  const tz = () => s.profile?.timeZone ?? s.policy.defaultTimeZone;
  const outbox: { kind: NotificationKind; occasion: string; facts?: Record<string, string | number | null | Money> }[] = [];

  const penaltyInForce = () => s.penalty !== null && s.penalty.usedBy === null && Date.now() < Date.parse(s.penalty.earliestFreeStart);
  const standing = (): Standing => {
    const count = s.strikes.length;
    const ladder = consequenceAt(count, s.policy);
    const restricted = s.restriction !== null;
    const level = s.terminated
      ? 'terminated'
      : restricted
        ? 'restricted'
        : ladder === 'reduced_support'
          ? 'reduced'
          : penaltyInForce()
            ? 'penalty'
            : count >= s.policy.sanctions.warningAt
              ? 'warned'
              : 'good';
    let channels = s.profile ? entitledChannels(s.policy, s.profile.plan, s.profile.seats) : [];
    if (level === 'terminated') channels = [];
    else if (restricted) channels = channels.filter((c) => SELF_SERVICE.includes(c));
    else if (level === 'reduced') channels = channels.filter((c) => !ONE_TO_ONE.includes(c));
    return {
      customerId,
      level,
      strikes: s.strikes.map((x) => ({ ...x })),
      penalty: penaltyInForce() ? { fee: s.penalty!.fee, earliestFreeStart: s.penalty!.earliestFreeStart } : null,
      restriction: s.restriction ? { ...s.restriction } : null,
      canBook: !['terminated', 'restricted', 'reduced'].includes(level),
      channels,
    };
  };
  const touch = () => {
    changed = true;
  };

  setHandler(standingQuery, standing);

  setHandler(profileSignal, ({ profile, policy }) => {
    s.profile = profile;
    s.policy = policy;
    touch();
  });

  setHandler(bookingOutcomeSignal, (o) => {
    if (s.seen.some((e) => e.id === o.eventId)) return; // a retried hand-off
    s.seen.push({ id: o.eventId, at: o.at });
    if (o.countsAsStrike && REASON[o.kind]) {
      const expiresAt = instantAfter(o.at, o.policy.strikeWindow, tz()).toISO()!;
      s.strikes.push({ at: o.at, bookingId: o.bookingId, reason: REASON[o.kind], expiresAt });
      const count = s.strikes.length;
      const sn = o.policy.sanctions;
      if (count >= sn.penaltyAt && count < sn.reducedSupportAt) {
        const earliestFreeStart = instantAfter(o.at, sn.penaltyEmbargo, tz()).toISO()!;
        s.penalty = { fee: sn.penaltyFee, earliestFreeStart, usedBy: null };
      }
      const rung = consequenceAt(count, o.policy);
      if (count === sn.reducedSupportAt) outbox.push({ kind: 'reduced_support_notice', occasion: o.eventId });
      else if (rung === 'penalty') outbox.push({ kind: 'penalty_notice', occasion: o.eventId, facts: { fee: sn.penaltyFee, earliestFreeStart: s.penalty!.earliestFreeStart } });
      else if (rung === 'warning') outbox.push({ kind: 'no_show_warning', occasion: o.eventId });
    }
    // A fee-carrying session cancelled in time gives the penalty back, and its charge is void.
    if ((o.kind === 'cancelled' || o.kind === 'cancelled_by_support') && s.penalty?.usedBy === o.bookingId) {
      s.penalty.usedBy = null;
      outbox.push({ kind: 'penalty_notice', occasion: `restored:${o.eventId}` });
      void voidCharge({ bookingId: o.bookingId });
    }
    touch();
  });

  const validateAdmission = (req: { bookingId: string; sessionType: 'implementation' | 'quick_assist'; start: string; acceptFee?: boolean; rescheduleOf?: string }) => {
    if (!req.rescheduleOf && s.admissions[req.bookingId]) return;
    const st = standing();
    if (s.terminated) reject('SUPPORT_RESTRICTED', 'The subscription has ended', { until: null });
    if (s.restriction) reject('SUPPORT_RESTRICTED', 'Support is restricted', { until: s.restriction.until });
    if (st.level === 'reduced') reject('REDUCED_SUPPORT', '1:1 sessions cannot be booked while support is reduced');
    if (s.profile && !includesSessionType(entitledChannels(s.policy, s.profile.plan, s.profile.seats), req.sessionType)) {
      reject('SESSION_TYPE_NOT_INCLUDED', `The ${s.profile.plan} plan does not include ${req.sessionType} sessions`);
    }
    const paidAlready = req.rescheduleOf && s.penalty?.usedBy === req.rescheduleOf;
    if (!paidAlready && penaltyInForce() && Date.parse(req.start) < Date.parse(s.penalty!.earliestFreeStart) && !req.acceptFee) {
      reject('PENALTY_APPLIES', 'This session carries a fee or must start later', { earliestFreeStart: s.penalty!.earliestFreeStart, fee: s.penalty!.fee });
    }
  };
  setHandler(
    admitUpdate,
    async (req) => {
      s.policy = req.policy;
      const existing = s.admissions[req.bookingId];
      if (existing && !req.rescheduleOf) return existing;
      validateAdmission(req);
      const paidAlready = req.rescheduleOf !== undefined && s.penalty?.usedBy === req.rescheduleOf;
      const needsFee = !paidAlready && penaltyInForce() && Date.parse(req.start) < Date.parse(s.penalty!.earliestFreeStart);
      // Reserved before any await: a second admission running meanwhile sees the free pass used.
      if (needsFee) s.penalty!.usedBy = req.bookingId;
      const admission: Admission = { bookingId: req.bookingId, fee: needsFee ? s.penalty!.fee : (existing?.fee ?? null) };
      s.admissions[req.bookingId] = admission;
      touch();
      if (needsFee) await recordCharge({ customerId, bookingId: req.bookingId, fee: admission.fee! });
      return admission;
    },
    { validator: validateAdmission },
  );

  setHandler(releaseAdmissionSignal, ({ bookingId }) => {
    delete s.admissions[bookingId];
    if (s.penalty?.usedBy === bookingId) {
      s.penalty.usedBy = null;
      void voidCharge({ bookingId });
    }
    touch();
  });

  setHandler(conductReportUpdate, (req) => {
    if (!s.reports.some((r) => r.reportId === req.reportId)) s.reports.push({ ...req, status: 'open', openedAt: nowIso() });
    touch();
    return { id: req.reportId, status: 'open' as const };
  });

  const validateDecision = (req: { reportId: string; action: string; until?: string }) => {
    const report = s.reports.find((r) => r.reportId === req.reportId);
    if (!report) reject('NOT_FOUND', `No conduct report ${req.reportId}`);
    if (report!.status !== 'open') reject('VALIDATION_FAILED', `Conduct report ${req.reportId} was already decided`);
    if (req.until !== undefined && !(Date.parse(req.until) > Date.now())) reject('VALIDATION_FAILED', '`until` must be a future instant');
  };
  setHandler(
    conductDecisionUpdate,
    async (req) => {
      validateDecision(req);
      const at = nowIso();
      const report = s.reports.find((r) => r.reportId === req.reportId)!;
      report.status = 'decided';
      report.decision = { ...req, decidedAt: at };
      s.decisions.push({ at, by: req.decidedBy, action: req.action, reportId: req.reportId, note: req.note });
      if (req.action === 'warn') outbox.push({ kind: 'restriction_notice', occasion: `warn:${req.reportId}`, facts: { until: null, warning: 'conduct' } });
      if (req.action === 'restrict') {
        s.restriction = { since: at, until: req.until ?? null, reason: req.note ?? 'conduct' };
        outbox.push({ kind: 'restriction_notice', occasion: req.reportId, facts: { until: req.until ?? null } });
      }
      if (req.action === 'terminate') {
        s.terminated = { at, by: req.decidedBy, note: req.note };
        await terminateSubscription({ customerId, decidedBy: req.decidedBy, note: req.note ?? null });
      }
      touch();
      return standing();
    },
    { validator: validateDecision },
  );

  setHandler(liftRestrictionUpdate, ({ by, note }) => {
    if (s.restriction) {
      s.restriction = null;
      s.decisions.push({ at: nowIso(), by, action: 'lift_restriction', note });
      outbox.push({ kind: 'restriction_lifted', occasion: `lift:${s.decisions.length}` });
      touch();
    }
    return standing();
  });

  setHandler(waivePenaltyUpdate, ({ by, note }) => {
    if (s.penalty) {
      s.penalty = null;
      s.decisions.push({ at: nowIso(), by, action: 'waive_penalty', note });
      touch();
    }
    return standing();
  });

  /** The next instant at which time alone changes the standing: a strike expires, a restriction ends. */
  const nextDeadline = (): number => {
    const times = s.strikes.map((x) => Date.parse(x.expiresAt));
    if (s.restriction?.until) times.push(Date.parse(s.restriction.until));
    if (penaltyInForce()) times.push(Date.parse(s.penalty!.earliestFreeStart));
    return times.length ? Math.min(...times) : Infinity;
  };
  const expire = () => {
    const now = Date.now();
    const before = s.strikes.length;
    s.strikes = s.strikes.filter((x) => Date.parse(x.expiresAt) > now);
    if (s.strikes.length !== before) {
      changed = true;
      if (s.penalty && s.strikes.length < s.policy.sanctions.penaltyAt) s.penalty = null;
    }
    if (s.restriction?.until && Date.parse(s.restriction.until) <= now) {
      s.restriction = null;
      s.decisions.push({ at: nowIso(), by: 'system', action: 'restriction_expired' });
      outbox.push({ kind: 'restriction_lifted', occasion: `expired:${s.decisions.length}` });
      changed = true;
    }
    const oldest = now - 400 * 24 * 3600 * 1000;
    s.seen = s.seen.filter((e) => Date.parse(e.at) > oldest);
  };
  const publish = async () => {
    const st = standing();
    upsertSearchAttributes([
      { key: StrikeCountKey, value: st.strikes.length },
      { key: StandingKey, value: st.level },
    ]);
    setCurrentDetails(
      `${st.level}; ${st.strikes.length} strike(s)` +
        (st.penalty ? `; next session before ${st.penalty.earliestFreeStart} carries a fee` : '') +
        (st.restriction ? `; restricted until ${st.restriction.until ?? 'lifted'}` : ''),
    );
    await saveStanding(st);
    while (outbox.length > 0) {
      const m = outbox[0];
      if (s.profile) {
        await sendNotification({
          key: `${workflowInfo().workflowId}:${m.kind}:${m.occasion}`,
          kind: m.kind,
          channel: 'email',
          customerId,
          contact: s.profile,
          facts: m.facts,
        });
      }
      outbox.shift();
    }
  };

  for (;;) {
    expire();
    if (changed) {
      changed = false;
      await publish();
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyBound) break;
    const deadline = nextDeadline();
    const summary = 'wait for the next strike expiry or restriction end';
    if (deadline === Infinity) await condition(() => changed || outbox.length > 0 || workflowInfo().continueAsNewSuggested);
    else await condition(() => changed || outbox.length > 0, Math.max(1, deadline - Date.now()), { summary });
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof customerWorkflow>({ customerId, policy: s.policy, state: s, historyBound: input.historyBound });
}
