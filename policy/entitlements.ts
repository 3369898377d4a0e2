import type { Policy, SessionType, SupportChannel } from './types';

/** The channels a plan with `seats` users includes (the larger-team channels from the seats threshold on). */
export function entitledChannels(policy: Policy, plan: string, seats: number): SupportChannel[] {
  const p = policy.plans[plan];
  if (!p) return [];
  const extra = p.largeTeam && seats >= p.largeTeam.seatsThreshold ? p.largeTeam.channels : [];
  return [...new Set([...p.channels, ...extra])];
}

const SESSION_CHANNEL: Record<SessionType, SupportChannel> = {
  implementation: 'implementation_sessions',
  quick_assist: 'quick_assists',
};

export const includesSessionType = (channels: SupportChannel[], type: SessionType): boolean =>
  channels.includes(SESSION_CHANNEL[type]);

/** 1:1 sessions, which reduced support takes away. */
export const ONE_TO_ONE: SupportChannel[] = ['implementation_sessions', 'quick_assists'];
/** What stays open under a conduct restriction: self-service only. */
export const SELF_SERVICE: SupportChannel[] = ['help_centre', 'academy', 'webinars'];
