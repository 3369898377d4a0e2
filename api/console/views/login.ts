import type { ApiError } from '../../errors';
import { esc, form, page, type PageContext } from '../layout';

export function renderLogin(c: PageContext, error?: string): string {
  const body = `${error ? `<p role="alert" class="alert">${esc(error)}</p>` : `<p>${c.t.signInIntro}</p>`}
${form(c, '/console/login', `<label>${c.t.key} <input type="password" name="key" autocomplete="current-password" required maxlength="200"></label> <button type="submit">${c.t.signIn}</button>`)}`;
  return page(c, c.t.signIn, body);
}

/** An error of the API, as a page: the contract's code, what it means, and the way back. */
export function renderError(c: PageContext, err: ApiError | { code: string; message: string; details?: object }): string {
  const explained = c.t.errors[err.code] ?? err.message;
  const details = err.details && Object.keys(err.details).length ? `<pre>${esc(JSON.stringify(err.details, null, 2))}</pre>` : '';
  const next = c.session ? `<a href="/console">${c.t.home}</a>` : `<a href="/console/login">${c.t.signIn}</a>`;
  return page(c, c.t.errorTitle, `<p role="alert" class="alert"><strong id="error-code">${esc(err.code)}</strong>: ${esc(explained)}</p>${explained !== err.message ? `<p>${esc(err.message)}</p>` : ''}${details}<p>${next}</p>`);
}
