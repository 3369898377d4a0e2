import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface TemporalServerPaths {
  /** The `temporal` CLI (dev server); undefined = let the SDK download it. */
  cli?: string;
  /** The time-skipping test server; undefined = let the SDK download it. */
  testServer?: string;
}

/** Builds or finds the cached Temporal servers (scripts/temporal-servers.sh) and returns their paths. */
export function ensureTemporalServers(which: 'cli' | 'test-server' | 'all' = 'all'): TemporalServerPaths {
  const out = execFileSync('bash', [join(__dirname, 'temporal-servers.sh'), which], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n');
  const path = (p: string | undefined) => (p && p !== 'download' ? p : undefined);
  if (which === 'cli') return { cli: path(out[0]) };
  if (which === 'test-server') return { testServer: path(out[0]) };
  return { cli: path(out[0]), testServer: path(out[1]) };
}

const cached = (target: string) => execFileSync('bash', [join(__dirname, 'temporal-servers.sh'), target], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

/** Builds or finds the cached Temporal server and its SQL tool (`npm run cluster`); returns their folder. */
export const ensureTemporalServer = (): string => cached('server');

/** Builds or finds the cached Temporal Web UI server; undefined where it cannot be built. */
export const ensureTemporalUiServer = (): string | undefined => {
  const path = cached('ui');
  return path === 'none' ? undefined : path;
};
