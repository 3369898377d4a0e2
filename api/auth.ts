import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Role, Settings } from '../config/settings';
import { ApiError } from './errors';

const RANK: Record<Role, number> = { booking_ui: 0, agent: 1, manager: 2 };

declare module 'express-serve-static-core' {
  interface Request {
    role?: Role;
    /** Who acted, without the key: `<role>:<key fingerprint>`. */
    actor?: string;
  }
}

/** HMAC-SHA256 of a key under the server's fingerprint secret: what we keep of a key, never the key or a prefix. */
export const keyDigest = (settings: Pick<Settings, 'actorSecret'>, key: string): Buffer => createHmac('sha256', settings.actorSecret).update(key).digest();

/** A short, stable name of a key that discloses nothing of it (the first 16 hex digits of its HMAC). */
export const keyFingerprint = (settings: Pick<Settings, 'actorSecret'>, key: string): string => keyDigest(settings, key).toString('hex').slice(0, 16);

/** Who acted, without the key: the role and the key's fingerprint (in PostgreSQL, Temporal and logs alike). */
export const actorOf = (settings: Pick<Settings, 'actorSecret'>, role: Role, key: string): string => `${role}:${keyFingerprint(settings, key)}`;

/** The configured keys' digests, made once per settings object. */
const digests = new WeakMap<Settings, { digest: Buffer; role: Role }[]>();
function keyDigests(settings: Settings) {
  let list = digests.get(settings);
  if (!list) {
    list = [...settings.apiKeys].map(([key, role]) => ({ digest: keyDigest(settings, key), role }));
    digests.set(settings, list);
  }
  return list;
}

/** The role of `key`, compared in constant time against every configured key (no early exit on a match). */
export function roleOfKey(settings: Settings, key: string): Role | undefined {
  const given = keyDigest(settings, key);
  let found: Role | undefined;
  for (const { digest, role } of keyDigests(settings)) if (timingSafeEqual(digest, given)) found = role;
  return found;
}

/** The bearer key of a request, if any. */
export const bearerKey = (header: string | undefined): string | undefined => /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();

/** `Authorization: Bearer <key>`; each role may do what the roles before it may. */
export function requireRole(settings: Settings, role: Role): RequestHandler {
  return (req, _res, next) => {
    const key = bearerKey(req.get('authorization'));
    const keyRole = key ? roleOfKey(settings, key) : undefined;
    if (!keyRole) return next(new ApiError('UNAUTHENTICATED', 'A valid API key is required'));
    if (RANK[keyRole] < RANK[role]) return next(new ApiError('FORBIDDEN', `This needs the ${role} role`));
    req.role = keyRole;
    req.actor = actorOf(settings, keyRole, key!);
    next();
  };
}

export const atLeast = (role: Role | undefined, wanted: Role): boolean => role !== undefined && RANK[role] >= RANK[wanted];
