// Console sign-in: a key becomes a signed session cookie naming a row of console_sessions (so signing out ends it
// at once); the row keeps a keyed hash of the key (HMAC, never the key). CSRF: every form carries a token signed by
// us and bound to the session it was made for (before sign-in: to a nonce kept in an HttpOnly cookie), so a token
// from another session, or from before sign-in, acts on nothing. Cookies are parsed and written by `cookie`; over
// HTTPS their names carry the `__Host-` prefix (Secure, Path=/, no Domain).
import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseCookieHeader, serialize, type SerializeOptions } from 'cookie';
import type { Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { Pool } from 'pg';
import type { Role, Settings } from '../../config/settings';
import { endConsoleSession, findLiveConsoleSession, insertConsoleSession } from '../../db/console-sessions';
import { actorOf, keyDigest, roleOfKey } from '../auth';

export const SESSION_HOURS = 12;

export interface ConsoleSession {
  id: string;
  role: Extract<Role, 'agent' | 'manager'>;
  actor: string;
}

/** The request's cookies; a malformed value (`%E0%A4`) is kept as written, never an error. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseCookieHeader(header ?? ''))) if (v !== undefined) out[k] = v;
  return out;
}

/** How the console names and scopes its cookies: `__Host-` names over HTTPS; HttpOnly, SameSite=Strict, path `/`. */
export function consoleCookies(settings: Settings) {
  const https = settings.publicBaseUrl.startsWith('https:');
  const name = (base: string) => (https ? `__Host-${base}` : base);
  const options = (maxAgeSeconds: number): SerializeOptions => ({
    httpOnly: true,
    sameSite: 'strict',
    secure: https,
    // Path=/ (as `__Host-` requires): the codec endpoint (/codec) knows a signed-in engineer by it too.
    path: '/',
    maxAge: maxAgeSeconds,
  });
  return {
    name,
    set(res: Response, base: string, value: string, maxAgeSeconds: number) {
      res.append('set-cookie', serialize(name(base), value, options(maxAgeSeconds)));
    },
    clear(res: Response, base: string) {
      res.append('set-cookie', serialize(name(base), '', { ...options(0), expires: new Date(0) }));
    },
  };
}

export function createConsoleAuth({ pool, settings }: { pool: Pool; settings: Settings }) {
  const secret = new TextEncoder().encode(settings.consoleSecret);
  const cookies = consoleCookies(settings);
  const SESSION = 'console_session';
  const CSRF = 'console_csrf';
  /** The keyed hash kept for a session: a session ends when its key is no longer configured for that role. */
  const keyHash = (key: string) => keyDigest(settings, `console:${key}`).toString('hex');

  const sign = (claims: Record<string, string>, hours: number) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(`${hours}h`).sign(secret);
  const verify = async (token: string | undefined, purpose: string) => {
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      return payload.purpose === purpose ? payload : undefined;
    } catch {
      return undefined;
    }
  };

  /** The session if `key` is an agent or manager key; sets the cookie. */
  async function signIn(_req: Request, res: Response, key: string): Promise<ConsoleSession | undefined> {
    const role = roleOfKey(settings, key);
    if (role !== 'agent' && role !== 'manager') return undefined;
    const session: ConsoleSession = { id: randomUUID(), role, actor: actorOf(settings, role, key) };
    await insertConsoleSession(pool, { id: session.id, role, actor: session.actor, key_hash: keyHash(key), expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) });
    cookies.set(res, SESSION, await sign({ purpose: 'session', sid: session.id }, SESSION_HOURS), SESSION_HOURS * 3600);
    return session;
  }

  async function current(jar: Record<string, string>): Promise<ConsoleSession | undefined> {
    const claims = await verify(jar[cookies.name(SESSION)], 'session');
    if (typeof claims?.sid !== 'string') return undefined;
    const row = await findLiveConsoleSession(pool, claims.sid);
    if (!row) return undefined;
    const stillConfigured = [...settings.apiKeys].some(([key, role]) => role === row.role && keyHash(key) === row.key_hash);
    return stillConfigured ? { id: row.id, role: row.role, actor: row.actor } : undefined;
  }

  async function signOut(_req: Request, res: Response, session: ConsoleSession | undefined): Promise<void> {
    if (session) await endConsoleSession(pool, session.id);
    cookies.clear(res, SESSION);
  }

  /** What a form token is bound to: the session, or before sign-in this browser's nonce (set when missing). */
  function binding(res: Response | undefined, jar: Record<string, string>, session: ConsoleSession | undefined): string | undefined {
    if (session) return `session:${session.id}`;
    let nonce = jar[cookies.name(CSRF)];
    if (!nonce || !/^[0-9a-f]{32}$/.test(nonce)) {
      if (!res) return undefined;
      nonce = randomBytes(16).toString('hex');
      cookies.set(res, CSRF, nonce, SESSION_HOURS * 3600);
      jar[cookies.name(CSRF)] = nonce;
    }
    return `nonce:${nonce}`;
  }

  /** The form token of this page: bound to the session (or the nonce before sign-in). */
  async function csrfToken(_req: Request, res: Response, jar: Record<string, string>, session?: ConsoleSession): Promise<string> {
    return sign({ purpose: 'csrf', bind: binding(res, jar, session)! }, SESSION_HOURS);
  }

  /** Whether the form's token was signed by us for this session (or, before sign-in, this browser's nonce). */
  async function csrfValid(token: unknown, jar: Record<string, string>, session?: ConsoleSession): Promise<boolean> {
    const claims = await verify(typeof token === 'string' ? token : undefined, 'csrf');
    const expected = binding(undefined, jar, session);
    return !!claims && expected !== undefined && claims.bind === expected;
  }

  return { signIn, current, signOut, csrfToken, csrfValid };
}

export type ConsoleAuth = ReturnType<typeof createConsoleAuth>;
