// Console sign-in: a key becomes a signed session cookie naming a row of console_sessions (so signing out ends it
// at once). CSRF: a signed double-submit token — the form carries a token signed by us that names the nonce kept in
// an HttpOnly cookie.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { Pool } from 'pg';
import type { Role, Settings } from '../../config/settings';
import { endConsoleSession, findLiveConsoleSession, insertConsoleSession } from '../../db/console-sessions';
import { actorOf } from '../auth';

export const SESSION_HOURS = 12;
const SESSION_COOKIE = 'console_session';
const CSRF_COOKIE = 'console_csrf';

export interface ConsoleSession {
  id: string;
  role: Extract<Role, 'agent' | 'manager'>;
  actor: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return out;
}

export function createConsoleAuth({ pool, settings }: { pool: Pool; settings: Settings }) {
  const secret = new TextEncoder().encode(settings.consoleSecret);
  const https = (req: Request) => req.secure || settings.publicBaseUrl.startsWith('https:');
  const cookieOptions = (req: Request, maxAge: number) => ({ httpOnly: true, sameSite: 'strict' as const, secure: https(req), path: '/console', maxAge });
  /** sha256(key) → role, for the keys that may use the console: a session ends when its key is no longer configured. */
  const consoleKeys = () => new Map([...settings.apiKeys].filter(([, role]) => role !== 'booking_ui').map(([key, role]) => [sha256(key), role]));

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
  async function signIn(req: Request, res: Response, key: string): Promise<ConsoleSession | undefined> {
    const role = settings.apiKeys.get(key);
    if (role !== 'agent' && role !== 'manager') return undefined;
    const session: ConsoleSession = { id: randomUUID(), role, actor: actorOf(role, key) };
    await insertConsoleSession(pool, { id: session.id, role, actor: session.actor, key_hash: sha256(key), expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) });
    res.cookie(SESSION_COOKIE, await sign({ purpose: 'session', sid: session.id }, SESSION_HOURS), cookieOptions(req, SESSION_HOURS * 3600_000));
    return session;
  }

  async function current(cookies: Record<string, string>): Promise<ConsoleSession | undefined> {
    const claims = await verify(cookies[SESSION_COOKIE], 'session');
    if (typeof claims?.sid !== 'string') return undefined;
    const row = await findLiveConsoleSession(pool, claims.sid);
    if (!row || consoleKeys().get(row.key_hash) !== row.role) return undefined;
    return { id: row.id, role: row.role, actor: row.actor };
  }

  async function signOut(req: Request, res: Response, session: ConsoleSession | undefined): Promise<void> {
    if (session) await endConsoleSession(pool, session.id);
    res.clearCookie(SESSION_COOKIE, { path: '/console' });
  }

  /** The nonce of this browser (set when missing) and the form token that names it. */
  async function csrfToken(req: Request, res: Response, cookies: Record<string, string>): Promise<string> {
    let nonce = cookies[CSRF_COOKIE];
    if (!nonce || !/^[0-9a-f]{32}$/.test(nonce)) {
      nonce = randomBytes(16).toString('hex');
      res.cookie(CSRF_COOKIE, nonce, cookieOptions(req, SESSION_HOURS * 3600_000));
      cookies[CSRF_COOKIE] = nonce;
    }
    return sign({ purpose: 'csrf', nonce }, SESSION_HOURS);
  }

  /** Whether the form's token was signed by us for this browser's nonce. */
  async function csrfValid(token: unknown, cookies: Record<string, string>): Promise<boolean> {
    const claims = await verify(typeof token === 'string' ? token : undefined, 'csrf');
    return !!claims && !!cookies[CSRF_COOKIE] && claims.nonce === cookies[CSRF_COOKIE];
  }

  return { signIn, current, signOut, csrfToken, csrfValid };
}

export type ConsoleAuth = ReturnType<typeof createConsoleAuth>;
