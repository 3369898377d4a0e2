import { createLinkToken } from '../../links/tokens';
import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const HOUR = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let n = 0;
async function booked() {
  const customerId = `c-link-${++n}`;
  await stack.call('PUT', `/v1/customers/${customerId}`, { name: 'Ann', email: 'ann@example.com', locale: 'en', timeZone: 'America/New_York', plan: 'pro', seats: 2 }, 'booking_ui');
  const slot = async (h: number) => (await stack.call('POST', '/v1/slots', { agentId: `ag-${n}-${h}`, sessionType: 'implementation', start: at(h * HOUR), end: at(h * HOUR + HOUR) })).body;
  const [s1, s2] = [await slot(72), await slot(100)];
  const res = await stack.call('POST', '/v1/bookings', { customerId, slotId: s1.id }, 'booking_ui');
  const token = (url: string) => url.split('/b/')[1];
  return { booking: res.body.booking, change: token(res.body.links.change), cancel: token(res.body.links.cancel), s2 };
}
const state = async (id: string) => (await stack.call('GET', `/v1/bookings/${id}`, undefined, 'booking_ui')).body;

describe('customer links', () => {
  it('shows the booking, its change terms and free slots; GET changes nothing', async () => {
    const { booking, change, s2 } = await booked();
    const res = await stack.call('GET', `/v1/links/${change}`, undefined, null);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ booking: { id: booking.id, status: 'scheduled' }, changeTerms: { late: false } });
    expect(res.body.freeSlots.map((s: { id: string }) => s.id)).toContain(s2.id);
    const page = await fetch(`${stack.base}/b/${change}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Your implementation session');
    expect(html).toContain(s2.id);
    expect((await state(booking.id)).version).toBe(1);
  });

  it('moves the booking with the change link; the old link then no longer acts', async () => {
    const { booking, change, s2 } = await booked();
    const moved = await stack.call('POST', `/v1/links/${change}/reschedule`, { slotId: s2.id }, null);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ late: false, countedAsNoShow: false, booking: { slotId: s2.id, version: 2 } });
    const stale = await stack.call('POST', `/v1/links/${change}/reschedule`, { slotId: s2.id }, null);
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('LINK_INVALID');
    expect((await state(booking.id)).version).toBe(2);
  });

  it('refuses tampered, expired and wrongly scoped links and changes nothing', async () => {
    const { booking, change, cancel } = await booked();
    const tampered = change.slice(0, -3) + (change.endsWith('aaa') ? 'bbb' : 'aaa');
    expect((await stack.call('POST', `/v1/links/${tampered}/cancel`, {}, null)).body.error.code).toBe('LINK_INVALID');
    const expired = await createLinkToken({ bookingId: booking.id, version: 1, scope: 'cancel' }, new Date(Date.now() - 1000), stack.settings.linkSecret);
    const gone = await stack.call('POST', `/v1/links/${expired}/cancel`, {}, null);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('LINK_EXPIRED');
    expect((await stack.call('POST', `/v1/links/${change}/cancel`, {}, null)).body.error.code).toBe('LINK_INVALID');
    expect((await state(booking.id)).status).toBe('scheduled');
    const ok = await stack.call('POST', `/v1/links/${cancel}/cancel`, {}, null);
    expect(ok.body).toMatchObject({ late: false, booking: { status: 'cancelled' } });
  });
});
