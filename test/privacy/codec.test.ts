// Temporal sees only encrypted payloads; the codec endpoint decodes them for engineers (agent or manager key) from
// the Web UI's origin, and for nobody else.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ENCRYPTED_ENCODING } from '../../codec/payload-codec';
import { bookingWorkflowId } from '../../workflows/ids';
import { KEYS, startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const NAME = 'Zoe Codecfield';
const EMAIL = 'zoe.codecfield@example.com';
const b64 = (u: Uint8Array | null | undefined) => Buffer.from(u ?? new Uint8Array()).toString('base64');

async function booking() {
  await stack.call('PUT', '/v1/customers/c-codec', { name: NAME, email: EMAIL, phone: '+34611222333', locale: 'en', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const start = new Date(Date.now() + 72 * 3600_000);
  const slot = (await stack.call('POST', '/v1/slots', { agentId: 'ag-codec', sessionType: 'implementation', start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() })).body;
  const res = await stack.call('POST', '/v1/bookings', { customerId: 'c-codec', slotId: slot.id }, 'booking_ui');
  expect(res.status).toBe(201);
  return res.body.booking as { id: string };
}

/** The CLI's output with every payload's data base64-decoded, as a person would read it. */
const readable = (out: string) => out + [...out.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('latin1')).join('\n');

/** `temporal workflow show -o json`, as an engineer reads a history (optionally through the codec endpoint, which
 * this process serves: so never a synchronous spawn). */
async function show(workflowId: string, extra: string[] = []): Promise<string> {
  const { stdout } = await promisify(execFile)(process.env.TEMPORAL_CLI_PATH!, ['workflow', 'show', '-w', workflowId, '-o', 'json', '--address', stack.env.address, ...extra], { timeout: 60_000 });
  return stdout;
}

it('a history read raw shows binary/encrypted payloads and none of the personal data; the codec endpoint decodes them only for engineers', async () => {
  const { id } = await booking();
  const raw = await show(bookingWorkflowId(id));
  expect(raw).toContain(Buffer.from(ENCRYPTED_ENCODING).toString('base64'));
  // Ids stay readable (the CustomerId search attribute); names and contacts do not.
  for (const secret of [NAME, EMAIL, '+34611222333']) expect(readable(raw)).not.toContain(secret);

  const history = await stack.env.client.workflow.getHandle(bookingWorkflowId(id)).fetchHistory();
  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
  const body = { payloads: [{ metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(input.data) }] };
  const ui = new URL(stack.settings.temporalUiUrl).origin;

  const decoded = await stack.call('POST', '/codec/decode', body, 'manager', { origin: ui, 'x-namespace': 'default' });
  expect(decoded.status).toBe(200);
  expect(decoded.headers.get('access-control-allow-origin')).toBe(ui);
  const plain = Buffer.from(decoded.body.payloads[0].data, 'base64').toString();
  expect(plain).toContain('c-codec');
  expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
  expect((await stack.call('POST', '/codec/decode', body, 'agent')).status).toBe(200);

  // Nobody else: no key, a booking_ui key, another origin.
  const none = await stack.call('POST', '/codec/decode', body, null);
  expect(none.status).toBe(401);
  expect(JSON.stringify(none.body)).not.toContain('c-codec');
  expect((await stack.call('POST', '/codec/decode', body, 'booking_ui')).status).toBe(403);
  const elsewhere = await stack.call('POST', '/codec/decode', body, 'manager', { origin: 'https://evil.example' });
  expect(elsewhere.status).toBe(403);
  expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  const preflight = await fetch(`${stack.base}/codec/decode`, { method: 'OPTIONS', headers: { origin: ui, 'access-control-request-method': 'POST' } });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);

  // Encode then decode round-trips; the CLI reads the history through the endpoint as the Web UI would.
  const json = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
  const enc = await stack.call('POST', '/codec/encode', { payloads: [json] }, 'manager');
  expect(Buffer.from(enc.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
  const back = await stack.call('POST', '/codec/decode', { payloads: enc.body.payloads }, 'manager');
  expect(back.body.payloads[0].data).toBe(json.data);
  const throughCodec = await show(bookingWorkflowId(id), ['--codec-endpoint', `${stack.base}/codec`, '--codec-auth', `Bearer ${KEYS.manager}`]);
  expect(throughCodec).not.toContain(Buffer.from(ENCRYPTED_ENCODING).toString('base64'));
  expect(readable(throughCodec)).toContain('c-codec');
});
