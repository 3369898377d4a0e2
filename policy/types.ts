/** The vendor's support terms as data: what a booking and a customer's standing are judged by. Plain JSON. */

/** An ISO-8601 duration exactly as written in the policy file: "P2D", "PT24H", "P12M". */
export type IsoDuration = string;

export type Channel = 'email' | 'sms';
export type SessionType = 'implementation' | 'quick_assist';
export const SESSION_TYPES: readonly SessionType[] = ['implementation', 'quick_assist'];

/** What a customer may use besides 1:1 sessions; the standing lists them. */
export type SupportChannel =
  | 'chat'
  | 'help_centre'
  | 'academy'
  | 'webinars'
  | 'inbox_24h'
  | 'live_workshops'
  | 'implementation_sessions'
  | 'quick_assists';

export interface ReminderRule {
  channel: Channel;
  before: IsoDuration;
}

export interface Money {
  /** Minor units (cents). */
  amount: number;
  currency: string;
}

export interface Sanctions {
  warningAt: number;
  penaltyAt: number;
  penaltyFee: Money;
  penaltyEmbargo: IsoDuration;
  reducedSupportAt: number;
}

export interface PlanEntitlements {
  channels: SupportChannel[];
  /** Extra channels for teams of at least `seatsThreshold` users. */
  largeTeam?: { seatsThreshold: number; channels: SupportChannel[] };
}

export interface Policy {
  version: string;
  defaultTimeZone: string;
  reminders: ReminderRule[];
  changeNotice: IsoDuration;
  attendanceGrace: IsoDuration;
  strikeWindow: IsoDuration;
  sanctions: Sanctions;
  unresponsiveCountsAsNoShow: boolean;
  /** Plan name -> entitlements. Configurable; defaults to essentials / pro / business. */
  plans: Record<string, PlanEntitlements>;
  /** The inbox's answer promise (CONTRACT §3); optional in a file, see `inboxPolicy()` for the defaults. */
  inbox?: InboxPolicy;
  /** Live workshops (CONTRACT §3); optional in a file, see `workshopPolicy()` for the defaults. */
  workshops?: WorkshopPolicy;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Working hours the inbox's clocks count in; `null` in the policy counts calendar time. */
export interface BusinessHours {
  timeZone: string;
  /** Day -> `[["09:00", "18:00"], ...]` (local times, start before end). A missing day has no hours. */
  days: Partial<Record<Weekday, [string, string][]>>;
  /** Local dates (`YYYY-MM-DD`) without hours. */
  holidays: string[];
}

export interface InboxPolicy {
  firstReply: IsoDuration;
  nextReply: IsoDuration;
  warnBefore: IsoDuration;
  businessHours: BusinessHours | null;
}

export interface WorkshopPolicy {
  countsAsStrike: boolean;
}
