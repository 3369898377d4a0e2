import { mkdirSync } from 'node:fs';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { BROWSER_SETUP_TIMEOUT_MS, launchChromium } from '../helpers/browser';
import { formatSessionTime } from '../../notify/templates';
import { startTestStack } from '../helpers/stack';
import { sleep, until } from '../helpers/wait';

const SHOTS = 'test-results/link-page';
let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startTestStack();
  browser = await launchChromium();
}, BROWSER_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

// Slots start on whole minutes, as agents publish them.
const at = (h: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + h * 3600_000).toISOString();
let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 6)}`;

async function customer(locale: 'es' | 'en') {
  const id = unique('c-page');
  await stack.call('PUT', `/v1/customers/${id}`, { name: 'Lucía', email: `${id}@example.com`, locale, timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  return id;
}
async function slot(start: string, minutes = 60) {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return (await stack.call('POST', '/v1/slots', { agentId: unique('agent'), sessionType: 'implementation', start, end })).body as { id: string; start: string; end: string };
}
async function book(customerId: string, slotId: string, acceptFee?: boolean) {
  const res = await stack.call('POST', '/v1/bookings', { customerId, slotId, acceptFee }, 'booking_ui');
  expect(res.status).toBe(201);
  return res.body as { booking: { id: string; start: string }; links: { change: string; cancel: string } };
}
/** The link a message of `kind` carried, as the customer would click it. */
async function linkIn(bookingId: string, kind: string, label: RegExp) {
  let body = '';
  await until(async () => {
    const { rows } = await stack.db.pool.query(`SELECT body FROM notifications WHERE booking_id = $1 AND kind = $2 AND status = 'sent'`, [bookingId, kind]);
    body = rows[0]?.body ?? '';
    return body !== '';
  });
  return new RegExp(`${label.source}: (\\S+)`).exec(body)![1];
}

/** axe-core in the page: no serious or critical violations. */
async function expectAccessible(page: Page) {
  await page.evaluate(axe.source);
  const result = await page.evaluate(() => (globalThis as unknown as { axe: typeof axe }).axe.run({ resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((x) => x.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}

describe.each([
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('on a $name ($viewport.width×$viewport.height)', ({ name, viewport }) => {
  const open = async (url: string) => {
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    return page;
  };
  const shot = (page: Page, what: string) => page.screenshot({ path: `${SHOTS}/${what}-${name}.png`, fullPage: true });

  it('moves the session to a time on another day in two taps and offers the new time for the calendar', async () => {
    const c = await customer('es');
    const [s1, s2] = [await slot(at(80)), await slot(at(104))];
    const { booking } = await book(c, s1.id);
    const page = await open(await linkIn(booking.id, 'confirmation', /Cambiar/));
    expect(await page.textContent('#when')).toBe(formatSessionTime(booking.start, 'Europe/Madrid', 'es'));
    expect(await page.textContent('#zone')).toContain('Europe/Madrid');
    expect(await page.textContent('#terms')).toMatch(/sin consecuencias hasta el .*\(24 horas antes del inicio\)/);
    // Served under a strict CSP: nothing but our own style sheet, no scripts.
    const csp = (await stack.call('GET', new URL(page.url()).pathname, undefined, null)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.$eval('body', (body) => (body.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { fontFamily: string } }).getComputedStyle(body).fontFamily)).toMatch(/system-ui/);
    await expectAccessible(page);
    await shot(page, 'booking');
    // A week at a time: next, then back.
    await Promise.all([page.waitForURL(/week=/), page.click('nav.week a[rel=next]')]);
    expect(await page.isVisible(`input[value="${s2.id}"]`)).toBe(false);
    await Promise.all([page.waitForURL(/week=/), page.click('nav.week a[rel=prev]')]);

    await page.check(`input[value="${s2.id}"]`);
    await Promise.all([page.waitForURL(/done=moved/), page.click('#move-button')]);
    expect(await page.textContent('#result')).toBe(`Hecho: su sesión es ahora el ${formatSessionTime(s2.start, 'Europe/Madrid', 'es')}.`);
    expect(await page.textContent('#when')).toBe(formatSessionTime(s2.start, 'Europe/Madrid', 'es'));
    const ics = await page.getAttribute('a.calendar', 'href');
    const invite = await (await page.request.get(new URL(ics!, page.url()).href)).text();
    expect(invite).toMatch(/METHOD:REQUEST/);
    expect(invite).toMatch(/SEQUENCE:2/);
    await expectAccessible(page);
    await shot(page, 'moved');
    expect((await stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body).toMatchObject({ slotId: s2.id, version: 2 });
    await page.close();
  });

  it('cancels, after saying what a late cancellation would bring', async () => {
    const c = await customer('en');
    const { booking, links } = await book(c, (await slot(at(3))).id);
    const page = await open(links.cancel);
    expect(await page.textContent('#terms')).toContain('It is less than 24 hours before the start: moving or cancelling now counts as a no-show.');
    expect(await page.textContent('#terms')).toContain('This would be your first no-show in 12 months: you would receive a warning.');
    await expectAccessible(page);
    await shot(page, 'late-cancel');
    await Promise.all([page.waitForURL(/done=cancelled/), page.click('#cancel-button')]);
    expect(await page.textContent('#result')).toBe(`Done: your session on ${formatSessionTime(booking.start, 'Europe/Madrid', 'en')} is cancelled.`);
    expect(await page.isVisible('#cancel-button')).toBe(false);
    await expectAccessible(page);
    await shot(page, 'cancelled');
    expect((await stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body.status).toBe('cancelled_late');
    await page.close();
  });

  it('offers the fee as a choice when a penalty applies, and moves when the customer accepts it', async () => {
    const c = await customer('en');
    // Two late cancellations: a penalty is in force (fee, or no session before six months from now).
    const { booking: kept } = await book(c, (await slot(at(80))).id);
    for (const h of [2, 3]) {
      const { booking: late } = await book(c, (await slot(at(h))).id);
      await stack.call('POST', `/v1/bookings/${late.id}/cancel`, {}, 'booking_ui');
    }
    await until(async () => (await stack.call('GET', `/v1/customers/${c}/standing`, undefined, 'booking_ui')).body.penalty !== null);
    const target = await slot(at(100));

    const page = await open(await linkIn(kept.id, 'confirmation', /Change/));
    expect(await page.textContent('#penalty')).toMatch(/carries a fee of €50\.00/);
    await page.check(`input[value="${target.id}"]`);
    await page.click('#move-button');
    await page.waitForSelector('#accept-fee');
    expect(await page.textContent('#accept-fee')).toBe('Accept the fee of €50.00 and move');
    expect(await page.textContent('#later')).toMatch(/Or choose a time without a fee, from/);
    await expectAccessible(page);
    await shot(page, 'penalty-choice');
    await Promise.all([page.waitForURL(/done=moved/), page.click('#accept-fee')]);
    expect(await page.textContent('#when')).toBe(formatSessionTime(target.start, 'Europe/Madrid', 'en'));
    const after = (await stack.call('GET', `/v1/bookings/${kept.id}`, undefined, 'booking_ui')).body;
    expect(after).toMatchObject({ slotId: target.id, fee: { amount: 5000, currency: 'EUR' } });
    await page.close();
  });

  it('leaves feedback after an attended session', async () => {
    const c = await customer('es');
    const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 4000).toISOString();
    const { booking } = await book(c, (await slot(start, 30)).id);
    await sleep(Date.parse(start) - Date.now() + 100);
    await stack.call('POST', `/v1/bookings/${booking.id}/attendance`, { outcome: 'attended' }, 'agent');
    const page = await open(await linkIn(booking.id, 'feedback_request', /Valorar la sesión/));
    expect(await page.textContent('h1')).toBe('¿Qué tal fue su sesión?');
    await expectAccessible(page);
    await page.check('input[name=rating][value="4"]');
    await page.fill('#comment', 'Muy útil, gracias');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button[type=submit]')]);
    expect(await page.textContent('[role=status]')).toContain('hemos guardado su valoración');
    expect(await page.textContent('#current')).toContain('4 de 5');
    await expectAccessible(page);
    await shot(page, 'feedback');
    const list = (await stack.call('GET', `/v1/feedback?agentId=${encodeURIComponent(((await stack.call('GET', `/v1/bookings/${booking.id}`, undefined, 'booking_ui')).body as { agentId: string }).agentId)}`)).body;
    expect(list.items).toMatchObject([{ bookingId: booking.id, rating: 4, comment: 'Muy útil, gracias' }]);
    await page.close();
  });
});
