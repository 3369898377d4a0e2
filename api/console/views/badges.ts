import type { BookingView } from '../../../domain/booking';
import type { StandingLevel } from '../../../domain/customer';
import { esc, type PageContext } from '../layout';

export const levelBadge = (c: PageContext, level: StandingLevel | undefined, strikes?: number) =>
  level
    ? `<span class="badge ${level}">${esc(c.t.levels[level] ?? level)}</span>${strikes !== undefined ? ` · ${c.t.strikes}: ${strikes}` : ''}`
    : `<span class="badge good">${esc(c.t.levels.good)}</span>`;

export const statusText = (c: PageContext, status: string) => esc(c.t.statuses[status] ?? status);

/** A session whose start has passed and whose attendance nobody recorded yet. */
export const awaitsRecord = (b: Pick<BookingView, 'status' | 'start'>, now = Date.now()) =>
  (b.status === 'in_progress' || b.status === 'unrecorded' || b.status === 'scheduled') && Date.parse(b.start) <= now;
