// Chromium: a registration's link page on a phone, and the console's workshop pages (create, roster, attendance).
import { mkdirSync } from 'node:fs';
import axe from 'axe-core';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { formatSessionTime } from '../../notify/templates';
import { useBrowserStack } from '../helpers/browser';
import { KEYS } from '../helpers/stack';
import { sleep } from '../helpers/wait';
import { createWorkshop, customer, register } from '../workshops/helpers';

const ui = useBrowserStack();
const SHOTS = 'test-results/workshops';
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function expectAccessible(page: Page) {
  await page.evaluate(axe.source);
  const result = await page.evaluate(() => (globalThis as unknown as { axe: typeof axe }).axe.run({ resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((x) => x.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}

it('on a phone (390×844): the link page shows the workshop in the customer zone, the seat or the position, and Cancel', async () => {
  const w = await createWorkshop(ui.stack, { capacity: 1, title: 'Paneles de control' });
  const [a, b] = [await customer(ui.stack), await customer(ui.stack)];
  const seat = (await register(ui.stack, w.id, a)).body;
  const waiting = (await register(ui.stack, w.id, b)).body;
  const context = await ui.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-ES' });
  const page = await context.newPage();

  const response = await page.goto(waiting.links.cancel);
  expect(response!.headers()['cache-control']).toBe('no-store');
  expect(response!.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(await page.textContent('h1')).toBe('Taller: Paneles de control');
  expect(await page.textContent('#when')).toBe(formatSessionTime(w.start, 'Europe/Madrid', 'es'));
  expect(await page.textContent('#zone')).toContain('Europe/Madrid');
  expect(await page.textContent('#state')).toContain('posición 1');
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/waitlisted-phone.png`, fullPage: true });

  // The seat holder cancels with one tap; the first on the waitlist has the seat at once.
  await page.goto(seat.links.cancel);
  expect(await page.textContent('#state')).toBe('Tiene plaza en este taller.');
  await Promise.all([page.waitForURL(/done=cancelled/), page.getByRole('button', { name: 'Cancelar mi plaza' }).click()]);
  expect(await page.textContent('#result')).toContain('cancelada');
  await expectAccessible(page);
  await page.goto(waiting.links.cancel);
  expect(await page.textContent('#state')).toBe('Tiene plaza en este taller.');
  await page.screenshot({ path: `${SHOTS}/promoted-phone.png`, fullPage: true });
  // A registration link never reaches a booking's actions.
  expect((await ui.stack.call('POST', `/v1/links/${new URL(waiting.links.cancel).pathname.split('/').pop()}/cancel`, {}, null)).status).toBe(401);
  await context.close();
});

it('the console: a manager creates a workshop; an agent sees the roster and waitlist and records the whole roster at once', async () => {
  const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${ui.stack.base}/console/login`);
  await page.fill('input[name=key]', KEYS.manager);
  await Promise.all([page.waitForURL(`${ui.stack.base}/console`), page.getByRole('button', { name: 'Sign in' }).click()]);
  await Promise.all([page.waitForURL('**/console/workshops'), page.getByRole('link', { name: 'Workshops' }).click()]);
  await page.fill('input[name=title]', 'Weekly reporting clinic');
  await page.fill('input[name=agentId]', 'ag-host');
  await page.fill('input[name=start]', DateTime.now().setZone('Europe/Madrid').plus({ days: 2 }).toFormat("yyyy-MM-dd'T'10:00"));
  await page.fill('input[name=capacity]', '12');
  await Promise.all([page.waitForURL(/done=created/), page.getByRole('button', { name: 'Create workshop' }).click()]);
  expect(await page.textContent('[role=status]')).toContain('The workshop was created');
  expect(await page.textContent('#registered')).toBe('0');
  expect(await page.getByRole('button', { name: 'Cancel the workshop' }).count()).toBe(1);
  await context.close();

  // A workshop about to start, two seats and one waiting.
  const w = await createWorkshop(ui.stack, { capacity: 2, startInMs: 3000, title: 'Starting now' });
  const names: string[] = [];
  const regs = [];
  for (let i = 0; i < 3; i++) {
    const id = await customer(ui.stack);
    names.push(`Name ${id}`);
    regs.push((await register(ui.stack, w.id, id)).body.registration);
  }
  await sleep(Math.max(0, Date.parse(w.start) - Date.now() + 300));
  const agent = await ui.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const p = await agent.newPage();
  await p.goto(`${ui.stack.base}/console/login`);
  await p.fill('input[name=key]', KEYS.agent);
  await Promise.all([p.waitForURL(`${ui.stack.base}/console`), p.getByRole('button', { name: 'Sign in' }).click()]);
  await p.goto(`${ui.stack.base}/console/workshops/${w.id}`);
  expect(await p.textContent('h2:has-text("Waitlist") + .scroll')).toContain(names[2]);
  expect(await p.getByRole('button', { name: 'Cancel the workshop' }).count()).toBe(0);
  await p.getByRole('group', { name: `Attendance: ${names[0]}` }).getByLabel('Attended').check();
  await p.getByRole('group', { name: `Attendance: ${names[1]}` }).getByLabel('No-show').check();
  await expectAccessible(p);
  await p.screenshot({ path: `${SHOTS}/roster.png`, fullPage: true });
  await Promise.all([p.waitForURL(/done=recorded/), p.getByRole('button', { name: 'Save attendance' }).click()]);
  expect(await p.textContent('[role=status]')).toContain('Attendance saved');
  const statuses = await Promise.all(regs.map(async (r) => (await ui.stack.call('GET', `/v1/registrations/${r.id}`, undefined, 'agent')).body.status));
  expect(statuses).toEqual(['attended', 'no_show', 'waitlisted']);
  await agent.close();
});
