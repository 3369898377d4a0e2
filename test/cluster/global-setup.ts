import { ensureTemporalServer, ensureTemporalUiServer } from '../../scripts/temporal-servers';

/** The Temporal server, its SQL tool and the Web UI server: built once (minutes on a fresh machine), then cached. */
export default async function globalSetup(): Promise<void> {
  ensureTemporalServer();
  ensureTemporalUiServer();
}
