/** A live workshop and its registrations as everyone sees them: the workshop workflow keeps them, the read model projects them. */
import type { Locale, ReminderView } from './booking';

export type WorkshopStatus = 'scheduled' | 'cancelled';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled' | 'attended' | 'no_show';
export type WorkshopAttendance = 'attended' | 'no_show';

/** Statuses in which a registration holds a seat. */
export const SEATED: readonly RegistrationStatus[] = ['registered', 'attended', 'no_show'];

/** CONTRACT §5's workshop, plus `revision` (bumped by every change the workflow projects). */
export interface WorkshopView {
  id: string;
  title: string;
  agentId: string;
  start: string;
  end: string;
  capacity: number;
  locale: Locale | null;
  registered: number;
  waitlisted: number;
  seatsLeft: number;
  status: WorkshopStatus;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** CONTRACT §5's registration, plus `revision` (bumped by every change of this registration). */
export interface RegistrationView {
  id: string;
  workshopId: string;
  customerId: string;
  status: RegistrationStatus;
  /** The waitlist position (1 = next to get a seat); null when not waitlisted. */
  position: number | null;
  reminders: ReminderView[];
  timeZone: string;
  locale: Locale;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface RegistrationChange {
  registration: RegistrationView;
  late: boolean;
  countedAsNoShow: boolean;
}
