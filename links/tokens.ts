import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * What a customer link may do. GET shows either of `change` and `cancel`; only POST acts, and only within the scope.
 * `feedback` only answers the feedback question of an attended session: it can neither show nor act on the booking.
 * `registration` is a workshop registration's cancel link (its subject is the registration id): it shows the
 * registration and cancels it, and reaches no booking.
 */
export type LinkScope = 'change' | 'cancel' | 'feedback' | 'registration';
const SCOPES: readonly LinkScope[] = ['change', 'cancel', 'feedback', 'registration'];

/** How long after the session's end its feedback can be given and changed. */
export const FEEDBACK_WINDOW_MS = 7 * 24 * 3600_000;

export interface LinkClaims {
  bookingId: string;
  /** The booking's version when the link was made: a link from before a reschedule no longer acts. */
  version: number;
  scope: LinkScope;
}

export class LinkError extends Error {
  constructor(readonly code: 'LINK_INVALID' | 'LINK_EXPIRED') {
    super(code === 'LINK_EXPIRED' ? 'This link has expired' : 'This link is not valid');
  }
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** A signed (HS256 JWT), scoped link token that expires at `expiresAt` (the session's start). */
export async function createLinkToken(claims: LinkClaims, expiresAt: Date, secret: string): Promise<string> {
  return new SignJWT({ v: claims.version, scope: claims.scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.bookingId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

/** Verifies signature and expiry; throws LinkError. The caller still checks `version` against the booking. */
export async function verifyLinkToken(token: string, secret: string, now = new Date()): Promise<LinkClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], currentDate: now });
    const scope = payload.scope;
    if (typeof payload.sub !== 'string' || typeof payload.v !== 'number' || !SCOPES.includes(scope as LinkScope)) {
      throw new LinkError('LINK_INVALID');
    }
    return { bookingId: payload.sub, version: payload.v, scope: scope as LinkScope };
  } catch (err) {
    if (err instanceof LinkError) throw err;
    if (err instanceof errors.JWTExpired) throw new LinkError('LINK_EXPIRED');
    throw new LinkError('LINK_INVALID');
  }
}

/** The customer-facing URLs for a booking's links (the page behind Change and Cancel is /b/:token). */
export async function bookingLinks(
  booking: { id: string; version: number; start: string },
  secret: string,
  publicBaseUrl: string,
): Promise<{ change: string; cancel: string }> {
  const expires = new Date(booking.start);
  const make = async (scope: LinkScope) =>
    `${publicBaseUrl}/b/${await createLinkToken({ bookingId: booking.id, version: booking.version, scope }, expires, secret)}`;
  return { change: await make('change'), cancel: await make('cancel') };
}

/** The signed link to the feedback page of a session (`/f/:token`), valid until FEEDBACK_WINDOW after its end. */
export async function feedbackLink(booking: { id: string; version: number; end: string }, secret: string, publicBaseUrl: string): Promise<string> {
  const expires = new Date(Date.parse(booking.end) + FEEDBACK_WINDOW_MS);
  return `${publicBaseUrl}/f/${await createLinkToken({ bookingId: booking.id, version: booking.version, scope: 'feedback' }, expires, secret)}`;
}

/** A workshop registration's cancel link (`/b/:token`, scope `registration`), valid until the workshop starts. */
export async function registrationLink(registration: { id: string }, workshopStart: string, secret: string, publicBaseUrl: string): Promise<string> {
  const token = await createLinkToken({ bookingId: registration.id, version: 1, scope: 'registration' }, new Date(workshopStart), secret);
  return `${publicBaseUrl}/b/${token}`;
}
