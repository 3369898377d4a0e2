// The workflow bundle's entry: every workflow the worker runs.
export { bookingWorkflow } from './booking';
export { customerWorkflow } from './customer';
export { conversationWorkflow } from './conversation';
