import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bookingWorkflowId } from '../../workflows/ids';
import { startProviderFake } from '../fakes/providers';
import { startBooking, testSettings } from '../helpers/booking-fixtures';
import { startWorkflowHarness, type TestDatabase } from '../helpers/workflow-harness';

const HOUR = 3600_000;
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let fake: Awaited<ReturnType<typeof startProviderFake>>;
let h: Awaited<ReturnType<typeof startWorkflowHarness>>;

beforeAll(async () => {
  fake = await startProviderFake();
  const settings = testSettings(fake.env);
  h = await startWorkflowHarness({ settings });
  ({ env, db } = h);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});


async function runBooking(startIn: number) {
  const { input } = await startBooking(env.client, db.pool, new Date((await env.currentTimeMs()) + startIn));
  await env.sleep(startIn);
  return input.bookingId;
}
const log = async (bookingId: string) =>
  (await db.pool.query(`SELECT kind, channel, status, provider, provider_message_id, error FROM notifications WHERE booking_id = $1 ORDER BY id`, [bookingId])).rows;

describe('Mailgun and Twilio through their real clients', () => {
  it('sends email through Mailgun and SMS through Twilio, with the exact requests', async () => {
    const before = fake.requests.length;
    const id = await runBooking(2 * HOUR);
    const mails = fake.mail().filter((r) => fake.requests.indexOf(r) >= before);
    const sms = fake.sms().filter((r) => fake.requests.indexOf(r) >= before);
    expect(mails).toHaveLength(2); // confirmation, 1-hour reminder
    expect(mails[0].path).toBe('/v3/mg.example.com/messages');
    expect(mails[0].headers.authorization).toBe(`Basic ${Buffer.from('api:mg-key').toString('base64')}`);
    expect(mails[0].body).toContain('ana@example.com');
    expect(mails[0].body).toContain(`${bookingWorkflowId(id)}:confirmation:v1`);
    expect(mails[0].body).toMatch(/http:\/\/127\.0\.0\.1:3000\/b\//);
    expect(sms).toHaveLength(1);
    expect(sms[0].path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(decodeURIComponent(sms[0].body.replace(/\+/g, ' '))).toContain('To=+34600000000');
    const rows = await log(id);
    expect(rows.map((r) => `${r.kind}:${r.channel}:${r.status}:${r.provider}`)).toEqual([
      'confirmation:email:sent:mailgun',
      'reminder:email:sent:mailgun',
      'reminder:sms:sent:twilio',
    ]);
    expect(rows.every((r) => r.provider_message_id)).toBe(true);
  });

  it('retries a Mailgun 429 and sends once; a Twilio 21211 fails for good and falls back to email', async () => {
    fake.queue(/\/messages$/, { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } });
    fake.queue(/Messages\.json$/, { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } });
    const id = await runBooking(45 * 60_000);
    const rows = await log(id);
    expect(rows.map((r) => `${r.kind}:${r.channel}:${r.status}`)).toEqual([
      'confirmation:email:sent',
      'reminder:sms:failed',
      'reminder:email:sent',
    ]);
    expect(rows[1].error).toContain('21211');
    const confirmations = fake.mail().filter((r) => r.body.includes(`${bookingWorkflowId(id)}:confirmation:v1`));
    expect(confirmations.length).toBe(2); // the 429, then the one accepted
    const accepted = await db.pool.query(`SELECT attempts FROM notifications WHERE key = $1`, [`${bookingWorkflowId(id)}:confirmation:v1`]);
    expect(accepted.rows[0].attempts).toBe(2);
  });

  it('a send whose answer was lost is found at the provider on the retry, and not sent again', async () => {
    const mail = fake.hold(/\/messages$/);
    const sms = fake.hold(/Messages\.json$/);
    const { input } = await startBooking(env.client, db.pool, new Date((await env.currentTimeMs()) + 45 * 60_000));
    const key = (kind: string) => `${bookingWorkflowId(input.bookingId)}:${kind}`;
    await mail.arrived;
    mail.drop(); // Mailgun took the confirmation; the answer is lost
    const sleeping = env.sleep(45 * 60_000);
    await sms.arrived;
    sms.drop(); // Twilio took the 30-minute SMS; the answer is lost
    await sleeping;
    const rows = async () => (await db.pool.query(`SELECT key, status, provider_message_id, error FROM notifications WHERE booking_id = $1 ORDER BY id`, [input.bookingId])).rows;
    while ((await rows()).some((r) => r.status === 'pending')) await new Promise((r) => setTimeout(r, 200));

    const confirmation = (await rows()).find((r) => r.key === key('confirmation:v1'));
    expect(confirmation).toMatchObject({ status: 'sent', provider_message_id: expect.stringMatching(/^<msg-\d+@fake>$/) });
    expect(fake.mail().filter((r) => r.body.includes(key('confirmation:v1')))).toHaveLength(1);
    const reminder = (await rows()).find((r) => r.key.startsWith(key('reminder:')));
    expect(reminder).toMatchObject({ status: 'sent', provider_message_id: expect.stringMatching(/^SM\d+$/) });
    const smsBody = decodeURIComponent(sms.arrived && (await sms.arrived).body);
    expect(fake.sms().filter((r) => decodeURIComponent(r.body) === smsBody)).toHaveLength(1);
    // One message each at the provider, and the log holds exactly what it took.
    const smsRow = (await db.pool.query(`SELECT body FROM notifications WHERE key = $1`, [reminder!.key])).rows[0];
    expect(fake.accepted().filter((m) => m.channel === 'sms' && m.body === smsRow.body)).toHaveLength(1);
    expect(fake.accepted().filter((m) => m.key === key('confirmation:v1'))).toHaveLength(1);
  });

  it('a 429 then a 200: one message each, and the retry carries exactly the body of the first attempt', async () => {
    fake.queue(/\/messages$/, { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } });
    fake.queue(/Messages\.json$/, { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
    const before = fake.requests.length;
    const id = await runBooking(45 * 60_000);
    const rows = (await db.pool.query(`SELECT key, channel, status, body FROM notifications WHERE booking_id = $1 ORDER BY id`, [id])).rows;
    expect(rows.map((r) => `${r.channel}:${r.status}`)).toEqual(['email:sent', 'sms:sent']);
    const posts = fake.requests.slice(before).filter((r) => r.method === 'POST');
    const emailPosts = posts.filter((r) => r.path.endsWith('/messages')).map((r) => r.body.replace(/--+[-\w]+/g, ''));
    const smsPosts = posts.filter((r) => r.path.endsWith('/Messages.json')).map((r) => r.body);
    expect(emailPosts).toHaveLength(2);
    expect(new Set(emailPosts).size).toBe(1); // the same message, byte for byte (multipart boundaries aside)
    expect(smsPosts).toHaveLength(2);
    expect(new Set(smsPosts).size).toBe(1); // the same body and its one short link
    expect(decodeURIComponent(smsPosts[0].replace(/\+/g, ' '))).toContain(rows[1].body);
    expect(fake.accepted().filter((m) => rows.some((r) => m.body === r.body || m.key === r.key))).toHaveLength(2);
  });
});
