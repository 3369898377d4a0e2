import type { Policy } from './types';

export type Consequence = 'none' | 'warning' | 'penalty' | 'reduced_support';

/**
 * The sanction ladder (CONTRACT §4), written once: what holding `strikes` strikes means. Used by the customer
 * workflow and by the API's change-terms preview.
 */
export function consequenceAt(strikes: number, policy: Policy): Consequence {
  const s = policy.sanctions;
  if (strikes >= s.reducedSupportAt) return 'reduced_support';
  if (strikes >= s.penaltyAt) return 'penalty';
  if (strikes >= s.warningAt) return 'warning';
  return 'none';
}

/** What one more strike would bring a customer who holds `current` strikes now. */
export const consequenceOfNextStrike = (current: number, policy: Policy): Consequence => consequenceAt(current + 1, policy);
