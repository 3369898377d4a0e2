// Pages of a list (CONTRACT §5): the answer stays a JSON array; when more rows remain, `Link: <next page>; rel="next"`.
// The cursor is opaque to clients: base64url of the last row's sort key and id, read back by the same list.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError } from './errors';
import { instant } from './schemas';

export type SortKey = readonly string[];

export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The shapes of sort keys: a serial id, or an instant and an id (anything else would fail in SQL, not here). */
export const KEYS = {
  serial: z.tuple([z.string().regex(/^\d{1,18}$/)]),
  atId: z.tuple([instant, z.string().max(200)]),
};

/** The sort key a cursor carries, of the list's shape; anything else is VALIDATION_FAILED on `cursor`. */
export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (key.success) return key.data;
  } catch {
    // not JSON: refused below
  }
  throw new ApiError('VALIDATION_FAILED', 'Invalid request: cursor', { fields: [{ path: 'cursor', message: 'not a cursor this list gave' }] });
}

/**
 * Answers one page: `rows` holds up to `limit + 1` rows (the extra one says more remain). Sets the Link header with
 * the absolute URL of the next page (the same query, the cursor of the page's last row).
 */
export function sendPage<R, T>(req: Request, res: Response, base: string, rows: R[], limit: number, keyOf: (row: R) => SortKey, toItem: (row: R) => T): void {
  const page = rows.slice(0, limit);
  if (rows.length > limit && page.length > 0) {
    const next = new URL(`${base}${req.originalUrl}`);
    next.searchParams.set('cursor', encodeCursor(keyOf(page[page.length - 1])));
    next.searchParams.set('limit', String(limit));
    res.set('link', `<${next.href}>; rel="next"`);
  }
  res.json(page.map(toItem));
}
