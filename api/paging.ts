import type { Request, Response } from 'express';

/**
 * One page of a list (CONTRACT §5): `rows` were read with `limit + 1`, so an extra row means more remain; the answer
 * then carries `Link: <next page>; rel="next"` whose cursor is the id of this page's last item.
 */
export function sendPage<T extends { id: string }>(req: Request, res: Response, rows: T[], limit: number): void {
  const page = rows.slice(0, limit);
  if (rows.length > limit) {
    const next = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('cursor', page[page.length - 1].id);
    res.set('Link', `<${next.toString()}>; rel="next"`);
  }
  res.json(page);
}
