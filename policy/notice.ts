import { instantBefore } from './durations';
import type { Policy } from './types';

/** The last instant a change is on time: `changeNotice` before the start. */
export const changeDeadline = (start: string, policy: Policy, timeZone: string): string =>
  instantBefore(start, policy.changeNotice, timeZone).toISO()!;

/** A change after the deadline is carried out but counts as a no-show. */
export const isLateChange = (now: number, start: string, policy: Policy, timeZone: string): boolean =>
  now > instantBefore(start, policy.changeNotice, timeZone).toMillis();
