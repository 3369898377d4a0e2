import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack({ LINK_RATE_LIMIT: '3' });
});
afterAll(async () => {
  await stack?.close();
});

const page = (path: string, lang: string) => fetch(`${stack.base}${path}`, { headers: { 'accept-language': lang }, redirect: 'manual' });

describe('customer pages answer pages', () => {
  it('an unknown page is a page too (before the limit below is used up)', async () => {
    const missing = await page('/b/x/nothing-here', 'en');
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, expect.stringMatching(/^text\/html/)]);
  });
  it('a refused link, then the rate limit (429), as HTML in the browser’s language; the JSON routes keep the error body', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await page('/b/not-a-token', i % 2 ? 'en' : 'es-ES,es;q=0.9'));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 429, 429]); // the page above counted too
    for (const a of answers) expect(a.headers.get('content-type')).toMatch(/^text\/html/);
    const limited = await answers[3].text();
    expect(limited).toContain('<html lang="en">');
    expect(limited).toContain('Too many requests');
    const es = await page('/f/not-a-token', 'es');
    expect([es.status, es.headers.get('content-type')]).toEqual([401, expect.stringMatching(/^text\/html/)]);
    for (let i = 0; i < 3; i++) await page('/f/not-a-token', 'es');
    const esLimited = await page('/f/not-a-token', 'es');
    expect(esLimited.status).toBe(429);
    expect(await esLimited.text()).toMatch(/<html lang="es">[\s\S]*Demasiadas solicitudes/);
    const json = await stack.call('GET', '/v1/links/not-a-token', undefined, null);
    expect([json.status, json.body.error.code]).toEqual([429, 'RATE_LIMITED']);
  });

});

describe('while the API stops', () => {
  it('/health answers 503 and every answer closes its connection', async () => {
    stack.lifecycle.draining = true;
    try {
      const health = await fetch(`${stack.base}/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get('connection')).toBe('close');
      expect(await health.json()).toMatchObject({ status: 'draining' });
    } finally {
      stack.lifecycle.draining = false;
    }
    expect((await fetch(`${stack.base}/health`)).status).toBe(200);
  });
});
