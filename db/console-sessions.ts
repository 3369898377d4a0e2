// The `console_sessions` table: who signed in to the console, until when, and whether they signed out.
import type { Queryable } from './pool';

export interface ConsoleSessionRow {
  id: string;
  role: 'agent' | 'manager';
  actor: string;
  /** HMAC of the key signed in with, under the server's fingerprint secret (never the key, never unkeyed). */
  key_hash: string;
  expires_at: Date;
}

export async function insertConsoleSession(db: Queryable, s: Omit<ConsoleSessionRow, 'expires_at'> & { expiresAt: Date }): Promise<void> {
  await db.query('INSERT INTO console_sessions (id, role, actor, key_hash, expires_at) VALUES ($1,$2,$3,$4,$5)', [s.id, s.role, s.actor, s.key_hash, s.expiresAt]);
}

/** The session while it is neither expired nor ended. */
export async function findLiveConsoleSession(db: Queryable, id: string): Promise<ConsoleSessionRow | undefined> {
  const { rows } = await db.query<ConsoleSessionRow>(
    'SELECT id, role, actor, key_hash, expires_at FROM console_sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > now()',
    [id],
  );
  return rows[0];
}

export async function endConsoleSession(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE console_sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL', [id]);
}
