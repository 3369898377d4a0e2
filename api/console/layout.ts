// The console's page shell and small rendering helpers. No inline scripts or styles: the CSP stays strict.
import { DateTime } from 'luxon';
import type { Locale } from '../../domain/booking';
import { esc } from '../pages/layout';
import type { Texts } from './i18n';
import { INBOX_TEXTS } from './inbox-texts';
import type { ConsoleSession } from './session';
import { WORKSHOP_TEXTS } from './workshop-texts';

export { esc };

/** What every page of a request knows. */
export interface PageContext {
  t: Texts;
  locale: Locale;
  session?: ConsoleSession;
  csrf: string;
  /** The request's path, for the language switch. */
  path: string;
  /** The zone the console shows times in. */
  zone: string;
}

/** An instant as text in the console's zone (or `zone`) and language. */
export const whenText = (c: PageContext, iso: string | Date, zone = c.zone) =>
  (typeof iso === 'string' ? DateTime.fromISO(iso) : DateTime.fromJSDate(iso)).setZone(zone).setLocale(c.locale).toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY);
/** The same, escaped for HTML. */
export const when = (c: PageContext, iso: string | Date, zone = c.zone) => esc(whenText(c, iso, zone));

export const csrfField = (c: PageContext) => `<input type="hidden" name="_csrf" value="${esc(c.csrf)}">`;

/** A POST form with its CSRF token. */
export const form = (c: PageContext, action: string, inner: string, attrs = '') => `<form method="post" action="${esc(action)}"${attrs}>${csrfField(c)}${inner}</form>`;

export function table(headers: string[], rows: string[][], rowClass: (i: number) => string = () => ''): string {
  if (rows.length === 0) return '';
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r, i) => `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table>${head}<tbody>${body}</tbody></table></div>`;
}

export const notice = (text: string | undefined, role: 'status' | 'alert' = 'status') => (text ? `<p role="${role}" class="${role}">${esc(text)}</p>` : '');

export function page(c: PageContext, title: string, body: string): string {
  const { t, session } = c;
  const other = c.locale === 'es' ? 'en' : 'es';
  const nav = session
    ? `<nav><a href="/console">${t.sessions}</a><a href="/console/inbox">${INBOX_TEXTS[c.locale].inbox}</a><a href="/console/workshops">${WORKSHOP_TEXTS[c.locale].workshops}</a>${session.role === 'manager' ? `<a href="/console/reports">${t.reports}</a><a href="/console/availability">${t.availability}</a><a href="/console/webhooks">Webhooks</a>` : ''}
<form method="get" action="/console/customers" class="lookup"><label>${t.customerLookup} <input name="id" required maxlength="100"></label> <button type="submit">${t.open}</button></form>
<span class="who">${t.signedInAs} ${esc(session.actor.split(':')[0])}</span>${form(c, '/console/logout', `<button type="submit">${t.signOut}</button>`)}</nav>`
    : '';
  return `<!doctype html><html lang="${c.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${t.title}</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body><header><strong>${t.title}</strong><a class="lang" href="${esc(c.path)}?lang=${other}" hreflang="${other}">${t.language}</a>${nav}</header>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

export const CSS = `
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#1d3557;color:#fff}
header a{color:#fff}header nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;flex:1}
header form{display:inline;margin:0}header button{border-color:#fff}.lookup input{width:9rem}.who{margin-left:auto;opacity:.85}
main{max-width:78rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #dde1e7;vertical-align:top}
tr.needs-record{background:#fff3cd}tr.breaching{background:#f8d7da}tr.breaching td:first-child{border-left-color:#c0392b}
.message{background:#fff;border:1px solid #dde1e7;padding:.4rem .8rem;margin:.5rem 0}.message.out{border-left:4px solid #1d3557}.message pre{white-space:pre-wrap;font:inherit;margin:.3rem 0}
.actions form{display:inline-block;margin-right:.5rem}form.reply label{display:block}.badge.sla-breached{background:#f8c9c9}.badge.sla-running{background:#ffe8a3}.badge.sla-met{background:#d9f2e3}tr.needs-record td:first-child{border-left:4px solid #e0a800}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;background:#e6eaf0;font-size:.85rem}
.badge.warned,.badge.penalty{background:#ffe8a3}.badge.reduced,.badge.restricted,.badge.terminated{background:#f8c9c9}
button{font:inherit;padding:.45rem .9rem;border-radius:.35rem;border:1px solid #1d3557;background:#1d3557;color:#fff;cursor:pointer;min-height:2.5rem}
button:disabled{opacity:.45;cursor:not-allowed}button.secondary{background:#fff;color:#1d3557}
.attendance button{margin:.2rem .4rem .2rem 0}.attendance.highlight{background:#fff3cd;padding:.6rem;border-left:4px solid #e0a800}
label{display:inline-block;margin:.3rem 1rem .3rem 0}input,select,textarea{font:inherit;padding:.3rem}textarea{width:100%;max-width:40rem}
.status{background:#d9f2e3;padding:.5rem .8rem}.alert{background:#f8d7da;padding:.5rem .8rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
fieldset{border:1px solid #dde1e7;background:#fff;margin:.6rem 0}
@media (max-width:800px){main{padding:.6rem}dl{grid-template-columns:1fr}}
`;
