import type { SlotInput } from '../../slots-service';
import type { WeeklyHours } from '../../weekly-hours';
import { esc, form, page, type PageContext, table, when } from '../layout';

/** The weekly-hours fields, editable (the form) or carried over (the preview's hidden fields). */
function fields(c: PageContext, w: Partial<WeeklyHours>): string {
  const days = c.t.dayNames.map((name, i) => `<label><input type="checkbox" name="days" value="${i + 1}"${w.days?.includes(i + 1) ? ' checked' : ''}> ${esc(name)}</label>`).join('');
  const types = Object.entries(c.t.sessionTypes).map(([v, label]) => `<option value="${v}"${w.sessionType === v ? ' selected' : ''}>${esc(label)}</option>`).join('');
  const input = (name: keyof WeeklyHours, label: string, type: string, extra = '') =>
    `<label>${label} <input type="${type}" name="${name}" value="${esc(String(w[name] ?? ''))}" required${extra}></label>`;
  return `<fieldset><legend>${c.t.agent}</legend>${input('agentId', c.t.agent, 'text', ' maxlength="100"')}<label>${c.t.type} <select name="sessionType">${types}</select></label></fieldset>
<fieldset><legend>${c.t.days}</legend>${days}</fieldset>
<fieldset>${input('startTime', c.t.startTime, 'time')}${input('endTime', c.t.endTime, 'time')}${input('sessionMinutes', c.t.sessionMinutes, 'number', ' min="5" max="480"')}</fieldset>
<fieldset>${input('timeZone', c.t.timeZone, 'text')}${input('from', c.t.firstDay, 'date')}${input('weeks', c.t.weeks, 'number', ' min="1" max="12"')}</fieldset>`;
}

const hidden = (w: WeeklyHours) =>
  Object.entries(w)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((d) => [k, String(d)]) : [[k, String(v)]]))
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join('');

export function renderAvailabilityForm(c: PageContext, w: Partial<WeeklyHours>): string {
  return page(c, c.t.publishTitle, form(c, '/console/availability/preview', `${fields(c, w)}<button type="submit">${c.t.preview}</button>`));
}

const slotTable = (c: PageContext, slots: SlotInput[], zone: string) =>
  table(
    [c.t.when, c.t.end, c.t.agent, c.t.type],
    slots.map((s) => [`<span class="slot-start">${when(c, s.start, zone)}</span>`, when(c, s.end, zone), esc(s.agentId), esc(c.t.sessionTypes[s.sessionType] ?? s.sessionType)]),
  );

export function renderAvailabilityPreview(c: PageContext, w: WeeklyHours, slots: SlotInput[]): string {
  if (slots.length === 0) return page(c, c.t.publishTitle, `<p role="alert" class="alert">${c.t.nothingToCreate}</p>${renderFormOnly(c, w)}`);
  const create = form(c, '/console/availability/publish', `${hidden(w)}<button type="submit">${esc(c.t.create(slots.length))}</button> <a href="/console/availability">${c.t.back}</a>`);
  return page(c, c.t.previewTitle(slots.length), `<p>${c.t.timesIn} ${esc(w.timeZone)}</p>${create}${slotTable(c, slots, w.timeZone)}`);
}

const renderFormOnly = (c: PageContext, w: WeeklyHours) => form(c, '/console/availability/preview', `${fields(c, w)}<button type="submit">${c.t.preview}</button>`);

export function renderAvailabilityDone(c: PageContext, w: WeeklyHours, slots: SlotInput[]): string {
  return page(c, c.t.created(slots.length), `<p role="status" class="status">${esc(c.t.created(slots.length))}</p><p>${c.t.timesIn} ${esc(w.timeZone)}</p>${slotTable(c, slots, w.timeZone)}`);
}
