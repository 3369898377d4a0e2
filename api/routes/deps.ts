import type { AppDeps } from '../app';
import type { BookingService } from '../bookings-service';
import type { CustomerService } from '../customers-service';
import type { ErasureService } from '../erasure-service';
import type { InboxService } from '../inbox-service';
import type { SlotService } from '../slots-service';
import type { WorkshopService } from '../workshops-service';
import type { WebhookService } from '../webhooks-service';

/** The services both the HTTP API and the console call: one home for every action. */
export interface Services {
  bookings: BookingService;
  customers: CustomerService;
  slots: SlotService;
  workshops: WorkshopService;
  webhooks: WebhookService;
  inbox: InboxService;
  erasure: ErasureService;
}

export type RouteDeps = AppDeps & Services;
