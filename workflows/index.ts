// The workflow bundle's entry: every workflow the worker runs.
export { bookingWorkflow } from './booking';
export { customerWorkflow } from './customer';
export { workshopWorkflow } from './workshop';
export { registrationWorkflow } from './registration';
export { webhookDeliveryWorkflow } from './webhook-delivery';
export { conversationWorkflow } from './conversation';
