// Placeholder: the customer workflow issue replaces this file.
import type { CustomerInput } from './customer-messages';

export async function customerWorkflow(_input: CustomerInput): Promise<void> {
  return;
}
