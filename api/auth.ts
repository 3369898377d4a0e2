import type { RequestHandler } from 'express';
import type { Role, Settings } from '../config/settings';
import { ApiError } from './errors';

const RANK: Record<Role, number> = { booking_ui: 0, agent: 1, manager: 2 };

declare module 'express-serve-static-core' {
  interface Request {
    role?: Role;
    /** Who acted, without the key: `<role>:<first characters of the key>`. */
    actor?: string;
  }
}

/** Who acted, without the key: the role and the first characters of the key. */
export const actorOf = (role: Role, key: string): string => `${role}:${key.slice(0, 6)}`;

/** `Authorization: Bearer <key>`; each role may do what the roles before it may. */
export function requireRole(settings: Settings, role: Role): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const keyRole = key ? settings.apiKeys.get(key) : undefined;
    if (!keyRole) return next(new ApiError('UNAUTHENTICATED', 'A valid API key is required'));
    if (RANK[keyRole] < RANK[role]) return next(new ApiError('FORBIDDEN', `This needs the ${role} role`));
    req.role = keyRole;
    req.actor = actorOf(keyRole, key!);
    next();
  };
}

export const atLeast = (role: Role | undefined, wanted: Role): boolean => role !== undefined && RANK[role] >= RANK[wanted];
