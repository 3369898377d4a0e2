// The frame of every customer page: language, viewport, our style sheet, no scripts.
import type { Locale } from '../../domain/booking';
import { PAGES_CSS_PATH } from './styles';

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BRAND = 'Support Sessions';

export function pageShell(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)} · ${BRAND}</title><link rel="stylesheet" href="${PAGES_CSS_PATH}"></head>
<body><main><p class="brand">${BRAND}</p>${body}</main></body></html>`;
}

const LINK_ERRORS: Record<Locale, Record<string, string>> = {
  es: {
    LINK_EXPIRED: 'Este enlace ha caducado.',
    LINK_INVALID: 'Este enlace no es válido o ya no corresponde a su sesión (por ejemplo, porque se ha cambiado). Use el enlace del mensaje más reciente.',
    RATE_LIMITED: 'Demasiadas solicitudes. Inténtelo de nuevo en un minuto.',
    other: 'No podemos mostrar esta página ahora. Inténtelo de nuevo en unos minutos.',
  },
  en: {
    LINK_EXPIRED: 'This link has expired.',
    LINK_INVALID: 'This link is not valid, or no longer matches your session (for example because it was moved). Please use the link in the latest message.',
    RATE_LIMITED: 'Too many requests. Please try again in a minute.',
    other: 'We cannot show this page right now. Please try again in a few minutes.',
  },
};

/** A page that only says what went wrong with a link, in the language the browser asks for. */
export function errorPage(locale: Locale, code: string): string {
  const title = locale === 'es' ? 'Enlace no disponible' : 'Link not available';
  const message = LINK_ERRORS[locale][code] ?? LINK_ERRORS[locale].other;
  return pageShell(locale, title, `<h1>${title}</h1><div class="card error" role="alert"><p>${esc(message)}</p></div>`);
}
