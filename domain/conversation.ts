/** A conversation of the inbox as everyone sees it: the workflow keeps it, the read model projects it, the API shows it. */
import type { SupportChannel } from '../policy/types';

export type ConversationStatus = 'open' | 'answered' | 'closed';
export type SlaState = 'running' | 'met' | 'breached' | 'none';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['open', 'answered', 'closed'];
export const SLA_STATES: readonly SlaState[] = ['running', 'met', 'breached', 'none'];

export interface ConversationSla {
  state: SlaState;
  dueAt: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
}

/** What the workflow keeps and projects: ids, states and instants only (subject and texts live in PostgreSQL). */
export interface ConversationView {
  id: string;
  customerId: string | null;
  status: ConversationStatus;
  assignee: string | null;
  sla: ConversationSla;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationMessage {
  id: string;
  direction: 'in' | 'out';
  author: string;
  text: string;
  at: string;
}

/** CONTRACT §5: a conversation as the API answers it (without `messages` in lists and webhook events). */
export type Conversation = Omit<ConversationView, 'revision'> & { subject: string; revision: number; messages?: ConversationMessage[] };

/** Whether a sender's messages start a clock, and if not, what the `inbox_not_included` answer tells them. */
export interface InboxAccess {
  entitled: boolean;
  reason: 'plan' | 'restricted' | 'terminated' | 'unknown_sender' | null;
  channels: SupportChannel[];
  /** Until when support is restricted (null: permanently, or not restricted). */
  until: string | null;
}
