/**
 * Lateness, loss and duplicates of reminders, from the notification log (GET /v1/notifications) and what the provider
 * fake accepted. A reminder is matched to the messages the fake took for the same channel, recipient and text; within
 * such a group, reminders (by due time) pair with acceptances (by time), since a booking sends its reminders one at a
 * time. More acceptances than sent notifications in a group are duplicates.
 */
import { redactLinkTokens } from '../links/redact';
import type { Accepted } from '../test/fakes/providers';
import { percentile, round } from './util';

export interface NotificationView {
  id: string;
  bookingId?: string;
  channel: 'email' | 'sms';
  kind: string;
  to: string;
  body: string;
  dueAt?: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  sentAt?: string;
}

export interface LatenessResult {
  reminders: number;
  delivered: number;
  refused: number;
  lost: number;
  duplicated: number;
  latenessMs: number[];
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

const groupKey = (channel: string, to: string, body: string) => `${channel}\u0000${to}\u0000${body}`;

/**
 * `due`: how many reminders fell due (not skipped when the booking was made). `accepted`: the fake's record, or
 * undefined when the stack sends elsewhere (then `sentAt` of the log is the clock and duplicates cannot be seen).
 */
export function reminderLateness(
  due: number,
  notifications: NotificationView[],
  accepted: readonly Accepted[] | undefined,
): LatenessResult {
  const reminders = notifications.filter((n) => n.kind === 'reminder' && n.dueAt);
  const sent = reminders.filter((n) => n.status === 'sent');
  const refused = reminders.filter((n) => n.status === 'failed').length;
  const latenessMs: number[] = [];
  let duplicated = 0;
  let delivered = 0;
  if (!accepted) {
    for (const n of sent) if (n.sentAt) latenessMs.push(Date.parse(n.sentAt) - Date.parse(n.dueAt!));
    delivered = sent.length;
  } else {
    const groups = new Map<string, { notes: NotificationView[]; taken: Accepted[] }>();
    for (const n of sent) {
      const k = groupKey(n.channel, n.to, n.body);
      if (!groups.has(k)) groups.set(k, { notes: [], taken: [] });
      groups.get(k)!.notes.push(n);
    }
    // The log shows agents the texts with link tokens blanked (links/redact.ts): compare the fake's texts alike.
    for (const a of accepted) groups.get(groupKey(a.channel, a.to, redactLinkTokens(a.body)))?.taken.push(a);
    for (const { notes, taken } of groups.values()) {
      notes.sort((x, y) => Date.parse(x.dueAt!) - Date.parse(y.dueAt!));
      taken.sort((x, y) => x.at.getTime() - y.at.getTime());
      const pairs = Math.min(notes.length, taken.length);
      for (let i = 0; i < pairs; i++) latenessMs.push(taken[i].at.getTime() - Date.parse(notes[i].dueAt!));
      delivered += pairs;
      duplicated += Math.max(0, taken.length - notes.length);
    }
  }
  return {
    reminders: due,
    delivered,
    refused,
    lost: Math.max(0, due - delivered - refused),
    duplicated,
    latenessMs,
    p50Ms: round(percentile(latenessMs, 50), 0),
    p99Ms: round(percentile(latenessMs, 99), 0),
    maxMs: latenessMs.length ? Math.max(...latenessMs) : null,
  };
}
