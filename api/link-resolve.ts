// Customer links: a signed token instead of a key. The token must be genuine, unexpired, of an allowed scope and of
// the booking's current version.
import type { BookingView } from '../domain/booking';
import { LinkError, type LinkClaims, type LinkScope, verifyLinkToken } from '../links/tokens';
import type { BookingService } from './bookings-service';
import { ApiError } from './errors';

export async function resolveLink(
  token: string,
  scopes: readonly LinkScope[],
  deps: { secret: string; bookings: BookingService },
): Promise<{ claims: LinkClaims; booking: BookingView }> {
  let claims: LinkClaims;
  try {
    claims = await verifyLinkToken(token, deps.secret);
  } catch (err) {
    if (err instanceof LinkError) throw new ApiError(err.code, err.message);
    throw err;
  }
  if (!scopes.includes(claims.scope)) throw new ApiError('LINK_INVALID', `A ${claims.scope} link cannot do this`);
  const booking = await deps.bookings.get(claims.bookingId).catch(() => undefined);
  if (!booking || booking.version !== claims.version) throw new ApiError('LINK_INVALID', 'This link is no longer valid: the booking has changed');
  return { claims, booking };
}
