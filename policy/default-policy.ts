import type { InboxPolicy, Policy, WorkshopPolicy } from './types';

export const DEFAULT_INBOX: InboxPolicy = { firstReply: 'PT24H', nextReply: 'PT24H', warnBefore: 'PT4H', businessHours: null };
export const DEFAULT_WORKSHOPS: WorkshopPolicy = { countsAsStrike: false };

/** The built-in policy (CONTRACT §3), used when POLICY_FILE is unset. */
export const DEFAULT_POLICY: Policy = {
  version: '2024-06-06',
  defaultTimeZone: 'Europe/Madrid',
  reminders: [
    { channel: 'email', before: 'P2D' },
    { channel: 'email', before: 'PT24H' },
    { channel: 'email', before: 'PT1H' },
    { channel: 'sms', before: 'PT30M' },
  ],
  changeNotice: 'PT24H',
  attendanceGrace: 'PT24H',
  strikeWindow: 'P12M',
  sanctions: {
    warningAt: 1,
    penaltyAt: 2,
    penaltyFee: { amount: 5000, currency: 'EUR' },
    penaltyEmbargo: 'P6M',
    reducedSupportAt: 3,
  },
  unresponsiveCountsAsNoShow: false,
  plans: {
    essentials: {
      channels: ['chat', 'help_centre', 'academy', 'webinars', 'quick_assists'],
      largeTeam: { seatsThreshold: 25, channels: ['inbox_24h'] },
    },
    pro: {
      channels: ['chat', 'help_centre', 'academy', 'webinars', 'quick_assists', 'inbox_24h', 'implementation_sessions'],
      largeTeam: { seatsThreshold: 50, channels: ['live_workshops'] },
    },
    business: {
      channels: [
        'chat',
        'help_centre',
        'academy',
        'webinars',
        'quick_assists',
        'inbox_24h',
        'implementation_sessions',
        'live_workshops',
      ],
    },
  },
  inbox: DEFAULT_INBOX,
  workshops: DEFAULT_WORKSHOPS,
};

/** The inbox's terms of a policy (a booking's copy made before inboxes existed has none: the defaults). */
export const inboxPolicy = (policy: Policy): InboxPolicy => policy.inbox ?? DEFAULT_INBOX;
/** The workshops' terms of a policy, defaults when absent. */
export const workshopPolicy = (policy: Policy): WorkshopPolicy => policy.workshops ?? DEFAULT_WORKSHOPS;
