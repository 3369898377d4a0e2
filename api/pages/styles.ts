// The customer pages' style sheet, served by us (`/assets/pages.css`) so a strict CSP (style-src 'self') holds.
// Mobile first: one column, large tap targets; wider screens only get more room.
import { createHash } from 'node:crypto';

export const PAGES_CSS = `
:root { --ink: #1b1f24; --muted: #4a5563; --line: #d5dae1; --bg: #f5f7fa; --card: #fff; --accent: #0b57d0; --accent-ink: #fff;
  --warn-bg: #fff4e5; --warn-line: #b45309; --ok-bg: #e8f5ec; --ok-line: #1e7b3c; --danger: #b3261e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 42rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
p { margin: 0 0 .75rem; }
a { color: var(--accent); }
.brand { font-size: .9rem; color: var(--muted); margin: 0; padding-top: .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .75rem; padding: 1rem; margin: 0 0 1rem; }
.when { font-size: 1.35rem; font-weight: 650; line-height: 1.3; margin: 0 0 .25rem; }
.muted { color: var(--muted); }
.notice { border-left: .3rem solid var(--warn-line); background: var(--warn-bg); }
.ok { border-left: .3rem solid var(--ok-line); background: var(--ok-bg); }
.error { border-left: .3rem solid var(--danger); background: #fdecea; }
.notice p:last-child, .ok p:last-child, .card p:last-child { margin-bottom: 0; }
.week { display: flex; align-items: center; justify-content: space-between; gap: .5rem; margin: 0 0 .75rem; }
.week a, .week span.off { display: inline-flex; align-items: center; white-space: nowrap; min-height: 2.75rem; padding: 0 .6rem; border: 1px solid var(--line); border-radius: .5rem; background: var(--card); text-decoration: none; }
.week span.off { color: var(--muted); }
.week strong { text-align: center; font-size: .95rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; min-width: 0; }
legend { font-weight: 650; padding: 0; margin: 0 0 .5rem; }
.slots { display: grid; grid-template-columns: repeat(auto-fill, minmax(6rem, 1fr)); gap: .5rem; }
.choice { position: relative; display: flex; align-items: center; justify-content: center; gap: .4rem; min-height: 2.75rem; padding: .5rem; border: 1px solid var(--line);
  border-radius: .5rem; background: var(--card); cursor: pointer; font-variant-numeric: tabular-nums; }
.choice input { width: 1.1rem; height: 1.1rem; margin: 0; accent-color: var(--accent); }
.choice:has(input:checked) { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent) inset; font-weight: 650; }
.choice:has(input:focus-visible) { outline: 3px solid var(--accent); outline-offset: 2px; }
button { font: inherit; font-weight: 650; min-height: 2.75rem; padding: .6rem 1.1rem; border-radius: .5rem; border: 1px solid var(--accent); background: var(--accent);
  color: var(--accent-ink); cursor: pointer; width: 100%; }
button.secondary { background: var(--card); color: var(--accent); }
button.danger { background: var(--card); color: var(--danger); border-color: var(--danger); }
button:focus-visible, a:focus-visible, textarea:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
label.field { display: block; font-weight: 650; margin: 0 0 .35rem; }
textarea { width: 100%; min-height: 6rem; font: inherit; padding: .5rem; border: 1px solid #8a94a3; border-radius: .5rem; }
.rating { grid-template-columns: repeat(5, 1fr); }
.rating .choice { flex-direction: column; gap: .15rem; }
.calendar { display: inline-flex; align-items: center; min-height: 2.75rem; }
@media (min-width: 40rem) {
  main { padding-top: 2rem; }
  h1 { font-size: 1.85rem; }
  button { width: auto; }
}
`;

/** The style sheet's address carries its hash, so it can be cached for good and a change is fetched at once. */
export const PAGES_CSS_PATH = `/assets/pages-${createHash('sha256').update(PAGES_CSS).digest('hex').slice(0, 10)}.css`;
