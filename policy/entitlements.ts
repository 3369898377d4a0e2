import type { Policy, SessionType, SupportChannel } from './types';

/** The channels a plan with `seats` users includes (the larger-team channels from the seats threshold on). */
export function entitledChannels(policy: Policy, plan: string, seats: number): SupportChannel[] {
  // A client's string never indexes a plain object: `toString` is no plan (an own property or nothing).
  if (typeof plan !== 'string' || !policy.plans || !Object.hasOwn(policy.plans, plan)) return [];
  const p = policy.plans[plan];
  if (!p || !Array.isArray(p.channels)) return [];
  const extra = p.largeTeam && Array.isArray(p.largeTeam.channels) && seats >= p.largeTeam.seatsThreshold ? p.largeTeam.channels : [];
  return [...new Set([...p.channels, ...extra])];
}

const SESSION_CHANNEL: Record<SessionType, SupportChannel> = {
  implementation: 'implementation_sessions',
  quick_assist: 'quick_assists',
};

export const includesSessionType = (channels: SupportChannel[], type: SessionType): boolean =>
  Object.hasOwn(SESSION_CHANNEL, type) && channels.includes(SESSION_CHANNEL[type]);

/** 1:1 sessions, which reduced support takes away. */
export const ONE_TO_ONE: SupportChannel[] = ['implementation_sessions', 'quick_assists'];
/** What stays open under a conduct restriction: self-service only. */
export const SELF_SERVICE: SupportChannel[] = ['help_centre', 'academy', 'webinars'];
