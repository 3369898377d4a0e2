// Console cookies: written by `cookie`, `__Host-` over HTTPS; CSRF tokens bound to the session they were made for.
import type { Response } from 'express';
import { consoleCookies as cookieJar } from '../../api/console/session';
import { testSettings } from '../helpers/booking-fixtures';
import { consoleCookies, csrfOf } from '../helpers/console-session';
import { startTestStack } from '../helpers/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const written = (publicBaseUrl: string) => {
  const headers: string[] = [];
  const res = { append: (_name: string, value: string) => headers.push(value) } as unknown as Response;
  cookieJar(testSettings({ PUBLIC_BASE_URL: publicBaseUrl })).set(res, 'console_session', 'v', 60);
  return headers[0];
};

it('names cookies with the __Host- prefix (Secure, Path=/) when PUBLIC_BASE_URL is https, plainly otherwise', () => {
  expect(written('https://support.example.com')).toMatch(/^__Host-console_session=v; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  expect(written('http://127.0.0.1:3000')).toMatch(/^console_session=v; Max-Age=60; Path=\/; HttpOnly; SameSite=Strict$/);
});

it("a CSRF token acts only in the session it was made for", async () => {
  await stack.call('PUT', '/v1/customers/c-csrf', { name: 'Cy Csrf', email: 'cy@example.com', locale: 'en', timeZone: 'Europe/Madrid', plan: 'pro', seats: 2 }, 'booking_ui');
  const [mine, theirs] = [await consoleCookies(stack.base, 'agent'), await consoleCookies(stack.base, 'agent')];
  const page = await (await fetch(`${stack.base}/console/customers/c-csrf`, { headers: { cookie: theirs } })).text();
  const post = (cookie: string) =>
    fetch(`${stack.base}/console/customers/c-csrf/conduct-reports`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(page), description: 'Was rude' }),
      redirect: 'manual',
    });
  expect((await post(mine)).status).toBe(403);
  expect((await post(theirs)).status).toBe(303);
});
