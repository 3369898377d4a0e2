// The `short_links` table: short codes for links in SMS (two segments at most); each points at a full signed link.
import type { Queryable } from './pool';

export async function insertShortLink(db: Queryable, code: string, target: string, expiresAt: string): Promise<void> {
  await db.query('INSERT INTO short_links (code, target, expires_at) VALUES ($1,$2,$3)', [code, target, expiresAt]);
}

/** The target of an unexpired code. */
export async function findShortLink(db: Queryable, code: string): Promise<string | undefined> {
  return (await db.query<{ target: string }>('SELECT target FROM short_links WHERE code = $1 AND expires_at > now()', [code])).rows[0]?.target;
}
