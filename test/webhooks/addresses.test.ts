import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress, urlRefusal } from '../../webhooks/addresses';
import { checkedLookup, postWebhook } from '../../webhooks/send';

describe('webhook URL rules', () => {
  it.each([
    ['127.0.0.1', false], ['10.0.0.8', false], ['172.20.1.1', false], ['192.168.1.1', false], ['169.254.169.254', false], ['100.64.0.1', false],
    ['0.0.0.0', false], ['224.0.0.1', false], ['::1', false], ['::', false], ['fd00::1', false], ['fe80::1', false], ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false], ['8.8.8.8', true], ['1.1.1.1', true], ['2606:4700:4700::1111', true], ['::ffff:8.8.8.8', true], ['not-an-ip', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('accepts https: to public hosts only, unless private URLs are allowed', () => {
    expect(urlRefusal('https://hooks.example.com/in', false)).toBeNull();
    expect(urlRefusal('https://8.8.8.8/in', false)).toBeNull();
    for (const url of ['http://hooks.example.com/in', 'https://localhost/x', 'https://a.localhost/x', 'https://printer.local/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'ftp://example.com/', 'https://u:p@example.com/', 'https://0x7f000001/x', 'https://2130706433/x', 'https://localhost./x', 'https://[::ffff:7f00:1]/x']) {
      expect([url, urlRefusal(url, false)]).toEqual([url, expect.any(String)]);
    }
    expect(urlRefusal('http://127.0.0.1:8080/x', true)).toBeNull();
    expect(urlRefusal('ftp://127.0.0.1/x', true)).toMatch(/http/);
  });

  it('checks the address a name resolves to when connecting: localhost is refused unless allowed', async () => {
    const lookup = (allow: boolean) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((r) => checkedLookup(allow)('localhost', {}, (err, address) => r({ err, address })));
    expect((await lookup(false)).err?.code).toBe('EWEBHOOKPRIVATE');
    expect((await lookup(true)).err).toBeNull();
  });

  it('a delivery to a name resolving to loopback never connects without the setting', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    const refused = await postWebhook({ url: `https://localhost:${port}/x`, secret, webhookId: 'msg_1', body: '{}', allowPrivate: false });
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/refused/) });
    const allowed = await postWebhook({ url: `http://localhost:${port}/x`, secret, webhookId: 'msg_1', body: '{}', allowPrivate: true });
    expect(allowed).toEqual({ status: 200, error: null });
    expect(hits).toBe(1);
    await new Promise((r) => server.close(r));
  });
});
