import type { ActivityDeps } from './index';

export function createCustomerActivities(_deps: ActivityDeps) {
  return {};
}
