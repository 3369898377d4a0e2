// Paged lists (CONTRACT §5): `limit` and an opaque `cursor` (the last row's sort key); when more remain, the answer
// carries `Link: <url of the next page>; rel="next"` (RFC 8288).
import type { Request, Response } from 'express';
import { ApiError } from './errors';

export const encodeCursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The sort key a cursor stands for, checked by `valid`; anything else is VALIDATION_FAILED. */
export function decodeCursor<T>(cursor: string | undefined, valid: (v: unknown) => v is T): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!valid(value)) throw new ApiError('VALIDATION_FAILED', 'Invalid cursor', { fields: [{ path: 'cursor', message: 'a cursor from a Link header' }] });
  return value;
}

/**
 * Answers one page: `rows` were read with `limit + 1`, so one more than the page means another page follows, whose
 * cursor is the key of the page's last row.
 */
export function sendPage<R, V>(req: Request, res: Response, page: { rows: R[]; limit: number; key: (row: R) => unknown; view: (row: R) => V }, publicBaseUrl: string): void {
  const rows = page.rows.slice(0, page.limit);
  if (page.rows.length > page.limit) {
    const url = new URL(req.originalUrl, publicBaseUrl);
    url.searchParams.set('cursor', encodeCursor(page.key(rows[rows.length - 1])));
    res.set('link', `<${url.toString()}>; rel="next"`);
  }
  res.json(rows.map(page.view));
}
