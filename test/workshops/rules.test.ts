// Who may register and when, and what a workshop's no-show costs: refusals with their codes, strikes by policy.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure, UpdateDefinition } from '@temporalio/common';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { cancelRegistrationUpdate, registerUpdate, registrationAttendanceUpdate } from '../../workflows/workshop-messages';
import { expectNoFailedWorkflowTask } from '../helpers/history-checks';
import { startTestStack } from '../helpers/stack';
import { sleep, until } from '../helpers/wait';
import { createWorkshop, customer, register } from './helpers';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const standingRow = async (id: string) => (await stack.db.pool.query(`SELECT level, standing FROM customer_standings WHERE customer_id = $1`, [id])).rows[0];

it('refuses a plan without workshops, a restricted customer and a second registration, with their codes; reduced support does not bar', async () => {
  const w = await createWorkshop(stack, { capacity: 3 });
  const pro = await register(stack, w.id, await customer(stack, 'pro'));
  expect(pro.status).toBe(403);
  expect(pro.body.error.code).toBe('SESSION_TYPE_NOT_INCLUDED');

  const restricted = await customer(stack);
  const report = await stack.call('POST', `/v1/customers/${restricted}/conduct-reports`, { description: 'Abusive in chat' }, 'agent');
  const until_ = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  expect((await stack.call('POST', `/v1/customers/${restricted}/conduct-reports/${report.body.id}/decision`, { action: 'restrict', until: until_ })).status).toBe(200);
  await until(async () => (await standingRow(restricted))?.level === 'restricted');
  const refused = await register(stack, w.id, restricted);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('SUPPORT_RESTRICTED');
  expect(Date.parse(refused.body.error.details.until)).toBe(Date.parse(until_));

  // Reduced support takes away 1:1 sessions only.
  const reduced = await customer(stack);
  await until(async () => (await standingRow(reduced)) !== undefined);
  const st = (await standingRow(reduced)).standing;
  await stack.db.pool.query(`UPDATE customer_standings SET level = 'reduced', standing = $2 WHERE customer_id = $1`, [
    reduced,
    JSON.stringify({ ...st, level: 'reduced', canBook: false, channels: st.channels.filter((c: string) => !['implementation_sessions', 'quick_assists'].includes(c)) }),
  ]);
  const ok = await register(stack, w.id, reduced);
  expect(ok.status).toBe(201);
  const again = await register(stack, w.id, reduced);
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'ALREADY_REGISTERED', details: { registrationId: ok.body.registration.id } });

  const unknown = await stack.call('POST', `/v1/workshops/${w.id}/registrations`, { customerId: 'x', extra: 1 }, 'booking_ui');
  expect(unknown.status).toBe(400);
  const nul = await stack.call('POST', '/v1/workshops', { title: 'a\u0000b', agentId: 'a', start: '2999-01-01T10:00:00Z', end: '2999-01-01T11:00:00Z', capacity: 5 });
  expect(nul.status).toBe(400);
  const farPast = await stack.call('POST', '/v1/workshops', { title: 'Old', agentId: 'a', start: '1969-01-01T10:00:00Z', end: '1969-01-01T11:00:00Z', capacity: 5 });
  expect(farPast.status).toBe(400);
  const tooBig = await stack.call('POST', '/v1/workshops', { title: 'Big', agentId: 'a', start: '2999-01-01T10:00:00Z', end: '2999-01-01T11:00:00Z', capacity: 501 });
  expect(tooBig.status).toBe(400);
});

it('after the start: registration is SLOT_UNAVAILABLE; a no-show is a strike only where countsAsStrike', async () => {
  const plain = await createWorkshop(stack, { capacity: 2, startInMs: 4000 });
  stack.settings.policy = { ...DEFAULT_POLICY, version: 'strict-workshops', workshops: { countsAsStrike: true } };
  const strict = await createWorkshop(stack, { capacity: 2, startInMs: 4000 });
  stack.settings.policy = DEFAULT_POLICY;
  const [a, b] = [await customer(stack), await customer(stack)];
  const ra = (await register(stack, plain.id, a)).body.registration;
  const rb = (await register(stack, strict.id, b)).body.registration;
  // Every reminder is already past when registering this close to the start.
  expect(ra.reminders.map((r: { status: string }) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  const early = await stack.call('POST', `/v1/registrations/${ra.id}/attendance`, { outcome: 'no_show' }, 'agent');
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('ATTENDANCE_NOT_OPEN');

  while (Date.now() < Date.parse(strict.start) + 200) await sleep(200);
  const late = await register(stack, plain.id, await customer(stack));
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('SLOT_UNAVAILABLE');
  const cancel = await stack.call('POST', `/v1/registrations/${ra.id}/cancel`, {}, 'booking_ui');
  expect(cancel.status).toBe(409);

  for (const r of [ra, rb]) {
    const res = await stack.call('POST', `/v1/registrations/${r.id}/attendance`, { outcome: 'no_show' }, 'agent');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('no_show');
    const twice = await stack.call('POST', `/v1/registrations/${r.id}/attendance`, { outcome: 'no_show' }, 'agent');
    expect(twice.body.status).toBe('no_show');
  }
  await until(async () => (await stack.call('GET', `/v1/customers/${b}/standing`, undefined, 'booking_ui')).body.strikes.length === 1);
  const strike = (await stack.call('GET', `/v1/customers/${b}/standing`, undefined, 'booking_ui')).body.strikes[0];
  expect(strike).toMatchObject({ bookingId: rb.id, reason: 'no_show' });
  expect((await stack.call('GET', `/v1/customers/${a}/standing`, undefined, 'booking_ui')).body.strikes).toEqual([]);
  for (const w of [plain, strict]) await expectNoFailedWorkflowTask(stack.env.client.workflow.getHandle(`workshop:${w.id}`));
});

it('hostile values sent to the workshop workflow directly are refused; no workflow task fails', async () => {
  const w = await createWorkshop(stack, { capacity: 2 });
  const handle = stack.env.client.workflow.getHandle(`workshop:${w.id}`);
  const junk: [UpdateDefinition<unknown, [never]>, unknown][] = [
    [registerUpdate as never, { registrationId: 'r1', customerId: 'c1', timeZone: 'Europe/Madrid', locale: 'toString' }],
    [registerUpdate as never, { registrationId: 'r2', customerId: 'c1', timeZone: 'Not/AZone', locale: 'es' }],
    [registerUpdate as never, { registrationId: 7, customerId: null }],
    [registerUpdate as never, null],
    [cancelRegistrationUpdate as never, { registrationId: 'constructor' }],
    [registrationAttendanceUpdate as never, { registrationId: '__proto__', outcome: 'toString' }],
  ];
  for (const [update, arg] of junk) {
    const err = await handle.executeUpdate(update, { args: [arg as never] }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(['VALIDATION_FAILED', 'NOT_FOUND']).toContain(((err as WorkflowUpdateFailedError).cause as ApplicationFailure).type);
  }
  const c = await customer(stack);
  const ok = (await register(stack, w.id, c)).body.registration;
  const bad = await handle.executeUpdate(registrationAttendanceUpdate, { args: [{ registrationId: ok.id, outcome: 'toString' as never }] }).then(() => null, (e: unknown) => e);
  expect(((bad as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('VALIDATION_FAILED');
  expect((await stack.call('GET', `/v1/workshops/${w.id}`, undefined, 'booking_ui')).body.registered).toBe(1);
  await expectNoFailedWorkflowTask(handle);
});

it('malformed requests get 4xx with the contract body, never a 500; the list pages by time with Link', async () => {
  // Starts no other workshop of this file shares (theirs are on whole minutes).
  const w = await createWorkshop(stack, { capacity: 2, startInMs: 4 * 24 * 3600_000 + 12_345 });
  const later = await createWorkshop(stack, { capacity: 2, startInMs: 6 * 24 * 3600_000 });
  const bad: [string, string, unknown, number][] = [
    ['GET', '/v1/workshops?limit=0', undefined, 400],
    ['GET', '/v1/workshops?limit=501', undefined, 400],
    ['GET', '/v1/workshops?limit=abc', undefined, 400],
    ['GET', '/v1/workshops?cursor=eyJ4Ijox', undefined, 400],
    ['GET', '/v1/workshops?cursor=!!', undefined, 400],
    ['GET', '/v1/workshops?from=10000-01-01T00:00:00Z', undefined, 400],
    ['GET', '/v1/workshops?bogus=1', undefined, 400],
    ['GET', `/v1/workshops/${w.id}/registrations?cursor=${Buffer.from(JSON.stringify({ rank: 'x', ord: 1, id: 'a' })).toString('base64url')}`, undefined, 400],
    ['GET', '/v1/workshops/not%20an%20id', undefined, 400],
    ['GET', '/v1/workshops/unknown-id', undefined, 404],
    ['GET', '/v1/registrations/unknown-id', undefined, 404],
    ['POST', '/v1/workshops', [], 400],
    ['POST', '/v1/workshops', { title: 'x', agentId: 'a', start: 'tomorrow', end: 'later', capacity: 2 }, 400],
    ['POST', '/v1/workshops', { title: '\ud800', agentId: 'a', start: '2999-01-01T10:00:00Z', end: '2999-01-01T11:00:00Z', capacity: 2 }, 400],
    ['POST', '/v1/workshops', { title: 'x', agentId: 'a', start: '2999-01-01T10:00:00Z', end: '2999-01-01T09:00:00Z', capacity: 2 }, 400],
    ['POST', `/v1/workshops/${w.id}/registrations`, { customerId: 42 }, 400],
    ['POST', `/v1/workshops/${w.id}/registrations`, { customerId: 'nobody' }, 404],
    ['POST', '/v1/workshops/unknown-id/registrations', { customerId: 'nobody' }, 404],
    ['POST', '/v1/registrations/unknown-id/attendance', { outcome: 'unresponsive' }, 400],
    ['POST', '/v1/registrations/unknown-id/cancel', { bySupport: 'yes' }, 400],
  ];
  for (const [method, path, body, status] of bad) {
    const res = await stack.call(method, path, body, 'manager');
    expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} ${status}`);
    expect(typeof res.body.error.code).toBe('string');
  }
  const forbidden = await stack.call('POST', '/v1/workshops', { title: 'x', agentId: 'a', start: '2999-01-01T10:00:00Z', end: '2999-01-01T11:00:00Z', capacity: 2 }, 'agent');
  expect(forbidden.status).toBe(403);

  const from = new Date(Date.parse(w.start) - 1000).toISOString();
  const first = await stack.call('GET', `/v1/workshops?limit=1&from=${encodeURIComponent(from)}`, undefined, 'booking_ui');
  expect(first.body.map((x: { id: string }) => x.id)).toEqual([w.id]);
  // Following the links one by one gives every later workshop once, in time order.
  const seen: { id: string; start: string }[] = [...first.body];
  for (let link = first.headers.get('link'); link; ) {
    const url = new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]);
    const page = await stack.call('GET', url.pathname + url.search, undefined, 'booking_ui');
    seen.push(...page.body);
    link = page.headers.get('link');
  }
  expect(seen.filter((x) => x.id === w.id || x.id === later.id).map((x) => x.id)).toEqual([w.id, later.id]);
  expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
  expect(seen.map((x) => Date.parse(x.start))).toEqual(seen.map((x) => Date.parse(x.start)).sort((a, b) => a - b));
});
