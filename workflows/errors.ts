import { ApplicationFailure } from '@temporalio/common';

/**
 * Business rejections cross the Temporal boundary as ApplicationFailure with one of these types; the API maps
 * each to the HTTP error of the same code (CONTRACT §5). Details, when any, are the failure's first detail.
 */
export type RejectionCode =
  | 'NOT_FOUND'
  | 'SLOT_TAKEN'
  | 'SLOT_UNAVAILABLE'
  | 'BOOKING_NOT_CHANGEABLE'
  | 'ATTENDANCE_NOT_OPEN'
  | 'PENALTY_APPLIES'
  | 'REDUCED_SUPPORT'
  | 'SUPPORT_RESTRICTED'
  | 'SESSION_TYPE_NOT_INCLUDED'
  | 'VALIDATION_FAILED';

export const REJECTION_CODES: readonly RejectionCode[] = [
  'NOT_FOUND',
  'SLOT_TAKEN',
  'SLOT_UNAVAILABLE',
  'BOOKING_NOT_CHANGEABLE',
  'ATTENDANCE_NOT_OPEN',
  'PENALTY_APPLIES',
  'REDUCED_SUPPORT',
  'SUPPORT_RESTRICTED',
  'SESSION_TYPE_NOT_INCLUDED',
  'VALIDATION_FAILED',
];

/** Rejects a request from inside a workflow (an Update's validator or handler); never retried. */
export function reject(type: RejectionCode, message: string, details?: object): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: details ? [details] : undefined });
}

/** Input a workflow cannot start from: the run fails as a business failure (never a task retried for ever). */
export function requireUsable(ok: boolean, what: string): void {
  if (!ok) throw ApplicationFailure.create({ type: 'VALIDATION_FAILED', message: `Unusable workflow input: ${what}`, nonRetryable: true });
}
