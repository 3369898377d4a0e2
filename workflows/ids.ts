/** Temporal identity (CONTRACT §6): no personal data in ids. */
export const TASK_QUEUE_DEFAULT = 'support-sessions';

export const bookingWorkflowId = (bookingId: string): string => `booking:${bookingId}`;
export const customerWorkflowId = (customerId: string): string => `customer:${customerId}`;
export const conversationWorkflowId = (conversationId: string): string => `conversation:${conversationId}`;
