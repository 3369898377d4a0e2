// The console's workshop pages: the list (and, for managers, the create form), and one workshop with its roster,
// its waitlist, attendance for the whole roster in one form, and (managers) Cancel.
import type { RegistrationView, WorkshopView } from '../../../domain/workshop';
import { esc, form, notice, page, type PageContext, table, when } from '../layout';
import { WORKSHOP_TEXTS } from '../workshop-texts';

const wt = (c: PageContext) => WORKSHOP_TEXTS[c.locale];

function workshopTable(c: PageContext, rows: WorkshopView[]): string {
  const t = wt(c);
  if (rows.length === 0) return `<p>${t.none}</p>`;
  return table(
    [t.when, t.title, t.host, t.registered, t.waitlisted, t.seatsLeft, t.status],
    rows.map((w) => [
      `<a href="/console/workshops/${esc(w.id)}">${when(c, w.start)}</a>`,
      `<a href="/console/workshops/${esc(w.id)}">${esc(w.title)}</a>`,
      esc(w.agentId),
      `${w.registered} / ${w.capacity}`,
      String(w.waitlisted),
      String(w.seatsLeft),
      esc(t.statuses[w.status] ?? w.status),
    ]),
  );
}

function createForm(c: PageContext): string {
  const t = wt(c);
  const input = (name: string, label: string, type: string, extra = '') => `<label>${label} <input type="${type}" name="${name}" required${extra}></label>`;
  const inner = [
    `<fieldset><legend>${t.create}</legend>`,
    input('title', t.title, 'text', ' maxlength="200"'),
    input('agentId', t.host, 'text', ' maxlength="100"'),
    input('start', `${t.start} (${esc(c.zone)})`, 'datetime-local'),
    input('minutes', t.minutes, 'number', ' min="15" max="1440" value="60"'),
    input('capacity', t.capacity, 'number', ' min="1" max="500" value="20"'),
    `<label>${t.language} <select name="locale"><option value="">${t.anyLanguage}</option><option value="es">Español</option><option value="en">English</option></select></label>`,
    `</fieldset><button type="submit">${t.createButton}</button>`,
  ];
  return form(c, '/console/workshops', inner.join(''));
}

export function renderWorkshops(c: PageContext, v: { upcoming: WorkshopView[]; recent: WorkshopView[]; manager: boolean }): string {
  const t = wt(c);
  const body = [
    `<h2>${t.upcoming}</h2>${workshopTable(c, v.upcoming)}`,
    `<h2>${t.recent}</h2>${workshopTable(c, v.recent)}`,
    v.manager ? createForm(c) : '',
  ];
  return page(c, t.workshops, body.join('\n'));
}

export interface RosterLine {
  registration: RegistrationView;
  customerName: string;
}

/** One fieldset per seat: Attended / No-show, the recorded one checked; all saved with one button. */
function attendanceForm(c: PageContext, w: WorkshopView, seats: RosterLine[]): string {
  const t = wt(c);
  const open = Date.parse(w.start) <= Date.now() && w.status === 'scheduled';
  const rows = seats.map(({ registration: r, customerName }) => {
    const choice = (value: 'attended' | 'no_show', label: string) =>
      `<label><input type="radio" name="outcome_${esc(r.id)}" value="${value}"${r.status === value ? ' checked' : ''}${open && (r.status === 'registered' || r.status === value) ? '' : ' disabled'}> ${label}</label>`;
    return [
      `<a href="/console/customers/${esc(r.customerId)}">${esc(customerName)}</a>`,
      esc(t.statuses[r.status] ?? r.status),
      `<fieldset class="attendance"><legend>${t.attendance}: ${esc(customerName)}</legend>${choice('attended', t.attended)}${choice('no_show', t.noShow)}</fieldset>`,
    ];
  });
  const grid = table([t.customer, t.status, t.attendance], rows);
  if (!open) return `${grid}<p>${t.attendanceOpens}</p>`;
  return form(c, `/console/workshops/${encodeURIComponent(w.id)}/attendance`, `${grid}<button type="submit" id="save-attendance">${t.saveAttendance}</button>`);
}

export function renderWorkshop(c: PageContext, v: { workshop: WorkshopView; seats: RosterLine[]; waitlist: RosterLine[]; manager: boolean; done?: string }): string {
  const t = wt(c);
  const w = v.workshop;
  const details = `<dl>
<dt>${t.when}</dt><dd>${when(c, w.start)} – ${when(c, w.end)} (${esc(c.zone)})</dd>
<dt>${t.host}</dt><dd>${esc(w.agentId)}</dd>
<dt>${t.capacity}</dt><dd>${w.capacity}</dd>
<dt>${t.registered}</dt><dd id="registered">${w.registered}</dd>
<dt>${t.waitlisted}</dt><dd id="waitlisted">${w.waitlisted}</dd>
<dt>${t.status}</dt><dd id="workshop-status">${esc(t.statuses[w.status] ?? w.status)}</dd>
</dl>`;
  const waitlist = table(
    [t.position, t.customer],
    v.waitlist.map(({ registration: r, customerName }) => [String(r.position ?? ''), `<a href="/console/customers/${esc(r.customerId)}">${esc(customerName)}</a>`]),
  );
  const cancellable = v.manager && w.status === 'scheduled' && Date.parse(w.start) > Date.now();
  const done = { created: t.created, recorded: t.attendanceSaved, cancelled: t.cancelled }[v.done ?? ''];
  const body = [
    notice(done),
    details,
    `<h2>${t.roster}</h2>`,
    v.seats.length ? attendanceForm(c, w, v.seats) : `<p>${t.noRoster}</p>`,
    `<h2>${t.waitlist}</h2>${waitlist || `<p>${t.noWaitlist}</p>`}`,
    cancellable ? `<h2>${t.cancel}</h2><p>${t.cancelWarning}</p>${form(c, `/console/workshops/${encodeURIComponent(w.id)}/cancel`, `<button type="submit" class="secondary" id="cancel-workshop">${t.cancel}</button>`)}` : '',
  ];
  return page(c, `${t.workshops} · ${w.title}`, body.join('\n'));
}
