import { verifyLinkToken } from '../../links/tokens';
import { startTestStack } from '../helpers/stack';
import { sleep, until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const testStart = new Date().toISOString();

/** A customer's session with `agentId` that starts in a few seconds, attended; returns it and its feedback link. */
async function attendedSession(customerId: string, agentId: string, locale: 'es' | 'en') {
  await stack.call('PUT', `/v1/customers/${customerId}`, { name: 'Noa', email: `${customerId}@example.com`, locale, timeZone: 'America/New_York', plan: 'pro', seats: 2 }, 'booking_ui');
  const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 4000);
  const slot = (await stack.call('POST', '/v1/slots', { agentId, sessionType: 'implementation', start: start.toISOString(), end: new Date(start.getTime() + 1800_000).toISOString() })).body;
  const { booking } = (await stack.call('POST', '/v1/bookings', { customerId, slotId: slot.id }, 'booking_ui')).body;
  await sleep(start.getTime() - Date.now() + 100);
  expect((await stack.call('POST', `/v1/bookings/${booking.id}/attendance`, { outcome: 'attended' }, 'agent')).status).toBe(200);
  let body = '';
  await until(async () => {
    const { rows } = await stack.db.pool.query(`SELECT body FROM notifications WHERE booking_id = $1 AND kind = 'feedback_request' AND status = 'sent'`, [booking.id]);
    body = rows[0]?.body ?? '';
    return body !== '';
  });
  const link = new RegExp(`(?:Valorar la sesión|Rate the session): (${stack.base}/f/\\S+)`).exec(body)?.[1];
  expect(link).toBeDefined();
  return { booking, link: link!, token: link!.split('/f/')[1] };
}

it('takes one answer per booking, replaces it within 7 days, refuses it after, and gives managers the mean', async () => {
  const [a, b] = await Promise.all([attendedSession('c-fb-a', 'agent-fa', 'es'), attendedSession('c-fb-b', 'agent-fb', 'en')]);

  const first = await stack.call('POST', `/v1/feedback/${a.token}`, { rating: 4, comment: 'Muy clara' }, null);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ bookingId: a.booking.id, agentId: 'agent-fa', sessionType: 'implementation', rating: 4, comment: 'Muy clara' });

  // A second answer within the week replaces the first: still one per booking.
  const second = await stack.call('POST', `/v1/feedback/${a.token}`, { rating: 2 }, null);
  expect(second.body).toMatchObject({ bookingId: a.booking.id, rating: 2, comment: null });
  expect((await stack.call('POST', `/v1/feedback/${b.token}`, { rating: 5 }, null)).status).toBe(200);

  const forAgent = (await stack.call('GET', '/v1/feedback?agentId=agent-fa')).body;
  expect(forAgent).toMatchObject({ count: 1, average: 2, items: [{ bookingId: a.booking.id, rating: 2 }] });
  const all = (await stack.call('GET', `/v1/feedback?from=${encodeURIComponent(testStart)}`)).body;
  expect(all).toMatchObject({ count: 2, average: 3.5 });
  expect(all.items.map((i: { bookingId: string }) => i.bookingId).sort()).toEqual([a.booking.id, b.booking.id].sort());
  expect((await stack.call('GET', '/v1/feedback', undefined, 'agent')).status).toBe(403);

  // Bad input gets the contract's errors.
  const bad = await stack.call('POST', `/v1/feedback/${a.token}`, { rating: 6 }, null);
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'rating' }] } });
  expect((await stack.call('POST', '/v1/feedback/not-a-token', { rating: 3 }, null)).body.error.code).toBe('LINK_INVALID');

  // The API description shows the new endpoints with their schemas.
  const spec = (await stack.call('GET', '/openapi.json', undefined, null)).body;
  expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/feedback/{token}', '/v1/feedback']));
  expect(Object.keys(spec.components.schemas)).toEqual(expect.arrayContaining(['FeedbackInput', 'Feedback', 'FeedbackList']));

  // /metrics shows the ratings.
  const metrics = (await stack.call('GET', '/metrics', undefined, null)).body as string;
  expect(metrics).toMatch(/support_sessions_feedback_rating_count\{session_type="implementation"\} [1-9]/);

  // The link lasts 7 days after the session's end ...
  await expect(verifyLinkToken(a.token, stack.settings.linkSecret, new Date(Date.parse(a.booking.end) + 7 * 86400_000 + 1000))).rejects.toMatchObject({ code: 'LINK_EXPIRED' });
  // ... and once the session ended more than 7 days ago (as if eight days had passed), the answer is closed.
  await stack.db.pool.query(`UPDATE bookings SET start_at = start_at - interval '8 days', end_at = end_at - interval '8 days' WHERE id = $1`, [a.booking.id]);
  const late = await stack.call('POST', `/v1/feedback/${a.token}`, { rating: 5 }, null);
  expect(late.status).toBe(410);
  expect(late.body.error.code).toBe('LINK_EXPIRED');
  expect((await stack.call('GET', '/v1/feedback?agentId=agent-fa')).body.items[0].rating).toBe(2);
});

it('keeps the scopes apart: a Change or Cancel link cannot give feedback, a feedback link cannot touch the booking', async () => {
  await stack.call('PUT', '/v1/customers/c-fb-scope', { name: 'Ana', email: 'ana@example.com', locale: 'es', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const start = new Date(Date.now() + 72 * 3600_000);
  const slot = (await stack.call('POST', '/v1/slots', { agentId: 'agent-fc', sessionType: 'implementation', start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() })).body;
  const { links } = (await stack.call('POST', '/v1/bookings', { customerId: 'c-fb-scope', slotId: slot.id }, 'booking_ui')).body;
  for (const link of [links.change, links.cancel]) {
    const token = link.split('/b/')[1];
    const json = await stack.call('POST', `/v1/feedback/${token}`, { rating: 5 }, null);
    expect(json.status).toBe(401);
    expect(json.body.error.code).toBe('LINK_INVALID');
    const page = await stack.call('GET', `/f/${token}`, undefined, null);
    expect(page.status).toBe(401);
    expect(page.body).toContain('no es válido');
  }

  const { token: feedbackToken, booking } = await attendedSession('c-fb-scope2', 'agent-fd', 'en');
  for (const [method, path] of [
    ['GET', `/v1/links/${feedbackToken}`],
    ['POST', `/v1/links/${feedbackToken}/cancel`],
    ['POST', `/v1/links/${feedbackToken}/reschedule`],
    ['GET', `/b/${feedbackToken}`],
  ]) {
    const res = await stack.call(method, path, method === 'POST' ? (path.endsWith('cancel') ? {} : { slotId: slot.id }) : undefined, null);
    expect([path, res.status]).toEqual([path, 401]);
  }
  expect((await stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body.status).toBe('attended');
});
