import type { AppDeps } from '../app';
import type { BookingService } from '../bookings-service';

export type RouteDeps = AppDeps & { bookings: BookingService };
