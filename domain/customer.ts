/** A customer's standing as CONTRACT §5 shows it: kept by the customer's workflow, shown by the API. */
import type { Money, SupportChannel } from '../policy/types';
import type { Locale } from './booking';

export type StandingLevel = 'good' | 'warned' | 'penalty' | 'reduced' | 'restricted' | 'terminated';
export type StrikeReason = 'no_show' | 'late_cancel' | 'late_reschedule' | 'unresponsive';

export interface CustomerProfile {
  name: string;
  email: string;
  phone?: string | null;
  locale: Locale;
  timeZone: string;
  plan: string;
  seats: number;
}

/** What the customer's workflow keeps of a profile: what the rules need, never a name, address or phone. */
export type CustomerTerms = Pick<CustomerProfile, 'plan' | 'seats' | 'timeZone'>;

export interface Strike {
  at: string;
  bookingId: string;
  reason: StrikeReason;
  expiresAt: string;
}

export interface Standing {
  customerId: string;
  level: StandingLevel;
  strikes: Strike[];
  penalty: { fee: Money; earliestFreeStart: string } | null;
  restriction: { since: string; until: string | null; reason: string } | null;
  canBook: boolean;
  channels: SupportChannel[];
}
