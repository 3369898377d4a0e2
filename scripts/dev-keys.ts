import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Dev API keys: generated once, kept under the data folder so a second start finds the same ones. */
export function devApiKeys(dataDir: string): string {
  const file = join(dataDir, 'api-keys');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const keys = ['booking_ui', 'agent', 'manager'].map((role) => `${role}:${role}-${randomBytes(12).toString('hex')}`).join(',');
  writeFileSync(file, keys, { mode: 0o600 });
  return keys;
}

/** One `API key <role> <key>` line per pair of `API_KEYS`. */
export function apiKeyLines(apiKeys: string): string[] {
  return apiKeys.split(',').map((pair) => {
    const at = pair.indexOf(':');
    return `API key ${pair.slice(0, at).padEnd(10)} ${pair.slice(at + 1)}`;
  });
}
