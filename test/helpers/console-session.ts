import { KEYS } from './http';

/** Signs in to the console at `base` as a browser would (the login form's CSRF token and cookie); returns the cookies. */
export async function consoleCookies(base: string, role: 'agent' | 'manager' = 'agent'): Promise<string> {
  const login = await fetch(`${base}/console/login`);
  const jar = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1];
  const signedIn = await fetch(`${base}/console/login`, {
    method: 'POST',
    headers: { cookie: jar.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: KEYS[role], _csrf: csrf }),
    redirect: 'manual',
  });
  if (signedIn.status !== 303) throw new Error(`console sign-in answered ${signedIn.status}`);
  return [...jar, ...signedIn.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

/** The CSRF token of a console page. */
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];
