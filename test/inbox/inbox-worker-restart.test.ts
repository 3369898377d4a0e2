import { sleep, until } from '../helpers/wait';
import { emailFields, notificationsOf, postEmail, putCustomer, startInboxStack, workflowTaskFailures } from '../helpers/inbox';

// The worker stops while a clock runs and a new one takes over: the timers are durable, the messages keyed.
jest.setTimeout(120_000);

let s: Awaited<ReturnType<typeof startInboxStack>>;
beforeAll(async () => {
  s = await startInboxStack({ firstReply: 'PT20S', nextReply: 'PT20S', warnBefore: 'PT10S', businessHours: null });
});
afterAll(() => s?.close());

it('no worker when the warning falls due: the next worker warns at once and breaches at the due time, each once', async () => {
  await putCustomer(s.stack, 'pro', 'restart@example.com');
  const { body } = await postEmail(s.stack, emailFields({ from: 'restart@example.com' }));
  const id = body.conversationId;
  const kinds = async () => (await notificationsOf(s.stack, id)).map((n) => `${n.kind}:${n.status}`);
  await until(async () => (await kinds()).includes('inbox_acknowledgement:sent'));
  const { sla } = (await s.stack.call('GET', `/v1/conversations/${id}`, undefined, 'agent')).body;

  await s.stack.stopWorker();
  await sleep(Math.max(0, Date.parse(sla.dueAt) - 10_000 - Date.now()) + 2_000); // past the warning, before the due time
  expect(await kinds()).toEqual(['inbox_acknowledgement:sent']);
  await s.stack.startWorker();

  await until(async () => (await kinds()).includes('inbox_sla_breach:sent'), 500);
  const c = (await s.stack.call('GET', `/v1/conversations/${id}`, undefined, 'agent')).body;
  expect(c.sla).toMatchObject({ state: 'breached', warnedAt: expect.any(String) });
  expect(Date.parse(c.sla.warnedAt)).toBeGreaterThan(Date.parse(sla.dueAt) - 10_000);
  expect(Date.parse(c.sla.breachedAt)).toBeGreaterThanOrEqual(Date.parse(sla.dueAt));
  expect(await kinds()).toEqual(['inbox_acknowledgement:sent', 'inbox_sla_warning:sent', 'inbox_sla_breach:sent']);
  expect(s.fake.emails().filter((m) => m.to === s.stack.settings.agentAlertEmail)).toHaveLength(1);
  expect(s.fake.emails().filter((m) => m.to === s.stack.settings.managerAlertEmail)).toHaveLength(1);
  expect(await workflowTaskFailures(s.stack, id)).toBe(0);
});
