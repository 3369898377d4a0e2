// The conversation workflow's activities: who may use the inbox (from the standing's read model), the projection of
// its state. Its messages go through the notification log (activities/conversation-notices.ts renders them).
import { type ClockWrite, projectConversation as writeConversation } from '../db/conversations';
import { findCustomerRows } from '../db/customers';
import { inTransaction } from '../db/pool';
import { findStanding } from '../db/standings';
import type { ConversationView, InboxAccess } from '../domain/conversation';
import { entitledChannels } from '../policy/entitlements';
import type { WebhookEventType } from '../webhooks/events';
import type { ActivityDeps } from './index';

export interface ConversationProjection {
  view: ConversationView;
  firstMessageId: string | null;
  event?: WebhookEventType;
  clock?: ClockWrite;
  firstReplySeconds?: number;
}

export function createConversationActivities({ pool, settings }: ActivityDeps) {
  /** Whether the customer's messages start a clock: the standing's channels include the inbox and support is open. */
  async function inboxAccess({ customerId }: { customerId: string | null }): Promise<InboxAccess> {
    const customer = customerId ? (await findCustomerRows(pool, [customerId])).get(customerId) : undefined;
    if (!customerId || !customer) return { entitled: false, reason: 'unknown_sender', channels: [], until: null };
    const standing = await findStanding(pool, customerId);
    const channels = standing?.channels ?? entitledChannels(settings.policy, customer.plan, customer.seats);
    if (standing?.level === 'terminated') return { entitled: false, reason: 'terminated', channels: [], until: null };
    if (standing?.level === 'restricted') return { entitled: false, reason: 'restricted', channels, until: standing.restriction?.until ?? null };
    const entitled = channels.includes('inbox_24h');
    return { entitled, reason: entitled ? null : 'plan', channels, until: null };
  }

  /** The workflow's state as the read model, with its clock row and webhook event in one transaction. */
  async function projectConversation(p: ConversationProjection): Promise<void> {
    await inTransaction(pool, (db) => writeConversation(db, { ...p, firstReplyAt: p.firstReplySeconds !== undefined ? p.view.updatedAt : undefined }));
  }

  return { inboxAccess, projectConversation };
}
