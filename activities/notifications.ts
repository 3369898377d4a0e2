import type { ActivityDeps } from './index';

export function createNotificationActivities(_deps: ActivityDeps) {
  return {};
}
