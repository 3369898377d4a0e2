/**
 * The Temporal dev server exactly as `npm start` runs it: one home for its command line, shared by the dev stack
 * (scripts/dev-stack.ts) and the benchmark (bench/stack.ts), so a change to its flags shows in both.
 */
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export interface DevServerOptions {
  port: number;
  uiPort: number;
  namespace: string;
  dbFile: string;
  /** The API's codec endpoint (`<api>/codec`), so the Web UI decodes payloads for a signed-in engineer. */
  codecEndpoint?: string;
  /** The server's Prometheus port (the bench reads its heartbeat count); unset = the dev server picks one. */
  metricsPort?: number;
}

/** The arguments of `temporal` for a dev server with the search attributes of CONTRACT §6 registered. */
export function devServerArgs({ port, uiPort, namespace, dbFile, codecEndpoint, metricsPort }: DevServerOptions): string[] {
  const attrs = Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
  // prettier-ignore
  return [
    'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort),
    '--namespace', namespace, '--db-filename', dbFile,
    // SQLite in WAL mode: measured here, 94 workflow starts/s against 36 with the default journal.
    '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal',
    '--log-level', 'error', ...attrs,
    ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
    ...(metricsPort ? ['--metrics-port', String(metricsPort)] : []),
  ];
}

/** Waits until a Temporal frontend answers GetSystemInfo. */
export async function waitForTemporal(address: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} did not answer: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Polls `url` until it answers 2xx; false when `timeoutMs` passes or `cancelled()` says so. */
export async function waitForHealth(
  url: string,
  timeoutMs = 120000,
  cancelled: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

