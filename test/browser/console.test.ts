import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowserStack } from '../helpers/browser';
import { KEYS } from '../helpers/stack';
import { sleep } from '../helpers/wait';

const ui = useBrowserStack();

const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const customer = (id: string, name: string) =>
  ui.stack.call('PUT', `/v1/customers/${id}`, { name, email: `${id}@example.com`, locale: 'en', timeZone: 'Europe/Madrid', plan: 'business', seats: 1 }, 'booking_ui');

async function signedIn(role: 'agent' | 'manager', viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ui.browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${ui.stack.base}/console`);
  expect(page.url()).toBe(`${ui.stack.base}/console/login`);
  await page.fill('input[name=key]', KEYS[role]);
  await Promise.all([page.waitForURL(`${ui.stack.base}/console`), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { context, page };
}

/** Reloads until the page shows `text` (what a user does while the system catches up). */
async function reloadUntil(page: Page, selector: string, text: string) {
  for (;;) {
    if ((await page.textContent(selector))?.includes(text)) return;
    await sleep(200);
    await page.reload();
  }
}

it('an agent finds a session that has started, clicks "No-show": the booking is no_show and the standing shows the strike', async () => {
  await customer('c-noshow', 'Nora Noshow');
  const start = new Date(Date.now() + 3000);
  const slot = (await ui.stack.call('POST', '/v1/slots', { agentId: 'ag-console', sessionType: 'quick_assist', start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() })).body;
  const booking = (await ui.stack.call('POST', '/v1/bookings', { customerId: 'c-noshow', slotId: slot.id }, 'booking_ui')).body.booking;
  await customer('c-later', 'Leo Later');
  const laterSlot = (await ui.stack.call('POST', '/v1/slots', { agentId: 'ag-console', sessionType: 'implementation', start: at(26), end: at(27) })).body;
  await ui.stack.call('POST', '/v1/bookings', { customerId: 'c-later', slotId: laterSlot.id }, 'booking_ui');
  await sleep(start.getTime() - Date.now() + 300);

  const { context, page } = await signedIn('agent');
  await page.selectOption('select[name=agent]', 'ag-console');
  await Promise.all([page.waitForURL(/agent=ag-console/), page.getByRole('button', { name: 'Show' }).click()]);
  const row = page.locator('tr.needs-record', { hasText: 'Nora Noshow' });
  expect(await row.textContent()).toContain('Not recorded');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/console.png', fullPage: true });

  await Promise.all([page.waitForURL(`**/console/sessions/${booking.id}`), row.locator('a').first().click()]);
  await Promise.all([page.waitForURL(/done=recorded/), page.getByRole('button', { name: 'No-show', exact: true }).click()]);
  expect(await page.textContent('[role=status]')).toContain('Attendance recorded');
  expect(await page.textContent('#booking-status')).toBe('no-show');
  await page.screenshot({ path: 'test-results/console-session.png', fullPage: true });
  expect((await ui.stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'agent')).body.status).toBe('no_show');
  expect(await page.textContent('h2:has-text("Change history") + .scroll')).toMatch(/Booked[\s\S]*Attendance recorded/);
  expect(await page.getByRole('link', { name: 'Open its workflow in the Temporal Web UI' }).getAttribute('href')).toBe(
    `http://127.0.0.1:8233/namespaces/default/workflows/booking:${booking.id}`,
  );

  await Promise.all([page.waitForURL('**/console/customers/c-noshow'), page.getByRole('link', { name: 'Nora Noshow' }).click()]);
  await reloadUntil(page, '#standing', 'Strikes: 1');
  expect(await page.textContent('#standing')).toContain('warned');
  const strikes = page.locator('h2:has-text("Strikes") + .scroll tbody tr');
  expect(await strikes.count()).toBe(1);
  expect(await strikes.first().textContent()).toContain('no-show');
  await context.close();
});

it('a manager restricts a customer until a date from a conduct report; their next booking is refused with SUPPORT_RESTRICTED', async () => {
  await customer('c-rude', 'Rita Rude');
  expect((await ui.stack.call('POST', '/v1/customers/c-rude/conduct-reports', { description: 'shouted at the agent' }, 'agent')).status).toBe(201);

  const { context, page } = await signedIn('manager');
  await Promise.all([page.waitForURL('**/console/reports'), page.getByRole('link', { name: 'Conduct reports' }).click()]);
  const row = page.locator('tr', { hasText: 'Rita Rude' });
  expect(await row.textContent()).toContain('shouted at the agent');
  await Promise.all([page.waitForURL(/\/console\/reports\/[^/]+$/), row.getByRole('link', { name: 'Decide' }).click()]);
  const until = DateTime.now().setZone('Europe/Madrid').plus({ days: 30 }).toISODate()!;
  await page.getByLabel('Restrict support until a date').check();
  await page.fill('input[name=untilDate]', until);
  await Promise.all([page.waitForURL(/\/confirm$/), page.getByRole('button', { name: 'Review the decision' }).click()]);
  expect(await page.textContent('#consequence')).toContain('cannot book any session until');
  await page.screenshot({ path: 'test-results/console-decision.png', fullPage: true });
  await Promise.all([page.waitForURL('**/console/customers/c-rude?done=decided'), page.getByRole('button', { name: 'Confirm: Restrict support until a date' }).click()]);
  expect(await page.textContent('#standing')).toContain('restricted');
  expect(await page.textContent('#restriction')).toContain('Until');

  const slot = (await ui.stack.call('POST', '/v1/slots', { agentId: 'ag-rude', sessionType: 'quick_assist', start: at(50), end: at(51) })).body;
  const refused = await ui.stack.call('POST', '/v1/bookings', { customerId: 'c-rude', slotId: slot.id }, 'booking_ui');
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('SUPPORT_RESTRICTED');
  expect(DateTime.fromISO(refused.body.error.details.until).setZone('Europe/Madrid').toISODate()).toBe(until);

  // Lifted from the customer's page: the customer can book again.
  await Promise.all([page.waitForURL('**/console/customers/c-rude?done=lifted'), page.getByRole('button', { name: 'Lift restriction' }).click()]);
  expect(await page.textContent('#standing')).toContain('good');
  expect((await ui.stack.call('POST', '/v1/bookings', { customerId: 'c-rude', slotId: slot.id }, 'booking_ui')).status).toBe(201);
  await context.close();
});

/** Mondays and Wednesdays, 10:00–12:00 in Madrid, one-hour quick assists, two weeks from `from`. */
async function fillWeeklyHours(page: Page, from: DateTime) {
  await page.fill('input[name=agentId]', 'ag-dst');
  await page.selectOption('select[name=sessionType]', 'quick_assist');
  for (const d of ['Tuesday', 'Thursday', 'Friday']) await page.getByLabel(d).uncheck();
  await page.fill('input[name=startTime]', '10:00');
  await page.fill('input[name=endTime]', '12:00');
  await page.fill('input[name=sessionMinutes]', '60');
  await page.fill('input[name=timeZone]', 'Europe/Madrid');
  await page.fill('input[name=from]', from.toISODate()!);
  await page.fill('input[name=weeks]', '2');
}

it('a manager publishes two weeks of weekly hours in Europe/Madrid across a DST change: the slots keep their wall-clock times', async () => {
  // From the Monday of the week of a DST change in Madrid (at least a week ahead), two weeks span it.
  let day = DateTime.now().setZone('Europe/Madrid').startOf('day').plus({ days: 8 });
  while (day.offset === day.plus({ days: 1 }).offset) day = day.plus({ days: 1 });
  const from = day.minus({ days: day.weekday - 1 });

  const { context, page } = await signedIn('manager', { width: 820, height: 1180 }); // a tablet
  await Promise.all([page.waitForURL('**/console/availability'), page.getByRole('link', { name: 'Availability' }).click()]);
  await fillWeeklyHours(page, from);
  await Promise.all([page.waitForURL('**/availability/preview'), page.getByRole('button', { name: 'Preview' }).click()]);
  expect(await page.textContent('h1')).toBe('8 slots will be created');
  await page.screenshot({ path: 'test-results/console-availability-tablet.png', fullPage: true });
  expect(await ui.stack.db.pool.query(`SELECT 1 FROM slots WHERE agent_id = 'ag-dst'`)).toMatchObject({ rowCount: 0 });
  await Promise.all([page.waitForURL('**/availability/publish'), page.getByRole('button', { name: 'Create 8 slots' }).click()]);
  expect(await page.textContent('[role=status]')).toBe('8 slots created.');

  const free = (await ui.stack.call('GET', `/v1/slots?sessionType=quick_assist&from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(from.plus({ weeks: 2 }).toISO()!)}`, undefined, 'booking_ui')).body;
  const mine = free.filter((s: { agentId: string }) => s.agentId === 'ag-dst');
  const wall = mine.map((s: { start: string }) => DateTime.fromISO(s.start).setZone('Europe/Madrid'));
  expect(mine).toHaveLength(8);
  expect(new Set(wall.map((d: DateTime) => d.toFormat('ccc HH:mm')))).toEqual(new Set(['Mon 10:00', 'Mon 11:00', 'Wed 10:00', 'Wed 11:00']));
  expect(new Set(wall.map((d: DateTime) => d.offset)).size).toBe(2); // both sides of the change

  // The same hours again overlap what was just published: refused, nothing created.
  await page.goto(`${ui.stack.base}/console/availability`);
  await fillWeeklyHours(page, from);
  await Promise.all([page.waitForURL('**/availability/preview'), page.getByRole('button', { name: 'Preview' }).click()]);
  await Promise.all([page.waitForURL('**/availability/publish'), page.getByRole('button', { name: 'Create 8 slots' }).click()]);
  expect(await page.textContent('#error-code')).toBe('SLOT_UNAVAILABLE');
  expect((await ui.stack.db.pool.query(`SELECT 1 FROM slots WHERE agent_id = 'ag-dst'`)).rowCount).toBe(8);
  await context.close();
});

it('keeps agents out of manager pages, ignores forms without their CSRF token, speaks Spanish, and signing out ends the session', async () => {
  await customer('c-agentonly', 'Ana Agent');
  const slot = (await ui.stack.call('POST', '/v1/slots', { agentId: 'ag-es', sessionType: 'quick_assist', start: at(30), end: at(31) })).body;
  const booking = (await ui.stack.call('POST', '/v1/bookings', { customerId: 'c-agentonly', slotId: slot.id }, 'booking_ui')).body.booking;
  const { context, page } = await signedIn('agent');
  expect(await page.getByRole('link', { name: 'Conduct reports' }).count()).toBe(0);
  for (const path of ['/console/reports', '/console/availability']) {
    const res = await page.goto(`${ui.stack.base}${path}`);
    expect(res!.status()).toBe(403);
    expect(await page.textContent('[role=alert]')).toContain('This page is for managers');
  }

  // A form posted without its token (as another site would): refused, nothing reported.
  const forged = await context.request.post(`${ui.stack.base}/console/customers/c-agentonly/conduct-reports`, { form: { description: 'forged' } });
  expect(forged.status()).toBe(403);
  await page.goto(`${ui.stack.base}/console/customers/c-agentonly`);
  expect(await page.textContent('h2:has-text("Conduct reports") + *')).toBe('None.');
  expect((await ui.stack.db.pool.query(`SELECT 1 FROM conduct_reports WHERE customer_id = 'c-agentonly'`)).rowCount).toBe(0);

  // Even with a valid token, a manager action is refused to an agent.
  const token = await page.inputValue('input[name=_csrf] >> nth=0');
  const lift = await context.request.post(`${ui.stack.base}/console/customers/c-agentonly/restriction/lift`, { form: { _csrf: token } });
  expect(lift.status()).toBe(403);
  expect(await lift.text()).toContain('This page is for managers');

  // Spanish, and attendance not yet open before the start.
  await page.goto(`${ui.stack.base}/console/sessions/${booking.id}?lang=es`);
  for (const name of ['Asistió', 'No se presentó', 'Sin respuesta']) expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
  await page.goto(`${ui.stack.base}/console/sessions/${booking.id}?lang=en`);
  for (const name of ['Attended', 'No-show', 'Unresponsive']) expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);

  const cookies = await context.cookies();
  await Promise.all([page.waitForURL('**/console/login'), page.getByRole('button', { name: 'Sign out' }).click()]);
  await page.goto(`${ui.stack.base}/console`);
  expect(page.url()).toBe(`${ui.stack.base}/console/login`);
  // The old cookie, replayed, no longer opens the console.
  const replay = await ui.browser.newContext();
  await replay.addCookies(cookies);
  const again = await replay.newPage();
  await again.goto(`${ui.stack.base}/console`);
  expect(again.url()).toBe(`${ui.stack.base}/console/login`);
  await replay.close();
  await context.close();
});

// Last: the limiter counts per address, and every test here signs in from 127.0.0.1.
it('a wrong key five times is rate-limited, and no key ever reaches the log', async () => {
  const context = await ui.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  for (let i = 1; i <= 5; i++) {
    await page.goto(`${ui.stack.base}/console/login`);
    await page.fill('input[name=key]', `wrong-key-${i}`);
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.textContent('[role=alert]')).toContain('That key is not an agent or manager key');
  }
  await page.goto(`${ui.stack.base}/console/login`);
  await page.fill('input[name=key]', KEYS.manager);
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console/login') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
  expect(res.status()).toBe(429);
  expect(await page.textContent('[role=alert]')).toContain('Too many sign-in attempts');
  const log = JSON.stringify(ui.stack.logLines);
  for (const key of [...Object.values(KEYS), 'wrong-key-1']) expect(log).not.toContain(key);
  await context.close();
});
