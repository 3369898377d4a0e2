import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { isWorkflowNotReady } from '../config/temporal-client';
import type { ErrorRequestHandler } from 'express';
import { REJECTION_CODES, type RejectionCode } from '../workflows/errors';

export type ErrorCode =
  | RejectionCode
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'LINK_INVALID'
  | 'LINK_EXPIRED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'WEBHOOK_DISABLED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SLOT_TAKEN: 409,
  SLOT_UNAVAILABLE: 409,
  BOOKING_NOT_CHANGEABLE: 409,
  ATTENDANCE_NOT_OPEN: 409,
  PENALTY_APPLIES: 409,
  REDUCED_SUPPORT: 403,
  SUPPORT_RESTRICTED: 403,
  SESSION_TYPE_NOT_INCLUDED: 403,
  LINK_INVALID: 401,
  LINK_EXPIRED: 410,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  ALREADY_REGISTERED: 409,
  WEBHOOK_DISABLED: 409,
  INTERNAL: 500,
};

/** An answer with the contract's error body: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: object = {},
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
  body() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** The business rejection carried by a Temporal failure (an Update's, or an activity's inside it), if any. */
function rejectionOf(err: unknown): ApiError | undefined {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof ApplicationFailure && REJECTION_CODES.includes(e.type as RejectionCode)) {
      const details = (e.details?.[0] as object | undefined) ?? {};
      return new ApiError(e.type as RejectionCode, e.message, details);
    }
  }
  return undefined;
}

const UNAVAILABLE = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|Connection terminated|UNAVAILABLE|DEADLINE_EXCEEDED|connect error|Channel has been shut down|timeout|timed out/i;

/** PostgreSQL going away: connection exceptions (08…), shutting down or starting up (57P01–57P03). */
const PG_UNAVAILABLE = /^(08\w{3}|57P0[123])$/;

/** Any error, as the API answers it. Bad input never becomes a 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const rejection = rejectionOf(err);
  if (rejection) return rejection;
  if (err instanceof WorkflowNotFoundError) return new ApiError('NOT_FOUND', 'No such booking or customer');
  const e = err as { type?: string; status?: number; code?: unknown; message?: string };
  if (e?.type === 'entity.parse.failed') return new ApiError('VALIDATION_FAILED', 'The body is not valid JSON', { fields: [{ path: '', message: 'invalid JSON' }] });
  if (e?.type === 'entity.too.large') return new ApiError('VALIDATION_FAILED', 'The body is too large', { fields: [{ path: '', message: 'too large' }] });
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError('VALIDATION_FAILED', 'The request could not be read', { fields: [] });
  // Temporal or PostgreSQL did not answer (gone, overloaded, too slow): a 503 the caller may retry, never a 500.
  if (
    err instanceof TemporalFailure ||
    err instanceof ServiceError ||
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isWorkflowNotReady(err) ||
    UNAVAILABLE.test(String(e?.message)) ||
    e?.code === 14 ||
    e?.code === 4 ||
    PG_UNAVAILABLE.test(String(e?.code))
  ) {
    return new ApiError('SERVICE_UNAVAILABLE', 'A dependency is unavailable; try again shortly');
  }
  return new ApiError('INTERNAL', 'Something went wrong on our side');
}

export function errorHandler(): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) res.log.error({ err }, 'request failed');
    res.status(apiError.status).json(apiError.body());
  };
}
