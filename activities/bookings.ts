import type { ActivityDeps } from './index';

export function createBookingActivities(_deps: ActivityDeps) {
  return {};
}
