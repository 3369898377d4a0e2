import { conversationOfReplyAddress, replyAddress } from '../../links/reply-address';
import { ConversationStatusKey, SlaDueAtKey } from '../../workflows/search-attributes';
import { record } from '../helpers/histories';
import { until } from '../helpers/wait';
import { emailFields, notificationsOf, postEmail, putCustomer, signature, startInboxStack, workflowTaskFailures } from '../helpers/inbox';

// The inbox end to end on a real Temporal dev server, PostgreSQL and the real Mailgun client against a local fake,
// with compressed terms: an answer due 10 s after a message, agents warned 5 s before.
jest.setTimeout(120_000);

let s: Awaited<ReturnType<typeof startInboxStack>>;
beforeAll(async () => {
  s = await startInboxStack();
});
afterAll(() => s?.close());

const conversation = async (id: string) => (await s.stack.call('GET', `/v1/conversations/${id}`, undefined, 'agent')).body;
const kinds = async (id: string) => (await notificationsOf(s.stack, id)).map((n) => `${n.kind}:${n.status}`);
const messagesStored = async () => Number((await s.stack.db.pool.query('SELECT count(*) FROM conversation_messages')).rows[0].count);

it('a pro customer: clock, acknowledgement, reply met in the thread, the answer joins the same conversation, then warning and breach once', async () => {
  const customerId = await putCustomer(s.stack, 'pro', 'Pro.Customer@Example.com');
  const first = emailFields({ from: 'pro.customer@example.com' }); // another case than stored
  const before = Date.now();
  const received = await postEmail(s.stack, first);
  expect(received.status).toBe(200);
  const id = received.body.conversationId;
  let c = await conversation(id);
  expect(c).toMatchObject({ customerId, subject: 'Help with the export', status: 'open', sla: { state: 'running', warnedAt: null, breachedAt: null } });
  expect(Date.parse(c.sla.dueAt) - before).toBeGreaterThanOrEqual(10_000);
  expect(Date.parse(c.sla.dueAt) - Date.now()).toBeLessThanOrEqual(10_000);
  expect(c.messages).toEqual([expect.objectContaining({ direction: 'in', text: 'The export fails.' })]);
  // What engineers see in the Web UI: the status and the due time as search attributes.
  const described = await s.stack.env.client.workflow.getHandle(`conversation:${id}`).describe();
  expect(described.typedSearchAttributes.get(ConversationStatusKey)).toBe('open');
  expect(described.typedSearchAttributes.get(SlaDueAtKey)?.toISOString()).toBe(c.sla.dueAt);

  await until(async () => (await kinds(id)).includes('inbox_acknowledgement:sent'));
  const [ack] = await notificationsOf(s.stack, id);
  expect(ack.recipient).toBe('Pro.Customer@Example.com');
  expect(ack.body).toContain('Madrid time'); // the promised time in the customer's zone and language

  const reply = await s.stack.call('POST', `/v1/conversations/${id}/replies`, { text: 'Here is how to fix it.' }, 'agent');
  expect(reply.status).toBe(201);
  expect(reply.body.conversation).toMatchObject({ status: 'answered', sla: { state: 'met' } });
  await until(async () => (await kinds(id)).includes('inbox_reply:sent'));
  const sent = s.fake.emails().find((m) => m.body.includes('Here is how to fix it.'))!;
  expect(sent.to).toBe('Pro.Customer@Example.com');
  expect(sent.headers!['In-Reply-To']).toBe(first['Message-Id']);
  expect(sent.headers!.References).toContain(first['Message-Id']);
  expect(conversationOfReplyAddress(sent.headers!['Reply-To'], s.stack.settings.linkSecret)).toBe(id);

  // The customer answers the thread: the same conversation, a new clock.
  const answer = await postEmail(s.stack, emailFields({ from: 'pro.customer@example.com', subject: 'Re: Help', text: 'Still failing', inReplyTo: sent.headers!['Message-Id'] }));
  expect(answer.body.conversationId).toBe(id);
  c = await conversation(id);
  expect(c).toMatchObject({ status: 'open', sla: { state: 'running' } });
  expect(c.messages.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out', 'in']);

  // Nobody answers: the agents are warned, then the managers told of the breach, each once.
  await until(async () => (await conversation(id)).sla.state === 'breached', 500);
  c = await conversation(id);
  expect(Date.parse(c.sla.breachedAt)).toBeGreaterThanOrEqual(Date.parse(c.sla.dueAt));
  expect(Date.parse(c.sla.warnedAt)).toBeLessThan(Date.parse(c.sla.dueAt));
  await until(async () => (await kinds(id)).includes('inbox_sla_breach:sent'));
  const all = await notificationsOf(s.stack, id);
  expect(all.map((n) => n.kind)).toEqual(['inbox_acknowledgement', 'inbox_reply', 'inbox_acknowledgement', 'inbox_sla_warning', 'inbox_sla_breach']);
  expect(all.find((n) => n.kind === 'inbox_sla_warning').recipient).toBe(s.stack.settings.agentAlertEmail);
  expect(all.find((n) => n.kind === 'inbox_sla_breach').recipient).toBe(s.stack.settings.managerAlertEmail);
  expect(s.fake.emails().filter((m) => m.to === s.stack.settings.managerAlertEmail)).toHaveLength(1);

  const metrics = await (await fetch(`${s.stack.base}/metrics`)).text();
  expect(metrics).toMatch(/support_sessions_inbox_sla_total\{outcome="met"\} 1/);
  expect(metrics).toMatch(/support_sessions_inbox_sla_total\{outcome="breached"\} 1/);
  expect(metrics).toMatch(/support_sessions_inbox_first_reply_seconds_count 1/);
  expect(await workflowTaskFailures(s.stack, id)).toBe(0);
  await record('conversation-met-then-breached', s.stack.env.client.workflow.getHandle(`conversation:${id}`));
});

it('a forged signature, a stale timestamp, a reused token: 401 and nothing stored; the same Message-Id twice is stored once', async () => {
  await putCustomer(s.stack, 'pro', 'twice@example.com');
  const stored = await messagesStored();
  const forged = await postEmail(s.stack, emailFields({ from: 'twice@example.com' }, signature({ key: 'not-the-key' })));
  const stale = await postEmail(s.stack, emailFields({ from: 'twice@example.com' }, signature({ timestamp: Math.floor(Date.now() / 1000) - 301 })));
  const missing = await postEmail(s.stack, { from: 'twice@example.com', subject: 'no signature' });
  const nul = await postEmail(s.stack, { ...emailFields({ from: 'twice\u0000@example.com', text: 'a\u0000b' }), 'Message-Id': '<n\u0000ul@x>' });
  expect(nul.status).toBe(200); // NULs dropped, never a 500
  for (const r of [forged, stale, missing]) expect(r).toEqual({ status: 401, body: { error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) } });

  const sig = signature();
  const once = emailFields({ from: 'twice@example.com' }, sig);
  const first = await postEmail(s.stack, once, true); // multipart, as Mailgun posts an email with attachments
  expect(first.status).toBe(200);
  const reused = await postEmail(s.stack, emailFields({ from: 'twice@example.com' }, sig));
  expect(reused.status).toBe(401);
  const again = await postEmail(s.stack, { ...once, ...signature() });
  expect(again).toEqual({ status: 200, body: first.body });
  expect(await messagesStored()).toBe(stored + 2);
  expect((await conversation(first.body.conversationId)).messages).toHaveLength(1);
});

it('an essentials customer, a restricted customer and an unknown sender: kept, no clock, inbox_not_included', async () => {
  await putCustomer(s.stack, 'essentials', 'basic@example.com', 'es');
  const restricted = await putCustomer(s.stack, 'pro', 'restricted@example.com');
  const report = await s.stack.call('POST', `/v1/customers/${restricted}/conduct-reports`, { description: 'Abusive language' }, 'agent');
  const until2 = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  await s.stack.call('POST', `/v1/customers/${restricted}/conduct-reports/${report.body.id}/decision`, { action: 'restrict', until: until2 }, 'manager');
  await until(async () => (await s.stack.db.pool.query(`SELECT 1 FROM customer_standings WHERE customer_id = $1 AND level = 'restricted'`, [restricted])).rowCount === 1);

  const cases = [
    { from: 'basic@example.com', says: 'Su plan no incluye la bandeja de entrada exclusiva' },
    { from: 'restricted@example.com', says: 'restricted until' },
    { from: 'stranger@example.com', says: 'No encontramos ninguna cuenta' },
  ];
  for (const { from, says } of cases) {
    const r = await postEmail(s.stack, emailFields({ from, text: `from ${from}` }));
    expect(r.status).toBe(200);
    const c = await conversation(r.body.conversationId);
    expect(c).toMatchObject({ status: 'open', sla: { state: 'none', dueAt: null } });
    expect(c.messages).toEqual([expect.objectContaining({ text: `from ${from}` })]);
    await until(async () => (await kinds(c.id)).includes('inbox_not_included:sent'));
    const [n] = await notificationsOf(s.stack, c.id);
    expect(n.recipient).toBe(from);
    expect(n.body).toContain(says);
    expect(n.headers['Reply-To']).toMatch(/^support\+c\./);
  }
});

it('a message written in the app, assignment, close and reopening; lists page newest first with a Link', async () => {
  const customerId = await putCustomer(s.stack, 'business', 'app@example.com');
  const created = await s.stack.call('POST', '/v1/conversations', { customerId, subject: 'From the app', text: 'Hello' }, 'booking_ui');
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ customerId, subject: 'From the app', sla: { state: 'running' } });
  const id = created.body.id;
  expect((await s.stack.call('POST', `/v1/conversations/${id}/assign`, { agentId: 'agent-7' }, 'agent')).body.assignee).toBe('agent-7');
  const closed = await s.stack.call('POST', `/v1/conversations/${id}/close`, undefined, 'agent');
  expect(closed.body).toMatchObject({ status: 'closed', sla: { state: 'none' } });
  const bad = await s.stack.call('POST', '/v1/conversations', { customerId, subject: 'x\u0000', text: 'y' }, 'booking_ui');
  expect(bad.status).toBe(400);
  expect((await s.stack.call('POST', '/v1/conversations', { customerId, subject: 'x', text: 'lone \ud800' }, 'booking_ui')).status).toBe(400);
  expect((await s.stack.call('POST', '/v1/conversations', { customerId: 'c-nobody', subject: 'x', text: 'y' }, 'booking_ui')).status).toBe(404);

  const second = await s.stack.call('POST', '/v1/conversations', { customerId, subject: 'Another', text: 'Hi' }, 'booking_ui');
  const page1 = await s.stack.call('GET', `/v1/conversations?customerId=${customerId}&limit=1`, undefined, 'agent');
  expect(page1.body.map((c: { id: string }) => c.id)).toEqual([second.body.id]);
  expect(page1.body[0].messages).toBeUndefined();
  const next = /<([^>]+)>; rel="next"/.exec(page1.headers.get('link') ?? '')![1];
  const page2 = await s.stack.call('GET', next.replace(s.stack.base, ''), undefined, 'agent');
  expect(page2.body.map((c: { id: string }) => c.id)).toEqual([id]);
  expect((await s.stack.call('GET', `/v1/conversations?assignee=agent-7`, undefined, 'agent')).body.map((c: { id: string }) => c.id)).toEqual([id]);
  expect((await s.stack.call('GET', `/v1/conversations?status=nope`, undefined, 'agent')).status).toBe(400);
  expect((await s.stack.call('GET', `/v1/conversations/${id}`, undefined, 'booking_ui')).status).toBe(403);
  expect((await s.stack.call('GET', `/v1/conversations/none`, undefined, 'agent')).status).toBe(404);
  // A customer message to the conversation's reply address reopens it, with a new clock.
  const to = replyAddress('support@mg.example.com', id, s.stack.settings.linkSecret);
  const reopened = await postEmail(s.stack, emailFields({ from: 'app@example.com', recipient: `Support <${to}>`, text: 'One more thing' }));
  expect(reopened.body.conversationId).toBe(id);
  expect(await conversation(id)).toMatchObject({ status: 'open', sla: { state: 'running' } });
  // A forged reply address joins nothing: a new conversation.
  const forgedTo = to.replace(/\.[0-9a-f]{20}@/, '.00000000000000000000@');
  expect((await postEmail(s.stack, emailFields({ from: 'app@example.com', recipient: forgedTo }))).body.conversationId).not.toBe(id);
  await record('conversation-assign-close-reopen', s.stack.env.client.workflow.getHandle(`conversation:${id}`));
});

it('unusable data never wedges a conversation: a bad input fails the run as VALIDATION_FAILED, a bad Update is refused', async () => {
  const client = s.stack.env.client;
  const bad = await client.workflow.start('conversationWorkflow', { workflowId: 'conversation:bad-input', taskQueue: s.stack.settings.taskQueue, args: [{ conversationId: 'bad-input', customerId: null, inbox: null, timeZone: 'Mars/Base', createdAt: 'x' }] });
  await expect(bad.result()).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });

  const customerId = await putCustomer(s.stack, 'pro', 'hostile@example.com');
  const { body } = await s.stack.call('POST', '/v1/conversations', { customerId, subject: 'Hi', text: 'Hello' }, 'booking_ui');
  const handle = client.workflow.getHandle(`conversation:${body.id}`);
  await expect(handle.executeUpdate('receive', { args: [{ messageId: 123 }] })).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });
  await expect(handle.executeUpdate('assign', { args: [{ agentId: { toString: 1 } }] })).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });
  expect((await s.stack.call('POST', `/v1/conversations/${body.id}/assign`, { agentId: 'agent-1' }, 'agent')).body.assignee).toBe('agent-1');
  expect(await workflowTaskFailures(s.stack, body.id)).toBe(0);
});
