// Nothing personal in Temporal: the booking's and the customer's histories, read as an engineer reads them (the CLI's
// `temporal workflow show -o json`, payloads decoded), hold ids, times and terms, never a name, an address, a phone
// or a free text (conduct description, decision note, cancel reason, attendance note).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bookingWorkflowId, customerWorkflowId } from '../../workflows/ids';
import { expectNoFailedWorkflowTask, historyText } from '../helpers/history-checks';
import { KEYS, startTestStack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const SECRETS = {
  name: 'Zoë Privatname',
  email: 'zoe.privatname@example.com',
  phone: '+34611223344',
  description: 'SECRET-conduct-description',
  decisionNote: 'SECRET-decision-note',
  reason: 'SECRET-cancel-reason',
  note: 'SECRET-attendance-note',
};
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

/** The history as the CLI prints it through the API's codec endpoint, as an engineer reads it in the Web UI (every
 * payload's data base64-decoded too); null where no CLI is at hand. Asynchronous: this process serves the endpoint. */
async function shown(workflowId: string): Promise<string | null> {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) return null;
  const args = ['workflow', 'show', '-w', workflowId, '-o', 'json', '--address', stack.env.address, '--namespace', stack.env.namespace ?? 'default'];
  const codec = ['--codec-endpoint', `${stack.base}/codec`, '--codec-auth', `Bearer ${KEYS.manager}`];
  const { stdout } = await promisify(execFile)(cli, [...args, ...codec], { encoding: 'utf8', timeout: 60_000 });
  return stdout + [...stdout.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('\n');
}

it('a booking with a conduct report, a cancel reason and an attendance note leaves no personal data in either history', async () => {
  const c = 'c-privacy';
  const { name, email, phone } = SECRETS;
  expect((await stack.call('PUT', `/v1/customers/${c}`, { name, email, phone, locale: 'en', timeZone: 'UTC', plan: 'business', seats: 2 }, 'booking_ui')).status).toBeLessThan(300);
  // One booking cancelled with a reason; one that starts in a few seconds, then gets an attendance note.
  const later = (await stack.call('POST', '/v1/slots', { agentId: 'ag-p1', sessionType: 'implementation', start: at(50 * 3600_000), end: at(51 * 3600_000) })).body;
  const soon = (await stack.call('POST', '/v1/slots', { agentId: 'ag-p2', sessionType: 'quick_assist', start: at(4000), end: at(1800_000) })).body;
  const cancelled = (await stack.call('POST', '/v1/bookings', { customerId: c, slotId: later.id }, 'booking_ui')).body.booking;
  const attended = (await stack.call('POST', '/v1/bookings', { customerId: c, slotId: soon.id }, 'booking_ui')).body.booking;
  expect(cancelled?.id && attended?.id).toBeTruthy();

  const report = (await stack.call('POST', `/v1/customers/${c}/conduct-reports`, { description: SECRETS.description, bookingId: cancelled.id }, 'agent')).body;
  expect((await stack.call('POST', `/v1/customers/${c}/conduct-reports/${report.id}/decision`, { action: 'warn', note: SECRETS.decisionNote }, 'manager')).status).toBe(200);
  expect((await stack.call('POST', `/v1/bookings/${cancelled.id}/cancel`, { reason: SECRETS.reason }, 'booking_ui')).status).toBe(200);
  await until(async () => (await stack.call('GET', `/v1/bookings/${attended.id}`, undefined, 'booking_ui')).body.status === 'in_progress');
  expect((await stack.call('POST', `/v1/bookings/${attended.id}/attendance`, { outcome: 'attended', note: SECRETS.note }, 'agent')).status).toBe(200);
  // Every message has been rendered (from PostgreSQL) by now.
  await until(async () => (await stack.db.pool.query(`SELECT 1 FROM notifications WHERE customer_id = $1 AND status = 'pending'`, [c])).rowCount === 0);
  await until(async () => (await stack.db.pool.query(`SELECT 1 FROM notifications WHERE customer_id = $1 AND kind = 'feedback_request'`, [c])).rowCount === 1);

  // The texts are kept, in PostgreSQL.
  expect((await stack.db.pool.query('SELECT text FROM booking_notes ORDER BY id')).rows.map((r) => r.text)).toEqual([SECRETS.reason, SECRETS.note]);
  expect((await stack.db.pool.query('SELECT note FROM customer_decisions WHERE customer_id = $1', [c])).rows).toEqual([{ note: SECRETS.decisionNote }]);

  for (const id of [bookingWorkflowId(cancelled.id), bookingWorkflowId(attended.id), customerWorkflowId(c)]) {
    const handle = stack.env.client.workflow.getHandle(id);
    const texts = [await historyText(handle), (await shown(id)) ?? ''];
    for (const text of texts) for (const secret of Object.values(SECRETS)) expect({ id, leaked: text.includes(secret) ? secret : null }).toEqual({ id, leaked: null });
    for (const text of texts.filter(Boolean)) expect(text).toContain(c); // the ids are there: the check reads the payloads
    await expectNoFailedWorkflowTask(handle);
  }
});
