import { useBrowserStack } from '../helpers/browser';
import { formatWhen } from '../../api/link-page';

const ui = useBrowserStack();

it('opens the Change link of the confirmation, moves the booking and shows the new time', async () => {
  const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  await ui.stack.call('PUT', '/v1/customers/c-browser', { name: 'Lucía', email: 'lucia@example.com', locale: 'es', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const s1 = (await ui.stack.call('POST', '/v1/slots', { agentId: 'b1', sessionType: 'implementation', start: at(80), end: at(81) })).body;
  const s2 = (await ui.stack.call('POST', '/v1/slots', { agentId: 'b2', sessionType: 'implementation', start: at(120), end: at(121) })).body;
  const booking = (await ui.stack.call('POST', '/v1/bookings', { customerId: 'c-browser', slotId: s1.id }, 'booking_ui')).body.booking;

  let body = '';
  for (let i = 0; i < 50 && !body; i++) {
    const rows = await ui.stack.db.pool.query(`SELECT body FROM notifications WHERE booking_id = $1 AND kind = 'confirmation' AND status = 'sent'`, [booking.id]);
    body = rows.rows[0]?.body ?? '';
    if (!body) await new Promise((r) => setTimeout(r, 100));
  }
  const changeLink = /Cambiar: (\S+)/.exec(body)?.[1];
  expect(changeLink).toMatch(new RegExp(`^${ui.stack.base}/b/`));

  const page = await ui.browser.newPage();
  await page.goto(changeLink!);
  expect(await page.textContent('#when')).toBe(formatWhen(booking.start, 'Europe/Madrid', 'es'));
  await Promise.all([page.waitForURL(/done=moved/), page.click(`button[data-slot="${s2.id}"]`)]);
  expect(await page.textContent('[role=status]')).toContain('Su sesión se ha cambiado');
  expect(await page.textContent('#when')).toBe(formatWhen(s2.start, 'Europe/Madrid', 'es'));
  const after = (await ui.stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body;
  expect(after).toMatchObject({ slotId: s2.id, version: 2 });
});
