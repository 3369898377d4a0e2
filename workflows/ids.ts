/** Temporal identity (CONTRACT §6): no personal data in ids. */
export const TASK_QUEUE_DEFAULT = 'support-sessions';

export const bookingWorkflowId = (bookingId: string): string => `booking:${bookingId}`;
export const customerWorkflowId = (customerId: string): string => `customer:${customerId}`;
export const workshopWorkflowId = (workshopId: string): string => `workshop:${workshopId}`;
/** A registered seat's own workflow: its reminders. */
export const registrationWorkflowId = (registrationId: string): string => `registration:${registrationId}`;
export const webhookDeliveryWorkflowId = (deliveryId: string): string => `webhook-delivery:${deliveryId}`;
export const conversationWorkflowId = (conversationId: string): string => `conversation:${conversationId}`;

/** An id a workflow accepts in a request or an input: a non-empty string of at most 200 characters. */
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
