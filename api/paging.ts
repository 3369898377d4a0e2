// Pages of a list (CONTRACT §5): the answer stays a JSON array; when more rows remain, `Link: <next page>; rel="next"`.
// The cursor is opaque to clients: the last row's sort key and id (`<µs since 1970>.<id>`, or a serial id), in a
// form every string of its documented pattern is (schemas.ts CURSOR), so no cursor can fail in SQL.
import type { Request, Response } from 'express';
import { CURSOR } from './schemas';

export type SortKey = readonly [string] | readonly [string, string];

export const encodeCursor = (key: SortKey): string => key.join('.');

/** A validated `cursor` query value as its sort key: [µs, id] for lists by time, [id] for serial ones. */
export function decodeCursor(cursor: string | undefined): SortKey | undefined {
  if (cursor === undefined) return undefined;
  const atId = CURSOR.atId.exec(cursor);
  return atId ? [atId[1], atId[2]] : [cursor];
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
