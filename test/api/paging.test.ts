import { startTestStack } from '../helpers/stack';
import { KEYS } from '../helpers/http';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const nextOf = (link: string | null) => (link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined);

/** Follows `Link: rel="next"` from `first` to the end: each page's rows, and every URL asked for. */
async function allPages(first: string, role: keyof typeof KEYS = 'agent') {
  const pages: { id: string }[][] = [];
  const urls: string[] = [];
  for (let url: string | undefined = first; url; ) {
    urls.push(url);
    const res = await fetch(url, { headers: { authorization: `Bearer ${KEYS[role]}` } });
    expect(res.status).toBe(200);
    pages.push((await res.json()) as { id: string }[]);
    url = nextOf(res.headers.get('link'));
  }
  return { pages, urls };
}

describe('paging (CONTRACT §5)', () => {
  it('pages through 1,000 notifications with limit=100: every row once, oldest first, ten pages, then no Link', async () => {
    await stack.db.pool.query(
      `INSERT INTO notifications (key, booking_id, customer_id, channel, kind, locale, recipient, body, provider)
       SELECT 'page:' || g, NULL, 'c-page', 'email', 'reminder', 'en', 'x@example.com', 'body ' || g, 'log' FROM generate_series(1, 1000) g`,
    );
    const { rows } = await stack.db.pool.query<{ id: string }>(`SELECT id::text FROM notifications WHERE customer_id = 'c-page' ORDER BY notifications.id`);
    const { pages, urls } = await allPages(`${stack.base}/v1/notifications?customerId=c-page&limit=100`);
    expect(pages.map((p) => p.length)).toEqual(Array(10).fill(100));
    expect(pages.flat().map((n) => n.id)).toEqual(rows.map((r) => r.id));
    expect(urls.every((u) => u.startsWith(`${stack.base}/v1/notifications?customerId=c-page&limit=100`))).toBe(true);
  });

  it('defaults to 100 and refuses a limit above 500, a limit of 0 and a cursor of another shape', async () => {
    const first = await stack.call('GET', '/v1/notifications?customerId=c-page', undefined, 'agent');
    expect(first.body).toHaveLength(100);
    expect(nextOf(first.headers.get('link'))).toContain('cursor=');
    for (const q of ['limit=501', 'limit=0', 'limit=abc', 'limit=1&limit=2', 'cursor=abc', 'cursor=1.x']) {
      const res = await stack.call('GET', `/v1/notifications?${q}`, undefined, 'agent');
      expect([q, res.status, res.body.error.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });

  it('pages free slots and a customer’s bookings by start, each row once', async () => {
    const start = Date.now() + 10 * 86400_000;
    const slots = Array.from({ length: 7 }, (_, i) => ({
      agentId: 'ag-page',
      sessionType: 'quick_assist',
      start: new Date(start + i * 3600_000 + 123).toISOString(),
      end: new Date(start + i * 3600_000 + 1800_000).toISOString(),
    }));
    const created = await stack.call('POST', '/v1/slots', { slots });
    expect(created.status).toBe(201);
    const { pages } = await allPages(`${stack.base}/v1/slots?sessionType=quick_assist&limit=3`, 'booking_ui');
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((s) => s.id)).toEqual(created.body.map((s: { id: string }) => s.id));

    await stack.call('PUT', '/v1/customers/c-pager', { name: 'P', email: 'p@example.com', locale: 'en', timeZone: 'UTC', plan: 'business', seats: 1 }, 'booking_ui');
    const booked: string[] = [];
    for (const s of created.body.slice(0, 3)) booked.push((await stack.call('POST', '/v1/bookings', { customerId: 'c-pager', slotId: s.id }, 'booking_ui')).body.booking.id);
    const mine = await allPages(`${stack.base}/v1/customers/c-pager/bookings?limit=2`, 'booking_ui');
    expect(mine.pages.map((p) => p.length)).toEqual([2, 1]);
    expect(mine.pages.flat().map((b) => b.id)).toEqual(booked);
  });
});
