// Seats through HTTP on the dev-server stack: capacity under concurrency, the waitlist's order, promotion, the invite.
// ical.js is published as ESM with a CommonJS build; this project is CommonJS, so it takes the latter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default = require('ical.js');
import { startProviderFake } from '../fakes/providers';
import { record } from '../helpers/histories';
import { expectNoFailedWorkflowTask, historyText } from '../helpers/history-checks';
import { startTestStack } from '../helpers/stack';
import { createWorkshopService } from '../../api/workshops-service';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { sleep, until } from '../helpers/wait';
import { createWorkshop, customer, register } from './helpers';

let fake: Awaited<ReturnType<typeof startProviderFake>>;
let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  fake = await startProviderFake();
  stack = await startTestStack(fake.env);
});
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

type Registration = { id: string; customerId: string; status: string; position: number | null; reminders: { offset: string; status: string }[] };
const emailsTo = (customerId: string, kind: string) => fake.emails().filter((m) => m.to === `${customerId}@example.com` && m.key?.includes(`:${kind}:`));

it('30 registrations at once for 10 seats: exactly 10 registered, 20 waitlisted at positions 1–20 in acceptance order', async () => {
  const w = await createWorkshop(stack, { capacity: 10 });
  const customers = await Promise.all(Array.from({ length: 30 }, () => customer(stack)));
  const answers = await Promise.all(customers.map((c) => register(stack, w.id, c)));
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
  const regs = answers.map((a) => a.body.registration as Registration);
  expect(regs.filter((r) => r.status === 'registered')).toHaveLength(10);
  const waiting = regs.filter((r) => r.status === 'waitlisted');
  expect(waiting.map((r) => r.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

  const workshop = await stack.call('GET', `/v1/workshops/${w.id}`, undefined, 'booking_ui');
  expect(workshop.body).toMatchObject({ capacity: 10, registered: 10, waitlisted: 20, seatsLeft: 0, status: 'scheduled' });
  const { rows } = await stack.db.pool.query(`SELECT count(*)::int AS n FROM workshop_registrations WHERE workshop_id = $1 AND seat IS NOT NULL`, [w.id]);
  expect(rows[0].n).toBe(10);

  // The roster pages from its index: the seats, then the waitlist by position.
  const first = await stack.call('GET', `/v1/workshops/${w.id}/registrations?limit=25`, undefined, 'agent');
  expect(first.body).toHaveLength(25);
  const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')![1];
  const second = await stack.call('GET', new URL(next).pathname + new URL(next).search, undefined, 'agent');
  expect(second.headers.get('link')).toBeNull();
  const roster = [...first.body, ...second.body] as Registration[];
  expect(roster.map((r) => r.status)).toEqual([...Array(10).fill('registered'), ...Array(20).fill('waitlisted')]);
  expect(roster.slice(10).map((r) => r.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

  // Nobody on the waitlist has reminders; each seat has the policy's.
  for (const r of roster.slice(10)) expect(r.reminders).toEqual([]);
  for (const r of roster.slice(0, 10)) expect(r.reminders.map((x) => `${x.offset}:${x.status}`)).toEqual(['P2D:pending', 'PT24H:pending', 'PT1H:pending', 'PT30M:pending']);
  await expectNoFailedWorkflowTask(stack.env.client.workflow.getHandle(`workshop:${w.id}`));
});

it('a cancellation gives the seat at once to the first on the waitlist, who gets the invite naming only them', async () => {
  const w = await createWorkshop(stack, { capacity: 2 });
  const [a, b, c, d] = [await customer(stack), await customer(stack), await customer(stack), await customer(stack)];
  const ra = (await register(stack, w.id, a)).body.registration as Registration;
  await register(stack, w.id, b);
  const rc = (await register(stack, w.id, c)).body.registration as Registration;
  const rd = (await register(stack, w.id, d)).body.registration as Registration;
  expect([rc.position, rd.position]).toEqual([1, 2]);

  const cancelled = await stack.call('POST', `/v1/registrations/${ra.id}/cancel`, {}, 'booking_ui');
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ registration: { status: 'cancelled', position: null }, late: false, countedAsNoShow: false });
  const promoted = (await stack.call('GET', `/v1/registrations/${rc.id}`, undefined, 'booking_ui')).body as Registration;
  expect(promoted).toMatchObject({ status: 'registered', position: null });
  expect(promoted.reminders.map((x) => x.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  expect((await stack.call('GET', `/v1/registrations/${rd.id}`, undefined, 'booking_ui')).body).toMatchObject({ status: 'waitlisted', position: 1 });

  await until(async () => emailsTo(c, 'workshop_promoted').length === 1 && emailsTo(a, 'workshop_cancellation').length === 1);
  const [mail] = emailsTo(c, 'workshop_promoted');
  expect(mail.body).toMatch(/ahora es suya/);
  expect(mail.attachments).toHaveLength(1);
  const calendar = new ICAL.Component(ICAL.parse(mail.attachments[0].content));
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  const event = calendar.getFirstSubcomponent('vevent')!;
  const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase());
  expect(attendees).toEqual([`mailto:${c}@example.com`]);
  expect(mail.attachments[0].content).not.toContain(`${d}@example.com`);
  expect(mail.attachments[0].content).not.toContain(`${a}@example.com`);
  // The cancelled seat's calendar event is removed.
  const gone = new ICAL.Component(ICAL.parse(emailsTo(a, 'workshop_cancellation')[0].attachments[0].content));
  expect(gone.getFirstPropertyValue('method')).toBe('CANCEL');
  expect(emailsTo(d, 'workshop_waitlisted')).toHaveLength(1);
  await expectNoFailedWorkflowTask(stack.env.client.workflow.getHandle(`workshop:${w.id}`));
});

it('the same Idempotency-Key answers the same registration; a second registration is ALREADY_REGISTERED', async () => {
  const w = await createWorkshop(stack, { capacity: 5 });
  const c = await customer(stack);
  const first = await register(stack, w.id, c, { 'idempotency-key': 'k-1' });
  const again = await register(stack, w.id, c, { 'idempotency-key': 'k-1' });
  expect(again.body.registration.id).toBe(first.body.registration.id);
  const twice = await register(stack, w.id, c);
  expect(twice.status).toBe(409);
  expect(twice.body.error).toMatchObject({ code: 'ALREADY_REGISTERED', details: { registrationId: first.body.registration.id } });
  expect((await stack.call('GET', `/v1/workshops/${w.id}`, undefined, 'booking_ui')).body.registered).toBe(1);
});

it('a manager cancels the workshop: every registration is cancelled by support and told', async () => {
  const w = await createWorkshop(stack, { capacity: 1 });
  const [a, b] = [await customer(stack), await customer(stack)];
  await register(stack, w.id, a);
  await register(stack, w.id, b);
  const res = await stack.call('POST', `/v1/workshops/${w.id}/cancel`, {});
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'cancelled', registered: 0, waitlisted: 0, seatsLeft: 0 });
  await until(async () => emailsTo(a, 'workshop_cancellation').length === 1 && emailsTo(b, 'workshop_cancellation').length === 1);
  expect(emailsTo(a, 'workshop_cancellation')[0].body).toMatch(/se ha cancelado/);
  const late = await register(stack, w.id, await customer(stack));
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('SLOT_UNAVAILABLE');
  const list = await stack.call('GET', '/v1/workshops', undefined, 'booking_ui');
  expect(list.status).toBe(200);
  await record('workshop-cancelled', stack.env.client.workflow.getHandle(`workshop:${w.id}`));
});

it('the promoted customer gets the remaining reminders (one already past is skipped); nobody on the waitlist gets one', async () => {
  stack.settings.policy = { ...DEFAULT_POLICY, version: 'quick-reminders', reminders: [{ channel: 'email', before: 'PT16S' }, { channel: 'email', before: 'PT6S' }] };
  const w = await createWorkshop(stack, { capacity: 1, startInMs: 22_000 });
  stack.settings.policy = DEFAULT_POLICY;
  const [a, b, c] = [await customer(stack), await customer(stack), await customer(stack)];
  const ra = (await register(stack, w.id, a)).body.registration as Registration;
  const rb = (await register(stack, w.id, b)).body.registration as Registration;
  const rc = (await register(stack, w.id, c)).body.registration as Registration;
  expect([ra.status, rb.status, rc.status]).toEqual(['registered', 'waitlisted', 'waitlisted']);
  await until(async () => emailsTo(a, 'reminder').length === 1);
  expect((await stack.call('POST', `/v1/registrations/${ra.id}/cancel`, {}, 'booking_ui')).status).toBe(200);
  const promoted = (await stack.call('GET', `/v1/registrations/${rb.id}`, undefined, 'booking_ui')).body as Registration;
  expect(promoted.reminders.map((x) => `${x.offset}:${x.status}`)).toEqual(['PT16S:skipped', 'PT6S:pending']);
  await until(async () => emailsTo(b, 'reminder').length === 1);
  expect(emailsTo(b, 'reminder')[0].key).toContain(':reminder:PT6S');
  expect(emailsTo(b, 'reminder')[0].body).toMatch(/Le recordamos su taller «Informes avanzados»/);
  await until(async () => ((await stack.call('GET', `/v1/registrations/${rb.id}`, undefined, 'booking_ui')).body as Registration).reminders[1].status === 'sent');
  while (Date.now() < Date.parse(w.start) + 500) await sleep(250);
  expect(emailsTo(c, 'reminder')).toEqual([]);
  expect(emailsTo(a, 'reminder')).toHaveLength(1);
  const { rows } = await stack.db.pool.query(`SELECT booking_id, status FROM notifications WHERE kind = 'reminder' AND booking_id = ANY($1) ORDER BY id`, [[ra.id, rb.id, rc.id]]);
  expect(rows).toEqual([{ booking_id: ra.id, status: 'sent' }, { booking_id: rb.id, status: 'sent' }]);
  for (const id of [`workshop:${w.id}`, `registration:${ra.id}`, `registration:${rb.id}`]) await expectNoFailedWorkflowTask(stack.env.client.workflow.getHandle(id));
  // No personal data in Temporal: the workflows carry ids; names and addresses stay in PostgreSQL.
  for (const id of [`workshop:${w.id}`, `registration:${rb.id}`]) {
    const text = await historyText(stack.env.client.workflow.getHandle(id));
    for (const who of [a, b, c]) expect(text).not.toMatch(new RegExp(`${who}@example\\.com|Name ${who}`));
  }
  // `RECORD_HISTORIES=1` keeps these for test/booking/replay.test.ts.
  await record('workshop-promotion', stack.env.client.workflow.getHandle(`workshop:${w.id}`));
  await record('registration-promoted-reminders', stack.env.client.workflow.getHandle(`registration:${rb.id}`));
});

it('an erasure or a termination cancels every live registration of the customer by support, never counted', async () => {
  const [w1, w2] = [await createWorkshop(stack, { capacity: 1 }), await createWorkshop(stack, { capacity: 1 })];
  const [x, y] = [await customer(stack), await customer(stack)];
  await register(stack, w1.id, y);
  const seat = (await register(stack, w2.id, x)).body.registration as Registration;
  const waiting = (await register(stack, w1.id, x)).body.registration as Registration;
  await createWorkshopService({ pool: stack.db.pool, client: stack.env.client, settings: stack.settings }).cancelRegistrationsOf(x);
  for (const id of [seat.id, waiting.id]) expect((await stack.call('GET', `/v1/registrations/${id}`, undefined, 'booking_ui')).body.status).toBe('cancelled');
  expect((await stack.call('GET', `/v1/workshops/${w2.id}`, undefined, 'booking_ui')).body).toMatchObject({ registered: 0, seatsLeft: 1 });
});
